import { Suspense, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { APPOINTMENT_ALERT_LABELS, KIND_LABELS, type Appointment } from '../../shared/appointment';
import { TODAY_READS } from '../../shared/today-reads';
import { INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import type { Today, TodaySession } from '../../shared/today';
import { useChannelQuery } from '../bridge/queries';
import { SessionDialog } from '../calendar';
import { Notice } from '../components/Notice';
import { RuptureWhy } from '../components/RuptureWhy';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { attendanceText, isCancelled } from '../format/sessions';
import { formatTimeRange, formatWeekday } from '../format/times';
import './today.css';

/**
 * The first screen after unlock: the day's sessions with what to bring to each, then the work still
 * open. Every line opens where that work is done: the session (its attendance, its forms, its note),
 * the chart's feedback, plan or note draft.
 */
export function TodayPage() {
  const today = useChannelQuery('today:get', {}, { reads: TODAY_READS });
  const [opened, setOpened] = useState<Appointment | null>(null);

  return (
    <div className="page page--narrow today">
      <header className="page__header">
        <div>
          <h1 className="page__title">Today</h1>
          {today.data ? <p className="page__subtitle">{formatLongCalendarDate(today.data.date)}</p> : null}
        </div>
      </header>
      {today.error ? <Notice tone="error">{explain(today.error)}</Notice> : null}
      {today.data ? (
        <TheDay day={today.data} onOpen={setOpened} />
      ) : today.isPending ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {opened ? <OpenSession appointment={opened} onClose={() => setOpened(null)} /> : null}
    </div>
  );
}

function TheDay({ day, onOpen }: { day: Today; onOpen: (appointment: Appointment) => void }) {
  return (
    <>
      <Group title="Sessions" count={day.sessions.length} empty="No sessions today.">
        {day.sessions.map((session) => (
          <SessionLine key={session.appointment.key} session={session} today={day.date} onOpen={onOpen} />
        ))}
      </Group>
      {/* The item-9 answers come first of the open work: none may wait behind paperwork. */}
      <Group title="Item-9 answers to acknowledge" count={day.selfHarm.length} empty="No item-9 answers waiting." tone="danger">
        {day.selfHarm.map((alert) => (
          <li key={alert.measureId} className="today__item">
            <Link className="today__line" to={`/patients/${alert.patientId}/feedback`}>
              <span className="today__when">{formatCalendarDate(alert.date)}</span>
              <span className="today__who">
                <bdi>{alert.patientName}</bdi>
              </span>
              <span className="today__what">PHQ-9 item 9: {alert.answer}</span>
            </Link>
          </li>
        ))}
      </Group>
      <Group title="Unsigned notes" count={day.unsignedNotes.length} empty="No unsigned notes.">
        {day.unsignedNotes.map((note) => (
          <li key={note.noteId} className="today__item">
            <Link className="today__line" to={`/patients/${note.patientId}/notes/${note.noteId}`}>
              <span className="today__when">{formatCalendarDate(note.serviceDate)}</span>
              <span className="today__who">
                <bdi>{note.patientName}</bdi>
              </span>
              <span className="today__what">
                <bdi>{note.templateName}</bdi> draft
              </span>
            </Link>
          </li>
        ))}
      </Group>
      <Group title="Attendance to record" count={day.unrecordedAttendance.length} empty="No attendance to record.">
        {day.unrecordedAttendance.map((appointment) => {
          const start = new Date(appointment.start);
          return (
            <li key={appointment.key} className="today__item">
              <button type="button" className="today__line" onClick={() => onOpen(appointment)}>
                <span className="today__when">
                  {formatWeekday(start)} {formatCalendarDate(localDay(start))}, {formatTimeRange(start, new Date(appointment.end))}
                </span>
                <span className="today__who">
                  <bdi>{appointment.patientName}</bdi>
                </span>
                <span className="today__what">Record attendance</span>
              </button>
            </li>
          );
        })}
      </Group>
    </>
  );
}

/** The local YYYY-MM-DD of an instant, as the window's clock reads it. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function Group({
  title,
  count,
  empty,
  tone,
  children,
}: {
  title: string;
  count: number;
  empty: string;
  tone?: 'danger';
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className={`today__group${tone && count > 0 ? ` today__group--${tone}` : ''}`} aria-labelledby={headingId}>
      <h2 className="today__heading" id={headingId}>
        {title}
        {count > 0 ? <span className="today__count"> ({count})</span> : null}
      </h2>
      {count === 0 ? <p className="today__empty">{empty}</p> : <ul className="today__list">{children}</ul>}
    </section>
  );
}

function SessionLine({ session, today, onOpen }: { session: TodaySession; today: string; onOpen: (appointment: Appointment) => void }) {
  const { appointment, planReviewDate, measuresDue } = session;
  const start = new Date(appointment.start);
  const cancelled = isCancelled(appointment);
  const feedbackToRaise = appointment.alerts.includes('feedback-drop');
  const outcomeFlag = appointment.alerts.includes('outcome-flag');
  const rupture = appointment.alerts.includes('rupture');
  const flags = !cancelled && (feedbackToRaise || outcomeFlag || rupture || planReviewDate !== null || measuresDue.length > 0);
  return (
    <li className={`today__item today__session${cancelled ? ' today__session--cancelled' : ''}`}>
      <button type="button" className="today__line" onClick={() => onOpen(appointment)}>
        <span className="today__when">{formatTimeRange(start, new Date(appointment.end))}</span>
        <span className="today__who">
          <bdi>{appointment.patientName}</bdi>
        </span>
        <span className="today__what">
          {appointment.durationMinutes} min · {KIND_LABELS[appointment.kind]}
        </span>
        <span className={`today__state today__state--${appointment.attendance}`}>{attendanceText(appointment)}</span>
      </button>
      {flags ? (
        <ul className="today__flags" aria-label={`To bring to ${appointment.patientName}’s session`}>
          {feedbackToRaise ? (
            <li>
              <Link className="today__flag today__flag--feedback" to={`/patients/${appointment.patientId}/feedback`}>
                Raise the last session’s feedback
              </Link>
            </li>
          ) : null}
          {outcomeFlag ? (
            <li>
              <Link className="today__flag today__flag--outcome" to={`/patients/${appointment.patientId}/feedback`}>
                {APPOINTMENT_ALERT_LABELS['outcome-flag']}
              </Link>
            </li>
          ) : null}
          {rupture ? (
            <li>
              <Link className="today__flag today__flag--feedback" to={`/patients/${appointment.patientId}/feedback`}>
                {APPOINTMENT_ALERT_LABELS.rupture}
              </Link>{' '}
              <RuptureWhy patientId={appointment.patientId} className="today__flag-why" />
            </li>
          ) : null}
          {planReviewDate !== null ? (
            <li>
              <Link className="today__flag today__flag--plan" to={`/patients/${appointment.patientId}/plan`}>
                {planReviewDate === today ? 'Plan review due today' : `Plan review overdue since ${formatCalendarDate(planReviewDate)}`}
              </Link>
            </li>
          ) : null}
          {measuresDue.length > 0 ? (
            <li className="today__flag today__flag--measures">
              Due: {measuresDue.map((m) => INSTRUMENT_DEFINITIONS[m.instrument].name).join(', ')}
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** The calendar's own session dialog: attendance, the timer, the forms handed over, the note. */
function OpenSession({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const preferences = useChannelQuery('preferences:get', {});
  if (!preferences.data) return null;
  return (
    <Suspense fallback={null}>
      <SessionDialog appointment={appointment} preferences={preferences.data} onClose={onClose} />
    </Suspense>
  );
}
