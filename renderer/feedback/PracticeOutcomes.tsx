import { Link } from 'react-router';
import { INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import { SCHEDULE_CHOICES } from '../../shared/measure-schedules';
import { OUTCOME_FLAG_PROMPT, OUTCOME_RULES, type PracticeOutcomes } from '../../shared/outcomes';
import { RUPTURE_PROMPT, describeRupture } from '../../shared/outcomes-ruptures';
import { formatLongCalendarDate } from '../format/dates';
import { describeSession } from '../format/sessions';
import { formatLongSessionDate } from './labels';

type FlagRow = PracticeOutcomes['notOnTrack'][number];

/** The patients whose PHQ-9 or GAD-7 is not on track, or reliably worse, with a score in the range and the flag still open. */
export function PracticeOutcomeFlags({ outcomes }: { outcomes: PracticeOutcomes | undefined }) {
  return (
    <>
      <FlagTable
        id="not-on-track"
        title="Not on track"
        empty="No patient with a score in the range is off the expected course."
        lead={`Off the published expected course from the 4th score on, until the flag is acknowledged. ${OUTCOME_FLAG_PROMPT}`}
        rows={outcomes?.notOnTrack}
      />
      <FlagTable
        id="deteriorations"
        title="Reliable deteriorations"
        empty="No reliable deterioration in the range waits to be discussed."
        lead={`The latest score is reliably worse than the baseline (PHQ-9 ${OUTCOME_RULES.phq9.reliableChange} points, GAD-7 ${OUTCOME_RULES.gad7.reliableChange}). ${OUTCOME_FLAG_PROMPT}`}
        rows={outcomes?.deteriorations}
      />
      <RuptureTable rows={outcomes?.ruptures} />
      <OverdueTable rows={outcomes?.overdue} />
    </>
  );
}

/** Ruptures in the alliance not yet discussed: acknowledged on the chart, or ended by a progress update or plan revision citing the feedback. */
function RuptureTable({ rows }: { rows: PracticeOutcomes['ruptures'] | undefined }) {
  return (
    <section aria-labelledby="ruptures-title">
      <h2 className="practice-feedback__heading" id="ruptures-title">
        Ruptures not yet discussed
      </h2>
      <p className="practice-feedback__lead">
        {rows && rows.length === 0
          ? 'No session rating in the range fell from the patient’s own usual without being discussed.'
          : `The latest session rating fell below the patient’s own usual (their median), or fell while the PHQ-9 or GAD-7 did not improve. ${RUPTURE_PROMPT}.`}
      </p>
      {rows && rows.length > 0 ? (
        <div className="table-frame">
          <table className="table">
            <caption className="visually-hidden">Ruptures not yet discussed, with the session, the why and the next session</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Since the session of</th>
                <th scope="col">Why</th>
                <th scope="col">Next session</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.feedbackId}>
                  <th scope="row" className="table__name">
                    <Link to={`/patients/${row.patientId}/feedback`}>
                      <bdi>{row.patientName}</bdi>
                    </Link>
                  </th>
                  <td>{formatLongSessionDate(row.sessionStart)}</td>
                  <td>{describeRupture(row)}</td>
                  <td>{row.raiseAt ? describeSession(row.raiseAt) : <span className="muted">None booked</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function interval(everyDays: number): string {
  return SCHEDULE_CHOICES.find((choice) => choice.everyDays === everyDays)?.label.toLowerCase() ?? `every ${everyDays} days`;
}

/** Measures past their due day on a patient's schedule, as of today, oldest first. */
function OverdueTable({ rows }: { rows: PracticeOutcomes['overdue'] | undefined }) {
  return (
    <section aria-labelledby="overdue-title">
      <h2 className="practice-feedback__heading" id="overdue-title">
        Measures overdue
      </h2>
      <p className="practice-feedback__lead">
        {rows && rows.length === 0
          ? 'No measure on a patient’s schedule is past its due day.'
          : 'As of today: measures on a patient’s schedule past their due day (the PHQ-9 and GAD-7 every 4 weeks unless the schedule was set), for patients measured or given a schedule in the range. Archived patients are left out.'}
      </p>
      {rows && rows.length > 0 ? (
        <div className="table-frame">
          <table className="table">
            <caption className="visually-hidden">Measures overdue, with the schedule, the last answer and the day each fell due</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Measure</th>
                <th scope="col">Due since</th>
                <th scope="col">Last answered</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.patientId}-${row.instrument}`}>
                  <th scope="row" className="table__name">
                    <Link to={`/patients/${row.patientId}/feedback`}>
                      <bdi>{row.patientName}</bdi>
                    </Link>
                  </th>
                  <td>
                    {INSTRUMENT_DEFINITIONS[row.instrument].name}, {interval(row.everyDays)}
                  </td>
                  <td>{formatLongCalendarDate(row.dueOn)}</td>
                  <td>{row.lastDate ? formatLongCalendarDate(row.lastDate) : <span className="muted">Never</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function FlagTable({
  id,
  title,
  empty,
  lead,
  rows,
}: {
  id: string;
  title: string;
  empty: string;
  lead: string;
  rows: FlagRow[] | undefined;
}) {
  const titleId = `${id}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h2 className="practice-feedback__heading" id={titleId}>
        {title}
      </h2>
      <p className="practice-feedback__lead">{rows && rows.length === 0 ? empty : lead}</p>
      {rows && rows.length > 0 ? (
        <div className="table-frame">
          <table className="table">
            <caption className="visually-hidden">{title}, with the score, the baseline and the next session</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Measure</th>
                <th scope="col">Score</th>
                <th scope="col">Next session</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.patientId}-${row.measureId}`}>
                  <th scope="row" className="table__name">
                    <Link to={`/patients/${row.patientId}/feedback`}>
                      <bdi>{row.patientName}</bdi>
                    </Link>
                  </th>
                  <td>{INSTRUMENT_DEFINITIONS[row.instrument].name}</td>
                  <td>
                    {row.score} on {formatLongCalendarDate(row.date)} (baseline {row.baseline})
                  </td>
                  <td>{row.raiseAt ? describeSession(row.raiseAt) : <span className="muted">None booked</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function share(count: number, of: number): string {
  return of === 0 ? '—' : `${count} of ${of} (${Math.round((count / of) * 100)}%)`;
}

/** Reliable improvement and recovery per quarter, among patients whose baseline was a case. */
export function PracticeOutcomeRates({ outcomes }: { outcomes: PracticeOutcomes | undefined }) {
  if (!outcomes) return null;
  return (
    <section aria-labelledby="outcome-rates-title">
      <h2 className="practice-feedback__heading" id="outcome-rates-title">
        Outcomes per quarter
      </h2>
      <p className="practice-feedback__lead">
        Among patients whose first score was a case (PHQ-9 {OUTCOME_RULES.phq9.caseness} or more, GAD-7 {OUTCOME_RULES.gad7.caseness} or
        more) and who had a later score in the quarter, read at their last score in it: reliable improvement, and recovery (below caseness
        with a reliable improvement), as NHS Talking Therapies counts them.
      </p>
      <div className="table-frame">
        <table className="table">
          <caption className="visually-hidden">Outcome rates per quarter</caption>
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col">Measure</th>
              <th scope="col" className="table__num">
                Patients
              </th>
              <th scope="col">Reliable improvement</th>
              <th scope="col">Recovery</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.quarters.map((row) => (
              <tr key={`${row.quarter}-${row.instrument}`}>
                <th scope="row">{row.quarter.replace('-', ' ')}</th>
                <td>{INSTRUMENT_DEFINITIONS[row.instrument].name}</td>
                <td className="table__num">{row.patients}</td>
                <td>{share(row.reliableImprovement, row.patients)}</td>
                <td>{share(row.recovery, row.patients)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
