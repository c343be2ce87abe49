import { useId, type ReactNode } from 'react';
import { GOAL_RATING_INTERVAL_LABELS } from '../../shared/goal-ratings';
import { SAFETY_PLAN_FIELDS, type Goal, type Plan, type PlanVersion } from '../../shared/plan';
import { SAFETY_PLAN_ELEMENT_ID } from '../components/safetyPlan';
import { formatCalendarDate } from '../format/dates';
import { GoalProgress } from './GoalProgress';
import { ObjectiveItem } from './ObjectiveStatus';

/**
 * A version of the plan as it reads: for the version in force (`live`) each objective's status can be
 * changed and each goal's progress recorded; an earlier version is only read.
 */
export function PlanDocument({
  plan,
  version,
  live,
  onRevise,
}: {
  plan: Plan;
  version: PlanVersion;
  live: boolean;
  /** Begins a revision: offered where the version in force has no safety plan written. */
  onRevise?: () => void;
}) {
  const { content } = version;
  const isCurrent = version.id === plan.current.id;
  const noSafetyPlan = SAFETY_PLAN_FIELDS.every((field) => content.safetyPlan[field.key].trim() === '');
  return (
    <article className="plan-document" aria-label={`The plan, version ${version.number}`}>
      <DocumentSection title="Diagnoses">
        {content.diagnoses.length === 0 ? (
          <p className="muted">None chosen.</p>
        ) : (
          <ul className="plan-diagnoses">
            {content.diagnoses.map((d) => (
              <li key={d.diagnosisId}>
                <span className="plan-diagnoses__code">{d.code}</span> <bdi>{d.label}</bdi>
              </li>
            ))}
          </ul>
        )}
      </DocumentSection>

      <DocumentSection title="Problems and strengths">
        <dl className="plan-text-fields">
          <TextFact term="Presenting problems" value={content.presentingProblems} />
          <TextFact term="Effect on daily life" value={content.dailyLifeEffect} />
          <TextFact term="Strengths" value={content.strengths} />
        </dl>
      </DocumentSection>

      <DocumentSection title="Goals and objectives">
        <ol className="plan-goals">
          {content.goals.map((goal, index) => (
            <li key={goal.id}>
              <GoalView plan={plan} goal={goal} number={index + 1} live={live && isCurrent} />
            </li>
          ))}
        </ol>
      </DocumentSection>

      <DocumentSection title="Interventions">
        <h5 className="plan-document__subtitle">Psychotherapy</h5>
        {content.interventions.psychotherapy.length === 0 ? <p className="muted">None.</p> : null}
        <ul className="plan-interventions">
          {content.interventions.psychotherapy.map((therapy) => (
            <li key={therapy.id}>
              <p className="plan-interventions__title">
                <bdi>{therapy.modality}</bdi>
              </p>
              <p className="plan-interventions__meta">
                <bdi>{therapy.frequency}</bdi> · {therapy.sessionMinutes} minutes a session
              </p>
              {therapy.description ? (
                <p className="plan-text">
                  <bdi>{therapy.description}</bdi>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        <h5 className="plan-document__subtitle">Medications</h5>
        {content.interventions.medications.length === 0 ? <p className="muted">None.</p> : null}
        <ul className="plan-interventions">
          {content.interventions.medications.map((medication) => (
            <li key={medication.id}>
              <p className="plan-interventions__title">
                <bdi>{medication.name}</bdi> <bdi>{medication.dose}</bdi>, <bdi>{medication.frequency}</bdi>
              </p>
              {medication.monitoring ? (
                <p className="plan-interventions__meta">
                  Monitoring: <bdi>{medication.monitoring}</bdi>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        <h5 className="plan-document__subtitle">Referrals</h5>
        {content.interventions.referrals.length === 0 ? <p className="muted">None.</p> : null}
        <ul className="plan-interventions">
          {content.interventions.referrals.map((referral) => (
            <li key={referral.id}>
              <p className="plan-interventions__title">
                <bdi>{referral.to}</bdi>
              </p>
              {referral.reason ? (
                <p className="plan-interventions__meta">
                  <bdi>{referral.reason}</bdi>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </DocumentSection>

      <DocumentSection title="Safety plan" id={isCurrent ? SAFETY_PLAN_ELEMENT_ID : undefined}>
        {noSafetyPlan ? (
          <div className="plan-document__missing">
            <p>No safety plan has been written in this version of the plan.</p>
            {onRevise && isCurrent ? (
              <button type="button" className="button button--secondary" onClick={onRevise}>
                Revise the plan to write one…
              </button>
            ) : null}
          </div>
        ) : (
          <dl className="plan-text-fields plan-text-fields--pairs">
            {SAFETY_PLAN_FIELDS.map((field) => (
              <TextFact key={field.key} term={field.label} value={content.safetyPlan[field.key]} />
            ))}
          </dl>
        )}
      </DocumentSection>

      <DocumentSection title="Review and discharge">
        <dl className="plan-text-fields">
          <TextFact term="Review the plan by" value={formatCalendarDate(content.reviewDate)} />
          <TextFact term="The patient rates their goals" value={GOAL_RATING_INTERVAL_LABELS[content.goalRatingInterval]} />
          <TextFact term="Discharge criteria" value={content.dischargeCriteria} />
        </dl>
      </DocumentSection>
    </article>
  );
}

/** A part of the plan; one with an `id` can be linked to and focused (the safety plan). */
function DocumentSection({ title, children, id: anchor }: { title: string; children: ReactNode; id?: string | undefined }) {
  const id = useId();
  return (
    <section className="plan-document__section" aria-labelledby={id} id={anchor} tabIndex={anchor === undefined ? undefined : -1}>
      <h4 className="plan-document__heading" id={id}>
        {title}
      </h4>
      {children}
    </section>
  );
}

function TextFact({ term, value }: { term: string; value: string }) {
  return (
    <div className="plan-text-fields__item">
      <dt>{term}</dt>
      <dd className={value.trim() ? 'plan-text' : 'muted'}>{value.trim() ? <bdi>{value}</bdi> : 'Not written'}</dd>
    </div>
  );
}

function GoalView({ plan, goal, number, live }: { plan: Plan; goal: Goal; number: number; live: boolean }) {
  const id = useId();
  return (
    <section className="plan-goal" aria-labelledby={id}>
      <h5 className="plan-goal__title" id={id}>
        Goal {number}
      </h5>
      <div className="plan-goal__words">
        <figure className="plan-quote">
          <figcaption className="plan-quote__label">What I hope to achieve</figcaption>
          <blockquote className="plan-quote__text">
            <p>
              “<bdi>{goal.patientWords}</bdi>”
            </p>
          </blockquote>
        </figure>
        <div className="plan-goal__formulation">
          <p className="plan-goal__label">Clinician’s formulation</p>
          <p className={goal.formulation ? 'plan-text' : 'muted'}>{goal.formulation ? <bdi>{goal.formulation}</bdi> : 'Not written'}</p>
        </div>
      </div>
      <h6 className="plan-goal__subtitle">Objectives</h6>
      <ul className="plan-objectives" aria-label={`Objectives of goal ${number}`}>
        {goal.objectives.map((objective, index) => (
          <ObjectiveItem
            key={objective.id}
            plan={plan}
            objective={objective}
            label={`${number}.${index + 1}`}
            status={live ? (plan.objectiveStatus[objective.id] ?? objective.status) : objective.status}
            live={live}
          />
        ))}
      </ul>
      {live ? <GoalProgress plan={plan} goal={goal} number={number} /> : null}
    </section>
  );
}
