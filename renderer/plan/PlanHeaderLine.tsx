import { Link } from 'react-router';
import type { PlanStatus } from '../../shared/plan';
import { formatCalendarDate } from '../format/dates';

/** The chart header's line on the plan: its version and state, the review date, and a flag once it is due. */
export function PlanHeaderLine({ patientId, plan }: { patientId: string; plan: PlanStatus | null }) {
  if (plan === null) {
    return (
      <span className="plan-header-line">
        <span className="muted">None yet</span> · <Link to={`/patients/${patientId}/plan`}>Begin</Link>
      </span>
    );
  }
  return (
    <span className="plan-header-line">
      <Link to={`/patients/${patientId}/plan`}>Version {plan.number}</Link>, {stateOf(plan)} · review by{' '}
      {formatCalendarDate(plan.reviewDate)}
      {plan.reviewDue ? <span className="plan-badge plan-badge--due">Review due</span> : null}
    </span>
  );
}

/** A final version the patient declined says so: it is final, but not agreed. */
function stateOf(plan: PlanStatus): string {
  if (plan.status === 'draft') return 'draft';
  return plan.agreementMethod === 'declined' ? 'final, declined by the patient' : 'final';
}
