/** Import from another practice system: patients from a client list (CSV), sessions from a calendar (iCalendar), as routes. */
import { lazyNamed } from '../components/lazyNamed';

export const ImportPage = lazyNamed(() => import('./ImportPage'), 'ImportPage');
export const ImportPatientsPage = lazyNamed(() => import('./ImportPatientsPage'), 'ImportPatientsPage');
export const ImportSessionsPage = lazyNamed(() => import('./ImportSessionsPage'), 'ImportSessionsPage');
