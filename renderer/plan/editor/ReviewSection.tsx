import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { GOAL_RATING_INTERVAL_LABELS, GOAL_RATING_INTERVALS } from '../../../shared/goal-ratings';
import { PLAN_MESSAGES, type PlanContent } from '../../../shared/plan';
import { EditorSection } from './EditorSection';
import { PlanDateField, PlanTextArea } from './fields';

/** When the plan is looked at again, how often the patient rates their goals, and what will show that treatment can end. */
export function ReviewSection() {
  const id = useId();
  const { register } = useFormContext<PlanContent>();
  return (
    <EditorSection title="Review and discharge">
      <PlanDateField
        name="reviewDate"
        owner={null}
        label="Review the plan by"
        hint="Set from the review interval in Settings; change it to suit."
        whenEmpty={PLAN_MESSAGES.reviewDate}
      />
      <div className="field">
        <label className="field__label" htmlFor={`${id}-interval`}>
          The patient rates their goals
        </label>
        <p className="field__hint" id={`${id}-interval-hint`}>
          In patient mode, in their own words, from 0 to 10. Offered at the handover when due.
        </p>
        <select
          id={`${id}-interval`}
          className="input input--select"
          aria-describedby={`${id}-interval-hint`}
          {...register('goalRatingInterval')}
        >
          {GOAL_RATING_INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {GOAL_RATING_INTERVAL_LABELS[interval]}
            </option>
          ))}
        </select>
      </div>
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
