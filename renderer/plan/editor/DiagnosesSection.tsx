import { useFieldArray, useFormContext } from 'react-hook-form';
import { DIAGNOSIS_STATUS_LABELS, sortDiagnoses, type Diagnosis } from '../../../shared/diagnosis';
import type { PlanContent } from '../../../shared/plan';
import { EditorSection } from './EditorSection';
import { useFieldProblem } from './fields';

/** The chart's diagnoses this plan treats, ticked from the chart's list. */
export function DiagnosesSection({ diagnoses }: { diagnoses: readonly Diagnosis[] }) {
  const { control } = useFormContext<PlanContent>();
  const { fields: chosenList, append, remove } = useFieldArray({ control, name: 'diagnoses', keyName: 'key' });
  const problem = useFieldProblem('diagnoses', null);
  const chosen = new Set(chosenList.map((d) => d.diagnosisId));
  const onChart = sortDiagnoses(diagnoses.filter((d) => d.enteredInError === null && (d.status !== 'resolved' || chosen.has(d.id))));
  const known = new Set(onChart.map((d) => d.id));
  // Chosen earlier and since marked entered in error on the chart: shown so they can be taken out.
  const gone = chosenList.filter((d) => !known.has(d.diagnosisId));
  const untick = (diagnosisId: string) => remove(chosenList.findIndex((d) => d.diagnosisId === diagnosisId));

  return (
    <EditorSection title="Diagnoses" lead="The diagnoses this plan treats, chosen from the chart.">
      {onChart.length === 0 && gone.length === 0 ? (
        <p className="muted">No diagnoses on the chart yet. Add them in the Diagnoses section; they can then be chosen here.</p>
      ) : (
        <fieldset className="choice-group">
          <legend className="visually-hidden">Diagnoses this plan treats</legend>
          <div className="plan-checks">
            {onChart.map((diagnosis) => (
              <label key={diagnosis.id} className="checkbox plan-check">
                <input
                  type="checkbox"
                  checked={chosen.has(diagnosis.id)}
                  onChange={(event) =>
                    event.target.checked
                      ? append({ diagnosisId: diagnosis.id, code: diagnosis.code, label: diagnosis.label }, { shouldFocus: false })
                      : untick(diagnosis.id)
                  }
                />
                <span>
                  <strong className="plan-check__code">{diagnosis.code}</strong> {diagnosis.label}
                  {diagnosis.isPrimary ? <span className="badge badge--accent">Primary</span> : null}
                  {diagnosis.status !== 'active' ? (
                    <span className="badge badge--muted">{DIAGNOSIS_STATUS_LABELS[diagnosis.status]}</span>
                  ) : null}
                </span>
              </label>
            ))}
            {gone.map((diagnosis) => (
              <label key={diagnosis.key} className="checkbox plan-check">
                <input type="checkbox" checked onChange={() => untick(diagnosis.diagnosisId)} />
                <span>
                  <strong className="plan-check__code">{diagnosis.code}</strong> {diagnosis.label}
                  <span className="field__error"> No longer on the chart: untick it.</span>
                </span>
              </label>
            ))}
          </div>
          {problem ? <p className="field__error">{problem}</p> : null}
        </fieldset>
      )}
    </EditorSection>
  );
}
