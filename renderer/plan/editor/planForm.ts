/**
 * The plan draft as react-hook-form holds it is the plan's own content (PlanContent), checked with the
 * channel's schema; only a session length being typed may be something the plan cannot hold.
 */
import { psychotherapySchema, type PlanContent } from '../../../shared/plan';

/**
 * What the draft stores of what the form holds. The form keeps a session length as typed (empty, or
 * 5, while the person is on their way to 50) and says what is wrong beside it; the draft keeps the
 * last whole length, so an unfinished number never holds back the saving of everything else.
 */
export function contentFromForm(values: PlanContent, previous: PlanContent): PlanContent {
  // The form's values are its live state: the draft gets its own copy.
  const content = structuredClone(values);
  const lastLength = new Map(previous.interventions.psychotherapy.map((therapy) => [therapy.id, therapy.sessionMinutes]));
  for (const therapy of content.interventions.psychotherapy) {
    const last = lastLength.get(therapy.id);
    if (last !== undefined && !psychotherapySchema.shape.sessionMinutes.safeParse(therapy.sessionMinutes).success)
      therapy.sessionMinutes = last;
  }
  return content;
}
