/** AIMS examinations (Abnormal Involuntary Movement Scale): the chart's section, as a route (recharts loads with it). */
import { lazyNamed } from '../components/lazyNamed';

export const AimsTab = lazyNamed(() => import('./AimsTab'), 'AimsTab');
