/** Results and vitals: the chart's section, with each measure charted over time (loaded with it). */
import { lazyNamed } from '../components/lazyNamed';

export const ResultsTab = lazyNamed(() => import('./ResultsTab'), 'ResultsTab');
