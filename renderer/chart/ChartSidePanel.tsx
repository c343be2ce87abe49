import { Link } from 'react-router';
import type { ChartSummary } from '../../shared/chart';
import { DIAGNOSIS_STATUS_LABELS, sortDiagnoses } from '../../shared/diagnosis';
import { FeedbackDropPanel } from '../feedback';
import { formatCalendarDate } from '../format/dates';

/** What must never be missed while writing: diagnoses (primary first) and current medications; allergies are in the header, once. */
export function ChartSidePanel({ summary }: { summary: ChartSummary }) {
  const base = `/patients/${summary.patient.id}`;
  const diagnoses = sortDiagnoses(summary.diagnoses.filter((d) => d.enteredInError === null && d.status !== 'resolved'));
  const resolvedCount = summary.diagnoses.filter((d) => d.enteredInError === null && d.status === 'resolved').length;
  return (
    <aside className="chart-panel" aria-label="Clinical summary">
      <FeedbackDropPanel summary={summary} />
      <section className="chart-panel__section" role="group" aria-labelledby="panel-diagnoses">
        <div className="chart-panel__head">
          <h2 className="chart-panel__title" id="panel-diagnoses">
            Diagnoses
          </h2>
          <Link className="chart-panel__more" to={`${base}/diagnoses`}>
            Manage
          </Link>
        </div>
        {diagnoses.length === 0 ? (
          <p className="chart-panel__empty">{resolvedCount > 0 ? 'None active.' : 'None recorded.'}</p>
        ) : (
          <ul className="chart-panel__list">
            {diagnoses.map((diagnosis) => (
              <li key={diagnosis.id} className="chart-panel__item">
                <span className="chart-panel__code">{diagnosis.code}</span> {diagnosis.label}
                <span className="chart-panel__meta">
                  {diagnosis.isPrimary ? <span className="badge badge--accent">Primary</span> : null}
                  {diagnosis.status !== 'active' ? (
                    <span className="badge badge--muted">{DIAGNOSIS_STATUS_LABELS[diagnosis.status]}</span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        {resolvedCount > 0 ? <p className="chart-panel__note">{resolvedCount === 1 ? '1 resolved' : `${resolvedCount} resolved`}</p> : null}
      </section>

      <section className="chart-panel__section" role="group" aria-labelledby="panel-medications">
        <div className="chart-panel__head">
          <h2 className="chart-panel__title" id="panel-medications">
            Current medications
          </h2>
          <Link className="chart-panel__more" to={`${base}/medications`}>
            Manage
          </Link>
        </div>
        {summary.currentMedications.length === 0 ? (
          <p className="chart-panel__empty">None recorded.</p>
        ) : (
          <ul className="chart-panel__list">
            {summary.currentMedications.map((medication) => (
              <li key={medication.medicationId} className="chart-panel__item">
                <strong>
                  <bdi>{medication.name}</bdi>
                </strong>{' '}
                <bdi>{medication.dose}</bdi>
                <span className="chart-panel__detail">
                  {medication.route}, <bdi>{medication.frequency}</bdi>
                </span>
                <span className="chart-panel__detail">
                  {medication.changedOn === medication.startedOn ? 'Since' : 'This dose since'} {formatCalendarDate(medication.changedOn)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
