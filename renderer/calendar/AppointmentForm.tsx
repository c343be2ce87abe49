import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  APPOINTMENT_KINDS,
  KIND_LABELS,
  type Appointment,
  type AppointmentChanges,
  type AppointmentKind,
  type EditScope,
  type Recurrence,
} from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import { describeRecurrence, nthWeekdayOfMonth } from '../../shared/recurrence';
import { asAppError } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { dateInputValue } from '../format/dates';
import { formatLongDay } from '../format/times';
import { localDate, localDateTime, practiceTimeZone, timeInputValue } from './labels';
import { useSessionMutation } from './mutations';
import { PatientCombobox } from './PatientCombobox';
import { SchedulingWarnings, warningReasons } from './SchedulingWarnings';
import { SCOPE_LABELS, ScopeChoice } from './ScopeChoice';

type Repeat = 'none' | 'weekly' | 'every-n-weeks' | 'monthly';
type Ends = Recurrence['end']['type'];

const REPEAT_LABELS: Record<Repeat, string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  'every-n-weeks': 'Every few weeks',
  monthly: 'Once a month, on the same weekday',
};

const ORDINAL_WORDS = ['', 'first', 'second', 'third', 'fourth', 'fifth'] as const;

export type FormStart =
  | { type: 'create'; start: Date; durationMinutes: number; patientId?: string }
  | { type: 'edit'; appointment: Appointment };

type Problems = Partial<Record<'patient' | 'date' | 'time' | 'duration' | 'location' | 'note' | 'interval' | 'until' | 'count' | 'form', string>>;

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

type AppointmentFormProps = {
  initial: FormStart;
  onSaved: (appointment: Appointment) => void;
  onCancel: () => void;
};

/** Books a session or a series, or changes one: patient, time, length, kind, place, a short note, and how it repeats. */
export function AppointmentForm({ initial, onSaved, onCancel }: AppointmentFormProps) {
  const editing = initial.type === 'edit' ? initial.appointment : null;
  const startDate = initial.type === 'edit' ? new Date(initial.appointment.start) : initial.start;
  const ids = useId();

  const [patientId, setPatientId] = useState<string | null>(editing?.patientId ?? (initial.type === 'create' ? (initial.patientId ?? null) : null));
  const [date, setDate] = useState(dateInputValue(startDate));
  const [time, setTime] = useState(timeInputValue(startDate));
  const [duration, setDuration] = useState(String(editing?.durationMinutes ?? (initial.type === 'create' ? initial.durationMinutes : 50)));
  const [kind, setKind] = useState<AppointmentKind>(editing?.kind ?? 'follow-up');
  const [isVideo, setIsVideo] = useState(editing?.isVideo ?? false);
  const [location, setLocation] = useState(editing?.location ?? '');
  const [note, setNote] = useState(editing?.note ?? '');
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [everyWeeks, setEveryWeeks] = useState('2');
  const [monthlyLast, setMonthlyLast] = useState(false);
  const [ends, setEnds] = useState<Ends>('never');
  const [untilDate, setUntilDate] = useState('');
  const [count, setCount] = useState('10');
  const [scope, setScope] = useState<EditScope>('this');
  const [problems, setProblems] = useState<Problems>({});
  const [refusal, setRefusal] = useState<{ reasons: string[] } | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);

  const create = useSessionMutation('appointments:create');
  const update = useSessionMutation('appointments:update');
  const busy = create.isPending || update.isPending;

  const start = localDate(date, time);
  const minutes = wholeNumber(duration);
  const lengthValid = minutes !== null && minutes >= 5 && minutes <= 480;

  const warnings = useChannelQuery(
    'appointments:warnings',
    { start: start?.toISOString() ?? '', durationMinutes: minutes ?? 0, ignore: editing?.ref ?? null },
    { enabled: start !== null && lengthValid, keepPrevious: true },
  );

  const monthly = useMemo(() => {
    try {
      return nthWeekdayOfMonth(localDateTime(date, time));
    } catch {
      return null;
    }
  }, [date, time]);
  const weekdayName = start ? new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(start) : 'weekday';

  function recurrence(): { value: Recurrence | null; problems: Problems } {
    const found: Problems = {};
    if (repeat === 'none') return { value: null, problems: found };
    let end: Recurrence['end'] = { type: 'never' };
    if (ends === 'until') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(untilDate)) found.until = 'Choose the date of the last session.';
      else if (untilDate < date) found.until = 'The series must end on or after its first session.';
      else end = { type: 'until', date: untilDate };
    } else if (ends === 'count') {
      const n = wholeNumber(count);
      if (n === null || n < 1 || n > 520) found.count = 'Enter a number of sessions from 1 to 520.';
      else end = { type: 'count', count: n };
    }
    if (repeat === 'monthly') {
      const ordinal = monthly?.ordinal ?? 1;
      const monthlyOrdinal = ordinal === 5 || (monthlyLast && monthly?.isLast) ? -1 : (ordinal as 1 | 2 | 3 | 4);
      return { value: { frequency: 'monthly', interval: 1, monthlyOrdinal, end }, problems: found };
    }
    let interval = 1;
    if (repeat === 'every-n-weeks') {
      const n = wholeNumber(everyWeeks);
      if (n === null || n < 2 || n > 12) found.interval = 'Enter a number of weeks from 2 to 12.';
      else interval = n;
    }
    return { value: { frequency: 'weekly', interval, end }, problems: found };
  }

  const summary = useMemo(() => {
    if (editing?.recurrence) return null;
    const { value, problems: found } = recurrence();
    if (!value || Object.keys(found).length > 0 || !start) return null;
    try {
      return describeRecurrence({ firstStart: localDateTime(date, time), timeZone: practiceTimeZone(), recurrence: value });
    } catch {
      return null;
    }
    // recurrence() reads exactly these fields.
  }, [repeat, everyWeeks, monthlyLast, ends, untilDate, count, date, time, monthly]);

  function check(): { found: Problems; recurrence: Recurrence | null } {
    const found: Problems = {};
    if (!patientId) found.patient = 'Choose a patient from the list.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.date = 'Choose a date.';
    if (!/^\d{2}:\d{2}$/.test(time)) found.time = 'Choose a start time.';
    if (!lengthValid) found.duration = 'Enter a length from 5 to 480 minutes.';
    if (location.trim().length > 120) found.location = 'Keep the location under 120 characters.';
    if (note.trim().length > 500) found.note = 'Keep the note under 500 characters; clinical notes belong in the chart.';
    const rule = editing ? { value: null, problems: {} } : recurrence();
    return { found: { ...found, ...rule.problems }, recurrence: rule.value };
  }

  async function save(acknowledgeWarnings: boolean) {
    setFailure(null);
    const { found, recurrence: rule } = check();
    setProblems(found);
    if (Object.keys(found).length > 0 || !start || minutes === null || !patientId) return;
    try {
      if (editing) {
        const changes: AppointmentChanges = {};
        if (patientId !== editing.patientId) changes.patientId = patientId;
        if (start.getTime() !== new Date(editing.start).getTime()) changes.start = start.toISOString();
        if (minutes !== editing.durationMinutes) changes.durationMinutes = minutes;
        if (kind !== editing.kind) changes.kind = kind;
        if (isVideo !== editing.isVideo) changes.isVideo = isVideo;
        if (location.trim() !== editing.location) changes.location = location.trim();
        if (note.trim() !== editing.note) changes.note = note.trim();
        if (Object.keys(changes).length === 0) {
          onSaved(editing);
          return;
        }
        const saved = await update.mutateAsync({
          ref: editing.ref,
          scope: editing.ref.type === 'occurrence' ? scope : 'this',
          version: editing.version,
          changes,
          acknowledgeWarnings,
        });
        onSaved(saved);
      } else {
        const saved = await create.mutateAsync({
          appointment: {
            patientId,
            start: start.toISOString(),
            durationMinutes: minutes,
            kind,
            location: location.trim(),
            isVideo,
            note: note.trim(),
            recurrence: rule,
          },
          acknowledgeWarnings,
        });
        onSaved(saved);
      }
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'SCHEDULING_WARNING') setRefusal({ reasons: warningReasons(error, warnings.data) });
      else setFailure(error);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(false);
  }

  const liveWarnings = warnings.data ?? [];
  const inSeries = editing?.ref.type === 'occurrence';

  return (
    <form className="appointment-form" onSubmit={submit} noValidate aria-label={editing ? 'Change session' : 'New appointment'}>
      <PatientCombobox
        value={patientId}
        onChange={(id) => {
          setPatientId(id);
          setProblems(({ patient: _cleared, ...rest }) => rest);
        }}
        error={problems.patient}
        {...(editing ? { initialName: editing.patientName } : {})}
      />

      <div className="appointment-form__when">
        <TextField label="Date" type="date" className="input--date" value={date} onChange={(e) => setDate(e.target.value)} error={problems.date} required />
        <TextField label="Start time" type="time" step={300} className="input--time" value={time} onChange={(e) => setTime(e.target.value)} error={problems.time} required />
        <TextField
          label="Length in minutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={480}
          step={5}
          className="input--short"
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          error={problems.duration}
        />
      </div>
      {start && lengthValid && minutes !== null ? (
        <p className="appointment-form__when-text">
          {formatLongDay(start)}, {new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).formatRange(start, new Date(start.getTime() + minutes * 60_000))}
        </p>
      ) : null}
      <SchedulingWarnings warnings={liveWarnings} />

      <div className="appointment-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-kind`}>
            Kind of session
          </label>
          <select id={`${ids}-kind`} className="input select" value={kind} onChange={(e) => setKind(e.target.value as AppointmentKind)}>
            {APPOINTMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>

        <fieldset className="choice-group">
          <legend className="field__label">Where</legend>
          <div className="segmented">
            <label className="segmented__option">
              <input type="radio" name={`${ids}-where`} checked={!isVideo} onChange={() => setIsVideo(false)} />
              <span>In person</span>
            </label>
            <label className="segmented__option">
              <input type="radio" name={`${ids}-where`} checked={isVideo} onChange={() => setIsVideo(true)} />
              <span>Video</span>
            </label>
          </div>
        </fieldset>
      </div>
      <div className="appointment-form__row">
        <TextField
          label="Location"
          optional
          hint={isVideo ? 'The video service or room.' : 'A room or an address.'}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          error={problems.location}
          maxLength={120}
        />
        <TextField
          label="Note"
          optional
          hint="Non-clinical, e.g. “bring insurance card”."
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={problems.note}
          maxLength={500}
        />
      </div>

      {editing ? (
        editing.recurrence ? (
          <p className="appointment-form__repeats">
            <span className="muted">Repeats: </span>
            {describeSeries(editing)}
          </p>
        ) : null
      ) : (
        <fieldset className="repeat">
          <legend className="field__label">Repeat</legend>
          <div className="field">
            <label className="visually-hidden" htmlFor={`${ids}-repeat`}>
              Repeat
            </label>
            <select id={`${ids}-repeat`} className="input select" value={repeat} onChange={(e) => setRepeat(e.target.value as Repeat)}>
              {(Object.keys(REPEAT_LABELS) as Repeat[]).map((r) => (
                <option key={r} value={r}>
                  {REPEAT_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          {repeat === 'every-n-weeks' ? (
            <TextField
              label="Every how many weeks"
              type="number"
              inputMode="numeric"
              min={2}
              max={12}
              className="input--short"
              value={everyWeeks}
              onChange={(e) => setEveryWeeks(e.target.value)}
              error={problems.interval}
            />
          ) : null}
          {repeat === 'monthly' && monthly ? (
            monthly.isLast && monthly.ordinal < 5 ? (
              <fieldset className="choice-group">
                <legend className="field__label">Which {weekdayName}</legend>
                <div className="segmented">
                  <label className="segmented__option">
                    <input type="radio" name={`${ids}-nth`} checked={!monthlyLast} onChange={() => setMonthlyLast(false)} />
                    <span>
                      The {ORDINAL_WORDS[monthly.ordinal]} {weekdayName}
                    </span>
                  </label>
                  <label className="segmented__option">
                    <input type="radio" name={`${ids}-nth`} checked={monthlyLast} onChange={() => setMonthlyLast(true)} />
                    <span>The last {weekdayName}</span>
                  </label>
                </div>
              </fieldset>
            ) : null
          ) : null}
          {repeat !== 'none' ? (
            <fieldset className="choice-group">
              <legend className="field__label">Ends</legend>
              <div className="repeat__ends">
                <label className="checkbox">
                  <input type="radio" name={`${ids}-ends`} checked={ends === 'never'} onChange={() => setEnds('never')} />
                  <span>Never</span>
                </label>
                <div className="repeat__end-line">
                  <label className="checkbox">
                    <input type="radio" name={`${ids}-ends`} checked={ends === 'until'} onChange={() => setEnds('until')} />
                    <span>On a date</span>
                  </label>
                  {ends === 'until' ? (
                    <TextField label="Last session on" type="date" className="input--date" value={untilDate} onChange={(e) => setUntilDate(e.target.value)} error={problems.until} />
                  ) : null}
                </div>
                <div className="repeat__end-line">
                  <label className="checkbox">
                    <input type="radio" name={`${ids}-ends`} checked={ends === 'count'} onChange={() => setEnds('count')} />
                    <span>After a number of sessions</span>
                  </label>
                  {ends === 'count' ? (
                    <TextField
                      label="Number of sessions"
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={520}
                      className="input--short"
                      value={count}
                      onChange={(e) => setCount(e.target.value)}
                      error={problems.count}
                    />
                  ) : null}
                </div>
              </div>
            </fieldset>
          ) : null}
          {summary ? (
            <p className="repeat__summary" aria-live="polite">
              <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M3 8a5 5 0 0 1 8.5-3.5L13 6M13 2.5V6H9.5M13 8a5 5 0 0 1-8.5 3.5L3 10M3 13.5V10h3.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              {summary}
            </p>
          ) : null}
        </fieldset>
      )}

      {inSeries ? <ScopeChoice value={scope} onChange={setScope} legend="Change which sessions?" /> : null}

      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}
      {refusal ? (
        <div className="refusal" role="alertdialog" aria-labelledby={`${ids}-refusal`}>
          <p className="refusal__title" id={`${ids}-refusal`}>
            Before you book
          </p>
          <ul className="refusal__reasons">
            {refusal.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <div className="refusal__actions">
            <button type="button" className="button button--secondary" onClick={() => setRefusal(null)} disabled={busy}>
              Go back
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                setRefusal(null);
                void save(true);
              }}
              disabled={busy}
            >
              Book anyway
            </button>
          </div>
        </div>
      ) : (
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? (inSeries ? `Save for ${SCOPE_LABELS[scope].toLocaleLowerCase()}` : 'Save changes') : 'Book appointment'}
          </button>
        </div>
      )}
    </form>
  );
}

export function describeSeries(appointment: Pick<Appointment, 'recurrence' | 'start' | 'ref'>): string {
  if (!appointment.recurrence) return '';
  try {
    const timeZone = practiceTimeZone();
    const start = new Date(appointment.start);
    // A moved session still belongs to its series' slot: describe the series by that slot, not the new time.
    const firstStart =
      appointment.ref.type === 'occurrence' ? appointment.ref.originalStart : localDateTime(dateInputValue(start), timeInputValue(start));
    return describeRecurrence({ firstStart, timeZone, recurrence: appointment.recurrence });
  } catch {
    return 'Repeats';
  }
}
