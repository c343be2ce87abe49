/**
 * Session feedback and measures: the chart's section and the practice's page as routes (recharts
 * loads with them), patient mode and the printed charts when first shown, and the small alerts the
 * chart and the vault show.
 */
import { lazyNamed } from '../components/lazyNamed';

export const FeedbackTab = lazyNamed(() => import('./FeedbackTab'), 'FeedbackTab');
export const PracticeFeedbackPage = lazyNamed(() => import('./PracticeFeedbackPage'), 'PracticeFeedbackPage');
export const PatientModeScreen = lazyNamed(() => import('./PatientModeScreen'), 'PatientModeScreen');
export const PrintFeedback = lazyNamed(() => import('./PrintFeedback'), 'PrintFeedback');
export const SessionFeedback = lazyNamed(() => import('./SessionFeedback'), 'SessionFeedback');

export { FeedbackDropPanel, SelfHarmBanner } from './ChartFeedbackAlerts';
export { SelfHarmAlertDialog } from './SelfHarmAlertDialog';
