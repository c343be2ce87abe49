import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { patientAge } from '../../shared/patient';
import { formatLongCalendarDate } from '../format/dates';
import { useChart } from './chartContext';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Given({ value }: { value: string | null }) {
  return value ? (
    <span className="details__text">
      <bdi>{value}</bdi>
    </span>
  ) : (
    <span className="muted">Not given</span>
  );
}

/** Demographics and contacts: who the patient is, how to reach them, whom to call, who else cares for them. */
export function DetailsTab() {
  const { patient } = useChart();
  return (
    <section aria-labelledby="details-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="details-title">
          Details
        </h2>
        <Link className="button button--secondary" to={`/patients/${patient.id}/edit`}>
          Edit details
        </Link>
      </div>
      <div className="details-groups">
        <section className="card details-card" aria-labelledby="details-person">
          <h3 className="card__title" id="details-person">
            Patient
          </h3>
          <dl className="details">
            <Detail term="Given name">
              <bdi>{patient.givenName}</bdi>
            </Detail>
            <Detail term="Family name">
              <bdi>{patient.familyName}</bdi>
            </Detail>
            <Detail term="Preferred name">
              <Given value={patient.preferredName} />
            </Detail>
            <Detail term="Pronouns">
              <Given value={patient.pronouns} />
            </Detail>
            <Detail term="Date of birth">
              {formatLongCalendarDate(patient.dateOfBirth)} <span className="muted">(age {patientAge(patient)})</span>
            </Detail>
            <Detail term="Chart number">{patient.chartNumber}</Detail>
          </dl>
        </section>
        <section className="card details-card" aria-labelledby="details-contact">
          <h3 className="card__title" id="details-contact">
            Contact
          </h3>
          <dl className="details">
            <Detail term="Phone">
              <Given value={patient.phone} />
            </Detail>
            <Detail term="Email">
              <Given value={patient.email} />
            </Detail>
            <Detail term="Address">
              <Given value={patient.address} />
            </Detail>
          </dl>
        </section>
        <section className="card details-card" aria-labelledby="details-emergency">
          <h3 className="card__title" id="details-emergency">
            Emergency contact
          </h3>
          <dl className="details">
            <Detail term="Name">
              <Given value={patient.emergencyContactName} />
            </Detail>
            <Detail term="Relationship">
              <Given value={patient.emergencyContactRelationship} />
            </Detail>
            <Detail term="Phone">
              <Given value={patient.emergencyContactPhone} />
            </Detail>
          </dl>
        </section>
        <section className="card details-card" aria-labelledby="details-care-team">
          <h3 className="card__title" id="details-care-team">
            Care team
          </h3>
          <dl className="details">
            <Detail term="Referring clinician">
              <Given value={patient.referringClinician} />
            </Detail>
            <Detail term="Referring clinician’s contact">
              <Given value={patient.referringClinicianContact} />
            </Detail>
            <Detail term="Primary care physician">
              <Given value={patient.primaryCarePhysician} />
            </Detail>
            <Detail term="Primary care physician’s contact">
              <Given value={patient.primaryCarePhysicianContact} />
            </Detail>
          </dl>
        </section>
      </div>
    </section>
  );
}
