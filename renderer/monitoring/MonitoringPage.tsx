import { Link } from 'react-router';
import { MONITORING_READS } from '../../shared/channels/monitoring';
import { describeDueReason, type PracticeMonitoring } from '../../shared/monitoring';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { dueText, recordedAt } from './dueText';
import { PracticeProtocols } from './PracticeProtocols';

type PatientDue = PracticeMonitoring['patients'][number];

/**
 * The practice's monitoring: every patient whose medications ask for a level, a blood test, a weight
 * or an AIMS that is overdue or due this week, the most overdue first, each line opening where it is
 * recorded; then the protocols the dates come from, with their sources.
 */
export function MonitoringPage() {
  const practice = useChannelQuery('monitoring:practice', {}, { reads: MONITORING_READS });
  const overdue = practice.data?.patients.filter((patient) => patient.due.some((check) => check.status === 'overdue')) ?? [];
  const dueSoon = practice.data?.patients.filter((patient) => patient.due.every((check) => check.status !== 'overdue')) ?? [];

  return (
    <div className="page monitoring">
      <header className="page__header">
        <div>
          <h1 className="page__title">Monitoring</h1>
          <p className="page__subtitle">
            Levels, blood tests, weights and examinations the medications ask for
            {practice.data ? `, as of ${formatLongCalendarDate(practice.data.today)}` : ''}.
          </p>
        </div>
      </header>
      {practice.error ? <Notice tone="error">{explain(practice.error)}</Notice> : null}
      {practice.isPending ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {practice.data ? (
        <>
          <Group title="Overdue" patients={overdue} today={practice.data.today} empty="Nothing is overdue." />
          <Group title="Due this week" patients={dueSoon} today={practice.data.today} empty="Nothing else is due this week." />
        </>
      ) : null}
      <PracticeProtocols />
    </div>
  );
}

function Group({ title, patients, today, empty }: { title: string; patients: readonly PatientDue[]; today: string; empty: string }) {
  return (
    <section className="monitoring__group" aria-label={title}>
      <h2 className="monitoring__heading">
        {title} <span className="muted">({patients.length})</span>
      </h2>
      {patients.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="monitoring__patients">
          {patients.map((patient) => (
            <li key={patient.patientId} className="monitoring__patient">
              <Link className="monitoring__name" to={`/patients/${patient.patientId}`}>
                <bdi>
                  {patient.familyName}, {patient.givenName}
                </bdi>
              </Link>
              <ul className="monitoring__checks">
                {patient.due.map((check) => (
                  <li key={`${check.protocol}:${check.check}`} className={`monitoring__check monitoring__check--${check.status}`}>
                    <Link to={recordedAt(patient.patientId, check)}>{dueText(check, today)}</Link>
                    <span className="monitoring__why">{describeDueReason(check.reason, formatCalendarDate)}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
