/** How a session reads wherever it is named: in the calendar, the chart, and the feedback. */
import { ATTENDANCE_LABELS, CANCELLED, KIND_LABELS, type Appointment } from '../../shared/appointment';
import { formatLongDay, formatTimeRange } from './times';

export function attendanceText(appointment: Pick<Appointment, 'attendance' | 'lateMinutes'>): string {
  if (appointment.attendance === 'late' && appointment.lateMinutes !== null) return `Late ${appointment.lateMinutes} min`;
  return ATTENDANCE_LABELS[appointment.attendance];
}

export function isCancelled(appointment: Pick<Appointment, 'attendance'>): boolean {
  return CANCELLED.has(appointment.attendance);
}

/** "Tuesday 10 March 2026, 10:00 – 10:50 · Follow-up". */
export function describeSession(session: Pick<Appointment, 'start' | 'end' | 'kind'>): string {
  const start = new Date(session.start);
  return `${formatLongDay(start)}, ${formatTimeRange(start, new Date(session.end))} · ${KIND_LABELS[session.kind]}`;
}
