import { channel, empty, type Scope } from '../channel';
import { todaySchema } from '../today';

/* The Today view: the day's sessions and the work still open, in one call that changes nothing. */

/** What the day is read from: a change to any of these refetches it. */
export const TODAY_READS = ['calendar', 'notes', 'feedback', 'measures', 'plans', 'patients'] as const satisfies readonly Scope[];

export const todayChannels = {
  'today:get': channel({ input: empty, output: todaySchema, needsVault: true, reads: TODAY_READS }),
};
