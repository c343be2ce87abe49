import { useId } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { PLAN_LIMITS, type Goal, type PlanContent } from '../../../shared/plan';
import { EditorSection } from './EditorSection';
import { PlanTextArea, useFieldProblem } from './fields';
import { ObjectivesSection } from './ObjectivesSection';
import { usePlanEditor } from './PlanEditorContext';
import { hasWords } from './removal';

/** Goals in the patient's own words, each with the objectives that show when it is reached. */
export function GoalsSection() {
  const { control, getValues } = useFormContext<PlanContent>();
  const { fields: goals, append, remove } = useFieldArray({ control, name: 'goals', keyName: 'key' });
  const { askRemoval } = usePlanEditor();
  const problem = useFieldProblem('goals', null);

  const removeGoal = (index: number) => {
    const goal = getValues(`goals.${index}`);
    askRemoval(!hasWords(goal.patientWords, goal.formulation) && goal.objectives.length === 0, {
      title: `Remove goal ${index + 1}?`,
      confirm: 'Remove goal',
      body: (
        <p>
          The goal and its {goal.objectives.length === 1 ? 'objective' : `${goal.objectives.length} objectives`} leave this draft. Earlier
          versions keep them.
        </p>
      ),
      remove: () => remove(getValues('goals').findIndex((g) => g.id === goal.id)),
    });
  };

  return (
    <EditorSection title="Goals and objectives" lead="Each goal in the patient’s own words, with objectives that show when it is reached.">
      {goals.length === 0 ? (
        <p className="muted">No goals yet. Ask the patient what they hope to achieve, and write it as they say it.</p>
      ) : null}
      <ol className="plan-goals">
        {goals.map((goal, index) => (
          <li key={goal.key}>
            <GoalEditor id={goal.id} index={index} onRemove={() => removeGoal(index)} />
          </li>
        ))}
      </ol>
      {problem ? <p className="field__error">{problem}</p> : null}
      <div>
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            append({ id: crypto.randomUUID(), patientWords: '', formulation: '', objectives: [] } satisfies Goal, {
              focusName: `goals.${goals.length}.patientWords`,
            })
          }
          disabled={goals.length >= PLAN_LIMITS.goals}
        >
          Add a goal
        </button>
      </div>
    </EditorSection>
  );
}

function GoalEditor({ id, index, onRemove }: { id: string; index: number; onRemove: () => void }) {
  const headingId = useId();
  const { saved, omitted } = usePlanEditor();
  const number = index + 1;
  return (
    <section className="plan-goal-editor" aria-labelledby={headingId}>
      <div className="plan-goal-editor__head">
        <h5 className="plan-goal-editor__title" id={headingId}>
          Goal {number}
        </h5>
        {!saved.has(id) && omitted.has(id) ? <span className="badge badge--warning">Not saved until it is corrected</span> : null}
        <span className="note-editor__bar-gap" />
        <button type="button" className="button button--link" onClick={onRemove}>
          Remove goal {number}…
        </button>
      </div>
      <div className="plan-goal-editor__words">
        <div className="plan-words">
          <PlanTextArea
            name={`goals.${index}.patientWords`}
            owner={id}
            label="What I hope to achieve"
            hint="The patient’s own words, as they said them."
            className="plan-words__input"
            rows={2}
            spellCheck
          />
        </div>
        <PlanTextArea name={`goals.${index}.formulation`} owner={id} label="Clinician’s formulation" optional rows={2} spellCheck />
      </div>
      <ObjectivesSection goalId={id} goalIndex={index} />
    </section>
  );
}
