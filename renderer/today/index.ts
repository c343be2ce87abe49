/** The day: the first screen after unlock, as a route; its script loads with it. */
import type { QueryClient } from '@tanstack/react-query';
import { TODAY_READS } from '../../shared/today-reads';
import { prefetchChannel } from '../bridge/queries';
import { lazyNamed } from '../components/lazyNamed';

export const TodayPage = lazyNamed(() => import('./TodayPage'), 'TodayPage');

/** Asks for the day as the window unlocks, while the view's script is still loading, not after. */
export function prefetchToday(client: QueryClient): Promise<void> {
  return prefetchChannel(client, 'today:get', {}, { reads: TODAY_READS });
}
