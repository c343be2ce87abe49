/**
 * "Book next session": the time the appointment form opens with. Runs only inside the database worker.
 *
 * It counts from the patient's next session (or, with none ahead, their last one) and steps by that
 * session's series rule, or by a week when it is a one-off, to the first day the patient has nothing
 * booked: after a series that ends, that is one interval after its last session. Same wall-clock time,
 * the patient's usual length (their most common), and the kind and place of the session counted from.
 */
import type { NextSessionProposal, WorkingHours } from '../../../shared/appointment';
import { instantToLocal, localToInstant, nthWeekdayOfMonth, occurrencesBetween } from '../../../shared/recurrence';
import type { SeriesRule } from '../../../shared/recurrence';
import { DAY_MS, iso, recurrenceOf, type Session, type SessionReader } from './sessions';

/** How far back and ahead the patient's sessions are read: their last, their next, and their usual length. */
const WINDOW_MS = 400 * DAY_MS;
/** Steps tried before the proposal settles on the first (already booked) one: a year of weekly sessions. */
const MAX_STEPS = 53;

/** The most common length among the sessions; on a tie, the one used most recently. */
export function usualLength(sessions: readonly Session[]): number | null {
  const counts = new Map<number, { count: number; lastMs: number }>();
  for (const session of sessions) {
    const seen = counts.get(session.durationMinutes) ?? { count: 0, lastMs: 0 };
    counts.set(session.durationMinutes, { count: seen.count + 1, lastMs: Math.max(seen.lastMs, session.startMs) });
  }
  let best: { minutes: number; count: number; lastMs: number } | null = null;
  for (const [minutes, { count, lastMs }] of counts) {
    if (best === null || count > best.count || (count === best.count && lastMs > best.lastMs)) best = { minutes, count, lastMs };
  }
  return best?.minutes ?? null;
}

/** The rule to step by from the reference session: its series' frequency and interval, starting there. */
function stepRule(reference: Session, timeZone: string): SeriesRule {
  const firstStart = instantToLocal(new Date(reference.startMs), timeZone);
  const series = reference.series;
  if (series === null) return { firstStart, timeZone, recurrence: { frequency: 'weekly', interval: 1, end: { type: 'never' } } };
  const recurrence = recurrenceOf(series);
  if (recurrence.frequency === 'weekly') {
    return { firstStart, timeZone, recurrence: { frequency: 'weekly', interval: recurrence.interval, end: { type: 'never' } } };
  }
  const { ordinal, isLast } = nthWeekdayOfMonth(firstStart);
  const monthlyOrdinal = ordinal === 5 || (recurrence.monthlyOrdinal === -1 && isLast) ? -1 : ordinal;
  return {
    firstStart,
    timeZone,
    recurrence: { frequency: 'monthly', interval: recurrence.interval, monthlyOrdinal, end: { type: 'never' } },
  };
}

/** "a week", "2 weeks", "a month". */
function stepWords({ recurrence }: SeriesRule): string {
  const unit = recurrence.frequency === 'weekly' ? 'week' : 'month';
  return recurrence.interval === 1 ? `a ${unit}` : `${recurrence.interval} ${unit}s`;
}

export function proposeNextSession(
  sessions: SessionReader,
  patientId: string,
  context: { now: string; timeZone: string; workingHours: WorkingHours },
): NextSessionProposal {
  const nowMs = Date.parse(context.now);
  const around = sessions.ofPatient(patientId, nowMs - WINDOW_MS, nowMs + WINDOW_MS, false);
  const reference = around.find((session) => session.startMs >= nowMs) ?? around.findLast((session) => session.startMs < nowMs) ?? null;
  const durationMinutes = usualLength(around);

  if (reference === null) {
    // Never booked: a week from today, at the start of the working day.
    const day = instantToLocal(new Date(nowMs + 7 * DAY_MS), context.timeZone).slice(0, 10);
    const start = localToInstant(`${day}T${context.workingHours.start}:00`, context.timeZone);
    return { start: iso(start.getTime()), durationMinutes, kind: 'follow-up', location: '', isVideo: false, basedOn: null, step: 'a week' };
  }

  const rule = stepRule(reference, context.timeZone);
  const bookedDays = new Set(around.map((session) => instantToLocal(new Date(session.startMs), context.timeZone).slice(0, 10)));
  const candidates = occurrencesBetween(rule, new Date(reference.startMs + 1), new Date(reference.startMs + (MAX_STEPS + 1) * 31 * DAY_MS))
    .filter((local) => localToInstant(local, context.timeZone).getTime() >= nowMs)
    .slice(0, MAX_STEPS);
  const free = candidates.find((local) => !bookedDays.has(local.slice(0, 10))) ?? candidates[0];
  const start = free === undefined ? reference.startMs + 7 * DAY_MS : localToInstant(free, context.timeZone).getTime();
  return {
    start: iso(start),
    durationMinutes,
    kind: reference.kind,
    location: reference.location,
    isVideo: reference.isVideo,
    basedOn: iso(reference.startMs),
    step: stepWords(rule),
  };
}
