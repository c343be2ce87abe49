import { addDays, addMonths, format, getDay, parse, startOfDay, startOfWeek } from 'date-fns';
import { enUS } from 'date-fns/locale';
import { dateFnsLocalizer, type Formats, type View } from 'react-big-calendar';
import { appFormats } from '../format/app';
import { WEEK_STARTS_ON } from './weekStart';

/**
 * Created once for the whole app: react-big-calendar re-lays-out everything when the localizer changes.
 * date-fns does the arithmetic only; every label is written by renderer/format in the app's locale.
 */
export const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (date: Date) => startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON }),
  getDay,
  locales: { 'en-US': enUS },
});

/**
 * Every format react-big-calendar knows, so none of its date-fns patterns ("h:mma", "p") is ever
 * used. Stable for the app's lifetime. The event's own time range is left empty on purpose: the
 * event component writes the time, so a screen reader hears it once, in a sentence.
 */
export const formats = {
  dateFormat: (date) => appFormats.dayOfMonth(date),
  dayFormat: (date) => appFormats.dayColumn(date),
  weekdayFormat: (date) => appFormats.weekday(date),
  timeGutterFormat: (date) => appFormats.time(date),
  monthHeaderFormat: (date) => appFormats.monthYear(date),
  dayHeaderFormat: (date) => appFormats.longDay(date),
  dayRangeHeaderFormat: ({ start, end }) => appFormats.dayRange(start, end),
  agendaHeaderFormat: ({ start, end }) => appFormats.dayRange(start, end),
  agendaDateFormat: (date) => appFormats.agendaDate(date),
  agendaTimeFormat: (date) => appFormats.time(date),
  agendaTimeRangeFormat: ({ start, end }) => appFormats.timeRange(start, end),
  selectRangeFormat: ({ start, end }) => appFormats.timeRange(start, end),
  eventTimeRangeFormat: () => '',
  eventTimeRangeStartFormat: () => '',
  eventTimeRangeEndFormat: () => '',
} satisfies Required<Formats>;

/** The agenda's length in days, as react-big-calendar's default. */
export const AGENDA_DAYS = 30;

export type VisibleRange = { from: string; to: string };

function asRange(first: Date, last: Date): VisibleRange {
  return { from: startOfDay(first).toISOString(), to: addDays(startOfDay(last), 1).toISOString() };
}

/**
 * The days a view shows around a date, as [from, to) instants: the same days react-big-calendar
 * draws, so the first load asks for exactly what later onRangeChange calls report.
 */
export function visibleRange(view: View, date: Date): VisibleRange {
  switch (view) {
    case 'day':
      return asRange(date, date);
    case 'week': {
      const first = startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON });
      return asRange(first, addDays(first, 6));
    }
    case 'work_week': {
      const first = startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON });
      const days = Array.from({ length: 7 }, (_, i) => addDays(first, i)).filter((d) => d.getDay() !== 0 && d.getDay() !== 6);
      return asRange(days[0] ?? first, days[days.length - 1] ?? first);
    }
    case 'month': {
      const firstOfMonth = new Date(date.getFullYear(), date.getMonth(), 1);
      const lastOfMonth = new Date(date.getFullYear(), date.getMonth() + 1, 0);
      const first = startOfWeek(firstOfMonth, { weekStartsOn: WEEK_STARTS_ON });
      const last = addDays(startOfWeek(lastOfMonth, { weekStartsOn: WEEK_STARTS_ON }), 6);
      return asRange(first, last);
    }
    case 'agenda':
      return asRange(date, addDays(date, AGENDA_DAYS));
  }
}

/**
 * The date a view shows after one press of "Next" (direction 1) or "Back" (-1), as
 * react-big-calendar's views step: a day, a week, a month, or the agenda's length.
 */
export function stepDate(view: View, date: Date, direction: 1 | -1): Date {
  switch (view) {
    case 'day':
      return addDays(date, direction);
    case 'week':
    case 'work_week':
      return addDays(date, 7 * direction);
    case 'month':
      return addMonths(date, direction);
    case 'agenda':
      return addDays(date, AGENDA_DAYS * direction);
  }
}

/** What onRangeChange reports (a list of days, or a start and end day), as [from, to) instants. */
export function rangeFromCalendar(range: Date[] | { start: Date; end: Date }): VisibleRange | null {
  if (Array.isArray(range)) {
    const first = range[0];
    const last = range[range.length - 1];
    return first && last ? asRange(first, last) : null;
  }
  return asRange(range.start, range.end);
}
