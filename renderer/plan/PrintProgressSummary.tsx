import { useParams } from 'react-router';
import type { Measure } from '../../shared/feedback';
import { GOAL_RATING_SCALE } from '../../shared/goal-ratings';
import { INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import type { OutcomeInstrument } from '../../shared/outcomes';
import type { Patient } from '../../shared/patient';
import type { Plan, PlanDiff, PlanVersion } from '../../shared/plan';
import type { Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { Sparkline } from '../components/Sparkline';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';
import { ratingsOf } from './GoalRatings';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
const SUMMARY_PDF_FILE_NAME = 'Alliance progress summary';

/** What each questionnaire the summary shows is, in plain words, for the patient. */
const PLAIN_MEASURES: Record<OutcomeInstrument, { what: string; caseness: number }> = {
  phq9: { what: 'Mood questionnaire', caseness: 10 },
  gad7: { what: 'Worry and anxiety questionnaire', caseness: 8 },
};

/** The plan in force: the newest version the patient agreed to (a declined one is not in force). */
function inForceId(plan: Plan): string | null {
  return plan.versions.find((v) => v.status === 'final' && v.agreement !== null && v.agreement.method !== 'declined')?.id ?? null;
}

/** The version agreed before the one in force, to say what the last revision changed. */
function previousAgreedId(plan: Plan, inForce: string): string | null {
  const index = plan.versions.findIndex((v) => v.id === inForce);
  return plan.versions.slice(index + 1).find((v) => v.status === 'final' && v.agreement?.method !== 'declined')?.id ?? null;
}

const NO_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The patient's progress summary at #/print/progress/:patientId: one page in plain language to take
 * home, what the patient and the psychiatrist looked at together: their questionnaires over time,
 * their own ratings of their goals, what changed in the plan, and what comes next.
 */
export function PrintProgressSummaryPage() {
  const { patientId = '' } = useParams();
  const patient = useChannelQuery('patients:get', { id: patientId });
  const plan = useChannelQuery('plans:forPatient', { patientId });
  const trends = useChannelQuery('feedback:trends', { patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const versionId = plan.data ? inForceId(plan.data) : null;
  const version = useChannelQuery('plans:version', { versionId: versionId ?? NO_ID }, { enabled: versionId !== null });
  const previousId = plan.data && versionId ? previousAgreedId(plan.data, versionId) : null;
  const diff = useChannelQuery(
    'plans:diff',
    { fromVersionId: previousId ?? NO_ID, toVersionId: versionId ?? NO_ID },
    { enabled: previousId !== null && versionId !== null },
  );
  const error = patient.error ?? plan.error ?? trends.error ?? preferences.error ?? version.error ?? diff.error;
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{explain(error)}</Notice>
      </div>
    );
  }
  const waiting =
    !patient.data || plan.isPending || !trends.data || !preferences.data || (versionId && !version.data) || (previousId && !diff.data);
  if (waiting || !patient.data || !trends.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the progress summary for printing…
      </p>
    );
  }
  if (!plan.data || !version.data) {
    return (
      <div className="page page--narrow">
        <Notice tone="info">A progress summary follows a treatment plan the patient has agreed to; there is none yet.</Notice>
      </div>
    );
  }
  return (
    <ProgressSummary
      patient={patient.data}
      plan={plan.data}
      version={version.data}
      diff={diff.data ?? null}
      measures={trends.data.measures}
      preferences={preferences.data}
    />
  );
}

function ProgressSummary({
  patient,
  plan,
  version,
  diff,
  measures,
  preferences,
}: {
  patient: Patient;
  plan: Plan;
  version: PlanVersion;
  diff: PlanDiff | null;
  measures: readonly Measure[];
  preferences: Preferences;
}) {
  useRunningHeader(patient);
  const printing = usePrintWindow({
    fileName: SUMMARY_PDF_FILE_NAME,
    what: 'The progress summary',
    recordPrinted: () => call('plans:progressSummaryPrinted', { patientId: patient.id }),
  });
  const { content } = version;
  const therapies = content.interventions.psychotherapy;
  const medications = content.interventions.medications;
  const changes = diff?.changes ?? [];
  const reasons = diff?.reasons ?? [];
  return (
    <div className="print-page print-page--plan">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${patient.id}/plan`}>Back to the plan</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className="print-document plan-print plan-print--a4 progress-print" aria-label="Printable progress summary">
        <Letterhead preferences={preferences} />
        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">Your progress</h1>
        <dl className="print-document__facts plan-print__facts">
          <PrintedPatientFacts patient={patient} />
        </dl>
        <p className="progress-print__lead">
          This is what we looked at together: how you have been feeling, how close you feel to your goals, what changed in your plan, and
          what comes next.
        </p>

        <section className="progress-print__section">
          <h2 className="print-document__heading plan-print__heading">How you have been feeling</h2>
          <div className="progress-print__measures">
            {(['phq9', 'gad7'] as const).map((instrument) => (
              <MeasureCourse key={instrument} instrument={instrument} measures={measures.filter((m) => m.instrument === instrument)} />
            ))}
          </div>
        </section>

        <section className="progress-print__section">
          <h2 className="print-document__heading plan-print__heading">Your goals, in your own words</h2>
          <p className="progress-print__note">
            You rate each goal from 0 ({GOAL_RATING_SCALE.low.toLowerCase()}) to 10 ({GOAL_RATING_SCALE.high}).
          </p>
          <ol className="progress-print__goals">
            {content.goals.map((goal) => {
              const ratings = ratingsOf(plan.goalRatings, goal.id);
              const first = ratings[0];
              const last = ratings.at(-1);
              return (
                <li key={goal.id} className="progress-print__goal">
                  <p className="progress-print__words">
                    “<UserText>{goal.patientWords}</UserText>”
                  </p>
                  <div className="progress-print__course">
                    {ratings.length > 1 ? (
                      <Sparkline
                        points={ratings.map((r) => ({ date: r.date, value: r.rating }))}
                        min={0}
                        max={10}
                        width={150}
                        height={52}
                        axes
                        label="Your ratings of this goal over time"
                      />
                    ) : null}
                    <p>
                      {!first || !last
                        ? 'Not rated yet.'
                        : first === last
                          ? `You rated it ${last.rating} of 10 on ${formatLongCalendarDate(last.date)}.`
                          : `You rated it ${first.rating} of 10 on ${formatLongCalendarDate(first.date)}, and ${last.rating} of 10 on ${formatLongCalendarDate(last.date)}.`}
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
        </section>

        <section className="progress-print__section">
          <h2 className="print-document__heading plan-print__heading">What changed in your plan</h2>
          {diff === null ? (
            <p>
              This is the first plan we agreed
              {version.agreement ? `, on ${formatLongCalendarDate(version.agreement.date)}` : ''}.
            </p>
          ) : (
            <>
              <p>
                We revised your plan{version.agreement ? ` on ${formatLongCalendarDate(version.agreement.date)}` : ''}
                {reasons.length > 0 ? (
                  <>
                    {' '}
                    because: <UserText>{reasons.map((r) => r.reason).join('; ')}</UserText>
                  </>
                ) : null}
                .
              </p>
              {changes.length === 0 ? (
                <p>Nothing else in it changed.</p>
              ) : (
                <ul className="progress-print__changes">
                  {changes.slice(0, 8).map((change, index) => (
                    <li key={index}>{changeSentence(change)}</li>
                  ))}
                  {changes.length > 8 ? <li>and {changes.length - 8} smaller changes.</li> : null}
                </ul>
              )}
            </>
          )}
        </section>

        <section className="progress-print__section">
          <h2 className="print-document__heading plan-print__heading">Next steps</h2>
          <ul className="progress-print__next">
            {therapies.map((therapy) => (
              <li key={therapy.id}>
                <UserText>{therapy.modality}</UserText>, <UserText>{therapy.frequency}</UserText>.
              </li>
            ))}
            {medications.map((medication) => (
              <li key={medication.id}>
                <UserText>{medication.name}</UserText> <UserText>{medication.dose}</UserText>, <UserText>{medication.frequency}</UserText>.
              </li>
            ))}
            <li>
              <strong>We will review your plan together by {formatLongCalendarDate(content.reviewDate)}.</strong>
            </li>
          </ul>
        </section>

        <footer className="print-document__footer">
          <p>
            <strong>Confidential.</strong> This page is for you. It contains personal health information; share it only with people you
            choose.
          </p>
        </footer>
      </article>
    </div>
  );
}

/** A change of the plan in a sentence: "Added: ‘…’", "Review date: from … to …". */
function changeSentence(change: PlanDiff['changes'][number]) {
  const what = change.item ?? change.section;
  if (change.kind === 'added')
    return (
      <>
        {change.section} — added: <UserText>{change.after ?? what}</UserText>
      </>
    );
  if (change.kind === 'removed')
    return (
      <>
        {change.section} — no longer in the plan: <UserText>{change.before ?? what}</UserText>
      </>
    );
  return (
    <>
      {change.field ?? change.section}
      {change.item ? (
        <>
          {' '}
          (<UserText>{change.item}</UserText>)
        </>
      ) : null}
      : now <UserText>{change.after ?? ''}</UserText>
    </>
  );
}

/** One questionnaire's course: a small chart with the line where symptoms usually need attention, and the numbers in words. */
function MeasureCourse({ instrument, measures }: { instrument: OutcomeInstrument; measures: readonly Measure[] }) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const plain = PLAIN_MEASURES[instrument];
  const first = measures[0];
  const last = measures.at(-1);
  return (
    <div className="progress-print__measure">
      <p className="progress-print__measure-title">
        {plain.what} ({definition.name}, 0–{definition.maxScore}; lower is better)
      </p>
      {!first || !last ? (
        <p>Not answered yet.</p>
      ) : (
        <>
          {measures.length > 1 ? (
            <Sparkline
              points={measures.map((m) => ({ date: m.date, value: m.score }))}
              min={0}
              max={definition.maxScore}
              width={260}
              height={70}
              axes
              marks={[{ value: plain.caseness, label: `${plain.caseness}` }]}
              label={`Your ${definition.name} scores over time`}
            />
          ) : null}
          <p>
            {first === last
              ? `${last.score} on ${formatLongCalendarDate(last.date)} (${last.band.toLowerCase()}).`
              : `${first.score} on ${formatLongCalendarDate(first.date)}; now ${last.score} on ${formatLongCalendarDate(last.date)} (${last.band.toLowerCase()}).`}
          </p>
        </>
      )}
    </div>
  );
}
