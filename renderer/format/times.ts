/**
 * Times of day and days of the week as the calendar, the chart and printed notes write them, in
 * the app's locale (see dateTimeFormats.ts). Kept apart from the calendar's localizer so a screen
 * that only writes a time never loads the calendar.
 */
import { appFormats } from './app';

/** "14:00" / "2:00 PM". */
export function formatTime(date: Date | string): string {
  return appFormats.time(date);
}

/** "14:00–14:50" / "2:00 – 2:50 PM". */
export function formatTimeRange(start: Date | string, end: Date | string): string {
  return appFormats.timeRange(start, end);
}

/** "Tue". */
export function formatWeekday(date: Date): string {
  return appFormats.weekday(date);
}

/** "Tuesday". */
export function formatWeekdayName(date: Date): string {
  return appFormats.weekdayLong(date);
}

/** "Tuesday 10 March 2026". */
export function formatLongDay(date: Date): string {
  return appFormats.longDay(date);
}

/** "9–15 March 2026". */
export function formatDayRange(start: Date, end: Date): string {
  return appFormats.dayRange(start, end);
}

/** "14:02:31": when a draft was last saved, to the second. */
export function formatClockTime(timestamp: string): string {
  return appFormats.clockTime(timestamp);
}
