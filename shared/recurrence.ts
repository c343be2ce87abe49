import { TZDate, tzOffset } from '@date-fns/tz';
import * as rruleModule from 'rrule';
import type { Recurrence } from './appointment';

/**
 * Recurring sessions, expanded in wall-clock time.
 *
 * rrule only ever sees "floating" dates: the wall-clock time of a session written as if it were UTC
 * (09:00 in London is handed over as 09:00Z). UTC has no daylight saving, so rrule never shifts a session
 * across a clock change. Each floating occurrence is then turned into a real instant in the series' own
 * time zone, which is why a 09:00 weekly session stays at 09:00 on the clinic's clock all year while its
 * UTC instant moves by an hour twice a year. Nothing here reads the machine's time zone.
 */

/** A series as stored: its first session's wall-clock start in its IANA zone, and how it repeats. */
export type SeriesRule = { firstStart: string; timeZone: string; recurrence: Recurrence };

/*
 * rrule 2.8.1 ships a UMD CommonJS build ("main") and an ESM build ("module") without an "exports" map.
 * Bundlers (vite, esbuild) and vitest hand us named exports; Node's own ESM loader (tsx scripts) sees
 * only the CommonJS build and exposes it as `default`.
 */
type RRuleExports = typeof rruleModule;
// Read `default` by reflection: bundlers that see only the ESM build would warn that it does not exist.
const rrule: RRuleExports =
  'RRule' in rruleModule && rruleModule.RRule !== undefined ? rruleModule : (Reflect.get(rruleModule, 'default') as RRuleExports);
const { RRule } = rrule;
type RRuleInstance = InstanceType<typeof RRule>;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const ORDINAL_WORDS: Record<MonthlyOrdinal, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };
/** rrule's weekdays, indexed like Date#getUTCDay (0 = Sunday). */
const RRULE_WEEKDAYS = [RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA] as const;

type MonthlyOrdinal = 1 | 2 | 3 | 4 | -1;

/** A wall-clock time as a floating Date: its UTC fields are the clock's reading. */
function toFloating(local: string): Date {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) throw new RangeError('Expected a local date-time like 2026-03-09T09:00:00');
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const floating = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (floating.getUTCMonth() !== month - 1 || floating.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError('This local date-time does not exist on the calendar');
  }
  return floating;
}

function fromFloating(floating: Date): string {
  return floating.toISOString().slice(0, 19);
}

function offsetMinutes(timeZone: string, instant: Date): number {
  const offset = tzOffset(timeZone, instant);
  if (Number.isNaN(offset)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return offset;
}

/**
 * The instant at which the clinic's clock in `timeZone` reads `local`.
 *
 * Two readings of a clock are not one instant:
 * - A time that never happens (the spring-forward gap, e.g. 02:30 in New York on 8 March 2026) is read with
 *   the offset before the jump, as RFC 5545 does: it reads 03:30 on the new time.
 * - A time that happens twice (the fall-back overlap, e.g. 01:30 in New York on 1 November 2026) maps to
 *   the first, earlier instant, still on summer time.
 * TZDate's own constructor resolves the overlap according to the machine's zone, so the candidates are
 * worked out from the zone's offsets instead.
 */
export function localToInstant(local: string, timeZone: string): Date {
  const floating = toFloating(local).getTime();
  // Offsets are within ±14 h, so the offsets a day either side cover every reading of this wall-clock time.
  const offsets = new Set([
    offsetMinutes(timeZone, new Date(floating - DAY_MS)),
    offsetMinutes(timeZone, new Date(floating)),
    offsetMinutes(timeZone, new Date(floating + DAY_MS)),
  ]);
  const readings = [...offsets]
    .map((offset) => floating - offset * 60_000)
    .filter((instant) => offsetMinutes(timeZone, new Date(instant)) * 60_000 === floating - instant)
    .sort((a, b) => a - b);
  const earliest = readings[0];
  if (earliest !== undefined) return new Date(earliest);

  // In the gap: read the time with the offset in force before the jump, as RFC 5545 does, so the session
  // lands where other calendar apps (and our iCalendar export) put it: 02:30 becomes 03:30 on the new time.
  return new Date(floating - offsetMinutes(timeZone, new Date(floating - DAY_MS)) * 60_000);
}

/** What the clinic's clock in `timeZone` reads at `instant`, as YYYY-MM-DDTHH:mm:ss. */
export function instantToLocal(instant: Date, timeZone: string): string {
  offsetMinutes(timeZone, instant);
  const clock = new TZDate(instant.getTime(), timeZone);
  const floating = new Date(
    Date.UTC(clock.getFullYear(), clock.getMonth(), clock.getDate(), clock.getHours(), clock.getMinutes(), clock.getSeconds()),
  );
  return fromFloating(floating);
}

/** Which weekday of its month a day is: the 2nd Tuesday, and whether it is also the last Tuesday. */
export function nthWeekdayOfMonth(local: string): { ordinal: 1 | 2 | 3 | 4 | 5; isLast: boolean } {
  const floating = toFloating(local);
  const day = floating.getUTCDate();
  const daysInMonth = new Date(Date.UTC(floating.getUTCFullYear(), floating.getUTCMonth() + 1, 0)).getUTCDate();
  return { ordinal: Math.ceil(day / 7) as 1 | 2 | 3 | 4 | 5, isLast: day + 7 > daysInMonth };
}

/**
 * The ordinal a monthly series keeps. Left unset, it is the first session's: the 2nd Tuesday stays the
 * 2nd Tuesday; a 5th Tuesday, which most months lack, becomes "the last Tuesday".
 */
function monthlyOrdinalOf(rule: SeriesRule): MonthlyOrdinal {
  if (rule.recurrence.monthlyOrdinal !== undefined) return rule.recurrence.monthlyOrdinal;
  const { ordinal } = nthWeekdayOfMonth(rule.firstStart);
  return ordinal === 5 ? -1 : ordinal;
}

function untilFloating(date: string): Date {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new RangeError('Expected an end date like 2027-06-30');
  // Inclusive: every session on the end date itself, in the series' wall-clock time.
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59));
}

/**
 * The series as an rrule over floating dates, started late when that changes nothing.
 *
 * rrule always walks from its dtstart, so a never-ending weekly series begun 20 years ago would be walked
 * through a thousand weeks to show one. For a series without a count, starting at an earlier period
 * boundary of the same series (a whole number of intervals later) gives exactly the same occurrences from
 * there on; rrule still decides which days those are. A counted series must be walked from its first
 * session to count, and is at most 520 sessions long.
 */
function seriesRRule(rule: SeriesRule, notBefore?: Date): RRuleInstance {
  const { recurrence } = rule;
  const first = toFloating(rule.firstStart);
  const weekday = RRULE_WEEKDAYS[first.getUTCDay()]!;
  let dtstart = first;
  if (notBefore !== undefined && recurrence.end.type !== 'count' && notBefore > first) {
    if (recurrence.frequency === 'weekly') {
      // One interval of margin keeps the skip on the safe side of `notBefore`.
      const periods = Math.floor((notBefore.getTime() - first.getTime()) / (WEEK_MS * recurrence.interval)) - 1;
      if (periods > 0) dtstart = new Date(first.getTime() + periods * recurrence.interval * WEEK_MS);
    } else {
      const months = (notBefore.getUTCFullYear() - first.getUTCFullYear()) * 12 + (notBefore.getUTCMonth() - first.getUTCMonth());
      const periods = Math.floor(months / recurrence.interval) - 1;
      if (periods > 0) {
        // The first of a later month in the series' rhythm, at the session's time; rrule finds the nth weekday.
        dtstart = new Date(
          Date.UTC(
            first.getUTCFullYear(),
            first.getUTCMonth() + periods * recurrence.interval,
            1,
            first.getUTCHours(),
            first.getUTCMinutes(),
            first.getUTCSeconds(),
          ),
        );
      }
    }
  }
  return new RRule({
    freq: recurrence.frequency === 'weekly' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: recurrence.interval,
    dtstart,
    wkst: RRule.MO,
    byweekday: recurrence.frequency === 'weekly' ? [weekday] : [weekday.nth(monthlyOrdinalOf(rule))],
    count: recurrence.end.type === 'count' ? recurrence.end.count : null,
    until: recurrence.end.type === 'until' ? untilFloating(recurrence.end.date) : null,
  });
}

/**
 * The wall-clock starts of the sessions whose start instant falls in [from, to), ascending.
 * Only that stretch of the series is expanded.
 */
export function occurrencesBetween(rule: SeriesRule, from: Date, to: Date): string[] {
  if (!(from < to)) return [];
  // A day of margin on the wall clock covers every offset change between a reading and its instant.
  const low = new Date(toFloating(instantToLocal(from, rule.timeZone)).getTime() - DAY_MS);
  const high = new Date(toFloating(instantToLocal(to, rule.timeZone)).getTime() + DAY_MS);
  return seriesRRule(rule, low)
    .between(low, high, true)
    .map(fromFloating)
    .filter((local) => {
      const start = localToInstant(local, rule.timeZone);
      return start >= from && start < to;
    });
}

/**
 * The wall-clock starts of the sessions whose wall-clock reading lies in [fromLocal, toLocal], ascending,
 * with no time-zone arithmetic at all: for a caller that matches slots against stored wall-clock readings
 * and turns only the few that remain into instants (the zone conversions cost more than the rule).
 */
export function wallClockOccurrencesBetween(rule: SeriesRule, fromLocal: string, toLocal: string): string[] {
  const low = toFloating(fromLocal);
  const high = toFloating(toLocal);
  if (high < low) return [];
  return seriesRRule(rule, low).between(low, high, true).map(fromFloating);
}

/** The wall-clock start of the series' last session, or null when it never ends. */
export function lastOccurrence(rule: SeriesRule): string | null {
  const { end } = rule.recurrence;
  if (end.type === 'never') return null;
  if (end.type === 'count') return fromFloatingOrNull(seriesRRule(rule).all().at(-1));
  const until = untilFloating(end.date);
  return fromFloatingOrNull(seriesRRule(rule, until).before(until, true) ?? undefined);
}

function fromFloatingOrNull(floating: Date | undefined): string | null {
  return floating === undefined ? null : fromFloating(floating);
}

/** Whether the series has a session starting at this wall-clock time. */
export function isOccurrence(rule: SeriesRule, local: string): boolean {
  let floating: Date;
  try {
    floating = toFloating(local);
  } catch {
    return false;
  }
  return seriesRRule(rule, floating).between(floating, floating, true).length === 1;
}

/**
 * Splits a series for "this and following": `before` keeps the sessions before `local`, `after` starts at
 * `local`. A series ending after a count keeps its sessions as counts on both sides (6 of 10 before, 4
 * after); one ending on a date or never has `before` end on the day before `local`.
 * `local` must be one of the series' sessions (check with `isOccurrence`); anything else is a RangeError.
 */
export function splitAt(rule: SeriesRule, local: string): { before: SeriesRule | null; after: SeriesRule } {
  if (!isOccurrence(rule, local)) throw new RangeError('The series has no session at this time');
  const at = toFloating(local);
  const { recurrence } = rule;
  // Pin the ordinal: the same "last Friday" may be the 4th in the month `after` starts in.
  const pinned: Recurrence =
    recurrence.frequency === 'monthly' ? { ...recurrence, monthlyOrdinal: monthlyOrdinalOf(rule) } : { ...recurrence };
  const after: SeriesRule = { ...rule, firstStart: fromFloating(at), recurrence: pinned };

  const whole = seriesRRule(rule);
  const firstSession = whole.after(toFloating(rule.firstStart), true);
  if (firstSession === null || firstSession.getTime() === at.getTime()) return { before: null, after };

  if (recurrence.end.type === 'count') {
    const sessionsBefore = whole.between(firstSession, at, true).filter((session) => session < at).length;
    return {
      before: { ...rule, recurrence: { ...pinned, end: { type: 'count', count: sessionsBefore } } },
      after: { ...after, recurrence: { ...pinned, end: { type: 'count', count: recurrence.end.count - sessionsBefore } } },
    };
  }
  // At most one session a day, so ending on the day before keeps exactly the earlier sessions.
  const dayBefore = fromFloating(new Date(at.getTime() - DAY_MS)).slice(0, 10);
  return { before: { ...rule, recurrence: { ...pinned, end: { type: 'until', date: dayBefore } } }, after };
}

/** "Weekly on Tuesday, 10 sessions", "Every 2 weeks on Monday until 30 Jun 2027", "Monthly on the last Friday". */
export function describeRecurrence(rule: SeriesRule): string {
  const { recurrence } = rule;
  const weekday = WEEKDAY_NAMES[toFloating(rule.firstStart).getUTCDay()]!;
  const unit = recurrence.frequency === 'weekly' ? 'week' : 'month';
  const every =
    recurrence.interval === 1 ? (recurrence.frequency === 'weekly' ? 'Weekly' : 'Monthly') : `Every ${recurrence.interval} ${unit}s`;
  const on = recurrence.frequency === 'weekly' ? `on ${weekday}` : `on the ${ORDINAL_WORDS[monthlyOrdinalOf(rule)]} ${weekday}`;
  const { end } = recurrence;
  switch (end.type) {
    case 'never':
      return `${every} ${on}`;
    case 'count':
      return `${every} ${on}, ${end.count} ${end.count === 1 ? 'session' : 'sessions'}`;
    case 'until': {
      const [year, month, day] = end.date.split('-').map(Number) as [number, number, number];
      return `${every} ${on} until ${day} ${MONTH_ABBREVIATIONS[month - 1]!} ${year}`;
    }
  }
}
