import type { DueCheck } from '../../shared/monitoring';
import { formatCalendarDate } from '../format/dates';

/** Where a check is recorded in the chart: AIMS in its own tab, everything else with the results. */
export function recordedAt(patientId: string, check: Pick<DueCheck, 'check'>): string {
  return `/patients/${patientId}/${check.check === 'aims' ? 'aims' : 'results'}`;
}

/** "Lithium level overdue since 2 Mar 2026", "Renal function due 9 Mar 2026", "… due today". */
export function dueText(check: Pick<DueCheck, 'label' | 'dueOn' | 'status'>, today: string): string {
  if (check.status === 'overdue') return `${check.label} overdue since ${formatCalendarDate(check.dueOn)}`;
  if (check.dueOn === today) return `${check.label} due today`;
  return `${check.label} due ${formatCalendarDate(check.dueOn)}`;
}
