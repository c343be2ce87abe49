/**
 * Every way the app writes a date, a time, a range or a moment, for one locale, by Intl. Screens use
 * the app's instance through dates.ts and times.ts; tests build one per locale. A time is always
 * written with the same options, so "14:00" (or "2:00 PM") reads the same in a range, a sentence,
 * the calendar's gutter and a printed note.
 *
 * Calendar dates (YYYY-MM-DD: a birthday, an agreement's day) are read and written in UTC so the day
 * never shifts with the time zone; instants (a session's start, a signature) in the computer's zone.
 */

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const LONG_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const UTC = { timeZone: 'UTC' } as const;

const PATTERNS = {
  time: TIME,
  clockTime: { ...TIME, second: '2-digit' },
  weekday: { weekday: 'short' },
  weekdayLong: { weekday: 'long' },
  dayOfMonth: { day: 'numeric' },
  dayColumn: { weekday: 'short', day: 'numeric' },
  agendaDate: { weekday: 'short', day: 'numeric', month: 'short' },
  monthYear: { month: 'long', year: 'numeric' },
  longDay: { weekday: 'long', ...LONG_DATE },
  longDate: LONG_DATE,
  date: DATE,
  moment: { ...DATE, ...TIME },
  longMoment: { ...LONG_DATE, ...TIME },
  utcDate: { ...DATE, ...UTC },
  utcLongDate: { ...LONG_DATE, ...UTC },
  utcLongDay: { weekday: 'long', ...LONG_DATE, ...UTC },
  utcDayMonth: { day: 'numeric', month: 'short', ...UTC },
  utcMonthYear: { month: 'long', year: 'numeric', ...UTC },
  utcShortMonthYear: { month: 'short', year: 'numeric', ...UTC },
  utcShortMonthShortYear: { month: 'short', year: '2-digit', ...UTC },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

type Pattern = keyof typeof PATTERNS;

/** A YYYY-MM-DD calendar date as midnight UTC, the instant its UTC formatters write as that day. */
export function utcDay(isoDate: string): Date {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function instant(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function dateTimeFormats(locale: string) {
  // Built on first use: a screen that writes only a time never builds the others.
  const built = new Map<Pattern, Intl.DateTimeFormat>();
  const formatter = (pattern: Pattern): Intl.DateTimeFormat => {
    let found = built.get(pattern);
    if (!found) {
      found = new Intl.DateTimeFormat(locale, PATTERNS[pattern]);
      built.set(pattern, found);
    }
    return found;
  };
  const write = (pattern: Pattern) => (value: Date | string | number) => formatter(pattern).format(instant(value));
  // A YYYY-MM-DD, or an instant already at the day's midnight UTC (a chart's axis).
  const writeDay = (pattern: Pattern) => (day: string | Date | number) =>
    formatter(pattern).format(typeof day === 'string' ? utcDay(day) : instant(day));
  const writeRange = (pattern: Pattern) => (start: Date | string, end: Date | string) =>
    formatter(pattern).formatRange(instant(start), instant(end));

  return {
    locale,
    /** "14:00" / "2:00 PM". */
    time: write('time'),
    /** "14:00–14:50" / "2:00 – 2:50 PM". */
    timeRange: writeRange('time'),
    /** "14:02:31": when a draft was last saved, to the second. */
    clockTime: write('clockTime'),
    /** "Tue". */
    weekday: write('weekday'),
    /** "Tuesday". */
    weekdayLong: write('weekdayLong'),
    /** "10": the month view's day number. */
    dayOfMonth: write('dayOfMonth'),
    /** "Tue 10" / "10 Tue": a week column's heading. */
    dayColumn: write('dayColumn'),
    /** "Tue 10 Mar" / "Tue, Mar 10": a day in the agenda. */
    agendaDate: write('agendaDate'),
    /** "March 2026". */
    monthYear: write('monthYear'),
    /** "Tuesday 10 March 2026" / "Tuesday, March 10, 2026". */
    longDay: write('longDay'),
    /** "9–15 March 2026" / "March 9 – 15, 2026". */
    dayRange: writeRange('longDate'),
    /** "10 Mar 2026, 14:00" / "Mar 10, 2026, 2:00 PM": when something happened. */
    moment: write('moment'),
    /** "10 March 2026 at 14:00" / "March 10, 2026 at 2:00 PM": when a note was signed. */
    longMoment: write('longMoment'),
    /** "10 Mar 2026": the day an instant fell on, here. */
    instantDate: write('date'),
    /** "10 March 2026". */
    longInstantDate: write('longDate'),
    /** "10 Mar 2026" for a YYYY-MM-DD. */
    calendarDate: writeDay('utcDate'),
    /** "10 March 2026" for a YYYY-MM-DD. */
    longCalendarDate: writeDay('utcLongDate'),
    /** "Tuesday 10 March 2026" for a YYYY-MM-DD. */
    weekdayDate: writeDay('utcLongDay'),
    /** "10 Mar" for a YYYY-MM-DD: a chart's axis. */
    dayMonth: writeDay('utcDayMonth'),
    /** "March 2026" for a YYYY-MM-DD in that month. */
    calendarMonth: writeDay('utcMonthYear'),
    /** "Mar 2026" for a YYYY-MM-DD in that month: a chart's axis. */
    shortCalendarMonth: writeDay('utcShortMonthYear'),
    /** "Mar 26" for a YYYY-MM-DD in that month: a narrow chart's axis. */
    narrowCalendarMonth: writeDay('utcShortMonthShortYear'),
    /** "1–3 Mar 2026" for two YYYY-MM-DD days. */
    calendarDateRange: (from: string, to: string) => formatter('utcDate').formatRange(utcDay(from), utcDay(to)),
  };
}

export type DateTimeFormats = ReturnType<typeof dateTimeFormats>;
