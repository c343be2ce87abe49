import { BackToPatients } from './BackLink';

/** A patient's address that names no patient (a stale link, an archived id typed by hand). */
export function PatientNotFound() {
  return (
    <div className="page page--narrow">
      <BackToPatients />
      <h1 className="page__title">Patient not found</h1>
      <p>This patient could not be found. The link may be out of date.</p>
    </div>
  );
}
