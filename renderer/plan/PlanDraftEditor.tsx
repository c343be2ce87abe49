import { useId, useState, type ReactNode } from 'react';
import { DIAGNOSIS_STATUS_LABELS, sortDiagnoses } from '../../shared/diagnosis';
import type { AppError } from '../../shared/errors';
import type { Medication } from '../../shared/medication';
import {
  OBJECTIVE_STATUS_LABELS,
  OBJECTIVE_STATUSES,
  SAFETY_PLAN_FIELDS,
  type Goal,
  type Objective,
  type ObjectiveStatus,
  type Plan,
  type PlanContent,
  type PlanMedication,
  type PlanVersion,
  type Psychotherapy,
  type Referral,
} from '../../shared/plan';
import { asAppError, call } from '../bridge/client';
import { useChart } from '../chart';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DateField } from '../components/DateField';
import { DraftConflictNotice } from '../components/DraftConflictNotice';
import { Notice } from '../components/Notice';
import { SaveStatus } from '../components/SaveStatus';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { AgreementDialog } from './AgreementDialog';
import { usePlanCache } from './planCache';
import { ownerOfKey } from './planIssues';
import { usePlanDraft, type PlanDraft, type PlanSaveState } from './usePlanDraft';

type InterventionKind = 'psychotherapy' | 'medications' | 'referrals';
type Removal = { title: string; body: ReactNode; confirm: string; remove: () => void };

/** Suggestions, not rules: the psychiatrist writes what fits. */
const MODALITIES = ['Cognitive behavioural therapy', 'Interpersonal therapy', 'Dialectical behaviour therapy', 'Psychodynamic psychotherapy', 'Supportive psychotherapy', 'Behavioural activation', 'Family therapy'];
const FREQUENCIES = ['Weekly', 'Every two weeks', 'Every four weeks', 'Monthly'];

function hasWords(...values: string[]): boolean {
  return values.some((value) => value.trim() !== '');
}

/**
 * The draft of the plan, written section by section: diagnoses chosen from the chart, the problems
 * and strengths, goals in the patient's words with measurable objectives, the treatment, the safety
 * plan, and when to review it. It saves itself; recording the patient's agreement makes it final.
 */
export function PlanDraftEditor({ plan }: { plan: Plan }) {
  const ids = useId();
  const { summary, patient } = useChart();
  const cache = usePlanCache(patient.id);
  const [stored, setStored] = useState<PlanVersion | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [agreeing, setAgreeing] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [justAdded, setJustAdded] = useState<string | null>(null);

  async function readStored(): Promise<Plan | null> {
    try {
      return await call('plans:forPatient', { patientId: patient.id });
    } catch (caught) {
      setFailure(asAppError(caught));
      return null;
    }
  }

  const draft = usePlanDraft(plan.current, {
    onConflict: () => {
      void readStored().then((latest) => {
        if (!latest) return;
        // Agreed or revised elsewhere: this draft is no longer one, and the plan shows what is stored.
        if (latest.current.id !== plan.current.id || latest.current.status !== 'draft') cache(latest);
        else setStored(latest.current);
      });
    },
    onClosed: () => {
      void readStored().then((latest) => {
        if (latest) cache(latest);
      });
    },
  });
  const { content } = draft;

  /** A problem shows beside its field once the field was left, or at once for an item already saved. */
  function errorFor(key: string): string | undefined {
    const message = draft.issues.get(key);
    if (!message) return undefined;
    const owner = ownerOfKey(key);
    if (owner !== null && !draft.saved.has(owner) && !touched.has(key) && !showAll) return undefined;
    return message;
  }
  const touch = (key: string) => () => setTouched((previous) => (previous.has(key) ? previous : new Set(previous).add(key)));
  const bind = (key: string) => ({ error: errorFor(key), onBlur: touch(key) });

  const set = <K extends keyof PlanContent>(key: K, value: PlanContent[K]) => draft.update((c) => ({ ...c, [key]: value }));
  const updateGoal = (goalId: string, change: (goal: Goal) => Goal) =>
    draft.update((c) => ({ ...c, goals: c.goals.map((goal) => (goal.id === goalId ? change(goal) : goal)) }));
  const updateObjective = (goalId: string, objectiveId: string, change: (objective: Objective) => Objective) =>
    updateGoal(goalId, (goal) => ({ ...goal, objectives: goal.objectives.map((o) => (o.id === objectiveId ? change(o) : o)) }));
  const updateItem = <K extends InterventionKind>(kind: K, itemId: string, change: (item: PlanContent['interventions'][K][number]) => PlanContent['interventions'][K][number]) =>
    draft.update((c) => ({
      ...c,
      interventions: { ...c.interventions, [kind]: (c.interventions[kind] as PlanContent['interventions'][K][number][]).map((item) => (item.id === itemId ? change(item) : item)) },
    }));
  const addItem = <K extends InterventionKind>(kind: K, item: PlanContent['interventions'][K][number]) => {
    draft.update((c) => ({ ...c, interventions: { ...c.interventions, [kind]: [...c.interventions[kind], item] } }));
    setJustAdded(item.id);
  };
  const removeItem = (kind: InterventionKind, itemId: string) =>
    draft.update((c) => ({ ...c, interventions: { ...c.interventions, [kind]: (c.interventions[kind] as { id: string }[]).filter((item) => item.id !== itemId) } }));
  /** Removing written words asks first; an empty item just goes. */
  const askRemoval = (empty: boolean, request: Removal) => (empty ? request.remove() : setRemoval(request));

  const addGoal = () => {
    const goal: Goal = { id: crypto.randomUUID(), patientWords: '', formulation: '', objectives: [] };
    draft.update((c) => ({ ...c, goals: [...c.goals, goal] }));
    setJustAdded(goal.id);
  };
  const addObjective = (goalId: string) => {
    const objective: Objective = { id: crypto.randomUUID(), description: '', measure: '', targetDate: content.reviewDate, status: 'not-started' };
    updateGoal(goalId, (goal) => ({ ...goal, objectives: [...goal.objectives, objective] }));
    setJustAdded(objective.id);
  };

  return (
    <article className="plan-editor" aria-labelledby={`${ids}-title`}>
      <header className="plan-editor__head">
        <p className="note-editor__eyebrow">Draft · not yet agreed with the patient</p>
        <h3 className="plan-editor__title" id={`${ids}-title`}>
          Writing the plan
        </h3>
        <p className="plan-editor__lead">Everything here saves itself as you write. Record the patient’s agreement when the plan is complete.</p>
      </header>

      {stored ? (
        <DraftConflictNotice
          verb="wrote"
          onKeepMine={() => {
            draft.keepMine(stored.version);
            setStored(null);
          }}
          onShowOther={() => {
            draft.takeStored(stored);
            setStored(null);
          }}
        />
      ) : null}
      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}

      <EditorSection id={`${ids}-diagnoses`} title="Diagnoses" lead="The diagnoses this plan treats, chosen from the chart.">
        <DiagnosisChoice content={content} diagnoses={summary.diagnoses} onChange={(diagnoses) => set('diagnoses', diagnoses)} error={errorFor('diagnoses')} />
      </EditorSection>

      <EditorSection id={`${ids}-problems`} title="Problems and strengths">
        <TextAreaField label="Presenting problems" hint="What brings the patient, in a few lines." rows={3} spellCheck value={content.presentingProblems} onChange={(e) => set('presentingProblems', e.target.value)} {...bind('presentingProblems')} />
        <TextAreaField label="Effect on daily life" hint="Work or study, relationships, sleep, self-care." rows={3} spellCheck value={content.dailyLifeEffect} onChange={(e) => set('dailyLifeEffect', e.target.value)} {...bind('dailyLifeEffect')} />
        <TextAreaField label="Strengths" hint="What the patient brings: supports, skills, interests, past recoveries." rows={2} spellCheck value={content.strengths} onChange={(e) => set('strengths', e.target.value)} {...bind('strengths')} />
      </EditorSection>

      <EditorSection id={`${ids}-goals`} title="Goals and objectives" lead="Each goal in the patient’s own words, with objectives that show when it is reached.">
        {content.goals.length === 0 ? <p className="muted">No goals yet. Ask the patient what they hope to achieve, and write it as they say it.</p> : null}
        <ol className="plan-goals">
          {content.goals.map((goal, index) => (
            <li key={goal.id}>
              <GoalEditor
                goal={goal}
                number={index + 1}
                draft={draft}
                bind={bind}
                errorFor={errorFor}
                justAdded={justAdded}
                onChange={(change) => updateGoal(goal.id, change)}
                onChangeObjective={(objectiveId, change) => updateObjective(goal.id, objectiveId, change)}
                onAddObjective={() => addObjective(goal.id)}
                onRemove={() =>
                  askRemoval(!hasWords(goal.patientWords, goal.formulation) && goal.objectives.length === 0, {
                    title: `Remove goal ${index + 1}?`,
                    confirm: 'Remove goal',
                    body: <p>The goal and its {goal.objectives.length === 1 ? 'objective' : `${goal.objectives.length} objectives`} leave this draft. Earlier versions keep them.</p>,
                    remove: () => draft.update((c) => ({ ...c, goals: c.goals.filter((g) => g.id !== goal.id) })),
                  })
                }
                onRemoveObjective={(objective, label) =>
                  askRemoval(!hasWords(objective.description, objective.measure), {
                    title: `Remove objective ${label}?`,
                    confirm: 'Remove objective',
                    body: <p>“{objective.description}” leaves this draft.</p>,
                    remove: () => updateGoal(goal.id, (g) => ({ ...g, objectives: g.objectives.filter((o) => o.id !== objective.id) })),
                  })
                }
              />
            </li>
          ))}
        </ol>
        {errorFor('goals') ? <p className="field__error">{errorFor('goals')}</p> : null}
        <div>
          <button type="button" className="button button--secondary" onClick={addGoal} disabled={content.goals.length >= 10}>
            Add a goal
          </button>
        </div>
      </EditorSection>

      <EditorSection id={`${ids}-interventions`} title="Interventions" lead="The treatment, as it is explained to the patient.">
        <h5 className="plan-editor__subtitle">Psychotherapy</h5>
        <datalist id={`${ids}-modalities`}>
          {MODALITIES.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <datalist id={`${ids}-frequencies`}>
          {FREQUENCIES.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {content.interventions.psychotherapy.length === 0 ? <p className="muted">None.</p> : null}
        {content.interventions.psychotherapy.map((therapy, index) => (
          <PsychotherapyEditor
            key={therapy.id}
            therapy={therapy}
            number={index + 1}
            bind={bind}
            autoFocus={justAdded === therapy.id}
            listIds={{ modalities: `${ids}-modalities`, frequencies: `${ids}-frequencies` }}
            onChange={(change) => updateItem('psychotherapy', therapy.id, change)}
            onRemove={() =>
              askRemoval(!hasWords(therapy.modality, therapy.description), {
                title: 'Remove this psychotherapy?',
                confirm: 'Remove',
                body: <p>{therapy.modality || 'This psychotherapy'} leaves this draft.</p>,
                remove: () => removeItem('psychotherapy', therapy.id),
              })
            }
          />
        ))}
        <div>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => addItem('psychotherapy', { id: crypto.randomUUID(), modality: '', frequency: 'Weekly', sessionMinutes: 50, description: '' })}
          >
            Add psychotherapy
          </button>
        </div>

        <h5 className="plan-editor__subtitle">Medications</h5>
        {content.interventions.medications.length === 0 ? <p className="muted">None.</p> : null}
        {content.interventions.medications.map((medication) => (
          <MedicationEditor
            key={medication.id}
            medication={medication}
            bind={bind}
            autoFocus={justAdded === medication.id}
            onChange={(change) => updateItem('medications', medication.id, change)}
            onRemove={() =>
              askRemoval(medication.medicationId === null && !hasWords(medication.name, medication.monitoring), {
                title: `Remove ${medication.name || 'this medication'} from the plan?`,
                confirm: 'Remove from the plan',
                body: <p>It leaves this draft of the plan only. The chart’s medication list does not change.</p>,
                remove: () => removeItem('medications', medication.id),
              })
            }
          />
        ))}
        <MedicationAdder
          current={summary.currentMedications}
          linked={new Set(content.interventions.medications.map((m) => m.medicationId).filter((id): id is string => id !== null))}
          onAdd={(medication) => addItem('medications', medication)}
        />

        <h5 className="plan-editor__subtitle">Referrals</h5>
        {content.interventions.referrals.length === 0 ? <p className="muted">None.</p> : null}
        {content.interventions.referrals.map((referral) => (
          <ReferralEditor
            key={referral.id}
            referral={referral}
            bind={bind}
            autoFocus={justAdded === referral.id}
            onChange={(change) => updateItem('referrals', referral.id, change)}
            onRemove={() =>
              askRemoval(!hasWords(referral.to, referral.reason), {
                title: 'Remove this referral?',
                confirm: 'Remove',
                body: <p>The referral to {referral.to} leaves this draft.</p>,
                remove: () => removeItem('referrals', referral.id),
              })
            }
          />
        ))}
        <div>
          <button type="button" className="button button--secondary button--small" onClick={() => addItem('referrals', { id: crypto.randomUUID(), to: '', reason: '' })}>
            Add a referral
          </button>
        </div>
      </EditorSection>

      <EditorSection id={`${ids}-safety`} title="Safety plan" lead="Written with the patient, in words they will recognise when they need them.">
        <div className="plan-editor__steps">
          {SAFETY_PLAN_FIELDS.map((field) => (
            <TextAreaField
              key={field.key}
              label={field.label}
              hint={field.hint}
              rows={3}
              spellCheck
              value={content.safetyPlan[field.key]}
              onChange={(e) => set('safetyPlan', { ...content.safetyPlan, [field.key]: e.target.value })}
              {...bind(`safetyPlan.${field.key}`)}
            />
          ))}
        </div>
      </EditorSection>

      <EditorSection id={`${ids}-review`} title="Review and discharge">
        <DateField label="Review the plan by" hint="Set from the review interval in Settings; change it to suit." value={content.reviewDate} onChange={(value) => set('reviewDate', value)} error={errorFor('reviewDate')} whenEmpty="Enter the review date." />
        <TextAreaField label="Discharge criteria" hint="What will show that treatment can end." rows={2} spellCheck value={content.dischargeCriteria} onChange={(e) => set('dischargeCriteria', e.target.value)} {...bind('dischargeCriteria')} />
      </EditorSection>

      <footer className="note-editor__bar plan-editor__bar">
        <SaveStatus state={draft.state} closedText="This plan is no longer a draft" onRetry={() => void draft.flush()}>
          <OmittedItems count={draft.omitted.size} state={draft.state} />
        </SaveStatus>
        <span className="note-editor__bar-gap" />
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setShowAll(true);
            setAgreeing(true);
          }}
        >
          Record the patient’s agreement…
        </button>
      </footer>

      {agreeing ? (
        <AgreementDialog
          plan={plan}
          content={content}
          omitted={draft.omitted.size}
          prepare={async () => {
            await draft.flush();
            if (draft.hasUnsaved()) return null;
            return draft.close();
          }}
          onAgreed={(agreed) => {
            setAgreeing(false);
            cache(agreed);
          }}
          onRefused={() => draft.reopen()}
          onCancel={() => setAgreeing(false)}
        />
      ) : null}

      <ConfirmDialog
        open={removal !== null}
        title={removal?.title ?? ''}
        confirmLabel={removal?.confirm ?? 'Remove'}
        tone="danger"
        onConfirm={() => {
          removal?.remove();
          setRemoval(null);
        }}
        onCancel={() => setRemoval(null)}
      >
        {removal?.body}
      </ConfirmDialog>
    </article>
  );
}

function EditorSection({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ReactNode }) {
  return (
    <section className="plan-editor__section" aria-labelledby={id}>
      <h4 className="plan-editor__heading" id={id}>
        {title}
      </h4>
      {lead ? <p className="plan-editor__section-lead">{lead}</p> : null}
      <div className="plan-editor__fields">{children}</div>
    </section>
  );
}

type Bind = (key: string) => { error: string | undefined; onBlur: () => void };

function DiagnosisChoice({
  content,
  diagnoses,
  onChange,
  error,
}: {
  content: PlanContent;
  diagnoses: ReturnType<typeof useChart>['summary']['diagnoses'];
  onChange: (chosen: PlanContent['diagnoses']) => void;
  error: string | undefined;
}) {
  const chosen = new Set(content.diagnoses.map((d) => d.diagnosisId));
  const onChart = sortDiagnoses(diagnoses.filter((d) => d.enteredInError === null && (d.status !== 'resolved' || chosen.has(d.id))));
  const known = new Set(onChart.map((d) => d.id));
  // Chosen earlier and since marked entered in error on the chart: shown so they can be taken out.
  const gone = content.diagnoses.filter((d) => !known.has(d.diagnosisId));
  if (onChart.length === 0 && gone.length === 0) {
    return <p className="muted">No diagnoses on the chart yet. Add them in the Diagnoses section; they can then be chosen here.</p>;
  }
  return (
    <fieldset className="choice-group">
      <legend className="visually-hidden">Diagnoses this plan treats</legend>
      <div className="plan-checks">
        {onChart.map((diagnosis) => (
          <label key={diagnosis.id} className="checkbox plan-check">
            <input
              type="checkbox"
              checked={chosen.has(diagnosis.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...content.diagnoses, { diagnosisId: diagnosis.id, code: diagnosis.code, label: diagnosis.label }]
                    : content.diagnoses.filter((d) => d.diagnosisId !== diagnosis.id),
                )
              }
            />
            <span>
              <strong className="plan-check__code">{diagnosis.code}</strong> {diagnosis.label}
              {diagnosis.isPrimary ? <span className="badge badge--accent">Primary</span> : null}
              {diagnosis.status !== 'active' ? <span className="badge badge--muted">{DIAGNOSIS_STATUS_LABELS[diagnosis.status]}</span> : null}
            </span>
          </label>
        ))}
        {gone.map((diagnosis) => (
          <label key={diagnosis.diagnosisId} className="checkbox plan-check">
            <input type="checkbox" checked onChange={() => onChange(content.diagnoses.filter((d) => d.diagnosisId !== diagnosis.diagnosisId))} />
            <span>
              <strong className="plan-check__code">{diagnosis.code}</strong> {diagnosis.label}
              <span className="field__error"> No longer on the chart: untick it.</span>
            </span>
          </label>
        ))}
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}

type GoalEditorProps = {
  goal: Goal;
  number: number;
  draft: PlanDraft;
  bind: Bind;
  errorFor: (key: string) => string | undefined;
  justAdded: string | null;
  onChange: (change: (goal: Goal) => Goal) => void;
  onChangeObjective: (objectiveId: string, change: (objective: Objective) => Objective) => void;
  onAddObjective: () => void;
  onRemove: () => void;
  onRemoveObjective: (objective: Objective, label: string) => void;
};

function GoalEditor({ goal, number, draft, bind, errorFor, justAdded, onChange, onChangeObjective, onAddObjective, onRemove, onRemoveObjective }: GoalEditorProps) {
  const ids = useId();
  const pending = !draft.saved.has(goal.id);
  return (
    <section className="plan-goal-editor" aria-labelledby={`${ids}-goal`}>
      <div className="plan-goal-editor__head">
        <h5 className="plan-goal-editor__title" id={`${ids}-goal`}>
          Goal {number}
        </h5>
        {pending && draft.omitted.has(goal.id) ? <span className="badge badge--warning">Not saved until the patient’s words are written</span> : null}
        <span className="note-editor__bar-gap" />
        <button type="button" className="button button--link" onClick={onRemove}>
          Remove goal {number}…
        </button>
      </div>
      <div className="plan-goal-editor__words">
        <div className="plan-words">
          <TextAreaField
            label="What I hope to achieve"
            hint="The patient’s own words, as they said them."
            className="plan-words__input"
            rows={2}
            spellCheck
            autoFocus={justAdded === goal.id}
            value={goal.patientWords}
            onChange={(e) => onChange((g) => ({ ...g, patientWords: e.target.value }))}
            {...bind(`${goal.id}.patientWords`)}
          />
        </div>
        <TextAreaField
          label="Clinician’s formulation"
          optional
          rows={2}
          spellCheck
          value={goal.formulation}
          onChange={(e) => onChange((g) => ({ ...g, formulation: e.target.value }))}
          {...bind(`${goal.id}.formulation`)}
        />
      </div>
      <div className="plan-objectives-editor">
        <h6 className="plan-objectives-editor__title">Measurable objectives</h6>
        {goal.objectives.length === 0 ? <p className="field__hint">At least one objective is needed before the patient can agree to the plan.</p> : null}
        {goal.objectives.map((objective, index) => {
          const label = `${number}.${index + 1}`;
          return (
            <fieldset key={objective.id} className="plan-objective-editor">
              <legend className="plan-objective-editor__legend">
                Objective {label}
                {draft.omitted.has(objective.id) ? <span className="badge badge--warning">Not saved until it is complete</span> : null}
              </legend>
              <TextField
                label="What will be different"
                placeholder="Stated so it can be measured, e.g. “Sleeps 7 hours on 5 nights a week”"
                autoFocus={justAdded === objective.id}
                value={objective.description}
                onChange={(e) => onChangeObjective(objective.id, (o) => ({ ...o, description: e.target.value }))}
                {...bind(`${objective.id}.description`)}
              />
              <div className="plan-objective-editor__row">
                <TextField
                  label="How it is measured"
                  optional
                  placeholder="Sleep diary, PHQ-9 below 10…"
                  value={objective.measure}
                  onChange={(e) => onChangeObjective(objective.id, (o) => ({ ...o, measure: e.target.value }))}
                  {...bind(`${objective.id}.measure`)}
                />
                <DateField label="Target date" value={objective.targetDate} onChange={(value) => onChangeObjective(objective.id, (o) => ({ ...o, targetDate: value }))} error={errorFor(`${objective.id}.targetDate`)} whenEmpty="Enter the target date." />
                <StatusSelect value={objective.status} onChange={(status) => onChangeObjective(objective.id, (o) => ({ ...o, status }))} />
              </div>
              <button type="button" className="button button--link plan-objective-editor__remove" onClick={() => onRemoveObjective(objective, label)}>
                Remove objective {label}…
              </button>
            </fieldset>
          );
        })}
        {errorFor(`${goal.id}.objectives`) ? <p className="field__error">{errorFor(`${goal.id}.objectives`)}</p> : null}
        <div>
          <button type="button" className="button button--secondary button--small" onClick={onAddObjective} disabled={goal.objectives.length >= 12}>
            Add an objective to goal {number}
          </button>
        </div>
      </div>
    </section>
  );
}

function StatusSelect({ value, onChange }: { value: ObjectiveStatus; onChange: (status: ObjectiveStatus) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Status
      </label>
      <select id={id} className="input input--select" value={value} onChange={(e) => onChange(e.target.value as ObjectiveStatus)}>
        {OBJECTIVE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {OBJECTIVE_STATUS_LABELS[status]}
          </option>
        ))}
      </select>
    </div>
  );
}

function PsychotherapyEditor({
  therapy,
  number,
  bind,
  autoFocus,
  listIds,
  onChange,
  onRemove,
}: {
  therapy: Psychotherapy;
  number: number;
  bind: Bind;
  autoFocus: boolean;
  listIds: { modalities: string; frequencies: string };
  onChange: (change: (therapy: Psychotherapy) => Psychotherapy) => void;
  onRemove: () => void;
}) {
  const [minutes, setMinutes] = useState(String(therapy.sessionMinutes));
  const [minutesError, setMinutesError] = useState<string | undefined>(undefined);
  return (
    <fieldset className="plan-item-editor">
      <legend className="plan-item-editor__legend">Psychotherapy {number}</legend>
      <div className="plan-item-editor__row plan-item-editor__row--therapy">
        <TextField label="Modality" list={listIds.modalities} autoFocus={autoFocus} value={therapy.modality} onChange={(e) => onChange((t) => ({ ...t, modality: e.target.value }))} {...bind(`${therapy.id}.modality`)} />
        <TextField label="How often" list={listIds.frequencies} value={therapy.frequency} onChange={(e) => onChange((t) => ({ ...t, frequency: e.target.value }))} {...bind(`${therapy.id}.frequency`)} />
        <TextField
          label="Session length (minutes)"
          type="number"
          inputMode="numeric"
          min={10}
          max={240}
          className="input--short"
          value={minutes}
          error={minutesError}
          onChange={(e) => {
            setMinutes(e.target.value);
            const value = /^\d+$/.test(e.target.value.trim()) ? Number(e.target.value) : Number.NaN;
            if (!Number.isInteger(value) || value < 10 || value > 240) {
              setMinutesError('Whole minutes, from 10 to 240.');
              return;
            }
            setMinutesError(undefined);
            onChange((t) => ({ ...t, sessionMinutes: value }));
          }}
        />
      </div>
      <TextAreaField
        label="The approach, as explained to the patient"
        optional
        rows={2}
        spellCheck
        value={therapy.description}
        onChange={(e) => onChange((t) => ({ ...t, description: e.target.value }))}
        {...bind(`${therapy.id}.description`)}
      />
      <button type="button" className="button button--link plan-item-editor__remove" onClick={onRemove}>
        Remove psychotherapy {number}…
      </button>
    </fieldset>
  );
}

function MedicationEditor({
  medication,
  bind,
  autoFocus,
  onChange,
  onRemove,
}: {
  medication: PlanMedication;
  bind: Bind;
  autoFocus: boolean;
  onChange: (change: (medication: PlanMedication) => PlanMedication) => void;
  onRemove: () => void;
}) {
  const linked = medication.medicationId !== null;
  return (
    <fieldset className="plan-item-editor">
      <legend className="plan-item-editor__legend">
        {medication.name || 'Medication'}
        {linked ? <span className="badge badge--accent">On the chart’s medication list</span> : null}
      </legend>
      <div className="plan-item-editor__row plan-item-editor__row--medication">
        {linked ? null : (
          <TextField label="Medication" autoFocus={autoFocus} value={medication.name} onChange={(e) => onChange((m) => ({ ...m, name: e.target.value }))} {...bind(`${medication.id}.name`)} />
        )}
        <TextField label="Dose" value={medication.dose} onChange={(e) => onChange((m) => ({ ...m, dose: e.target.value }))} {...bind(`${medication.id}.dose`)} />
        <TextField label="How often" value={medication.frequency} onChange={(e) => onChange((m) => ({ ...m, frequency: e.target.value }))} {...bind(`${medication.id}.frequency`)} />
      </div>
      <TextField
        label="Monitoring"
        optional
        placeholder="e.g. Lithium level and renal function every 3 months"
        value={medication.monitoring}
        onChange={(e) => onChange((m) => ({ ...m, monitoring: e.target.value }))}
        {...bind(`${medication.id}.monitoring`)}
      />
      <button type="button" className="button button--link plan-item-editor__remove" onClick={onRemove}>
        Remove {medication.name || 'this medication'} from the plan…
      </button>
    </fieldset>
  );
}

/** The chart's current medications not yet in the plan, each one click away; or one written in. */
function MedicationAdder({ current, linked, onAdd }: { current: Medication[]; linked: ReadonlySet<string>; onAdd: (medication: PlanMedication) => void }) {
  const available = current.filter((m) => !linked.has(m.medicationId));
  return (
    <div className="plan-adder">
      {available.length > 0 ? (
        <div className="plan-adder__group" role="group" aria-label="Add from the chart’s current medications">
          <span className="plan-adder__label">From the medication list:</span>
          {available.map((medication) => (
            <button
              key={medication.medicationId}
              type="button"
              className="button button--secondary button--small"
              onClick={() =>
                onAdd({ id: crypto.randomUUID(), medicationId: medication.medicationId, name: medication.name, dose: medication.dose, frequency: medication.frequency, monitoring: '' })
              }
            >
              Add {medication.name} {medication.dose}
            </button>
          ))}
        </div>
      ) : null}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => onAdd({ id: crypto.randomUUID(), medicationId: null, name: '', dose: '', frequency: '', monitoring: '' })}
        >
          Add a medication not on the list
        </button>
      </div>
    </div>
  );
}

function ReferralEditor({ referral, bind, autoFocus, onChange, onRemove }: { referral: Referral; bind: Bind; autoFocus: boolean; onChange: (change: (referral: Referral) => Referral) => void; onRemove: () => void }) {
  return (
    <fieldset className="plan-item-editor">
      <legend className="plan-item-editor__legend">Referral{referral.to ? ` to ${referral.to}` : ''}</legend>
      <div className="plan-item-editor__row">
        <TextField label="Referral to" autoFocus={autoFocus} placeholder="A service or a person" value={referral.to} onChange={(e) => onChange((r) => ({ ...r, to: e.target.value }))} {...bind(`${referral.id}.to`)} />
        <TextField label="Reason" optional value={referral.reason} onChange={(e) => onChange((r) => ({ ...r, reason: e.target.value }))} {...bind(`${referral.id}.reason`)} />
      </div>
      <button type="button" className="button button--link plan-item-editor__remove" onClick={onRemove}>
        Remove this referral…
      </button>
    </fieldset>
  );
}

/** New items left out of the save until they are complete: said beside a save that went through. */
function OmittedItems({ count, state }: { count: number; state: PlanSaveState }) {
  if (count === 0 || (state.kind !== 'saved' && state.kind !== 'saving')) return null;
  return (
    <span className="save-status__extra">
      {' '}
      · {count === 1 ? 'one new item is' : `${count} new items are`} kept here until complete
    </span>
  );
}
