/** How the chart writes times, dates and short clinical summaries, in the person's own locale. */
import type { Appointment, AttendanceTally } from '../../shared/appointment';
import { formatLongMoment, formatWeekdayDate as weekdayDate } from '../format/dates';
import { attendanceText, describeSession } from '../format/sessions';
import { formatTime } from '../format/times';

export function formatShortTime(timestamp: string): string {
  return formatTime(timestamp);
}

/** "10 March 2026 at 14:02": when a note was signed. */
export function formatDayAndTime(timestamp: string): string {
  return formatLongMoment(timestamp);
}

/** "Tuesday 10 March 2026" for a YYYY-MM-DD day, read as UTC so it never shifts. */
export function formatWeekdayDate(isoDate: string): string {
  return weekdayDate(isoDate);
}

/** "Tuesday 10 March 2026, 10:00 – 10:50 · Follow-up · Attended". */
export function describeSessionWithAttendance(session: Appointment): string {
  return `${describeSession(session)} · ${attendanceText(session)}`;
}

/** "11 of 12 kept in the last 90 days · 1 no-show": reliability in a line. */
export function attendanceSummary(tally: AttendanceTally): string {
  if (tally.total === 0) return 'No past sessions';
  const parts = [`${tally.kept} of ${tally.total} kept`];
  if (tally.noShows > 0) parts.push(tally.noShows === 1 ? '1 no-show' : `${tally.noShows} no-shows`);
  if (tally.lateCancellations > 0)
    parts.push(tally.lateCancellations === 1 ? '1 late cancellation' : `${tally.lateCancellations} late cancellations`);
  if (tally.late > 0) parts.push(`${tally.late} late`);
  return parts.join(' · ');
}
