/*
 * Where a patient's safety plan is: the chart's Plan tab, asked to bring the safety plan section
 * into view and give it keyboard focus. One target for every way there (the item-9 notices, the
 * chart's banner, the practice view, Ctrl+K, the Today view). A query rather than a #fragment:
 * under the HashRouter the URL's fragment is the route itself.
 */

/** The `section` a plan route is asked to land on. */
export const PLAN_SECTION_PARAM = 'section';
export const SAFETY_PLAN_SECTION = 'safety-plan';
/** The element id of the safety plan section on the plan, in the draft editor and the agreed plan alike. */
export const SAFETY_PLAN_ELEMENT_ID = 'safety-plan';

export function safetyPlanPath(patientId: string): string {
  return `/patients/${patientId}/plan?${PLAN_SECTION_PARAM}=${SAFETY_PLAN_SECTION}`;
}
