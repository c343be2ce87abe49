import { useCallback, useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { type SlotInfo, type View } from 'react-big-calendar';
import type { EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Appointment, AppointmentChanges, EditScope } from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import { CALENDAR_VIEWS as PREFERENCE_VIEWS, type Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { prefetchChannel, useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatLongDay, formatTimeRange } from '../format/times';
import { AppointmentForm, type FormStart } from './AppointmentForm';
import { CalendarLegend, toCalendarEvent, type CalendarEvent } from './CalendarEvents';
import { calendarProps, DragAndDropCalendar, workingDay } from './calendarProps';
import { ExportDialog } from './ExportDialog';
import { rangeFromCalendar, stepDate, visibleRange, type VisibleRange } from './localizer';
import { useSessionMutation } from './mutations';
import { warningReasons } from './SchedulingWarnings';
import { SCOPE_LABELS, ScopeChoice } from './ScopeChoice';
import { SessionDialog } from './SessionDialog';

type Dialog =
  { name: 'none' } | { name: 'create'; initial: FormStart } | { name: 'session'; appointment: Appointment } | { name: 'export' };

type PendingMove = {
  appointment: Appointment;
  changes: AppointmentChanges;
  start: Date;
  end: Date;
  stage: 'scope' | 'warning';
  scope: EditScope;
  reasons: string[];
};

type Undo = { appointment: Appointment; scope: EditScope; changes: AppointmentChanges; from: Appointment };

function isPreferenceView(view: View): view is Preferences['calendarView'] {
  return (PREFERENCE_VIEWS as readonly string[]).includes(view);
}

export function CalendarPage() {
  const preferences = useChannelQuery('preferences:get', {});
  if (preferences.error) {
    return (
      <div className="page">
        <Notice tone="error">{explain(preferences.error)}</Notice>
      </div>
    );
  }
  if (!preferences.data) {
    return (
      <p className="muted page" role="status">
        Loading…
      </p>
    );
  }
  return <CalendarScreen preferences={preferences.data} />;
}

function CalendarScreen({ preferences }: { preferences: Preferences }) {
  const [view, setView] = useState<View>(preferences.calendarView);
  const [date, setDate] = useState(() => new Date());
  const [range, setRange] = useState<VisibleRange>(() => visibleRange(preferences.calendarView, new Date()));
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const [pendingMove, setPendingMove] = useState<PendingMove | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [message, setMessage] = useState<React.ReactNode>(null);
  // The last move, to put back: offered with the message that says where the session went.
  const [undo, setUndo] = useState<Undo | null>(null);
  const savePreference = useChannelMutation('preferences:update');

  useEffect(() => {
    if (message === null) {
      setUndo(null);
      return;
    }
    // Long enough to reach "Undo" from the keyboard.
    const timer = setTimeout(() => {
      setMessage(null);
      setUndo(null);
    }, 20_000);
    return () => clearTimeout(timer);
  }, [message]);
  const update = useSessionMutation('appointments:update');
  const { mutateAsync: saveMove } = update;

  const showCancelled = preferences.showCancelled;
  const sessions = useChannelQuery(
    'calendar:range',
    { from: range.from, to: range.to, includeCancelled: showCancelled },
    { keepPrevious: true },
  );

  const events = useMemo(() => (sessions.data ?? []).map(toCalendarEvent), [sessions.data]);

  // The period before and the one after are asked for as soon as this one shows: "Next" and "Back"
  // then draw their sessions at once, with no round trip between the click and the paint.
  const queryClient = useQueryClient();
  useEffect(() => {
    for (const direction of [1, -1] as const) {
      const next = visibleRange(view, stepDate(view, date, direction));
      void prefetchChannel(queryClient, 'calendar:range', { from: next.from, to: next.to, includeCancelled: showCancelled });
    }
  }, [view, date, showCancelled, queryClient]);

  const { start: workStart, end: workEnd, days: workDays } = preferences.workingHours;
  const hours = useMemo(() => workingDay({ start: workStart, end: workEnd, days: workDays }), [workStart, workEnd, workDays]);
  const fixedProps = useMemo(() => calendarProps(hours), [hours]);

  const { mutate: rememberPreference } = savePreference;
  const onView = useCallback(
    (next: View) => {
      setView(next);
      if (isPreferenceView(next)) rememberPreference({ calendarView: next });
    },
    [rememberPreference],
  );
  const onNavigate = useCallback((next: Date) => setDate(next), []);
  const onRangeChange = useCallback((next: Date[] | { start: Date; end: Date }) => {
    const visible = rangeFromCalendar(next);
    if (visible) setRange(visible);
  }, []);

  const onSelectEvent = useCallback((event: CalendarEvent) => {
    setMessage(null);
    setDialog({ name: 'session', appointment: event.appointment });
  }, []);
  const onKeyPressEvent = useCallback((event: CalendarEvent, keyEvent: SyntheticEvent<HTMLElement>) => {
    const key = (keyEvent.nativeEvent as KeyboardEvent).key;
    // Only the event box itself: a button inside it (month, agenda) opens the session by its own click.
    if ((key === 'Enter' || key === ' ') && keyEvent.target === keyEvent.currentTarget) {
      keyEvent.preventDefault();
      setMessage(null);
      setDialog({ name: 'session', appointment: event.appointment });
    }
  }, []);

  const defaultMinutes = preferences.defaultSessionMinutes;
  const onSelectSlot = useCallback(
    (slot: SlotInfo) => {
      setMessage(null);
      let start = slot.start;
      let minutes = Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000);
      // A day picked in the month view: book at the start of the working day.
      const wholeDays = minutes >= 24 * 60 || (start.getHours() === 0 && start.getMinutes() === 0 && minutes % (24 * 60) === 0);
      if (wholeDays) {
        start = new Date(
          start.getFullYear(),
          start.getMonth(),
          start.getDate(),
          Math.floor(hours.startMinutes / 60),
          hours.startMinutes % 60,
        );
        minutes = defaultMinutes;
      } else if (slot.action !== 'select' || minutes < 20) {
        minutes = defaultMinutes;
      }
      setDialog({ name: 'create', initial: { type: 'create', start, durationMinutes: minutes } });
    },
    [defaultMinutes, hours.startMinutes],
  );

  const move = useCallback(
    async (pending: Omit<PendingMove, 'stage' | 'reasons'>, acknowledgeWarnings: boolean) => {
      setFailure(null);
      try {
        const saved = await saveMove({
          ref: pending.appointment.ref,
          scope: pending.scope,
          version: pending.appointment.version,
          changes: pending.changes,
          acknowledgeWarnings,
        });
        setPendingMove(null);
        const verb = pending.changes.start === undefined ? 'Changed to' : 'Moved to';
        setMessage(`${verb} ${formatLongDay(pending.start)}, ${formatTimeRange(pending.start, pending.end)}.`);
        // The way back: the same sessions, to the time and length they had.
        const back: AppointmentChanges = {};
        if (pending.changes.start !== undefined) back.start = pending.appointment.start;
        if (pending.changes.durationMinutes !== undefined) back.durationMinutes = pending.appointment.durationMinutes;
        setUndo({ appointment: saved, scope: pending.scope, changes: back, from: pending.appointment });
      } catch (caught) {
        const error = asAppError(caught);
        if (error.code === 'SCHEDULING_WARNING')
          setPendingMove({ ...pending, stage: 'warning', reasons: warningReasons(error, undefined) });
        else {
          setPendingMove(null);
          setFailure(error);
        }
      }
    },
    [saveMove],
  );

  const onMoveOrResize = useCallback(
    ({ event, start, end }: EventInteractionArgs<CalendarEvent>) => {
      const nextStart = new Date(start);
      const nextEnd = new Date(end);
      const minutes = Math.round((nextEnd.getTime() - nextStart.getTime()) / 60_000);
      const changes: AppointmentChanges = {};
      if (nextStart.getTime() !== event.start.getTime()) changes.start = nextStart.toISOString();
      if (minutes !== event.appointment.durationMinutes) changes.durationMinutes = minutes;
      if (Object.keys(changes).length === 0 || minutes < 5) return;
      setMessage(null);
      const pending = { appointment: event.appointment, changes, start: nextStart, end: nextEnd, scope: 'this' as EditScope };
      // A repeating session always asks which sessions the move is for.
      if (event.appointment.ref.type === 'occurrence') setPendingMove({ ...pending, stage: 'scope', reasons: [] });
      else void move(pending, false);
    },
    [move],
  );

  async function undoMove(last: Undo) {
    setFailure(null);
    setUndo(null);
    try {
      // Already past a warning once: putting it back where it was is not asked again.
      await saveMove({
        ref: last.appointment.ref,
        scope: last.scope,
        version: last.appointment.version,
        changes: last.changes,
        acknowledgeWarnings: true,
      });
      const start = new Date(last.from.start);
      setMessage(`Moved back to ${formatLongDay(start)}, ${formatTimeRange(start, new Date(last.from.end))}.`);
    } catch (caught) {
      setMessage(null);
      setFailure(asAppError(caught));
    }
  }

  const newAppointment = useCallback(() => {
    setMessage(null);
    const now = new Date();
    const showing = now.toISOString() >= range.from && now.toISOString() < range.to;
    const start = showing
      ? new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() + 1, 0)
      : new Date(date.getFullYear(), date.getMonth(), date.getDate(), Math.floor(hours.startMinutes / 60), hours.startMinutes % 60);
    setDialog({ name: 'create', initial: { type: 'create', start, durationMinutes: defaultMinutes } });
  }, [range, date, hours.startMinutes, defaultMinutes]);

  const closeDialog = useCallback(() => setDialog({ name: 'none' }), []);

  return (
    <div className="calendar-page">
      <header className="calendar-page__header">
        <h1 className="calendar-page__title">Calendar</h1>
        <div className="calendar-page__actions">
          <label className="toggle">
            <input type="checkbox" checked={showCancelled} onChange={(e) => savePreference.mutate({ showCancelled: e.target.checked })} />
            <span>Show cancelled</span>
          </label>
          <Link to="/calendar/on-time" className="button button--secondary button--small">
            On-time report
          </Link>
          <button type="button" className="button button--secondary button--small" onClick={() => setDialog({ name: 'export' })}>
            Export…
          </button>
          <button type="button" className="button button--primary button--small" onClick={newAppointment}>
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
            New appointment
          </button>
        </div>
      </header>

      {sessions.error ? <Notice tone="error">{explain(sessions.error)}</Notice> : null}
      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}
      {message ? (
        <div className="calendar-toast">
          <Notice
            tone="success"
            actions={
              <>
                {undo ? (
                  <button type="button" className="button button--secondary button--small" onClick={() => void undoMove(undo)}>
                    Undo
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button--link"
                  onClick={() => {
                    setMessage(null);
                    setUndo(null);
                  }}
                >
                  Dismiss
                </button>
              </>
            }
          >
            {message}
          </Notice>
        </div>
      ) : null}

      <div
        className={`calendar-frame calendar-frame--${view}${sessions.isFetching ? ' calendar-frame--loading' : ''}`}
        aria-busy={sessions.isFetching}
      >
        <DragAndDropCalendar
          {...fixedProps}
          events={events}
          view={view}
          date={date}
          onView={onView}
          onNavigate={onNavigate}
          onRangeChange={onRangeChange}
          onSelectEvent={onSelectEvent}
          onKeyPressEvent={onKeyPressEvent}
          onSelectSlot={onSelectSlot}
          onEventDrop={onMoveOrResize}
          onEventResize={onMoveOrResize}
        />
      </div>
      <CalendarLegend />

      {dialog.name === 'create' ? (
        <Modal open title="New appointment" onClose={closeDialog} size="wide">
          <AppointmentForm
            initial={dialog.initial}
            onSaved={(saved) => {
              closeDialog();
              const start = new Date(saved.start);
              // Jumping to the booked week programmatically does not fire onRangeChange: load that range ourselves.
              setDate(start);
              setRange(visibleRange(view, start));
              setUndo(null);
              setMessage(
                <>
                  Booked <bdi>{saved.patientName}</bdi>, {formatLongDay(start)}, {formatTimeRange(start, new Date(saved.end))}.
                </>,
              );
            }}
            onCancel={closeDialog}
          />
        </Modal>
      ) : null}
      {dialog.name === 'session' ? (
        <SessionDialog key={dialog.appointment.key} appointment={dialog.appointment} preferences={preferences} onClose={closeDialog} />
      ) : null}
      {dialog.name === 'export' ? <ExportDialog range={range} onClose={closeDialog} /> : null}
      {pendingMove ? (
        <MoveDialog
          pending={pendingMove}
          busy={update.isPending}
          onScope={(scope) => setPendingMove({ ...pendingMove, scope })}
          onConfirm={() => void move(pendingMove, pendingMove.stage === 'warning')}
          onCancel={() => setPendingMove(null)}
        />
      ) : null}
    </div>
  );
}

function MoveDialog({
  pending,
  busy,
  onScope,
  onConfirm,
  onCancel,
}: {
  pending: PendingMove;
  busy: boolean;
  onScope: (scope: EditScope) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const from = new Date(pending.appointment.start);
  const resized = pending.changes.start === undefined;
  return (
    <Modal
      open
      title={pending.stage === 'warning' ? 'Book this time anyway?' : resized ? 'Change the length?' : 'Move this session?'}
      subtitle={<bdi>{pending.appointment.patientName}</bdi>}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Go back
          </button>
          <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy}>
            {pending.stage === 'warning'
              ? 'Book anyway'
              : resized
                ? `Change ${SCOPE_LABELS[pending.scope].toLocaleLowerCase()}`
                : `Move ${SCOPE_LABELS[pending.scope].toLocaleLowerCase()}`}
          </button>
        </>
      }
    >
      <dl className="move-summary">
        <div>
          <dt>From</dt>
          <dd>
            {formatLongDay(from)}, {formatTimeRange(from, new Date(pending.appointment.end))}
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            {formatLongDay(pending.start)}, {formatTimeRange(pending.start, pending.end)}
          </dd>
        </div>
      </dl>
      {pending.stage === 'warning' ? (
        <div className="refusal refusal--plain">
          <ul className="refusal__reasons">
            {pending.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ScopeChoice
          value={pending.scope}
          onChange={onScope}
          legend={`This session repeats. ${resized ? 'Change' : 'Move'} which sessions?`}
        />
      )}
    </Modal>
  );
}
