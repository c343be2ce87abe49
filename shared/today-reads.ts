import type { Scope } from './channel';

/**
 * What the day (today:get) is read from: a change to any of these refetches it. Apart from its
 * channel so that the window can ask for the day as it unlocks without loading any schema.
 */
export const TODAY_READS = ['calendar', 'notes', 'feedback', 'measures', 'plans', 'patients'] as const satisfies readonly Scope[];
