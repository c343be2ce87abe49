import { addMonths } from 'date-fns';
import { useEffect, useId, useMemo, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import { APPOINTMENT_KINDS, KIND_LABELS, type AppointmentKind } from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import { IMPORT_LIMITS, IMPORT_MESSAGES, NOT_A_SESSION_LABELS, type CalendarEvent, type SessionsPreview } from '../../shared/import';
import { displayName, type PatientSummary } from '../../shared/patient';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { dateInputValue, formatCalendarDate, formatInstantDate, formatMoment } from '../format/dates';
import { formatTimeRange } from '../format/times';
import { ImportProblem } from './ImportProblem';
import { FileTooLarge, readPickedFile } from './readFile';
import { FileField } from './FileField';

type Picked = { name: string; content: string };
/** The patient each event's sessions are booked for; "" leaves the event out. */
type Choices = Readonly<Record<string, string>>;

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** "Tue 3 Mar 2026, 09:00–09:50", or for a repeating event "Repeats · 5 sessions, 24 Feb 2026 to 31 Mar 2026". */
function whenText(event: CalendarEvent): string {
  const first = event.sessions[0];
  const last = event.sessions.at(-1);
  if (!first || !last) return 'No session in these days';
  if (event.sessions.length === 1) return `${formatInstantDate(first.start)}, ${formatTimeRange(first.start, first.end)}`;
  return `${plural(event.sessions.length, 'session')}, ${formatInstantDate(first.start)} to ${formatInstantDate(last.start)}`;
}

function matchText(event: CalendarEvent, chosen: string): string {
  const notes: string[] = [];
  if (event.match.type === 'one') {
    notes.push(
      chosen === event.match.patientId
        ? 'Matched by name.'
        : chosen === ''
          ? 'Matched by name; you left it out.'
          : 'Matched by name; you chose another patient.',
    );
  }
  if (event.match.type === 'several') notes.push('Several patients have this name: choose one.');
  if (event.match.type === 'none') notes.push('No patient’s name found in it.');
  if (event.alreadyInAlliance > 0 && chosen !== '' && event.match.type === 'one' && chosen === event.match.patientId) {
    notes.push(`${plural(event.alreadyInAlliance, 'session')} already in Alliance, not booked again.`);
  }
  if (event.continuesAfter) notes.push('Goes on after the last day chosen.');
  return notes.join(' ');
}

function EventRow({
  event,
  patients,
  chosen,
  onChoose,
}: {
  event: CalendarEvent;
  patients: readonly PatientSummary[];
  chosen: string;
  onChoose: (patientId: string) => void;
}) {
  const title = event.summary || 'Untitled event';
  return (
    <tr className={chosen === '' ? 'import__event--out' : undefined}>
      <th scope="row" className="import__event">
        <bdi>{title}</bdi>
        {event.recurring ? <span className="badge badge--muted">Repeats</span> : null}
        <details className="import__sessions">
          <summary>{whenText(event)}</summary>
          <ul>
            {event.sessions.map((session) => (
              <li key={session.start}>
                {formatInstantDate(session.start)}, {formatTimeRange(session.start, session.end)}
                {session.moved ? ' (moved)' : ''}
              </li>
            ))}
          </ul>
        </details>
      </th>
      <td>
        <select
          className="input input--select import__patient"
          aria-label={`Patient for “${title}”`}
          value={chosen}
          onChange={(change) => onChoose(change.target.value)}
        >
          <option value="">Leave out</option>
          {patients.map((patient) => (
            <option key={patient.id} value={patient.id}>
              {displayName(patient)}, {formatCalendarDate(patient.dateOfBirth)}
              {patient.archivedAt ? ' (archived)' : ''}
            </option>
          ))}
        </select>
        <p className="muted import__match">{matchText(event, chosen)}</p>
      </td>
    </tr>
  );
}

function EventTable({
  caption,
  events,
  patients,
  choices,
  onChoose,
}: {
  caption: string;
  events: readonly CalendarEvent[];
  patients: readonly PatientSummary[];
  choices: Choices;
  onChoose: (key: string, patientId: string) => void;
}) {
  return (
    <div className="table-frame">
      <table className="table import__events">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Event and its sessions</th>
            <th scope="col">Patient</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <EventRow
              key={event.key}
              event={event}
              patients={patients}
              chosen={choices[event.key] ?? ''}
              onChoose={(patientId) => onChoose(event.key, patientId)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportSessionsPage() {
  const ids = useId();
  const [picked, setPicked] = useState<Picked | null>(null);
  // A new input once an import is done: the file it named has been imported.
  const [fileInput, setFileInput] = useState(0);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  // The past year, and the year ahead: what a practice moving systems has held and has booked.
  const [from, setFrom] = useState(() => dateInputValue(addMonths(new Date(), -12)));
  const [to, setTo] = useState(() => dateInputValue(addMonths(new Date(), 12)));
  const [kind, setKind] = useState<AppointmentKind>('follow-up');
  const [preview, setPreview] = useState<SessionsPreview | null>(null);
  const [previewError, setPreviewError] = useState<AppError | null>(null);
  const [choices, setChoices] = useState<Choices>({});
  const [imported, setImported] = useState<{ sessions: number; alreadyInAlliance: number } | null>(null);
  const patients = useChannelQuery('patients:list', { includeArchived: true });
  const importSessions = useChannelMutation('import:sessions');

  const rangeProblem = from === '' || to === '' ? 'Choose both days.' : to < from ? IMPORT_MESSAGES.rangeOrder : null;

  useEffect(() => {
    if (picked === null || rangeProblem !== null) return;
    let current = true;
    call('import:previewSessions', { content: picked.content, from, to })
      .then((answer) => {
        if (!current) return;
        setPreview(answer);
        setPreviewError(null);
        // Each event starts with the patient its name matched; the person confirms or changes it.
        setChoices(Object.fromEntries(answer.events.map((event) => [event.key, event.match.type === 'one' ? event.match.patientId : ''])));
      })
      .catch((caught: unknown) => {
        if (!current) return;
        setPreview(null);
        setPreviewError(asAppError(caught));
      });
    return () => {
      current = false;
    };
  }, [picked, from, to, rangeProblem]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setImported(null);
    importSessions.reset();
    setPreview(null);
    setPreviewError(null);
    setPicked(null);
    setReadProblem(null);
    if (!file) return;
    try {
      setPicked({ name: file.name, content: await readPickedFile(file, IMPORT_LIMITS.icsCharacters) });
    } catch (caught) {
      setReadProblem(caught instanceof FileTooLarge ? IMPORT_MESSAGES.icsTooLarge : 'This file could not be read. Choose it again.');
    }
  }

  const sortedPatients = useMemo(
    () =>
      [...(patients.data ?? [])].sort(
        (a, b) =>
          collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName) || a.chartNumber - b.chartNumber,
      ),
    [patients.data],
  );
  const events = preview?.events ?? [];
  const matched = events.filter((event) => event.match.type === 'one');
  const unmatched = events.filter((event) => event.match.type !== 'one');
  const chosenEvents = events.filter((event) => (choices[event.key] ?? '') !== '');
  const sessionsChosen = chosenEvents.reduce((sum, event) => sum + event.sessions.length, 0);
  const onChoose = (key: string, patientId: string) => setChoices((current) => ({ ...current, [key]: patientId }));

  async function runImport() {
    if (!picked || !preview) return;
    try {
      const result = await importSessions.mutateAsync({
        content: picked.content,
        from,
        to,
        kind,
        choices: chosenEvents.map((event) => ({ event: event.key, patientId: choices[event.key] ?? '' })),
      });
      setImported(result);
      setPicked(null);
      setPreview(null);
      setFileInput((n) => n + 1);
    } catch {
      // Shown below from the mutation's state.
    }
  }

  return (
    <div className="page">
      <BackLink to="/import">Import from another system</BackLink>
      <header className="page__header">
        <div>
          <h1 className="page__title">Import sessions from a calendar file</h1>
          <p className="page__subtitle">
            An iCalendar (.ics) file from Google Calendar, Outlook, Apple Calendar or another practice system.
          </p>
        </div>
      </header>

      {imported ? (
        <Notice tone="success" title={`Imported ${plural(imported.sessions, 'session')}.`}>
          {imported.alreadyInAlliance > 0 ? `${plural(imported.alreadyInAlliance, 'session')} already in Alliance, not booked twice. ` : ''}
          <Link to="/calendar">See them on the calendar</Link>
        </Notice>
      ) : null}

      <section className="card">
        <h2 className="card__title">Choose the file and the days</h2>
        <p className="card__text">
          Import your patients first: each event is matched to a patient by the name in its title or description. A repeating event becomes
          one session for each time it falls within the days you choose, as your other calendar showed it.
        </p>
        <FileField
          id={`${ids}-file`}
          label="Calendar file"
          accept=".ics,text/calendar"
          resetKey={fileInput}
          onChoose={(e) => void choose(e)}
        />
        <div className="import__options">
          <TextField label="From" type="date" className="input--date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField
            label="To"
            type="date"
            className="input--date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={rangeProblem ?? undefined}
          />
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-kind`}>
              Book them as
            </label>
            <select
              id={`${ids}-kind`}
              className="input input--select"
              value={kind}
              onChange={(e) => setKind(e.target.value as AppointmentKind)}
            >
              {APPOINTMENT_KINDS.map((option) => (
                <option key={option} value={option}>
                  {KIND_LABELS[option]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {picked && preview ? (
          <p className="muted" role="status">
            Read <bdi>{picked.name}</bdi>: {plural(events.length, 'event')} with sessions in these days
            {preview.outsideRange > 0 ? `; ${plural(preview.outsideRange, 'other event')} fall outside them` : ''}.
          </p>
        ) : null}
        {readProblem ? <Notice tone="error">{readProblem}</Notice> : null}
        {previewError ? <ImportProblem error={previewError} /> : null}
      </section>

      {picked && preview ? (
        <>
          <section className="card">
            <h2 className="card__title">Check each event’s patient</h2>
            <p className="card__text">
              Confirm or change the patient of each event, or leave it out. Sessions a patient already has at the same time are not booked
              twice. Times are on this computer’s clock ({preview.timeZone}).
            </p>
            {events.length === 0 ? <p className="muted">No event of this file has a session in these days.</p> : null}
            {unmatched.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">Not matched ({unmatched.length.toLocaleString()})</h3>
                <EventTable
                  caption="Events not matched to a patient"
                  events={unmatched}
                  patients={sortedPatients}
                  choices={choices}
                  onChoose={onChoose}
                />
              </div>
            ) : null}
            {matched.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">Matched by name ({matched.length.toLocaleString()})</h3>
                <EventTable
                  caption="Events matched to a patient by name"
                  events={matched}
                  patients={sortedPatients}
                  choices={choices}
                  onChoose={onChoose}
                />
              </div>
            ) : null}
            {preview.notSessions.length > 0 ? (
              <div className="import__group">
                <h3 className="import__heading">Not sessions, left out ({preview.notSessions.length.toLocaleString()})</h3>
                <ul className="import__list">
                  {preview.notSessions.map((item, index) => (
                    <li key={index}>
                      <bdi>{item.summary || 'Untitled event'}</bdi> ·{' '}
                      {item.start.length === 10 ? formatCalendarDate(item.start) : formatMoment(item.start)} ·{' '}
                      {NOT_A_SESSION_LABELS[item.reason]}
                      {item.recurring ? ', repeating' : ''}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>

          {importSessions.error ? <ImportProblem error={importSessions.error} /> : null}
          <div className="form-actions import__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={sessionsChosen === 0 || importSessions.isPending}
              onClick={() => void runImport()}
            >
              {importSessions.isPending ? 'Importing…' : `Import ${plural(sessionsChosen, 'session')}`}
            </button>
            {sessionsChosen === 0 ? <p className="muted">{IMPORT_MESSAGES.noSessionsChosen}</p> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
