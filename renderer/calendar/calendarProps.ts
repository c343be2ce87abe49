/**
 * The props handed to react-big-calendar that never change, created once: a new object on each
 * render would make it lay out again. The calendar view and the benchmark page both use these.
 */
import { Calendar, type Components } from 'react-big-calendar';
import { AgendaEventContent, CalendarToolbar, eventTooltip, MonthEventContent, TimeGridEventContent, type CalendarEvent } from './CalendarEvents';
import { withDragAndDrop } from './dragAndDrop';

export const DragAndDropCalendar = withDragAndDrop<CalendarEvent>(Calendar);

export const COMPONENTS: Components<CalendarEvent> = {
  toolbar: CalendarToolbar,
  day: { event: TimeGridEventContent },
  week: { event: TimeGridEventContent },
  work_week: { event: TimeGridEventContent },
  month: { event: MonthEventContent },
  agenda: { event: AgendaEventContent },
};
export const MESSAGES = {
  noEventsInRange: 'No sessions in this period.',
  showMore: (count: number) => `+${count} more`,
  today: 'Today',
  previous: 'Previous',
  next: 'Next',
};
export const accessStart = (event: CalendarEvent) => event.start;
export const accessEnd = (event: CalendarEvent) => event.end;
export const accessTitle = (event: CalendarEvent) => event.title;
export const accessAllDay = () => false;
export const accessTooltip = eventTooltip;
