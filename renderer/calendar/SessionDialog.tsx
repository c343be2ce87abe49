import { Suspense, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  APPOINTMENT_ALERT_LABELS,
  ATTENDANCE_LABELS,
  KIND_LABELS,
  LATENESS,
  LATENESS_LABELS,
  ON_TIME_TOLERANCE_MINUTES,
  type Lateness,
  type Appointment,
  type AppointmentAlert,
  type Attendance,
  type EditScope,
  type OccurrenceRef,
} from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import type { Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { SessionNoteAction } from '../chart';
import { Modal } from '../components/Modal';
import { RuptureWhy } from '../components/RuptureWhy';
import { DueMonitoring } from '../monitoring';
import { localToday } from '../../shared/dates';
import { Notice } from '../components/Notice';
import { useNow } from '../components/useNow';
import { explain } from '../errors/explain';
import { SessionFeedback } from '../feedback';
import { TextField } from '../components/TextField';
import { dateInputValue, formatMoment } from '../format/dates';
import { attendanceText, isCancelled } from '../format/sessions';
import { formatLongDay, formatTime, formatTimeRange } from '../format/times';
import { AppointmentForm, describeSeries } from './AppointmentForm';
import { AttendanceRecord } from './AttendanceRecord';
import { BookNextForm } from './BookNextForm';
import { isRunning, localDate, minutesText, timeInputValue } from './labels';
import { useSessionMutation } from './mutations';
import { ScopeChoice } from './ScopeChoice';

/** "Start session" is offered from ten minutes before the scheduled start until its end. */
const START_EARLY_MS = 10 * 60_000;

type Mode =
  | { name: 'details' }
  | { name: 'edit' }
  | { name: 'book-next' }
  | { name: 'cancel'; by: 'patient' | 'clinician' }
  | { name: 'start-late'; minutes: number }
  | { name: 'end' }
  | { name: 'ended' };

type SessionDialogProps = {
  appointment: Appointment;
  preferences: Preferences;
  onClose: () => void;
};

/** One session: what, when and where; its attendance; starting and ending it; the patient's record. */
export function SessionDialog({ appointment: opened, preferences, onClose }: SessionDialogProps) {
  const [ref, setRef] = useState<OccurrenceRef>(opened.ref);
  const [mode, setMode] = useState<Mode>({ name: 'details' });
  const fresh = useChannelQuery('appointments:get', { ref }, { keepPrevious: true });
  const appointment = fresh.data ?? opened;
  const start = new Date(appointment.start);
  const end = new Date(appointment.end);

  const title =
    mode.name === 'edit' ? 'Change session' : mode.name === 'book-next' ? 'Book next session' : <bdi>{appointment.patientName}</bdi>;
  const subtitle = `${formatLongDay(start)} · ${formatTimeRange(start, end)}`;

  return (
    <Modal open title={title} subtitle={subtitle} onClose={onClose} size="wide">
      {fresh.error && fresh.error.code !== 'NOT_FOUND' ? <Notice tone="error">{explain(fresh.error)}</Notice> : null}
      {mode.name === 'edit' ? (
        <AppointmentForm
          initial={{ type: 'edit', appointment }}
          onSaved={(saved) => {
            setRef(saved.ref);
            setMode({ name: 'details' });
          }}
          onCancel={() => setMode({ name: 'details' })}
        />
      ) : mode.name === 'book-next' ? (
        <BookNextForm
          patientId={appointment.patientId}
          onBooked={(booked) => {
            setRef(booked.ref);
            setMode({ name: 'details' });
          }}
          onCancel={() => setMode({ name: 'details' })}
        />
      ) : (
        <SessionDetails appointment={appointment} preferences={preferences} mode={mode} setMode={setMode} onClose={onClose} />
      )}
    </Modal>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="session__fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function SessionDetails({
  appointment,
  preferences,
  mode,
  setMode,
  onClose,
}: {
  appointment: Appointment;
  preferences: Preferences;
  mode: Mode;
  setMode: (mode: Mode) => void;
  onClose: () => void;
}) {
  const ids = useId();
  const now = useNow(5_000);
  const setAttendance = useSessionMutation('appointments:setAttendance');
  const cancel = useSessionMutation('appointments:cancel');
  const startSession = useSessionMutation('sessions:start');
  const endSession = useSessionMutation('sessions:end');
  const [failure, setFailure] = useState<AppError | null>(null);
  const [lateOpen, setLateOpen] = useState(false);
  const [lateMinutes, setLateMinutes] = useState(appointment.lateMinutes ? String(appointment.lateMinutes) : '10');
  const [lateError, setLateError] = useState<string | undefined>(undefined);
  const [scope, setScope] = useState<EditScope>('this');
  const [done, setDone] = useState<string | null>(null);
  // When the patient cancelled: asked, never assumed to be now (a cancellation is often recorded later).
  const [cancelDate, setCancelDate] = useState('');
  const [cancelTime, setCancelTime] = useState('');
  const [afterStart, setAfterStart] = useState(false);
  const [cancelError, setCancelError] = useState<string | undefined>(undefined);
  const busy = setAttendance.isPending || cancel.isPending || startSession.isPending || endSession.isPending;

  const start = new Date(appointment.start);
  const end = new Date(appointment.end);
  const running = isRunning(appointment);
  const current = now >= start.getTime() - START_EARLY_MS && now < end.getTime();
  const canStart = current && appointment.actualStart === null && !isCancelled(appointment);
  const inSeries = appointment.ref.type === 'occurrence';
  const hoursUntilStart = (start.getTime() - now) / 3_600_000;
  const insideWindow = hoursUntilStart > 0 && hoursUntilStart < preferences.lateCancellationHours;

  async function run(action: () => Promise<unknown>, message: string) {
    setFailure(null);
    setDone(null);
    try {
      await action();
      setDone(message);
    } catch (caught) {
      setFailure(asAppError(caught));
    }
  }

  function mark(attendance: Attendance) {
    setLateOpen(false);
    void run(
      () => setAttendance.mutateAsync({ ref: appointment.ref, attendance, lateMinutes: null }),
      `Recorded: ${ATTENDANCE_LABELS[attendance]}.`,
    );
  }

  /** Records the late arrival being entered; false (with the field's message) when the minutes are not right. */
  async function markLate(): Promise<boolean> {
    const minutes = /^\d+$/.test(lateMinutes.trim()) ? Number(lateMinutes) : Number.NaN;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      setLateError('Enter the minutes late, from 1 to 240.');
      return false;
    }
    setLateError(undefined);
    let saved = false;
    await run(
      async () => {
        await setAttendance.mutateAsync({ ref: appointment.ref, attendance: 'late', lateMinutes: minutes });
        setLateOpen(false);
        saved = true;
      },
      `Recorded: late by ${minutesText(minutes)}.`,
    );
    return saved;
  }

  /** "Done" keeps what the person chose: a late arrival being entered is recorded before the dialog closes. */
  async function finish() {
    const pending = lateOpen && !(appointment.attendance === 'late' && String(appointment.lateMinutes) === lateMinutes.trim());
    if (pending && !(await markLate())) return;
    onClose();
  }

  function doCancel(by: 'patient' | 'clinician', chosenScope: EditScope) {
    let cancelledAt: string | undefined;
    if (by === 'patient') {
      const when = localDate(cancelDate, cancelTime);
      if (when === null) {
        setCancelError('Enter the date and time the patient cancelled.');
        return;
      }
      if (when.getTime() > now + 60_000) {
        setCancelError('The cancellation cannot be later than now.');
        return;
      }
      if (when.getTime() > start.getTime() && !afterStart) {
        setCancelError(
          'That is after the session began. If the patient really cancelled after the start, tick “Cancelled after the start”.',
        );
        return;
      }
      cancelledAt = when.toISOString();
    }
    setCancelError(undefined);
    void run(
      async () => {
        const saved = await cancel.mutateAsync({
          ref: appointment.ref,
          scope: chosenScope,
          by,
          afterStart,
          ...(cancelledAt === undefined ? {} : { cancelledAt }),
        });
        setMode({ name: 'details' });
        return saved;
      },
      by === 'patient' ? 'Recorded the patient’s cancellation.' : 'Recorded your cancellation.',
    );
  }

  function askCancel(by: 'patient' | 'clinician') {
    setLateOpen(false);
    setScope('this');
    setCancelError(undefined);
    setAfterStart(false);
    // Default: now, or the session's start if it is already past (a cancellation recorded afterwards).
    const when = new Date(Math.min(now, start.getTime()));
    setCancelDate(dateInputValue(when));
    setCancelTime(timeInputValue(when));
    setMode({ name: 'cancel', by });
  }

  function begin() {
    const lateBy = Math.round((now - start.getTime()) / 60_000);
    // Started late: whose lateness it was is asked, never assumed to be the patient's.
    if (now - start.getTime() > ON_TIME_TOLERANCE_MINUTES * 60_000) setMode({ name: 'start-late', minutes: lateBy });
    else void run(() => startSession.mutateAsync({ ref: appointment.ref }), 'Session started.');
  }

  function beginLate(lateness: Lateness) {
    void run(
      async () => {
        await startSession.mutateAsync({ ref: appointment.ref, lateness });
        setMode({ name: 'details' });
      },
      lateness === 'patient' ? 'Session started; the patient is recorded as late.' : 'Session started.',
    );
  }

  function endNow() {
    void run(async () => {
      await endSession.mutateAsync({ ref: appointment.ref });
      setMode({ name: 'ended' });
    }, 'Session ended.');
  }

  const attendanceChoices: { value: Attendance; label: string; onClick: () => void }[] = [
    { value: 'attended', label: 'Attended', onClick: () => mark('attended') },
    { value: 'late', label: 'Late', onClick: () => setLateOpen((open) => !open) },
    { value: 'no-show', label: 'No-show', onClick: () => mark('no-show') },
    { value: 'cancelled-by-patient', label: 'Cancelled by patient', onClick: () => askCancel('patient') },
    { value: 'cancelled-by-clinician', label: 'Cancelled by clinician', onClick: () => askCancel('clinician') },
  ];

  return (
    <div className="session">
      <div className="session__status-line">
        <span className={`status-pill status-pill--${running ? 'running' : appointment.attendance}`}>
          {running ? 'In session now' : attendanceText(appointment)}
        </span>
        {appointment.seriesId ? <span className="badge badge--muted">Repeating</span> : null}
        {appointment.isMoved ? <span className="badge badge--muted">Moved from its usual time</span> : null}
      </div>

      <SessionAlerts appointment={appointment} onLeave={onClose} />
      <DueMonitoring patientId={appointment.patientId} where="session" by={localToday(new Date(appointment.start))} onLeave={onClose} />

      {canStart || running ? (
        <div className={`session__timer-actions${running ? ' session__timer-actions--running' : ''}`}>
          {running && appointment.actualStart ? (
            <p>
              Began {formatTime(appointment.actualStart)}; scheduled to end {formatTime(end)}.
            </p>
          ) : now < start.getTime() ? (
            <p>Begins in {minutesText(Math.max(1, Math.ceil((start.getTime() - now) / 60_000)))}.</p>
          ) : (
            <p>
              {now - start.getTime() < 60_000
                ? 'Scheduled to begin now; not started yet.'
                : `Scheduled to begin ${minutesText(Math.floor((now - start.getTime()) / 60_000))} ago; not started yet.`}
            </p>
          )}
          {running ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy || mode.name === 'end'}
              onClick={() => setMode({ name: 'end' })}
            >
              End session
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={busy || mode.name === 'start-late'} onClick={begin}>
              Start session
            </button>
          )}
        </div>
      ) : null}

      {mode.name === 'start-late' ? (
        <fieldset className="session__panel session__lateness">
          <legend className="session__section-title">
            Starting {minutesText(mode.minutes)} after the scheduled time. Whose lateness was it?
          </legend>
          <div className="session__panel-choices">
            {LATENESS.map((lateness) => (
              <button key={lateness} type="button" className="button button--secondary" disabled={busy} onClick={() => beginLate(lateness)}>
                {LATENESS_LABELS[lateness]}
              </button>
            ))}
          </div>
          <button type="button" className="button button--link" onClick={() => setMode({ name: 'details' })} disabled={busy}>
            Go back
          </button>
        </fieldset>
      ) : null}

      {mode.name === 'end' ? (
        <div className="session__panel" role="group" aria-labelledby={`${ids}-end`}>
          <p className="session__section-title" id={`${ids}-end`}>
            End the session now? The time it ended is recorded as {formatTime(new Date(now))}.
          </p>
          <div className="dialog__actions">
            <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'details' })} disabled={busy}>
              Keep the session running
            </button>
            <button type="button" className="button button--primary" onClick={endNow} disabled={busy}>
              End session now
            </button>
          </div>
        </div>
      ) : null}

      {mode.name === 'ended' ? (
        <div className="session__panel" role="group" aria-labelledby={`${ids}-ended`}>
          <p className="session__section-title" id={`${ids}-ended`}>
            Session ended. Write the note while it is fresh, and book the next session?
          </p>
          <div className="dialog__actions session__panel-actions">
            <SessionNoteAction appointment={appointment} onLeave={onClose} />
            <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'book-next' })}>
              Book next session
            </button>
            <button type="button" className="button button--link" onClick={() => setMode({ name: 'details' })}>
              Not now
            </button>
          </div>
        </div>
      ) : null}

      <dl className="session__facts">
        <Fact term="Patient">
          <Link to={`/patients/${appointment.patientId}`} onClick={onClose}>
            <bdi>{appointment.patientName}</bdi>
          </Link>
        </Fact>
        <Fact term="Kind">{KIND_LABELS[appointment.kind]}</Fact>
        <Fact term="When">
          {formatLongDay(start)}, {formatTimeRange(start, end)} <span className="muted">({minutesText(appointment.durationMinutes)})</span>
        </Fact>
        <Fact term="Where">
          {appointment.isVideo ? 'Video' : 'In person'}
          {appointment.location ? (
            <>
              {' · '}
              <bdi>{appointment.location}</bdi>
            </>
          ) : null}
        </Fact>
        {appointment.recurrence ? <Fact term="Repeats">{describeSeries(appointment)}</Fact> : null}
        {appointment.note ? (
          <Fact term="Note">
            <bdi>{appointment.note}</bdi>
          </Fact>
        ) : null}
        {appointment.cancelledAt ? (
          <Fact term="Cancelled">
            {formatMoment(appointment.cancelledAt)}
            {appointment.cancellationReason ? (
              <>
                {' · '}
                <bdi>{appointment.cancellationReason}</bdi>
              </>
            ) : null}
          </Fact>
        ) : null}
        {appointment.actualStart ? (
          <Fact term="Actual times">
            Began {formatMoment(appointment.actualStart)}
            {appointment.actualEnd ? `, ended ${formatMoment(appointment.actualEnd)}` : ''}
          </Fact>
        ) : null}
      </dl>

      {mode.name === 'cancel' ? (
        <div className="session__cancel">
          {mode.by === 'patient' ? (
            <fieldset className="choice-group session__cancelled-at">
              <legend className="field__label">When did the patient cancel?</legend>
              <p className="field__hint">
                A cancellation less than {preferences.lateCancellationHours} hours before the start counts as a late cancellation.
              </p>
              <div className="session__cancelled-at-fields">
                <TextField
                  label="Date"
                  type="date"
                  className="input--date"
                  value={cancelDate}
                  onChange={(e) => setCancelDate(e.target.value)}
                  error={cancelError}
                />
                <TextField label="Time" type="time" value={cancelTime} onChange={(e) => setCancelTime(e.target.value)} />
              </div>
              <label className="checkbox">
                <input type="checkbox" checked={afterStart} onChange={(e) => setAfterStart(e.target.checked)} />
                <span>Cancelled after the start</span>
              </label>
            </fieldset>
          ) : null}
          {inSeries ? (
            <ScopeChoice
              value={scope}
              onChange={setScope}
              legend={mode.by === 'patient' ? 'Which sessions did the patient cancel?' : 'Which sessions are you cancelling?'}
            />
          ) : null}
          <div className="dialog__actions">
            <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'details' })} disabled={busy}>
              Go back
            </button>
            <button type="button" className="button button--danger" onClick={() => doCancel(mode.by, scope)} disabled={busy}>
              {scope === 'this' ? 'Cancel this session' : 'Cancel these sessions'}
            </button>
          </div>
        </div>
      ) : (
        <fieldset className="session__attendance">
          <legend className="session__section-title">Attendance</legend>
          <div className="attendance-buttons" role="group" aria-label="Record attendance">
            {attendanceChoices.map((choice) => (
              <button
                key={choice.value}
                type="button"
                className={`button button--small attendance-button attendance-button--${choice.value}`}
                aria-pressed={
                  appointment.attendance === choice.value ||
                  (choice.value === 'cancelled-by-patient' && appointment.attendance === 'late-cancellation') ||
                  (choice.value === 'late' && lateOpen)
                }
                onClick={choice.onClick}
                disabled={busy}
              >
                {choice.label}
              </button>
            ))}
          </div>
          {lateOpen ? (
            <div className="session__late">
              <div className={`field${lateError ? ' field--invalid' : ''}`}>
                <label className="field__label" htmlFor={`${ids}-late`}>
                  Minutes late
                </label>
                <div className="field__line">
                  <input
                    id={`${ids}-late`}
                    className="input input--short"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={240}
                    value={lateMinutes}
                    onChange={(e) => setLateMinutes(e.target.value)}
                    aria-invalid={lateError ? true : undefined}
                  />
                  <button type="button" className="button button--secondary" onClick={() => void markLate()} disabled={busy}>
                    Record late arrival
                  </button>
                </div>
                {lateError ? <p className="field__error">{lateError}</p> : null}
              </div>
            </div>
          ) : null}
          {appointment.attendance === 'late-cancellation' ? (
            <p className="session__window-hint">
              The patient cancelled less than {preferences.lateCancellationHours} hours before the session, so it counts as a late
              cancellation.
            </p>
          ) : start.getTime() > now ? (
            <p className="session__window-hint">
              {insideWindow
                ? `This session begins in less than ${preferences.lateCancellationHours} hours: if the patient cancels now, it is recorded as a late cancellation.`
                : `If the patient cancels less than ${preferences.lateCancellationHours} hours before the session, it is recorded as a late cancellation.`}
            </p>
          ) : null}
          {appointment.attendance !== 'scheduled' ? (
            <button type="button" className="button button--link" onClick={() => mark('scheduled')} disabled={busy}>
              Clear attendance
            </button>
          ) : null}
        </fieldset>
      )}

      {done ? <Notice tone="success">{done}</Notice> : null}
      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}

      <AttendanceRecord patientId={appointment.patientId} />

      {/* Loaded the first time a session is opened; nothing shows in its place meanwhile. */}
      <Suspense fallback={null}>
        <SessionFeedback appointment={appointment} onLeave={onClose} />
      </Suspense>

      <div className="dialog__actions session__footer">
        {/* From a session, the chart opens at the attendance this dialog summarises. */}
        <Link className="button button--link session__patient-link" to={`/patients/${appointment.patientId}/attendance`} onClick={onClose}>
          Open patient’s page
        </Link>
        <span className="session__footer-gap" />
        <SessionNoteAction appointment={appointment} onLeave={onClose} />
        <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'book-next' })}>
          Book next session
        </button>
        <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'edit' })}>
          Change time or details
        </button>
        <button type="button" className="button button--primary" onClick={() => void finish()} disabled={busy}>
          Done
        </button>
      </div>
    </div>
  );
}

/** Where each alert is dealt with in the chart, when it has a place of its own. */
const ALERT_PLACES: Partial<Record<AppointmentAlert, { path: string; label: string }>> = {
  'plan-review-due': { path: 'plan', label: 'Open the treatment plan' },
  'feedback-drop': { path: 'feedback', label: 'See the feedback' },
  'outcome-flag': { path: 'feedback', label: 'See the measures' },
  rupture: { path: 'feedback', label: 'See the ratings' },
};

/** What to raise in this session, in words, each with the way to it. */
function SessionAlerts({ appointment, onLeave }: { appointment: Appointment; onLeave: () => void }) {
  if (appointment.alerts.length === 0) return null;
  return (
    <ul className="session__alerts" aria-label="To raise in this session">
      {appointment.alerts.map((alert) => {
        const place = ALERT_PLACES[alert];
        return (
          <li key={alert} className={`session__alert session__alert--${alert}`}>
            <span className="session__alert-flag" aria-hidden="true">
              ⚑
            </span>
            <span className="session__alert-text">
              {APPOINTMENT_ALERT_LABELS[alert]}
              {alert === 'rupture' ? (
                <>
                  {' '}
                  <RuptureWhy patientId={appointment.patientId} className="session__alert-why" />
                </>
              ) : null}
            </span>
            {place ? (
              <Link className="session__alert-link" to={`/patients/${appointment.patientId}/${place.path}`} onClick={onLeave}>
                {place.label}
              </Link>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
