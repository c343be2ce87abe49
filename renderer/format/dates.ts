/** Dates as a clinician reads them, in the person's own locale. */

const calendarDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const longCalendarDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A YYYY-MM-DD calendar date; read as UTC so the day never shifts with the time zone. */
function utcDate(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export function formatCalendarDate(isoDate: string): string {
  return calendarDate.format(utcDate(isoDate));
}

export function formatLongCalendarDate(isoDate: string): string {
  return longCalendarDate.format(utcDate(isoDate));
}

export function formatMoment(timestamp: string): string {
  return moment.format(new Date(timestamp));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date as the YYYY-MM-DD a date input holds, in local time. */
export function dateInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatAge(years: number): string {
  return years === 1 ? '1 year' : `${years} years`;
}
