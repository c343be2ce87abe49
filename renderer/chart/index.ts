/**
 * The patient's chart: its sections and the printed note as routes, and what the plan, the
 * feedback, the calendar and the patient pages use from it.
 */
import { lazyNamed } from '../components/lazyNamed';

export const NotesTab = lazyNamed(() => import('./NotesTab'), 'NotesTab');
export const NotePage = lazyNamed(() => import('./NotePage'), 'NotePage');
export const TimelineTab = lazyNamed(() => import('./TimelineTab'), 'TimelineTab');
export const DiagnosesTab = lazyNamed(() => import('./DiagnosesTab'), 'DiagnosesTab');
export const MedicationsTab = lazyNamed(() => import('./MedicationsTab'), 'MedicationsTab');
export const DetailsTab = lazyNamed(() => import('./DetailsTab'), 'DetailsTab');
export const AttendanceTab = lazyNamed(() => import('./AttendanceTab'), 'AttendanceTab');
export const HistoryTab = lazyNamed(() => import('./HistoryTab'), 'HistoryTab');
export const PrintNotePage = lazyNamed(() => import('./PrintNotePage'), 'PrintNotePage');

export { useChart, type ChartContext } from './chartContext';
export const ChartPage = lazyNamed(() => import('./ChartPage'), 'ChartPage');
export { SessionNoteAction } from './WriteNoteForSession';
export { NoteText } from './NoteText';
export { EnteredInErrorDialog } from './EnteredInErrorDialog';
