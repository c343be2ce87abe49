/**
 * Times of day and days of the week as the calendar, the chart and printed notes write them, in
 * the person's own language. Kept apart from the calendar's localizer so a screen that only writes
 * a time never loads the calendar.
 */

const language = typeof navigator === 'undefined' ? undefined : navigator.language;
const time = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(language, { weekday: 'short' });
const longDay = new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const rangeDay = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric' });
const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatTime(date: Date): string {
  return time.format(date);
}

export function formatTimeRange(start: Date, end: Date): string {
  return time.formatRange(start, end);
}

export function formatWeekday(date: Date): string {
  return weekday.format(date);
}

export function formatLongDay(date: Date): string {
  return longDay.format(date);
}

export function formatDayRange(start: Date, end: Date): string {
  return rangeDay.formatRange(start, end);
}

/** "14:02:31": when a draft was last saved, to the second. */
export function formatClockTime(timestamp: string): string {
  return clockTime.format(new Date(timestamp));
}
