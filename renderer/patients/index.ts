/** The patient list and the patient's form, as routes. */
import { lazyNamed } from '../components/lazyNamed';

export const PatientList = lazyNamed(() => import('./PatientList'), 'PatientList');
export const NewPatientPage = lazyNamed(() => import('./PatientPages'), 'NewPatientPage');
export const EditPatientPage = lazyNamed(() => import('./PatientPages'), 'EditPatientPage');
