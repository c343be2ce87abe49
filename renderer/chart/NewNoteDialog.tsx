import { useId, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Appointment, AppointmentKind } from '../../shared/appointment';
import { localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import { NOTE_TEMPLATE_DEFINITIONS, NOTE_TEMPLATES, serviceDateSchema, type NoteTemplate } from '../../shared/note';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { isCancelled } from '../format/sessions';
import { describeSessionWithAttendance } from './format';

/** The template a session's kind suggests; the person may choose another. */
export const TEMPLATE_FOR_KIND: Record<AppointmentKind, NoteTemplate> = {
  intake: 'intake',
  'follow-up': 'psychiatric-follow-up',
  'medication-management': 'psychiatric-follow-up',
  therapy: 'dap',
};

/** How far back a session may still be offered for a new note. */
const RECENT_SESSIONS = 12;

/** The day a session took place, in this computer's time zone, as YYYY-MM-DD. */
function sessionDay(session: Appointment): string {
  return localToday(new Date(session.start));
}

/**
 * Begins a note: which template, which session it records (if any), and the date of service.
 * A session that already has a note opens that note instead of starting a second.
 */
export function NewNoteDialog({ patientId, patientName, onClose }: { patientId: string; patientName: string; onClose: () => void }) {
  const ids = useId();
  const navigate = useNavigate();
  const timeline = useChannelQuery('chart:timeline', { patientId });
  const create = useChannelMutation('notes:create');
  const today = localToday();

  // Sessions that took place (or were missed) up to today and have no note yet, newest first.
  const sessions = useMemo(
    () =>
      (timeline.data ?? [])
        .flatMap((entry) => (entry.kind === 'session' && entry.noteId === null ? [entry.appointment] : []))
        .filter((session) => !isCancelled(session) && sessionDay(session) <= today)
        .sort((a, b) => b.start.localeCompare(a.start))
        .slice(0, RECENT_SESSIONS),
    [timeline.data, today],
  );

  const [template, setTemplate] = useState<NoteTemplate>('psychiatric-follow-up');
  const [sessionKey, setSessionKey] = useState<string | null>(null);
  const [serviceDate, setServiceDate] = useState(today);
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<AppError | null>(null);
  // Today's session, once the timeline arrives, is the likeliest one: offered first, as a choice already made.
  const [suggested, setSuggested] = useState(false);
  if (!suggested && timeline.data) {
    setSuggested(true);
    const todays = sessions.find((session) => sessionDay(session) === today);
    if (todays) {
      setSessionKey(todays.key);
      setTemplate(TEMPLATE_FOR_KIND[todays.kind]);
    }
  }

  const chosenSession = sessions.find((session) => session.key === sessionKey) ?? null;

  function chooseSession(key: string) {
    const session = sessions.find((s) => s.key === key) ?? null;
    setSessionKey(session ? session.key : null);
    if (session) {
      setServiceDate(sessionDay(session));
      setTemplate(TEMPLATE_FOR_KIND[session.kind]);
      setDateError(undefined);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const date = chosenSession ? sessionDay(chosenSession) : serviceDate;
    const parsed = serviceDateSchema.safeParse(date);
    if (!parsed.success) {
      setDateError(date === '' ? 'Enter the date of service.' : (parsed.error.issues[0]?.message ?? 'Enter the date of service.'));
      return;
    }
    setDateError(undefined);
    try {
      const note = await create.mutateAsync({
        patientId,
        template,
        session: chosenSession ? chosenSession.ref : null,
        serviceDate: parsed.data,
      });
      onClose();
      void navigate(`/patients/${patientId}/notes/${note.id}`);
    } catch (caught) {
      const error = asAppError(caught);
      // The session has a note already (begun in another window): open it rather than start a second.
      if (error.code === 'CONFLICT' && chosenSession) {
        const existing = await call('notes:forSession', { ref: chosenSession.ref }).catch(() => null);
        if (existing) {
          onClose();
          void navigate(`/patients/${patientId}/notes/${existing.id}`);
          return;
        }
      }
      if (error.code === 'INVALID_INPUT') {
        const issue = error.issues?.find((i) => i.path.endsWith('serviceDate'));
        if (issue) {
          setDateError(issue.message);
          return;
        }
      }
      setFailure(error);
    }
  }

  return (
    <Modal
      open
      title="New note"
      subtitle={
        <>
          For <bdi>{patientName}</bdi>
        </>
      }
      onClose={onClose}
      size="wide"
    >
      <form className="new-note" onSubmit={submit} noValidate>
        <fieldset className="choice-group">
          <legend className="field__label">Template</legend>
          <div className="new-note__templates">
            {NOTE_TEMPLATES.map((option) => (
              <label key={option} className="choice">
                <input
                  type="radio"
                  name={`${ids}-template`}
                  value={option}
                  checked={template === option}
                  onChange={() => setTemplate(option)}
                  aria-labelledby={`${ids}-${option}-label`}
                  aria-describedby={`${ids}-${option}-hint`}
                />
                <span className="choice__text">
                  <span className="choice__label" id={`${ids}-${option}-label`}>
                    {NOTE_TEMPLATE_DEFINITIONS[option].label}
                  </span>
                  <span className="choice__hint" id={`${ids}-${option}-hint`}>
                    {NOTE_TEMPLATE_DEFINITIONS[option].description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <label className="field__label" htmlFor={`${ids}-session`}>
            Session
          </label>
          <p className="field__hint" id={`${ids}-session-hint`}>
            {timeline.isPending
              ? 'Looking for this patient’s sessions…'
              : sessions.length === 0
                ? 'No recent session without a note. The note stands on its own (a phone call, a letter).'
                : 'The session this note records, or none for a phone call or a letter.'}
          </p>
          <select
            id={`${ids}-session`}
            className="input"
            value={sessionKey ?? ''}
            onChange={(event) => chooseSession(event.target.value)}
            aria-describedby={`${ids}-session-hint`}
            disabled={sessions.length === 0}
          >
            <option value="">No session</option>
            {sessions.map((session) => (
              <option key={session.key} value={session.key}>
                {describeSessionWithAttendance(session)}
              </option>
            ))}
          </select>
        </div>

        {chosenSession ? null : (
          <TextField
            label="Date of service"
            type="date"
            min="1900-01-01"
            max={today}
            className="input--date"
            value={serviceDate}
            onChange={(event) => {
              setServiceDate(event.target.value);
              setDateError(undefined);
            }}
            error={dateError}
          />
        )}

        {timeline.error ? <Notice tone="error">{explain(timeline.error)}</Notice> : null}
        {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}

        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Starting…' : 'Start note'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
