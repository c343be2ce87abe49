import { useId } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { PLAN_LIMITS, type PlanContent, type Psychotherapy } from '../../../shared/plan';
import { PlanTextArea, PlanTextField } from './fields';
import { usePlanEditor } from './PlanEditorContext';
import { hasWords } from './removal';

/** Suggestions, not rules: the psychiatrist writes what fits. */
const MODALITIES = [
  'Cognitive behavioural therapy',
  'Interpersonal therapy',
  'Dialectical behaviour therapy',
  'Psychodynamic psychotherapy',
  'Supportive psychotherapy',
  'Behavioural activation',
  'Family therapy',
];
const FREQUENCIES = ['Weekly', 'Every two weeks', 'Every four weeks', 'Monthly'];

/** The psychotherapies of the plan: modality, how often, how long, and the approach in the patient's terms. */
export function PsychotherapyList() {
  const ids = useId();
  const { control, getValues } = useFormContext<PlanContent>();
  const { fields: therapies, append, remove } = useFieldArray({ control, name: 'interventions.psychotherapy', keyName: 'key' });
  const { askRemoval } = usePlanEditor();

  const removeTherapy = (index: number) => {
    const therapy = getValues(`interventions.psychotherapy.${index}`);
    askRemoval(!hasWords(therapy.modality, therapy.description), {
      title: 'Remove this psychotherapy?',
      confirm: 'Remove',
      body: <p>{therapy.modality ? <bdi>{therapy.modality}</bdi> : 'This psychotherapy'} leaves this draft.</p>,
      remove: () => remove(getValues('interventions.psychotherapy').findIndex((t) => t.id === therapy.id)),
    });
  };

  return (
    <>
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
      {therapies.length === 0 ? <p className="muted">None.</p> : null}
      {therapies.map((therapy, index) => {
        const path = `interventions.psychotherapy.${index}` as const;
        return (
          <fieldset key={therapy.key} className="plan-item-editor">
            <legend className="plan-item-editor__legend">Psychotherapy {index + 1}</legend>
            <div className="plan-item-editor__row plan-item-editor__row--therapy">
              <PlanTextField name={`${path}.modality`} owner={therapy.id} label="Modality" list={`${ids}-modalities`} />
              <PlanTextField name={`${path}.frequency`} owner={therapy.id} label="How often" list={`${ids}-frequencies`} />
              <PlanTextField
                name={`${path}.sessionMinutes`}
                owner={therapy.id}
                number
                label="Session length (minutes)"
                type="number"
                inputMode="numeric"
                min={PLAN_LIMITS.sessionMinutes.min}
                max={PLAN_LIMITS.sessionMinutes.max}
                className="input--short"
              />
            </div>
            <PlanTextArea
              name={`${path}.description`}
              owner={therapy.id}
              label="The approach, as explained to the patient"
              optional
              rows={2}
              spellCheck
            />
            <button type="button" className="button button--link plan-item-editor__remove" onClick={() => removeTherapy(index)}>
              Remove psychotherapy {index + 1}…
            </button>
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() =>
            append(
              { id: crypto.randomUUID(), modality: '', frequency: 'Weekly', sessionMinutes: 50, description: '' } satisfies Psychotherapy,
              {
                focusName: `interventions.psychotherapy.${therapies.length}.modality`,
              },
            )
          }
        >
          Add psychotherapy
        </button>
      </div>
    </>
  );
}
