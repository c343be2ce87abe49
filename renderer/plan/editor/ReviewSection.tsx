import { PLAN_MESSAGES } from '../../../shared/plan';
import { EditorSection } from './EditorSection';
import { PlanDateField, PlanTextArea } from './fields';

/** When the plan is looked at again, and what will show that treatment can end. */
export function ReviewSection() {
  return (
    <EditorSection title="Review and discharge">
      <PlanDateField
        name="reviewDate"
        owner={null}
        label="Review the plan by"
        hint="Set from the review interval in Settings; change it to suit."
        whenEmpty={PLAN_MESSAGES.reviewDate}
      />
      <PlanTextArea
        name="dischargeCriteria"
        owner={null}
        label="Discharge criteria"
        hint="What will show that treatment can end."
        rows={2}
        spellCheck
      />
    </EditorSection>
  );
}
