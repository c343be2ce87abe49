import { displayName, type Patient } from '../../shared/patient';
import { formatLongCalendarDate } from '../format/dates';
import { UserText } from './UserText';

/**
 * The first facts of every printed document, inside its `print-document__facts` list: whom it is about,
 * as each page's running header names them (name, date of birth, chart number).
 */
export function PrintedPatientFacts({ patient }: { patient: Patient }) {
  return (
    <>
      <div className="print-document__fact--wide">
        <dt>Patient</dt>
        <dd className="print-document__patient">
          <UserText>{displayName(patient)}</UserText>
        </dd>
      </div>
      <div>
        <dt>Date of birth</dt>
        <dd>{formatLongCalendarDate(patient.dateOfBirth)}</dd>
      </div>
      <div>
        <dt>Chart no.</dt>
        <dd>{patient.chartNumber}</dd>
      </div>
    </>
  );
}
