/**
 * What react-big-calendar is handed that does not come from the sessions shown or from the
 * person's navigation. The calendar view and the benchmark's calendar page both spread
 * calendarProps(), so the page the benchmark times is the calendar the app draws.
 */
import type { ComponentProps, ComponentType } from 'react';
import { Calendar, type CalendarProps, type Components } from 'react-big-calendar';
import type { withDragAndDropProps } from 'react-big-calendar/lib/addons/dragAndDrop';
import type { WorkingHours } from '../../shared/appointment';
import {
  AgendaEventContent,
  CALENDAR_VIEWS,
  CalendarToolbar,
  canMove,
  DayColumnHeader,
  eventPropGetter,
  eventTooltip,
  MonthEventContent,
  TimeGridEventContent,
  type CalendarEvent,
} from './CalendarEvents';
import { withDragAndDrop } from './dragAndDrop';
import { clockMinutes } from './labels';
import { formats, localizer } from './localizer';

export const DragAndDropCalendar: ComponentType<CalendarProps<CalendarEvent> & withDragAndDropProps<CalendarEvent>> =
  withDragAndDrop<CalendarEvent>(Calendar);

const COMPONENTS: Components<CalendarEvent> = {
  toolbar: CalendarToolbar,
  day: { event: TimeGridEventContent, header: DayColumnHeader },
  week: { event: TimeGridEventContent, header: DayColumnHeader },
  work_week: { event: TimeGridEventContent, header: DayColumnHeader },
  month: { event: MonthEventContent },
  agenda: { event: AgendaEventContent },
};
const MESSAGES = {
  noEventsInRange: 'No sessions in this period.',
  showMore: (count: number) => `+${count} more`,
  today: 'Today',
  previous: 'Previous',
  next: 'Next',
};
const accessStart = (event: CalendarEvent) => event.start;
const accessEnd = (event: CalendarEvent) => event.end;
const accessTitle = (event: CalendarEvent) => event.title;
const accessAllDay = () => false;

/** The practice's working week as the calendar shades it: minutes since midnight, and the weekdays (Sunday 0). */
export type WorkingDay = { startMinutes: number; endMinutes: number; days: ReadonlySet<number> };

export function workingDay(hours: WorkingHours): WorkingDay {
  return { startMinutes: clockMinutes(hours.start), endMinutes: clockMinutes(hours.end), days: new Set(hours.days) };
}

/**
 * Create it once per working week (useMemo): a new object, or a new function in it, makes
 * react-big-calendar lay everything out again.
 */
export function calendarProps(hours: WorkingDay) {
  // Half an hour before the working day, so its first session is not flush against the edge.
  const scrollMinutes = Math.max(0, hours.startMinutes - 30);
  return {
    localizer,
    formats,
    messages: MESSAGES,
    components: COMPONENTS,
    startAccessor: accessStart,
    endAccessor: accessEnd,
    titleAccessor: accessTitle,
    allDayAccessor: accessAllDay,
    tooltipAccessor: eventTooltip,
    draggableAccessor: canMove,
    resizableAccessor: canMove,
    eventPropGetter,
    slotPropGetter: (slot: Date) => {
      const minutes = slot.getHours() * 60 + slot.getMinutes();
      const working = hours.days.has(slot.getDay()) && minutes >= hours.startMinutes && minutes < hours.endMinutes;
      return { className: working ? 'cal-slot cal-slot--working' : 'cal-slot cal-slot--off' };
    },
    dayPropGetter: (day: Date) => ({ className: hours.days.has(day.getDay()) ? 'cal-day cal-day--working' : 'cal-day cal-day--off' }),
    scrollToTime: new Date(1970, 0, 1, Math.floor(scrollMinutes / 60), scrollMinutes % 60),
    views: CALENDAR_VIEWS,
    selectable: true,
    resizable: true,
    step: 15,
    timeslots: 4,
    popup: true,
    showMultiDayTimes: true,
    // Sessions that overlap sit side by side at full height, not stacked over each other.
    dayLayoutAlgorithm: 'no-overlap',
  } satisfies Partial<ComponentProps<typeof DragAndDropCalendar>>;
}
