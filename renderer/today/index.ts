/** The day: the first screen after unlock, as a route; its script loads with it. */
import { lazyNamed } from '../components/lazyNamed';

export const TodayPage = lazyNamed(() => import('./TodayPage'), 'TodayPage');
