/**
 * Benchmark-only page (never shipped): the app's calendar components handed every session of the
 * practice at once, to show what loading only the visible range buys. The props are the app's own
 * (calendarProps, as renderer/calendar/CalendarPage.tsx spreads them); the data comes from the bench
 * through `window.calendarBench.show`, not from the bridge.
 */
// Vite builds this page: its stylesheets are imported for their effect, typed as the renderer's are.
/// <reference types="vite/client" />
import '../../../renderer/zod-without-eval';
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
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
import { toCalendarEvent } from '../../../renderer/calendar/CalendarEvents';
import { calendarProps, DragAndDropCalendar, workingDay } from '../../../renderer/calendar/calendarProps';

const ignore = () => {};
// The practice's working hours (08:00–18:00, Monday to Friday), shaded and scrolled to as the app does.
const CALENDAR_PROPS = calendarProps(workingDay({ start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] }));

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
        {...CALENDAR_PROPS}
        events={events}
        view={view}
        date={date}
        onView={setView}
        onNavigate={setDate}
        onRangeChange={ignore}
        onSelectEvent={ignore}
        onSelectSlot={ignore}
        onEventDrop={ignore}
        onEventResize={ignore}
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
