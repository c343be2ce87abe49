import { PatientAttendance } from '../calendar';
import { useChart } from './chartContext';

/** The attendance record and the next session, as the calendar keeps them. */
export function AttendanceTab() {
  const { patient } = useChart();
  return <PatientAttendance patientId={patient.id} />;
}
