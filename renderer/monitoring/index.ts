/** Monitoring that follows the medications: the practice's list as a route, and what is due for one patient, where the patient is. */
import { lazyNamed } from '../components/lazyNamed';

export const MonitoringPage = lazyNamed(() => import('./MonitoringPage'), 'MonitoringPage');
export { DueMonitoring } from './DueMonitoring';
export { PatientMonitoring } from './PatientMonitoring';
