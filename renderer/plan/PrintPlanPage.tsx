import { Suspense, useId, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { GOAL_RATING_INTERVAL_LABELS } from '../../shared/goal-ratings';
import { displayName, type Patient } from '../../shared/patient';
import { OBJECTIVE_STATUS_LABELS, SAFETY_PLAN_FIELDS, type Goal, type Plan, type PlanVersion } from '../../shared/plan';
import { signatureName, type Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { DisclosureStep, useDisclosure } from '../consents';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { PrintFeedback } from '../feedback';
import { formatLongCalendarDate } from '../format/dates';
import { agreementSentence, formatInstantDate, PLAN_PDF_FILE_NAME, ratingText, versionName, versionStatusLabel } from './format';
import { GoalRatings, ratingsOf } from './GoalRatings';
import { progressOf } from './Progress';
import { ProgressChart } from './ProgressChart';

/**
 * While the feedback section's script loads: a status line, as the section itself shows while its
 * data loads, so nothing prints before the charts are drawn.
 */
function DrawingFeedback() {
  return (
    <p className="muted" role="status">
      Drawing the feedback and measure charts…
    </p>
  );
}

type Paper = 'a4' | 'letter';
/**
 * What may be left out of the printed summary. Each is on unless the address says `omit=<key>`, so the
 * page Electron prints and the one a test prints are the same.
 */
export const PLAN_PRINT_SECTIONS = [
  { key: 'safety', label: 'Safety plan', hint: 'The patient’s own copy may be kept apart.' },
  { key: 'charts', label: 'Progress charts', hint: 'Each goal’s ratings over time.' },
  { key: 'updates', label: 'Latest progress updates', hint: 'The five most recent on each goal, with what is and is not working.' },
  { key: 'feedback', label: 'Feedback and measures', hint: 'The patient’s session ratings and measure totals over time.' },
] as const;
export type PlanPrintSection = (typeof PLAN_PRINT_SECTIONS)[number]['key'];

/** Progress updates listed under each goal on paper; the chart shows them all. */
const UPDATES_PRINTED = 5;
/** The chart's size on paper, in CSS pixels: inside the text width of both A4 and US Letter. */
const CHART_WIDTH = 640;
const CHART_HEIGHT = 150;

/** US Letter where the person's locale uses it, A4 everywhere else. */
function defaultPaper(): Paper {
  return /-(US|CA|MX|PH)$/i.test(navigator.language) ? 'letter' : 'a4';
}

/**
 * The treatment-plan summary at #/print/plan/:versionId: a document to hand the patient and keep in a
 * paper chart. The options above it (paper, what to include) are for the screen only; the print
 * stylesheet sets the page size from the paper chosen and puts "Confidential" and "Page x of y" on
 * every page.
 */
export function PrintPlanPage() {
  const { versionId = '' } = useParams();
  const version = useChannelQuery('plans:version', { versionId });
  const patientId = version.data?.patientId ?? '';
  const plan = useChannelQuery('plans:forPatient', { patientId }, { enabled: patientId !== '' });
  const patient = useChannelQuery('patients:get', { id: patientId }, { enabled: patientId !== '' });
  const preferences = useChannelQuery('preferences:get', {});
  // Asked for alongside the plan, not after the document is drawn: the feedback section reads the same cached answer.
  const [params] = useSearchParams();
  const wantsFeedback = !(params.get('omit') ?? '').split(',').includes('feedback');
  useChannelQuery('feedback:trends', { patientId }, { enabled: patientId !== '' && wantsFeedback });
  const error = version.error ?? plan.error ?? patient.error ?? preferences.error;

  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This version of the plan could not be found.' : explain(error)}</Notice>
      </div>
    );
  }
  if (!version.data || !plan.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the treatment plan for printing…
      </p>
    );
  }
  return <PrintablePlan version={version.data} plan={plan.data} patient={patient.data} preferences={preferences.data} />;
}

function PrintablePlan({
  version,
  plan,
  patient,
  preferences,
}: {
  version: PlanVersion;
  plan: Plan;
  patient: Patient;
  preferences: Preferences;
}) {
  const ids = useId();
  useRunningHeader(patient);
  const [params, setParams] = useSearchParams();
  // Held here so a choice shows at once; the address follows, so a reload prints the same.
  const [paper, setPaper] = useState<Paper>(() =>
    params.get('paper') === 'letter' ? 'letter' : params.get('paper') === 'a4' ? 'a4' : defaultPaper(),
  );
  const [omitted, setOmitted] = useState<ReadonlySet<string>>(() => new Set((params.get('omit') ?? '').split(',').filter(Boolean)));
  const includes = (key: PlanPrintSection) => !omitted.has(key);
  // The plan names its diagnoses and medications; the feedback section adds the measures.
  const disclosure = useDisclosure({
    patientId: patient.id,
    parts: includes('feedback') ? ['diagnoses', 'medications', 'plan', 'measures'] : ['diagnoses', 'medications', 'plan'],
    itemId: version.id,
  });
  const printing = usePrintWindow({
    fileName: PLAN_PDF_FILE_NAME,
    what: 'The treatment plan',
    recordPrinted: async () => {
      await call('plans:printed', { versionId: version.id });
      await disclosure.record('printed-plan');
    },
  });
  const isCurrent = version.id === plan.current.id;
  const { content } = version;

  function choose(nextPaper: Paper, nextOmitted: ReadonlySet<string>) {
    setPaper(nextPaper);
    setOmitted(nextOmitted);
    const next = new URLSearchParams(params);
    next.set('paper', nextPaper);
    if (nextOmitted.size === 0) next.delete('omit');
    else next.set('omit', [...nextOmitted].join(','));
    setParams(next, { replace: true });
  }

  return (
    <div className="print-page print-page--plan">
      <div className="print-page__toolbar no-print">
        <BackLink to={`/patients/${patient.id}/plan`}>Back to the plan</BackLink>
        <PrintButtons state={printing.state} print={(target) => disclosure.guard('printed-plan', () => printing.print(target))} />
      </div>

      <div className="print-options no-print" role="group" aria-label="Print options">
        <fieldset className="print-options__group">
          <legend className="print-options__legend">Paper</legend>
          {(['a4', 'letter'] as const).map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" name={`${ids}-paper`} checked={paper === value} onChange={() => choose(value, omitted)} />
              <span>{value === 'a4' ? 'A4' : 'US Letter'}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="print-options__group">
          <legend className="print-options__legend">Include</legend>
          {PLAN_PRINT_SECTIONS.map((section) => (
            <label key={section.key} className="checkbox">
              <input
                type="checkbox"
                checked={includes(section.key)}
                onChange={(event) => {
                  const keys = new Set(omitted);
                  if (event.target.checked) keys.delete(section.key);
                  else keys.add(section.key);
                  choose(paper, keys);
                }}
              />
              <span>
                {section.label} <span className="print-options__hint">{section.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>

      <div className="no-print print-page__notices">
        <DisclosureStep disclosure={disclosure} />
        <PrintOutcome state={printing.state} />
        {version.status === 'draft' ? (
          <Notice tone="info">This version is a draft: the printout says so, and has lines for the patient and you to sign.</Notice>
        ) : null}
        <EmptyLetterheadNotice preferences={preferences} />
      </div>

      <article className={`print-document plan-print plan-print--${paper}`} aria-label="Printable treatment plan">
        <Letterhead preferences={preferences} />

        <p className="print-document__confidential">Confidential</p>
        <h1 className="print-document__title">
          Treatment plan{version.status === 'draft' ? <span className="plan-print__draft"> — draft, not yet agreed</span> : null}
        </h1>

        <dl className="print-document__facts plan-print__facts">
          <PrintedPatientFacts patient={patient} />
          <div>
            <dt>Plan</dt>
            <dd>
              {versionName(version)}, {versionStatusLabel(version).toLocaleLowerCase()}
            </dd>
          </div>
          <div>
            <dt>Written</dt>
            <dd>{formatInstantDate(version.createdAt, true)}</dd>
          </div>
          <div className="print-document__fact--wide">
            <dt>{version.agreement?.method === 'declined' ? 'Declined' : 'Agreed'}</dt>
            <dd>
              {version.agreement ? (
                <>
                  {agreementSentence(version.agreement, true)}, recorded by <UserText>{version.agreement.recordedBy}</UserText>
                  {version.agreement.method === 'declined' ? (
                    <>
                      . The patient’s reason: “<UserText>{version.agreement.declineReason}</UserText>”
                    </>
                  ) : null}
                </>
              ) : (
                'Not yet agreed'
              )}
            </dd>
          </div>
          <div className="print-document__fact--wide">
            <dt>Review by</dt>
            <dd>{formatLongCalendarDate(content.reviewDate)}</dd>
          </div>
          {version.reason ? (
            <div className="print-document__fact--wide">
              <dt>Revised because</dt>
              <dd>
                <UserText>{version.reason}</UserText>
              </dd>
            </div>
          ) : null}
        </dl>

        <PrintSection title="Diagnoses">
          {content.diagnoses.length === 0 ? (
            <p className="plan-print__none">None recorded in this plan.</p>
          ) : (
            <table className="plan-print__table">
              <thead>
                <tr>
                  <th scope="col" className="plan-print__col-code">
                    ICD-10-CM
                  </th>
                  <th scope="col">Diagnosis</th>
                </tr>
              </thead>
              <tbody>
                {content.diagnoses.map((d) => (
                  <tr key={d.diagnosisId}>
                    <td className="plan-print__code">{d.code}</td>
                    <td>{d.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PrintSection>

        <PrintSection title="What we are working on">
          <dl className="plan-print__texts">
            <PrintText term="Presenting problems" value={content.presentingProblems} />
            <PrintText term="Effect on daily life" value={content.dailyLifeEffect} />
            <PrintText term="Strengths" value={content.strengths} />
          </dl>
        </PrintSection>

        <PrintSection title="Goals and objectives">
          {content.goals.map((goal, index) => (
            <PrintGoal
              key={goal.id}
              goal={goal}
              number={index + 1}
              plan={plan}
              statusOf={(id, fallback) => (isCurrent ? (plan.objectiveStatus[id] ?? fallback) : fallback)}
              charts={includes('charts')}
              updates={includes('updates')}
            />
          ))}
        </PrintSection>

        <PrintSection title="Treatment">
          <h3 className="plan-print__subheading">Psychotherapy</h3>
          {content.interventions.psychotherapy.length === 0 ? (
            <p className="plan-print__none">None in this plan.</p>
          ) : (
            content.interventions.psychotherapy.map((therapy) => (
              <div key={therapy.id} className="plan-print__therapy">
                <p>
                  <strong>
                    <UserText>{therapy.modality}</UserText>
                  </strong>{' '}
                  · <UserText>{therapy.frequency}</UserText> · sessions of {therapy.sessionMinutes} minutes
                </p>
                {therapy.description ? (
                  <p className="plan-print__prose">
                    <UserText>{therapy.description}</UserText>
                  </p>
                ) : null}
              </div>
            ))
          )}
          <h3 className="plan-print__subheading">Medications</h3>
          {content.interventions.medications.length === 0 ? (
            <p className="plan-print__none">None in this plan.</p>
          ) : (
            <table className="plan-print__table">
              <thead>
                <tr>
                  <th scope="col">Medication</th>
                  <th scope="col">Dose</th>
                  <th scope="col">How often</th>
                  <th scope="col">Monitoring</th>
                </tr>
              </thead>
              <tbody>
                {content.interventions.medications.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <strong>
                        <UserText>{m.name}</UserText>
                      </strong>
                    </td>
                    <td>
                      <UserText>{m.dose}</UserText>
                    </td>
                    <td>
                      <UserText>{m.frequency}</UserText>
                    </td>
                    <td>{m.monitoring ? <UserText>{m.monitoring}</UserText> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3 className="plan-print__subheading">Referrals</h3>
          {content.interventions.referrals.length === 0 ? (
            <p className="plan-print__none">None in this plan.</p>
          ) : (
            <table className="plan-print__table">
              <thead>
                <tr>
                  <th scope="col">Referred to</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {content.interventions.referrals.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <UserText>{r.to}</UserText>
                    </td>
                    <td>{r.reason ? <UserText>{r.reason}</UserText> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PrintSection>

        {includes('feedback') ? (
          <PrintSection title="Session feedback and measures">
            <Suspense fallback={<DrawingFeedback />}>
              <PrintFeedback patientId={patient.id} />
            </Suspense>
          </PrintSection>
        ) : null}

        <PrintSection title="Review and discharge" className="plan-print__review">
          <dl className="plan-print__texts">
            <PrintText term="Review the plan by" value={formatLongCalendarDate(content.reviewDate)} />
            <PrintText term="The patient rates their goals" value={GOAL_RATING_INTERVAL_LABELS[content.goalRatingInterval]} />
            <PrintText term="Discharge criteria" value={content.dischargeCriteria} />
          </dl>
        </PrintSection>

        {/* The signatures and the notice that closes the plan stay together: neither is left alone on a page. */}
        <div className="plan-print__closing">
          <section className="plan-print__signatures" aria-label="Signatures">
            <p className="plan-print__agreed-line">
              {version.agreement?.method === 'declined'
                ? `The patient did not agree to this plan. We will talk it over again by ${formatLongCalendarDate(content.reviewDate)}.`
                : `We have agreed this plan together and will review it by ${formatLongCalendarDate(content.reviewDate)}.`}
            </p>
            <div className="plan-print__sign-grid">
              <SignatureLine who="Patient" name={displayName(patient)} />
              <SignatureLine who="Psychiatrist" name={signatureName(preferences) || ' '} />
            </div>
          </section>

          <footer className="print-document__footer">
            <p>
              <strong>Confidential.</strong> This document contains personal health information. It is intended only for the patient and the
              people caring for them, and must not be passed on without the patient’s consent.
            </p>
          </footer>
        </div>
        {includes('safety') ? (
          // Last and on a page of its own, so the patient can keep it apart from the rest.
          <PrintSection title="Safety plan" className="plan-print__safety">
            <p className="plan-print__lead">
              For <UserText>{displayName(patient)}</UserText>. If things get worse, go through these steps in order until you feel safer.
            </p>
            <ol className="plan-print__safety-steps">
              {SAFETY_PLAN_FIELDS.map((field) => (
                <li key={field.key} className="plan-print__safety-step">
                  <p className="plan-print__safety-label">
                    {field.label} <span className="plan-print__safety-hint">— {field.hint}</span>
                  </p>
                  <p className="plan-print__prose">
                    {content.safetyPlan[field.key].trim() ? <UserText>{content.safetyPlan[field.key].trim()}</UserText> : '—'}
                  </p>
                </li>
              ))}
            </ol>
          </PrintSection>
        ) : null}
      </article>
    </div>
  );
}

function PrintSection({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`plan-print__section${className ? ` ${className}` : ''}`}>
      <h2 className="print-document__heading plan-print__heading">{title}</h2>
      {children}
    </section>
  );
}

function PrintText({ term, value }: { term: string; value: string }) {
  return (
    <div className="plan-print__text">
      <dt>{term}</dt>
      <dd className="plan-print__prose">{value.trim() ? <UserText>{value.trim()}</UserText> : '—'}</dd>
    </div>
  );
}

function PrintGoal({
  goal,
  number,
  plan,
  statusOf,
  charts,
  updates: withUpdates,
}: {
  goal: Goal;
  number: number;
  plan: Plan;
  statusOf: (objectiveId: string, fallback: Goal['objectives'][number]['status']) => Goal['objectives'][number]['status'];
  charts: boolean;
  updates: boolean;
}) {
  const updates = progressOf(plan, goal.id);
  const latest = [...updates].reverse().slice(0, UPDATES_PRINTED);
  return (
    <div className="plan-print__goal">
      <div className="plan-print__goal-head">
        <h3 className="plan-print__goal-title">Goal {number}</h3>
        <p className="plan-print__words-label">In the patient’s own words</p>
        <p className="plan-print__words">
          “<UserText>{goal.patientWords}</UserText>”
        </p>
        {goal.formulation ? (
          <p className="plan-print__formulation">
            <span className="plan-print__inline-label">Clinician’s formulation: </span>
            <UserText>{goal.formulation}</UserText>
          </p>
        ) : null}
      </div>
      <table className="plan-print__table plan-print__objectives">
        <thead>
          <tr>
            <th scope="col" className="plan-print__col-number">
              #
            </th>
            <th scope="col">Objective</th>
            <th scope="col">Measured by</th>
            <th scope="col" className="plan-print__col-date">
              Target
            </th>
            <th scope="col" className="plan-print__col-status">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {goal.objectives.map((objective, index) => (
            <tr key={objective.id}>
              <td>
                {number}.{index + 1}
              </td>
              <td>
                <UserText>{objective.description}</UserText>
              </td>
              <td>{objective.measure ? <UserText>{objective.measure}</UserText> : '—'}</td>
              <td>{objective.targetDate ? formatLongCalendarDate(objective.targetDate) : '—'}</td>
              <td>{OBJECTIVE_STATUS_LABELS[statusOf(objective.id, objective.status)]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(charts || withUpdates) && updates.length === 0 ? <p className="plan-print__none">No progress updates on this goal yet.</p> : null}
      {charts && updates.length > 0 ? (
        <div className="plan-print__chart">
          <p className="plan-print__chart-title">
            Progress on goal {number}, rated 0–10 · {updates.length === 1 ? 'one update' : `${updates.length} updates`}
          </p>
          <ProgressChart updates={updates} goalLabel={`goal ${number}`} print width={CHART_WIDTH} height={CHART_HEIGHT} />
        </div>
      ) : null}
      <GoalRatings ratings={ratingsOf(plan.goalRatings, goal.id)} number={number} print />
      {withUpdates && latest.length > 0 ? (
        <table className="plan-print__table plan-print__updates">
          <thead>
            <tr>
              <th scope="col" className="plan-print__col-date">
                Date
              </th>
              <th scope="col" className="plan-print__col-rating">
                Rating
              </th>
              <th scope="col">What is working</th>
              <th scope="col">What is not</th>
            </tr>
          </thead>
          <tbody>
            {latest.map((update) => (
              <tr key={update.id}>
                <td>{formatLongCalendarDate(update.date)}</td>
                <td>{ratingText(update.rating)}</td>
                <td>{update.working ? <UserText>{update.working}</UserText> : '—'}</td>
                <td>{update.notWorking ? <UserText>{update.notWorking}</UserText> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function SignatureLine({ who, name }: { who: string; name: string }) {
  return (
    <div className="plan-print__sign">
      <div className="plan-print__sign-row">
        <div className="plan-print__sign-line">
          <span className="plan-print__sign-label">{who}’s signature</span>
        </div>
        <div className="plan-print__sign-line plan-print__sign-line--date">
          <span className="plan-print__sign-label">Date</span>
        </div>
      </div>
      <p className="plan-print__sign-name">
        <UserText>{name}</UserText>
      </p>
    </div>
  );
}
