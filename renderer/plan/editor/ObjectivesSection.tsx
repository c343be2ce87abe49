import { useId } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import {
  OBJECTIVE_STATUS_LABELS,
  OBJECTIVE_STATUSES,
  PLAN_LIMITS,
  PLAN_MESSAGES,
  type Objective,
  type PlanContent,
} from '../../../shared/plan';
import { PlanDateField, PlanTextField, useFieldProblem } from './fields';
import { usePlanEditor } from './PlanEditorContext';
import { hasWords } from './removal';

/** A goal's measurable objectives: what will be different, how it is measured, by when, and where it stands. */
export function ObjectivesSection({ goalId, goalIndex }: { goalId: string; goalIndex: number }) {
  const { control, getValues } = useFormContext<PlanContent>();
  const { fields: objectives, append, remove } = useFieldArray({ control, name: `goals.${goalIndex}.objectives`, keyName: 'key' });
  const { omitted, askRemoval } = usePlanEditor();
  const problem = useFieldProblem(`goals.${goalIndex}.objectives`, goalId);
  const number = goalIndex + 1;

  const removeObjective = (index: number, label: string) => {
    const objective = getValues(`goals.${goalIndex}.objectives.${index}`);
    askRemoval(!hasWords(objective.description, objective.measure), {
      title: `Remove objective ${label}?`,
      confirm: 'Remove objective',
      body: (
        <p>
          “<bdi>{objective.description}</bdi>” leaves this draft.
        </p>
      ),
      remove: () => remove(getValues(`goals.${goalIndex}.objectives`).findIndex((o) => o.id === objective.id)),
    });
  };

  return (
    <div className="plan-objectives-editor">
      <h6 className="plan-objectives-editor__title">Measurable objectives</h6>
      {objectives.length === 0 ? (
        <p className="field__hint">At least one objective is needed before the patient can agree to the plan.</p>
      ) : null}
      {objectives.map((objective, index) => {
        const label = `${number}.${index + 1}`;
        const path = `goals.${goalIndex}.objectives.${index}` as const;
        return (
          <fieldset key={objective.key} className="plan-objective-editor">
            <legend className="plan-objective-editor__legend">
              Objective {label}
              {omitted.has(objective.id) ? <span className="badge badge--warning">Not saved until it is complete</span> : null}
            </legend>
            <PlanTextField
              name={`${path}.description`}
              owner={objective.id}
              label="What will be different"
              placeholder="Stated so it can be measured, e.g. “Sleeps 7 hours on 5 nights a week”"
            />
            <div className="plan-objective-editor__row">
              <PlanTextField
                name={`${path}.measure`}
                owner={objective.id}
                label="How it is measured"
                optional
                placeholder="Sleep diary, PHQ-9 below 10…"
              />
              <PlanDateField name={`${path}.targetDate`} owner={objective.id} label="Target date" whenEmpty={PLAN_MESSAGES.targetDate} />
              <StatusSelect name={`${path}.status`} />
            </div>
            <button
              type="button"
              className="button button--link plan-objective-editor__remove"
              onClick={() => removeObjective(index, label)}
            >
              Remove objective {label}…
            </button>
          </fieldset>
        );
      })}
      {problem ? <p className="field__error">{problem}</p> : null}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() =>
            append(
              {
                id: crypto.randomUUID(),
                description: '',
                measure: '',
                targetDate: getValues('reviewDate'),
                status: 'not-started',
              } satisfies Objective,
              {
                focusName: `goals.${goalIndex}.objectives.${objectives.length}.description`,
              },
            )
          }
          disabled={objectives.length >= PLAN_LIMITS.objectivesPerGoal}
        >
          Add an objective to goal {number}
        </button>
      </div>
    </div>
  );
}

function StatusSelect({ name }: { name: `goals.${number}.objectives.${number}.status` }) {
  const id = useId();
  const { register } = useFormContext<PlanContent>();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Status
      </label>
      <select id={id} className="input input--select" {...register(name)}>
        {OBJECTIVE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {OBJECTIVE_STATUS_LABELS[status]}
          </option>
        ))}
      </select>
    </div>
  );
}
