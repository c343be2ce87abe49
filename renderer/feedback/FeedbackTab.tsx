import { useState } from 'react';
import { Link } from 'react-router';
import type { ChartSummary } from '../../shared/chart';
import { ACKNOWLEDGEMENT_ACTIONS, FEEDBACK_QUESTIONS, FEEDBACK_RATINGS, type Feedback, type Measure } from '../../shared/feedback';
import { OUTCOME_FLAG_LABELS } from '../../shared/outcomes';
import { RUPTURE_PROMPT, describeRupture, type Rupture } from '../../shared/outcomes-ruptures';
import { DIFFICULTY_ANSWERS, FREQUENCY_ANSWERS, INSTRUMENT_DEFINITIONS, PHQ9_SELF_HARM_ITEM } from '../../shared/measures';
import { useChannelQuery } from '../bridge/queries';
import { useChart } from '../chart';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatMoment } from '../format/dates';
import { describeSession } from '../format/sessions';
import { ProgressFromFeedbackDialog, ReviseFromFeedbackDialog } from './CloseTheLoop';
import { EnterAnswersDialog } from './EnterAnswersDialog';
import { FeedbackCharts } from './FeedbackCharts';
import { OutcomesPanel, WhereThePatientStands } from './OutcomesPanel';
import { AcknowledgeFlagDialog } from './AcknowledgeFlagDialog';
import { InstrumentLicences } from './InstrumentLicences';
import { MeasureScheduleSection } from './MeasureScheduleSection';
import { RATING_SHORT, SOURCE_LABELS, dropReason, formatLongSessionDate, formatScore, type Drop } from './labels';

type Loop = { kind: 'revise' | 'progress'; feedback: Feedback };

/**
 * The chart's Feedback section at #/patients/:id/feedback: the patient's ratings and PHQ-9 / GAD-7
 * over time, the drop to raise with the ways to close the loop, and every piece of feedback with the
 * patient's own words and who entered it.
 */
export function FeedbackTab() {
  const { patient, summary } = useChart();
  const trends = useChannelQuery('feedback:trends', { patientId: patient.id });
  const outcomes = useChannelQuery('outcomes:patient', { patientId: patient.id });
  const preferences = useChannelQuery('preferences:get', {});
  const [entering, setEntering] = useState(false);
  const [loop, setLoop] = useState<Loop | null>(null);
  const [done, setDone] = useState<React.ReactNode>(null);
  const alertBelow = preferences.data?.feedbackAlertBelow ?? null;
  const data = trends.data;
  const drop = data?.drop ?? null;
  // A fall that is also a rupture is raised once, as the rupture, with its why and its acknowledgement.
  const dropIsRupture = drop !== null && outcomes.data?.rupture?.feedbackId === drop.feedbackId;
  const dropped = drop ? (data?.feedback.find((f) => f.id === drop.feedbackId) ?? null) : null;
  const newestFirst = [...(data?.feedback ?? [])].sort((a, b) => b.sessionStart.localeCompare(a.sessionStart));

  function closeLoop(kind: Loop['kind'], feedback: Feedback) {
    setDone(null);
    setLoop({ kind, feedback });
  }

  return (
    <section className="feedback-tab" aria-labelledby="feedback-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="feedback-title">
          Feedback and measures
        </h2>
        <div className="feedback-tab__actions">
          <Link className="button button--secondary" to={`/print/progress/${patient.id}`}>
            Print the progress summary…
          </Link>
          <button type="button" className="button button--secondary" onClick={() => setEntering(true)} aria-haspopup="dialog">
            Enter the patient’s answers…
          </button>
        </div>
      </div>
      <p className="chart-section__lead">
        The patient’s own view of each session, and their measures over time (PHQ-9, GAD-7, PCL-5, AUDIT-C, AUDIT, and your CGI ratings).
        Hand the laptop to the patient from today’s session in the calendar.
      </p>

      {trends.error ? <Notice tone="error">{explain(trends.error)}</Notice> : null}
      {done ? (
        <Notice tone="success" actions={summary.plan ? <Link to={`/patients/${patient.id}/plan`}>Open the plan</Link> : undefined}>
          {done}
        </Notice>
      ) : null}

      {outcomes.error ? <Notice tone="error">{explain(outcomes.error)}</Notice> : null}
      {outcomes.data && data ? (
        <WhereThePatientStands patientId={patient.id} outcomes={outcomes.data} measures={data.measures} ruptureWithDrop={dropIsRupture} />
      ) : null}

      {drop && dropped ? (
        <DropBanner
          summary={summary}
          rupture={dropIsRupture ? (outcomes.data?.rupture ?? null) : null}
          drop={drop}
          feedback={dropped}
          alertBelow={alertBelow}
          onRevise={() => closeLoop('revise', dropped)}
          onProgress={() => closeLoop('progress', dropped)}
        />
      ) : null}

      {data === undefined && !trends.error ? (
        <p className="muted" role="status">
          Loading feedback…
        </p>
      ) : null}

      {data ? (
        <>
          {data.feedback.length === 0 && data.measures.length === 0 ? (
            <div className="empty-state empty-state--compact">
              <h3 className="empty-state__title">No feedback or measures yet</h3>
              <p className="empty-state__text">
                From today’s session in the calendar, choose “Hand to patient…” and the patient fills in the forms on this laptop. Answers
                given on paper or aloud can be entered here.
              </p>
            </div>
          ) : (
            <FeedbackCharts trends={data} outcomes={outcomes.data} alertBelow={alertBelow ?? 6} />
          )}

          {outcomes.data ? <OutcomesPanel outcomes={outcomes.data} /> : null}

          {data.measures.length > 0 ? <MeasureTable measures={data.measures} /> : null}
          {data.measures.some((m) => m.selfHarm) ? <ItemNineHistory measures={data.measures} /> : null}

          {newestFirst.length > 0 ? (
            <section aria-labelledby="feedback-list-title">
              <h3 className="chart-subsection__title" id="feedback-list-title">
                Session feedback, newest first
              </h3>
              <ul className="feedback-list" aria-labelledby="feedback-list-title">
                {newestFirst.map((feedback) => (
                  <FeedbackItem
                    key={feedback.id}
                    feedback={feedback}
                    flagged={feedback.id === drop?.feedbackId}
                    canRevise={summary.plan !== null && summary.plan.status === 'final'}
                    canProgress={summary.plan !== null}
                    onRevise={() => closeLoop('revise', feedback)}
                    onProgress={() => closeLoop('progress', feedback)}
                  />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}

      <details className="feedback-tab__aside">
        <summary>Measurement schedule</summary>
        <MeasureScheduleSection patientId={patient.id} />
      </details>
      <InstrumentLicences />

      {entering ? <EnterAnswersDialog patientId={patient.id} session={null} onClose={() => setEntering(false)} /> : null}
      {loop && summary.plan && loop.kind === 'revise' ? (
        <ReviseFromFeedbackDialog
          planId={summary.plan.planId}
          planNumber={summary.plan.number}
          feedback={loop.feedback}
          drop={loop.feedback.id === drop?.feedbackId ? drop : null}
          alertBelow={alertBelow}
          onClose={() => setLoop(null)}
          onDone={(message) => {
            setLoop(null);
            setDone(message);
          }}
        />
      ) : null}
      {loop && summary.plan && loop.kind === 'progress' ? (
        <ProgressFromFeedbackDialog
          patientId={patient.id}
          planId={summary.plan.planId}
          feedback={loop.feedback}
          drop={loop.feedback.id === drop?.feedbackId ? drop : null}
          alertBelow={alertBelow}
          onClose={() => setLoop(null)}
          onDone={(message) => {
            setLoop(null);
            setDone(message);
          }}
        />
      ) : null}
    </section>
  );
}

/** The flag, said plainly, with the two ways to act on it. */
function DropBanner({
  summary,
  rupture,
  drop,
  feedback,
  alertBelow,
  onRevise,
  onProgress,
}: {
  summary: ChartSummary;
  /** The same fall read against the patient's own usual, when it is a rupture: raised here once, with its why and its acknowledgement. */
  rupture: Rupture | null;
  drop: Drop;
  feedback: Feedback;
  alertBelow: number | null;
  onRevise: () => void;
  onProgress: () => void;
}) {
  const plan = summary.plan;
  const [acknowledging, setAcknowledging] = useState(false);
  return (
    <div className="feedback-drop" role="status" aria-labelledby="feedback-drop-title">
      <p className="feedback-drop__title" id="feedback-drop-title">
        The ratings fell at the session of {formatLongSessionDate(feedback.sessionStart)}: raise it at the next session.
      </p>
      <p className="feedback-drop__text">
        Score {dropReason(drop, alertBelow)}.{' '}
        {/* The session after the one the feedback was about, never that one, even while it is still running. */}
        {drop.raiseAt ? `Next session: ${describeSession(drop.raiseAt)}.` : 'No next session is booked.'}
      </p>
      {rupture ? (
        <p className="feedback-drop__text feedback-drop__rupture">
          <strong>
            {OUTCOME_FLAG_LABELS.rupture}: {RUPTURE_PROMPT.toLowerCase()}.
          </strong>{' '}
          {describeRupture(rupture)}
        </p>
      ) : null}
      <div className="feedback-drop__actions">
        {rupture ? (
          <button type="button" className="button button--secondary" onClick={() => setAcknowledging(true)} aria-haspopup="dialog">
            Acknowledge…
          </button>
        ) : null}
        {plan === null ? (
          <p className="feedback-drop__hint">
            This patient has no treatment plan yet. <Link to={`/patients/${summary.patient.id}/plan`}>Begin one on the Plan tab</Link> to
            revise it from this feedback.
          </p>
        ) : (
          <>
            <button
              type="button"
              className="button button--primary"
              onClick={onRevise}
              disabled={plan.status !== 'final'}
              aria-haspopup="dialog"
            >
              Start a plan revision
            </button>
            <button type="button" className="button button--secondary" onClick={onProgress} aria-haspopup="dialog">
              Add a progress update
            </button>
            {plan.status !== 'final' ? (
              <p className="feedback-drop__hint">
                Version {plan.number} of the plan is still a draft: change it directly, or add a progress update.
              </p>
            ) : (
              <p className="feedback-drop__hint">
                {rupture
                  ? 'Each ends the flag: a revision or progress update cites this feedback; an acknowledgement says what was discussed and agreed.'
                  : 'Either cites this feedback and ends the flag.'}
              </p>
            )}
          </>
        )}
      </div>
      {rupture && acknowledging ? (
        <AcknowledgeFlagDialog
          patientId={summary.patient.id}
          flag={{ kind: 'rupture', rupture }}
          onClose={() => setAcknowledging(false)}
          onDone={() => setAcknowledging(false)}
        />
      ) : null}
    </div>
  );
}

function FeedbackItem({
  feedback,
  flagged,
  canRevise,
  canProgress,
  onRevise,
  onProgress,
}: {
  feedback: Feedback;
  flagged: boolean;
  canRevise: boolean;
  canProgress: boolean;
  onRevise: () => void;
  onProgress: () => void;
}) {
  const answered = FEEDBACK_QUESTIONS.filter((q) => feedback[q.key].trim() !== '');
  const titleId = `feedback-${feedback.id}`;
  return (
    <li className={`feedback-item${flagged ? ' feedback-item--flagged' : ''}`} aria-labelledby={titleId}>
      <div className="feedback-item__head">
        <h4 className="feedback-item__title" id={titleId}>
          Session of {formatLongSessionDate(feedback.sessionStart)} ·{' '}
          <span className="feedback-item__score">score {formatScore(feedback.score)} of 10</span>
        </h4>
        <p className="feedback-item__meta">
          <span className={`badge ${feedback.source === 'clinician' ? 'badge--warning' : 'badge--accent'}`}>
            {SOURCE_LABELS[feedback.source]}
          </span>
          {flagged ? <span className="badge badge--warning">To raise at the next session</span> : null}
          {feedback.discussedAt ? <span>Raised {formatMoment(feedback.discussedAt)}</span> : null}
        </p>
      </div>
      <dl className="feedback-item__ratings">
        {FEEDBACK_RATINGS.map((rating) => (
          <div key={rating.key}>
            <dt title={rating.question}>{RATING_SHORT[rating.key]}</dt>
            <dd>{feedback[rating.key]} / 10</dd>
          </div>
        ))}
      </dl>
      {answered.length > 0 ? (
        <dl className="feedback-item__answers">
          {answered.map((question) => (
            <div key={question.key}>
              <dt className="feedback-item__question">{question.question}</dt>
              <dd className="feedback-item__answer">
                <bdi>{feedback[question.key]}</bdi>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="feedback-item__none">No written answers.</p>
      )}
      {feedback.discussedAt === null && (canRevise || canProgress) ? (
        <div className="feedback-item__actions">
          {canRevise ? (
            <button type="button" className="button button--link" onClick={onRevise} aria-describedby={titleId}>
              Start a plan revision from this
            </button>
          ) : null}
          {canProgress ? (
            <button type="button" className="button button--link" onClick={onProgress} aria-describedby={titleId}>
              Add a progress update citing this
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** Every measure in one table, newest first: the numbers behind the charts. */
function MeasureTable({ measures }: { measures: readonly Measure[] }) {
  const rows = [...measures].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="measures-title">
      <h3 className="chart-subsection__title" id="measures-title">
        Measures, newest first
      </h3>
      <div className="table-frame">
        <table className="table measure-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Measure</th>
              <th scope="col" className="table__num">
                Total
              </th>
              <th scope="col">Band</th>
              <th scope="col">Item {PHQ9_SELF_HARM_ITEM} (PHQ-9)</th>
              <th scope="col">Difficulty</th>
              <th scope="col">Entered by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((measure) => {
              const definition = INSTRUMENT_DEFINITIONS[measure.instrument];
              const item9 = measure.instrument === 'phq9' ? (FREQUENCY_ANSWERS[measure.answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0] ?? '') : null;
              return (
                <tr key={measure.id}>
                  <td className="measure-table__date">{formatCalendarDate(measure.date)}</td>
                  <td>{definition.name}</td>
                  <td className="table__num">
                    {measure.score} <span className="muted">/ {definition.maxScore}</span>
                  </td>
                  <td>{measure.band}</td>
                  <td className={measure.selfHarm ? 'measure-table__alert' : undefined}>
                    {item9 ?? <span className="muted">—</span>}
                    {measure.selfHarm && measure.acknowledgedAt ? <span className="muted"> · acknowledged</span> : null}
                  </td>
                  <td>
                    {definition.difficulty === null ? (
                      <span className="muted">—</span>
                    ) : measure.difficulty === null ? (
                      <span className="muted">Not answered</span>
                    ) : (
                      DIFFICULTY_ANSWERS[measure.difficulty]
                    )}
                  </td>
                  <td>{measure.source === 'patient' ? 'The patient' : 'The clinician'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const ACTION_LABELS = new Map<string, string>(ACKNOWLEDGEMENT_ACTIONS.map((action) => [action.key, action.label]));

/** Every PHQ-9 item-9 answer above "Not at all", newest first, and what was done about each when it was acknowledged. */
function ItemNineHistory({ measures }: { measures: readonly Measure[] }) {
  const answers = measures.filter((m) => m.selfHarm).sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="item-nine-title">
      <h3 className="chart-subsection__title" id="item-nine-title">
        PHQ-9 item {PHQ9_SELF_HARM_ITEM} answers and what was done
      </h3>
      <ul className="item-nine-history" aria-labelledby="item-nine-title">
        {answers.map((measure) => {
          const answer = FREQUENCY_ANSWERS[measure.answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0] ?? '';
          const acknowledgement = measure.acknowledgement;
          return (
            <li key={measure.id} className="item-nine-history__item">
              <p className="item-nine-history__answer">
                <strong>{formatCalendarDate(measure.date)}</strong>: “{answer}” (PHQ-9 total {measure.score} of 27)
              </p>
              {measure.acknowledgedAt === null ? (
                <p className="item-nine-history__open">Not yet acknowledged.</p>
              ) : (
                <div className="item-nine-history__done">
                  <p>Acknowledged {formatMoment(measure.acknowledgedAt)}.</p>
                  {acknowledgement === null ? (
                    <p className="muted">Acknowledged before what was done was recorded.</p>
                  ) : (
                    <>
                      {acknowledgement.actions.length > 0 ? (
                        <ul className="item-nine-history__actions" aria-label="What was done">
                          {acknowledgement.actions.map((action) => (
                            <li key={action}>{ACTION_LABELS.get(action) ?? action}</li>
                          ))}
                        </ul>
                      ) : null}
                      {acknowledgement.note ? (
                        <p className="item-nine-history__note">
                          Note: <bdi>{acknowledgement.note}</bdi>
                        </p>
                      ) : null}
                    </>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
