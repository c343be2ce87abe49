import { NumberPreference } from './NumberPreference';

/** The review date a new treatment plan starts with, this many days after it is begun; each plan's own date stays editable in it. */
export function PlanReviewPreference({ days }: { days: number }) {
  return (
    <NumberPreference
      setting="planReviewDays"
      value={days}
      title="Treatment plan review"
      text="A new treatment plan is due for review with the patient this many days after it is begun; Today says when one is due. A plan’s own review date can be changed in the plan, and plans already begun keep theirs."
      label="Days after a plan is begun"
      hint="From 7 to 365 days."
      min={7}
      max={365}
      empty="Enter a number of days."
      saved={(saved) => `Saved. A plan begun from now on is due for review ${saved} days after.`}
    />
  );
}
