/** How a session reads wherever it is named: in the calendar, the chart, and the feedback. */
import {
  ATTENDANCE_LABELS,
  CANCELLED,
  KIND_LABELS,
  type Appointment,
  type SchedulingWarning,
  type WorkingHours,
} from '../../shared/appointment';
import { appFormats } from './app';
import type { DateTimeFormats } from './dateTimeFormats';
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

/** "Tue 17 Mar 2026, 09:00–09:50": a session's day and times, as a warning names it. */
function sessionWhen(session: { start: string; end: string }, f: DateTimeFormats): string {
  const start = new Date(session.start);
  return `${f.weekday(start)} ${f.instantDate(start)}, ${f.timeRange(start, new Date(session.end))}`;
}

/** "Mon–Fri" or "Mon, Wed, Fri", in the app's language (Sunday 0). */
function workingDays(days: readonly number[], f: DateTimeFormats): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'no working days';
  // 2023-01-01 was a Sunday.
  const name = (day: number) => f.weekday(new Date(2023, 0, 1 + day));
  const consecutive = sorted.every((day, index) => index === 0 || day === sorted[index - 1]! + 1);
  if (consecutive && sorted.length > 2) return `${name(sorted[0]!)}–${name(sorted.at(-1)!)}`;
  return sorted.map(name).join(', ');
}

/** "09:00–17:00" / "9:00 AM – 5:00 PM" for the working day's "HH:MM" bounds. */
function workingDay(hours: WorkingHours, f: DateTimeFormats): string {
  const at = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return new Date(2023, 0, 2, h, m);
  };
  return f.timeRange(at(hours.start), at(hours.end));
}

/** A scheduling warning in the app's locale; the worker's own words where it sent no details. */
export function schedulingWarningText(warning: SchedulingWarning, f: DateTimeFormats = appFormats): string {
  const session = warning.session;
  if (!session) return warning.message;
  if (warning.kind === 'double-booking') {
    return warning.clashes === undefined
      ? `This overlaps another session: ${sessionWhen(session, f)}.`
      : `${warning.clashes} of these sessions overlap others; the first clash is with ${sessionWhen(session, f)}.`;
  }
  if (!warning.workingHours) return warning.message;
  return `${sessionWhen(session, f)} is outside working hours (${workingDays(warning.workingHours.days, f)}, ${workingDay(warning.workingHours, f)}).`;
}
