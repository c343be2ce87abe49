import { Link } from 'react-router';
import { MONITORING_READS } from '../../shared/channels/monitoring';
import { MONITORING_PROTOCOLS, describeDueReason, describeSchedule, type PracticeMonitoring } from '../../shared/monitoring';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { dueText, recordedAt } from './dueText';

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
      <Protocols />
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

function Protocols() {
  return (
    <section className="monitoring__group" aria-labelledby="monitoring-protocols">
      <h2 className="monitoring__heading" id="monitoring-protocols">
        Protocols
      </h2>
      <p className="muted">
        A protocol applies while a medication it names is taken, from the day it was started in the medication history; a result recorded
        clears what was due and sets the next date.
      </p>
      {MONITORING_PROTOCOLS.map((protocol) => (
        <details key={protocol.id} className="monitoring__protocol">
          <summary>{protocol.name}</summary>
          <dl className="monitoring__schedule">
            {protocol.checks.map((check) => (
              <div key={check.id}>
                <dt>{check.label}</dt>
                <dd>{describeSchedule(check, protocol)}</dd>
              </div>
            ))}
          </dl>
          <p className="monitoring__source">Source: {protocol.source}</p>
        </details>
      ))}
    </section>
  );
}
