import { SAFETY_PLAN_FIELDS } from '../../../shared/plan';
import { SAFETY_PLAN_ELEMENT_ID } from '../../components/safetyPlan';
import { EditorSection } from './EditorSection';
import { PlanTextArea } from './fields';

/** The steps of the safety plan, in the patient's words. */
export function SafetyPlanSection() {
  return (
    <EditorSection
      id={SAFETY_PLAN_ELEMENT_ID}
      title="Safety plan"
      lead="Written with the patient, in words they will recognise when they need them."
    >
      <div className="plan-editor__steps">
        {SAFETY_PLAN_FIELDS.map((field) => (
          <PlanTextArea
            key={field.key}
            name={`safetyPlan.${field.key}`}
            owner={null}
            label={field.label}
            hint={field.hint}
            rows={3}
            spellCheck
          />
        ))}
      </div>
    </EditorSection>
  );
}
