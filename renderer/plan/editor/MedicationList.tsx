import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import type { Medication } from '../../../shared/medication';
import type { PlanContent, PlanMedication } from '../../../shared/plan';
import { PlanTextField } from './fields';
import { usePlanEditor } from './PlanEditorContext';
import { hasWords } from './removal';

/** The medications of the plan: the chart's current ones one click away, or one written in. */
export function MedicationList({ current }: { current: readonly Medication[] }) {
  const { control, getValues } = useFormContext<PlanContent>();
  const { fields: medications, append, remove } = useFieldArray({ control, name: 'interventions.medications', keyName: 'key' });
  const { askRemoval } = usePlanEditor();
  const linked = new Set(medications.map((m) => m.medicationId).filter((id): id is string => id !== null));

  const removeMedication = (index: number) => {
    const medication = getValues(`interventions.medications.${index}`);
    askRemoval(medication.medicationId === null && !hasWords(medication.name, medication.monitoring), {
      title: <>Remove {medication.name ? <bdi>{medication.name}</bdi> : 'this medication'} from the plan?</>,
      confirm: 'Remove from the plan',
      body: <p>It leaves this draft of the plan only. The chart’s medication list does not change.</p>,
      remove: () => remove(getValues('interventions.medications').findIndex((m) => m.id === medication.id)),
    });
  };
  const add = (medication: PlanMedication) =>
    // One from the chart has its name already: there is nothing to type first.
    append(
      medication,
      medication.medicationId === null ? { focusName: `interventions.medications.${medications.length}.name` } : { shouldFocus: false },
    );

  return (
    <>
      <h5 className="plan-editor__subtitle">Medications</h5>
      {medications.length === 0 ? <p className="muted">None.</p> : null}
      {medications.map((medication, index) => (
        <MedicationEditor
          key={medication.key}
          id={medication.id}
          index={index}
          linked={medication.medicationId !== null}
          onRemove={() => removeMedication(index)}
        />
      ))}
      <div className="plan-adder">
        <AddFromChart current={current.filter((m) => !linked.has(m.medicationId))} onAdd={add} />
        <div>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => add({ id: crypto.randomUUID(), medicationId: null, name: '', dose: '', frequency: '', monitoring: '' })}
          >
            Add a medication not on the list
          </button>
        </div>
      </div>
    </>
  );
}

function MedicationEditor({ id, index, linked, onRemove }: { id: string; index: number; linked: boolean; onRemove: () => void }) {
  const path = `interventions.medications.${index}` as const;
  const name = useWatch<PlanContent, `${typeof path}.name`>({ name: `${path}.name` });
  return (
    <fieldset className="plan-item-editor">
      <legend className="plan-item-editor__legend">
        {name ? <bdi>{name}</bdi> : 'Medication'}
        {linked ? <span className="badge badge--accent">On the chart’s medication list</span> : null}
      </legend>
      <div className="plan-item-editor__row plan-item-editor__row--medication">
        {linked ? null : <PlanTextField name={`${path}.name`} owner={id} label="Medication" />}
        <PlanTextField name={`${path}.dose`} owner={id} label="Dose" />
        <PlanTextField name={`${path}.frequency`} owner={id} label="How often" />
      </div>
      <PlanTextField
        name={`${path}.monitoring`}
        owner={id}
        label="Monitoring"
        optional
        placeholder="e.g. Lithium level and renal function every 3 months"
      />
      <button type="button" className="button button--link plan-item-editor__remove" onClick={onRemove}>
        Remove {name ? <bdi>{name}</bdi> : 'this medication'} from the plan…
      </button>
    </fieldset>
  );
}

/** The chart's current medications not yet in the plan, each one click away. */
function AddFromChart({ current, onAdd }: { current: readonly Medication[]; onAdd: (medication: PlanMedication) => void }) {
  if (current.length === 0) return null;
  return (
    <div className="plan-adder__group" role="group" aria-label="Add from the chart’s current medications">
      <span className="plan-adder__label">From the medication list:</span>
      {current.map((medication) => (
        <button
          key={medication.medicationId}
          type="button"
          className="button button--secondary button--small"
          onClick={() =>
            onAdd({
              id: crypto.randomUUID(),
              medicationId: medication.medicationId,
              name: medication.name,
              dose: medication.dose,
              frequency: medication.frequency,
              monitoring: '',
            })
          }
        >
          Add <bdi>{medication.name}</bdi> <bdi>{medication.dose}</bdi>
        </button>
      ))}
    </div>
  );
}
