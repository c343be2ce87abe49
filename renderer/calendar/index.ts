/**
 * The calendar's public entry: what other features and the routes may use. Its pages load with
 * their route, and react-big-calendar with them; what others use from here stays small.
 */
import { lazyNamed } from '../components/lazyNamed';

export const CalendarPage = lazyNamed(() => import('./CalendarPage'), 'CalendarPage');
export const OnTimeReport = lazyNamed(() => import('./OnTimeReport'), 'OnTimeReport');
/** One session's dialog (attendance, timer, forms, note), for the views that open a session outside the calendar. */
export const SessionDialog = lazyNamed(() => import('./SessionDialog'), 'SessionDialog');

export { ArchivePatientDialog } from './ArchivePatientDialog';
export { BookNextSessionButton } from './BookNextSession';
export { AfterSession, EndSessionButton } from './EndSession';
export { patientInitials } from './labels';
export { useSessionMutation } from './mutations';
export { PatientAttendance } from './PatientAttendance';
export { localeWeekStart } from './weekStart';
