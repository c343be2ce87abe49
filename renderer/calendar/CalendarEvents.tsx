import type { CSSProperties } from 'react';
import type { EventProps, HeaderProps, ToolbarProps, View } from 'react-big-calendar';
import { APPOINTMENT_ALERT_LABELS, APPOINTMENT_KINDS, ATTENDANCE_LABELS, KIND_LABELS, type Appointment } from '../../shared/appointment';
import { attendanceText, isCancelled } from '../format/sessions';
import { formatLongDay, formatTime, formatTimeRange } from '../format/times';
import { eventLabel, isRunning } from './labels';

/** One session as react-big-calendar holds it. */
export type CalendarEvent = { key: string; appointment: Appointment; start: Date; end: Date; title: string };

export function toCalendarEvent(appointment: Appointment): CalendarEvent {
  return {
    key: appointment.key,
    appointment,
    start: new Date(appointment.start),
    end: new Date(appointment.end),
    title: appointment.patientName,
  };
}

export const CALENDAR_VIEWS: View[] = ['day', 'week', 'work_week', 'month', 'agenda'];

const VIEW_LABELS: Record<string, string> = {
  day: 'Day',
  week: 'Week',
  work_week: 'Work week',
  month: 'Month',
  agenda: 'Agenda',
};

function Chevron({ direction }: { direction: 'left' | 'right' }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d={direction === 'left' ? 'M10 3.5 5.5 8l4.5 4.5' : 'M6 3.5 10.5 8 6 12.5'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** Today, back, next, the range shown, and the views. */
export function CalendarToolbar({ label, onNavigate, onView, view }: ToolbarProps<CalendarEvent>) {
  return (
    <div className="cal-toolbar">
      <div className="cal-toolbar__nav">
        <button type="button" className="button button--secondary button--small" onClick={() => onNavigate('TODAY')}>
          Today
        </button>
        <div className="cal-toolbar__arrows">
          <button
            type="button"
            className="button button--secondary button--small button--icon"
            aria-label="Previous"
            title="Previous"
            onClick={() => onNavigate('PREV')}
          >
            <Chevron direction="left" />
          </button>
          <button
            type="button"
            className="button button--secondary button--small button--icon"
            aria-label="Next"
            title="Next"
            onClick={() => onNavigate('NEXT')}
          >
            <Chevron direction="right" />
          </button>
        </div>
        <h2 className="cal-toolbar__label" aria-live="polite">
          {label}
        </h2>
      </div>
      <div className="view-switch" role="group" aria-label="View">
        {CALENDAR_VIEWS.map((name) => (
          <button key={name} type="button" className="view-switch__button" aria-pressed={view === name} onClick={() => onView(name)}>
            {VIEW_LABELS[name]}
          </button>
        ))}
      </div>
    </div>
  );
}

function AttendanceMark({ appointment }: { appointment: Appointment }) {
  if (isRunning(appointment)) return <span className="cal-mark cal-mark--running">In session</span>;
  if (appointment.attendance === 'scheduled') return null;
  return <span className={`cal-mark cal-mark--${appointment.attendance}`}>{attendanceText(appointment)}</span>;
}

function VideoMark({ appointment }: { appointment: Appointment }) {
  if (!appointment.isVideo) return null;
  return (
    <svg className="cal-video" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="4" width="9" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M10.5 7l4-2.5v7l-4-2.5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * What to raise in this session (a plan past its review date, feedback that fell), as a flag and its
 * words. Every alert the main process sends is drawn the same way, so a new kind needs no new code here.
 */
export function AlertFlags({ appointment, compact = false }: { appointment: Pick<Appointment, 'alerts'>; compact?: boolean }) {
  if (appointment.alerts.length === 0) return null;
  return (
    <span className={`cal-alerts${compact ? ' cal-alerts--compact' : ''}`}>
      {appointment.alerts.map((alert) => (
        <span key={alert} className={`cal-alert cal-alert--${alert}`} title={APPOINTMENT_ALERT_LABELS[alert]}>
          <span className="cal-alert__flag" aria-hidden="true">
            ⚑
          </span>
          {compact ? null : <span className="cal-alert__text">{APPOINTMENT_ALERT_LABELS[alert]}</span>}
        </span>
      ))}
    </span>
  );
}

function Visual({ appointment, compact }: { appointment: Appointment; compact: boolean }) {
  const start = new Date(appointment.start);
  const end = new Date(appointment.end);
  return (
    <span className={`cal-event${compact ? ' cal-event--compact' : ''}`} aria-hidden="true">
      <span className="cal-event__line">
        {/* A short session has one line: its start says enough, and its length shows in the box. */}
        <span className="cal-event__time">{compact ? formatTime(start) : formatTimeRange(start, end)}</span>
        <VideoMark appointment={appointment} />
        <AlertFlags appointment={appointment} compact={compact} />
      </span>
      <span className="cal-event__name">
        <bdi>{appointment.patientName}</bdi>
      </span>
      <span className="cal-event__meta">
        <span className="cal-event__kind">{KIND_LABELS[appointment.kind]}</span>
        <AttendanceMark appointment={appointment} />
      </span>
    </span>
  );
}

/**
 * Day and week views: react-big-calendar's event is already a focusable role="button"; its
 * accessible name comes from this content, so the sentence is here and the visual part is hidden.
 */
export function TimeGridEventContent({ event }: EventProps<CalendarEvent>) {
  return (
    <>
      <span className="visually-hidden">{eventLabel(event.appointment)}</span>
      <Visual appointment={event.appointment} compact={event.appointment.durationMinutes < 40} />
    </>
  );
}

/**
 * Month and agenda views draw events as plain boxes and cells, so each holds a real button;
 * its click reaches react-big-calendar's own handler, which opens the session.
 */
export function MonthEventContent({ event }: EventProps<CalendarEvent>) {
  const appointment = event.appointment;
  return (
    <span ref={cellInWeekRow} className="cal-month-event-cell">
      <MonthEventButton appointment={appointment} start={event.start} />
    </span>
  );
}

/**
 * react-big-calendar draws a week of the month as role="row", whose children must be cells, so a
 * session there is one; the same content in the "+N more" overlay has no row around it and stays plain.
 */
function cellInWeekRow(node: HTMLSpanElement | null): void {
  if (node?.parentElement?.closest('[role="row"]')) node.setAttribute('role', 'cell');
}

function MonthEventButton({ appointment, start }: { appointment: Appointment; start: Date }) {
  return (
    <button type="button" className="cal-month-event" aria-label={eventLabel(appointment)}>
      <span className="cal-month-event__time" aria-hidden="true">
        {formatTime(start)}
      </span>
      <span className="cal-month-event__name" aria-hidden="true">
        <bdi>{appointment.patientName}</bdi>
      </span>
      <AttendanceDot appointment={appointment} />
      <AlertFlags appointment={appointment} compact />
    </button>
  );
}

/**
 * The day and week views' column heading: react-big-calendar's own is a role="columnheader" with no
 * row around it, inside a button. Here it is the button's words: the short label seen, the whole day heard.
 */
export function DayColumnHeader({ date, label }: HeaderProps) {
  return (
    <>
      <span aria-hidden="true">{label}</span>
      <span className="visually-hidden">{formatLongDay(date)}</span>
    </>
  );
}

function AttendanceDot({ appointment }: { appointment: Appointment }) {
  if (appointment.attendance === 'scheduled' && !isRunning(appointment)) return null;
  return (
    <span
      className={`cal-dot cal-dot--${isRunning(appointment) ? 'running' : appointment.attendance}`}
      aria-hidden="true"
      title={attendanceText(appointment)}
    />
  );
}

export function AgendaEventContent({ event }: EventProps<CalendarEvent>) {
  const appointment = event.appointment;
  return (
    <button type="button" className="cal-agenda-event" aria-label={eventLabel(appointment)}>
      <span className="cal-agenda-event__name" aria-hidden="true">
        <bdi>{appointment.patientName}</bdi>
      </span>
      <span className="cal-agenda-event__kind" aria-hidden="true">
        {KIND_LABELS[appointment.kind]}
        {appointment.isVideo ? ' · Video' : ''}
        {appointment.location ? (
          <>
            {' · '}
            <bdi>{appointment.location}</bdi>
          </>
        ) : null}
      </span>
      <span aria-hidden="true">
        <AttendanceMark appointment={appointment} />
      </span>
      <span aria-hidden="true">
        <AlertFlags appointment={appointment} />
      </span>
    </button>
  );
}

/** What the colours and marks on the calendar mean, in words, below it. */
export function CalendarLegend() {
  return (
    <div className="cal-legend" aria-label="What the colours mean" role="group">
      <ul className="cal-legend__group">
        {APPOINTMENT_KINDS.map((kind) => (
          <li key={kind} className={`cal-legend__item cal-legend__kind cal-legend__kind--${kind}`}>
            {KIND_LABELS[kind]}
          </li>
        ))}
      </ul>
      <ul className="cal-legend__group">
        {LEGEND_ATTENDANCE.map((attendance) => (
          <li key={attendance} className="cal-legend__item">
            <span className={`cal-dot cal-dot--${attendance}`} aria-hidden="true" />
            {ATTENDANCE_LABELS[attendance]}
          </li>
        ))}
        <li className="cal-legend__item cal-legend__struck">Cancelled</li>
        <li className="cal-legend__item">
          <span className="cal-alert" aria-hidden="true">
            ⚑
          </span>
          To raise in the session
        </li>
      </ul>
    </div>
  );
}

const LEGEND_ATTENDANCE = ['attended', 'late', 'no-show', 'late-cancellation'] as const;

/** Hover shows the whole sentence: a week column is often too narrow for the name. */
export function eventTooltip(event: CalendarEvent): string {
  return eventLabel(event.appointment);
}

/** Classes by attendance and state; the colours live in calendar.css. */
export function eventPropGetter(event: CalendarEvent): { className: string; style?: CSSProperties } {
  const a = event.appointment;
  const classes = ['cal-ev', `cal-ev--${a.attendance}`, `cal-ev--kind-${a.kind}`];
  if (isCancelled(a)) classes.push('cal-ev--cancelled');
  if (isRunning(a)) classes.push('cal-ev--running');
  if (a.isMoved) classes.push('cal-ev--moved');
  if (a.alerts.length > 0) classes.push('cal-ev--alert');
  return { className: classes.join(' ') };
}

/** A cancelled or running session stays where it is: the first is history, the second is happening. */
export function canMove(event: CalendarEvent): boolean {
  return !isCancelled(event.appointment) && !isRunning(event.appointment) && event.appointment.actualEnd === null;
}
