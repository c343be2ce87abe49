/**
 * The treatment plan: its section of the chart and the printed summary as routes (recharts loads
 * with them), and the two small pieces the chart shows, the header line and a note's progress.
 */
import { lazyNamed } from '../components/lazyNamed';

export const PlanTab = lazyNamed(() => import('./PlanTab'), 'PlanTab');
export const PrintPlanPage = lazyNamed(() => import('./PrintPlanPage'), 'PrintPlanPage');
export const PrintProgressSummaryPage = lazyNamed(() => import('./PrintProgressSummary'), 'PrintProgressSummaryPage');

export { NoteProgress } from './NoteProgress';
export { PlanHeaderLine } from './PlanHeaderLine';
