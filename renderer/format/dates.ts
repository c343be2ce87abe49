/** Dates as a clinician reads them, in the app's locale (see dateTimeFormats.ts). */
import { appFormats } from './app';

/** "10 Mar 2026" for a YYYY-MM-DD; read as UTC so the day never shifts with the time zone. */
export function formatCalendarDate(isoDate: string): string {
  return appFormats.calendarDate(isoDate);
}

/** "10 March 2026" for a YYYY-MM-DD. */
export function formatLongCalendarDate(isoDate: string): string {
  return appFormats.longCalendarDate(isoDate);
}

/** "Tuesday 10 March 2026" for a YYYY-MM-DD. */
export function formatWeekdayDate(isoDate: string): string {
  return appFormats.weekdayDate(isoDate);
}

/** "March 2026" for a YYYY-MM-DD in that month. */
export function formatCalendarMonth(isoDate: string): string {
  return appFormats.calendarMonth(isoDate);
}

/** "3 Nov" for a YYYY-MM-DD: where a copied section came from. */
export function formatDayMonth(isoDate: string): string {
  return appFormats.dayMonth(isoDate);
}

/** "10 Mar 2026, 14:00": when something happened, date and time together. */
export function formatMoment(timestamp: string | Date): string {
  return appFormats.moment(timestamp);
}

/** "10 March 2026 at 14:00": when a note was signed. */
export function formatLongMoment(timestamp: string | Date): string {
  return appFormats.longMoment(timestamp);
}

/** The day an instant fell on, in this computer's zone: "10 Mar 2026", or "10 March 2026" when long. */
export function formatInstantDate(timestamp: string | Date, long = false): string {
  return long ? appFormats.longInstantDate(timestamp) : appFormats.instantDate(timestamp);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date as the YYYY-MM-DD a date input holds, in local time. Not for display. */
export function dateInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatAge(years: number): string {
  return years === 1 ? '1 year' : `${years} years`;
}
