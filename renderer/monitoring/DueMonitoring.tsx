import { Link } from 'react-router';
import { MONITORING_READS } from '../../shared/channels/monitoring';
import { useChannelQuery } from '../bridge/queries';
import { dueText, recordedAt } from './dueText';

/**
 * What the patient's medications ask to be checked: each overdue or due check on a line that opens
 * the tab where it is recorded. Nothing when nothing is due. The chart's header shows what is due this
 * week; a session in the calendar what will be due by its day (`by`), so it is raised in the session.
 */
export function DueMonitoring({
  patientId,
  where,
  by,
  onLeave,
}: {
  patientId: string;
  where: 'chart' | 'session';
  /** The session's day (YYYY-MM-DD): checks due by then are shown. */
  by?: string;
  /** Called as a line is followed (the dialog it sits in closes). */
  onLeave?: () => void;
}) {
  const monitoring = useChannelQuery('monitoring:patient', { patientId }, { reads: MONITORING_READS });
  const due = monitoring.data?.due.filter((check) => check.status !== 'upcoming' || (by !== undefined && check.dueOn <= by)) ?? [];
  if (!monitoring.data || due.length === 0) return null;
  const today = monitoring.data.today;
  return (
    <section className={`due-monitoring due-monitoring--${where}`} aria-label="Monitoring due">
      <ul className="due-monitoring__list">
        {due.map((check) => (
          <li key={`${check.protocol}:${check.check}`} className={`due-monitoring__item due-monitoring__item--${check.status}`}>
            <Link to={recordedAt(patientId, check)} onClick={onLeave}>
              {dueText(check, today)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
