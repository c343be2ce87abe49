/**
 * The two warnings a person sees before booking: a double booking, and a session outside the
 * working day. Both are advice; the person may book anyway (acknowledgeWarnings).
 */
import type { SchedulingWarning, WorkingHours } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import { instantToLocal } from '../../../shared/recurrence';
import { endMs, MINUTE_MS, type Session, type SessionReader } from './sessions';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The weekday of a wall-clock reading "YYYY-MM-DDTHH:mm:ss", 0 = Sunday. */
function weekdayOf(local: string): number {
  return new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay();
}

/** "Tue 10 Mar 2026" for the wall-clock day of an instant in the practice's zone. */
function dayLabel(local: string): string {
  const [year, month, day] = local.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[weekdayOf(local)]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** "Tue 10 Mar 2026, 09:00–09:50" in the practice's zone. Times only: never who the session is with. */
export function describeSessionTime(startMs: number, durationMinutes: number, timeZone: string): string {
  const start = instantToLocal(new Date(startMs), timeZone);
  const end = instantToLocal(new Date(startMs + durationMinutes * MINUTE_MS), timeZone);
  return `${dayLabel(start)}, ${start.slice(11, 16)}–${end.slice(11, 16)}`;
}

function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'no working days';
  const consecutive = sorted.every((day, index) => index === 0 || day === sorted[index - 1]! + 1);
  if (consecutive && sorted.length > 2) return `${WEEKDAYS[sorted[0]!]}–${WEEKDAYS[sorted.at(-1)!]}`;
  return sorted.map((day) => WEEKDAYS[day]).join(', ');
}

/** Inside the working day: on a working weekday, starting no earlier and ending no later than the hours, same day. */
export function withinWorkingHours(startMs: number, durationMinutes: number, hours: WorkingHours, timeZone: string): boolean {
  const start = instantToLocal(new Date(startMs), timeZone);
  const end = instantToLocal(new Date(startMs + durationMinutes * MINUTE_MS), timeZone);
  return (
    hours.days.includes(weekdayOf(start)) &&
    start.slice(0, 10) === end.slice(0, 10) &&
    start.slice(11, 16) >= hours.start &&
    end.slice(11, 16) <= hours.end
  );
}

export type WarningCheck = {
  /** The starts being booked: one session, or the sessions of a series over the next year. */
  starts: readonly number[];
  durationMinutes: number;
  /** Sessions that do not count as a clash: the one being moved, or the series being re-planned. */
  ignore: (session: Session) => boolean;
  workingHours: WorkingHours;
  timeZone: string;
};

export function schedulingWarnings(reader: SessionReader, check: WarningCheck): SchedulingWarning[] {
  const { starts, durationMinutes, timeZone } = check;
  const first = starts[0];
  if (first === undefined) return [];
  const warnings: SchedulingWarning[] = [];
  const lengthMs = durationMinutes * MINUTE_MS;

  const others = reader.between(first, starts.at(-1)! + lengthMs, false).filter((session) => !check.ignore(session));
  const clashes: { start: number; other: Session }[] = [];
  for (const start of starts) {
    const other = others.find((session) => session.startMs < start + lengthMs && endMs(session) > start);
    if (other) clashes.push({ start, other });
  }
  const firstClash = clashes[0];
  if (firstClash) {
    const when = describeSessionTime(firstClash.other.startMs, firstClash.other.durationMinutes, timeZone);
    warnings.push({
      kind: 'double-booking',
      session: { start: new Date(firstClash.other.startMs).toISOString(), end: new Date(endMs(firstClash.other)).toISOString() },
      ...(starts.length === 1 ? {} : { clashes: clashes.length }),
      message:
        starts.length === 1
          ? `This overlaps another session: ${when}.`
          : `${clashes.length} of these sessions overlap others; the first clash is with ${when}.`,
    });
  }

  // A series keeps its wall-clock time and weekday, so its first session speaks for all of them.
  if (!withinWorkingHours(first, durationMinutes, check.workingHours, timeZone)) {
    const { start, end, days } = check.workingHours;
    warnings.push({
      kind: 'outside-working-hours',
      session: { start: new Date(first).toISOString(), end: new Date(first + lengthMs).toISOString() },
      workingHours: check.workingHours,
      message: `${describeSessionTime(first, durationMinutes, timeZone)} is outside working hours (${describeDays(days)}, ${start}–${end}).`,
    });
  }
  return warnings;
}

/** Refuses the booking with the warnings unless the person has seen them and chose to book anyway. */
export function refuseUnlessAcknowledged(warnings: readonly SchedulingWarning[], acknowledged: boolean): void {
  if (warnings.length === 0 || acknowledged) return;
  throw new AppError(
    'SCHEDULING_WARNING',
    warnings.map((warning) => warning.message).join(' '),
    warnings.map((warning) => ({ path: warning.kind, message: warning.message })),
  );
}
