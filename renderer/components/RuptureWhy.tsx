import { describeRupture } from '../../shared/outcomes-ruptures';
import { useChannelQuery } from '../bridge/queries';

/**
 * Why a session is flagged "Talk about how the work together is going": the patient's last rating
 * against their own usual, with the numbers. Shown beside the flag in the session dialog and on Today.
 */
export function RuptureWhy({ patientId, className }: { patientId: string; className?: string }) {
  const rupture = useChannelQuery('feedback:rupture', { patientId });
  if (!rupture.data) return null;
  return <span className={className}>{describeRupture(rupture.data)}</span>;
}
