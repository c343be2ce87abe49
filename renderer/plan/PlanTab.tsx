import { useState } from 'react';
import { Link, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { AppError } from '../../shared/errors';
import type { Plan } from '../../shared/plan';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { useChart } from '../chart';
import { Notice } from '../components/Notice';
import { SAFETY_PLAN_ELEMENT_ID, SAFETY_PLAN_SECTION } from '../components/safetyPlan';
import { useLandOnSection, useWantedSection } from '../components/useLandOnSection';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { agreementSentence, formatInstantDate, planInForce, versionName, versionStatusLabel, versionTone } from './format';
import { ProgressOverview } from './GoalProgress';
import { usePlanCache } from './planCache';
import { PlanDocument } from './PlanDocument';
import { MedicationDifferencesDialog } from './MedicationDifferencesDialog';
import { PlanDraftEditor } from './PlanDraftEditor';
import { PlanVersionPage, PlanVersions } from './PlanVersions';
import { ReviseDialog } from './ReviseDialog';

/**
 * The chart's Plan tab at #/patients/:id/plan: the plan being written or in force, its versions and
 * what changed between them, objectives' status and the patient's progress on each goal.
 */
export function PlanTab() {
  const { patient } = useChart();
  const plan = useChannelQuery('plans:forPatient', { patientId: patient.id });
  // "Open the safety plan" (?section=safety-plan) lands on it, focused, once the plan is shown.
  useLandOnSection(plan.data !== undefined);

  return (
    <section className="plan" aria-labelledby="plan-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="plan-title">
          Treatment plan
        </h2>
        {plan.data ? (
          <nav className="plan-subnav" aria-label="Treatment plan">
            <NavLink end to={`/patients/${patient.id}/plan`} className="plan-subnav__link">
              Current plan
            </NavLink>
            <NavLink to={`/patients/${patient.id}/plan/versions`} className="plan-subnav__link">
              Versions and changes <span className="plan-subnav__count">{plan.data.versions.length}</span>
            </NavLink>
          </nav>
        ) : null}
      </div>
      {plan.error ? <Notice tone="error">{explain(plan.error)}</Notice> : null}
      {plan.isPending ? (
        <p className="muted" role="status">
          Opening the treatment plan…
        </p>
      ) : null}
      {plan.data === null ? <BeginPlan patientId={patient.id} /> : null}
      {plan.data ? (
        <Routes>
          <Route index element={<CurrentPlan plan={plan.data} />} />
          <Route path="versions" element={<PlanVersions plan={plan.data} />} />
          <Route path="versions/:versionId" element={<PlanVersionPage plan={plan.data} />} />
          <Route path="*" element={<Notice tone="info">This part of the plan does not exist. Open the current plan above.</Notice>} />
        </Routes>
      ) : null}
    </section>
  );
}

function BeginPlan({ patientId }: { patientId: string }) {
  const create = useChannelMutation('plans:create');
  const cache = usePlanCache(patientId);
  const [failure, setFailure] = useState<AppError | null>(null);
  const wanted = useWantedSection();

  async function begin() {
    setFailure(null);
    try {
      cache(await create.mutateAsync({ patientId }));
    } catch (caught) {
      setFailure(asAppError(caught));
    }
  }

  return (
    <div className="empty-state empty-state--compact">
      {wanted === SAFETY_PLAN_SECTION ? (
        // Where "Open the safety plan" lands when there is none to open.
        <div id={SAFETY_PLAN_ELEMENT_ID} tabIndex={-1} className="plan-missing-safety-plan">
          <Notice tone="warning" title="No safety plan yet">
            This patient has no treatment plan, so no safety plan. Begin the plan below and write the safety plan in it with the patient.
          </Notice>
        </div>
      ) : null}
      <h3 className="empty-state__title">No treatment plan yet</h3>
      <p className="empty-state__text">
        Write the plan with the patient: their goals in their own words, measurable objectives, the treatment, and a safety plan. The
        chart’s active diagnoses and current medications are filled in to start with.
      </p>
      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}
      <button type="button" className="button button--primary" onClick={() => void begin()} disabled={create.isPending}>
        {create.isPending ? 'Beginning…' : 'Begin a treatment plan'}
      </button>
    </div>
  );
}

/** The latest version: written here while a draft, read (with objectives and progress kept up) once agreed. */
function CurrentPlan({ plan }: { plan: Plan }) {
  const current = plan.current;
  const inForce = planInForce(plan);
  const location = useLocation();
  const navigate = useNavigate();
  // The editor says which version was just agreed here: its medications are then checked against the list.
  const agreedHere = (location.state as { agreedVersionId?: string } | null)?.agreedVersionId === current.id;
  const { patient } = useChart();
  const [revising, setRevising] = useState(false);
  return (
    <div className="plan-current">
      <PlanStatusCard plan={plan} onRevise={() => setRevising(true)} />
      {revising ? <ReviseDialog plan={plan} patientId={patient.id} onClose={() => setRevising(false)} /> : null}
      {current.status === 'draft' ? (
        <>
          <PlanDraftEditor key={current.id} plan={plan} />
          {inForce ? <ProgressOverview plan={plan} /> : null}
        </>
      ) : (
        <PlanDocument
          plan={plan}
          version={current}
          live={inForce}
          onRevise={current.status === 'final' ? () => setRevising(true) : undefined}
        />
      )}
      {agreedHere && current.agreement?.method !== 'declined' ? (
        <MedicationDifferencesDialog
          patientId={plan.patientId}
          onClose={() => void navigate(location.pathname, { replace: true, state: null })}
        />
      ) : null}
    </div>
  );
}

/** Which version this is, how the patient agreed, when it is to be reviewed, and what to do next. */
function PlanStatusCard({ plan, onRevise }: { plan: Plan; onRevise: () => void }) {
  const current = plan.current;
  const tone = versionTone(current);
  const previous = plan.versions.find((version) => version.number === current.number - 1);
  return (
    <div className={`plan-status plan-status--${tone}`}>
      <div className="plan-status__top">
        <div>
          <p className="plan-status__eyebrow">
            <span className={`plan-badge plan-badge--${tone}`}>{versionStatusLabel(current)}</span>
            {plan.reviewDue ? <span className="plan-badge plan-badge--due">Review due</span> : null}
          </p>
          <h3 className="plan-status__title">{versionName(current)}</h3>
        </div>
        <div className="plan-status__actions">
          <Link className="button button--secondary" to={`/print/plan/${current.id}`}>
            Print or save as PDF
          </Link>
          {plan.versions.some((v) => v.status === 'final' && v.agreement?.method !== 'declined') ? (
            <Link className="button button--secondary" to={`/print/progress/${plan.patientId}`}>
              Print progress summary
            </Link>
          ) : null}
          {current.status === 'final' ? (
            <button type="button" className="button button--primary" onClick={onRevise}>
              Revise the plan…
            </button>
          ) : null}
        </div>
      </div>
      <dl className="plan-status__facts">
        <div>
          <dt>Written</dt>
          <dd>{formatInstantDate(current.createdAt)}</dd>
        </div>
        <div>
          <dt>{tone === 'declined' ? 'Declined' : 'Agreed'}</dt>
          <dd>
            {current.agreement ? (
              <>
                {agreementSentence(current.agreement)}
                <span className="plan-status__by">
                  , recorded by <bdi>{current.agreement.recordedBy}</bdi>
                </span>
              </>
            ) : (
              <span className="muted">Not yet: a draft until the patient’s agreement is recorded</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Review by</dt>
          <dd className={plan.reviewDue ? 'plan-status__due' : undefined}>{formatCalendarDate(current.content.reviewDate)}</dd>
        </div>
      </dl>
      {current.reason ? (
        <p className="plan-status__reason">
          <span className="plan-status__reason-label">Why it was revised:</span> <bdi>{current.reason}</bdi>
        </p>
      ) : null}
      {tone === 'declined' && current.agreement ? (
        <p className="plan-status__reason">
          <span className="plan-status__reason-label">The patient’s reason:</span> “<bdi>{current.agreement.declineReason}</bdi>”
        </p>
      ) : null}
      {plan.reviewDue ? (
        <Notice tone="warning" title="This plan is due for review">
          Its review date, {formatCalendarDate(current.content.reviewDate)}, has passed. Review it with the patient:{' '}
          {current.status === 'final' ? 'revise the plan and set the next review date.' : 'set the next review date in this draft.'}
        </Notice>
      ) : null}
      {current.status === 'draft' && previous ? (
        <p className="plan-status__note">
          {versionName(previous)} ({versionStatusLabel(previous).toLocaleLowerCase()}) stays as it was. This revision replaces it once the
          patient’s agreement is recorded.
        </p>
      ) : null}
    </div>
  );
}
