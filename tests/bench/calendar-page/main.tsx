/**
 * Benchmark-only page (never shipped): the app's calendar components handed every session of the
 * practice at once, to show what loading only the visible range buys. The props mirror
 * renderer/calendar/CalendarPage.tsx's calendar; the data comes from the bench through
 * `window.calendarBench.show`, not from the bridge.
 */
import '../../../renderer/zod-without-eval';
import '@fontsource-variable/inter';
import '../../../renderer/styles/tokens.css';
import '../../../renderer/styles/base.css';
import '../../../renderer/styles/controls.css';
import '../../../renderer/styles/screens.css';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import '../../../renderer/calendar/calendar.css';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type View } from 'react-big-calendar';
import type { Appointment } from '../../../shared/appointment';
import { CALENDAR_VIEWS, canMove, eventPropGetter, toCalendarEvent } from '../../../renderer/calendar/CalendarEvents';
import {
  accessAllDay,
  accessEnd,
  accessStart,
  accessTitle,
  accessTooltip,
  COMPONENTS,
  DragAndDropCalendar,
  MESSAGES,
} from '../../../renderer/calendar/calendarProps';
import { formats, localizer } from '../../../renderer/calendar/localizer';

const scrollToTime = new Date(1970, 0, 1, 8, 0);
const ignore = () => {};
// The practice's working hours shaded as the app shades them (08:00–18:00, Monday to Friday).
const slotPropGetter = (slot: Date) => {
  const minutes = slot.getHours() * 60 + slot.getMinutes();
  const working = slot.getDay() >= 1 && slot.getDay() <= 5 && minutes >= 8 * 60 && minutes < 18 * 60;
  return { className: working ? 'cal-slot cal-slot--working' : 'cal-slot cal-slot--off' };
};
const dayPropGetter = (day: Date) => ({ className: day.getDay() >= 1 && day.getDay() <= 5 ? 'cal-day cal-day--working' : 'cal-day cal-day--off' });

type Shown = { appointments: Appointment[]; date: Date; view: View };

declare global {
  interface Window {
    calendarBench: { show(appointments: Appointment[], date: string, view: View): Promise<void> };
  }
}

let showOnPage: ((shown: Shown) => void) | undefined;

function BenchCalendar() {
  const [shown, setShown] = useState<Shown>({ appointments: [], date: new Date(), view: 'week' });
  const [date, setDate] = useState(shown.date);
  const [view, setView] = useState<View>(shown.view);
  showOnPage = (next) => {
    setShown(next);
    setDate(next.date);
    setView(next.view);
  };
  // Converted once, as an app that loaded everything up front would hold them.
  const events = useMemo(() => shown.appointments.map(toCalendarEvent), [shown.appointments]);
  return (
    <div className={`calendar-frame calendar-frame--${view}`} aria-busy={false}>
      <DragAndDropCalendar
        localizer={localizer}
        formats={formats}
        messages={MESSAGES}
        components={COMPONENTS}
        events={events}
        startAccessor={accessStart}
        endAccessor={accessEnd}
        titleAccessor={accessTitle}
        tooltipAccessor={accessTooltip}
        allDayAccessor={accessAllDay}
        draggableAccessor={canMove}
        resizableAccessor={canMove}
        eventPropGetter={eventPropGetter}
        slotPropGetter={slotPropGetter}
        dayPropGetter={dayPropGetter}
        views={CALENDAR_VIEWS}
        view={view}
        date={date}
        onView={setView}
        onNavigate={setDate}
        onRangeChange={ignore}
        onSelectEvent={ignore}
        onSelectSlot={ignore}
        onEventDrop={ignore}
        onEventResize={ignore}
        scrollToTime={scrollToTime}
        selectable
        resizable
        step={15}
        timeslots={4}
        popup
        showMultiDayTimes
      />
    </div>
  );
}

window.calendarBench = {
  show(appointments, date, view) {
    return new Promise((resolve) => {
      showOnPage?.({ appointments, date: new Date(date), view });
      requestAnimationFrame(() => setTimeout(resolve, 0));
    });
  },
};

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <div className="calendar-page">
      <BenchCalendar />
    </div>
  </StrictMode>,
);
