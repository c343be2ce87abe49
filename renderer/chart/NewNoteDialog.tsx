import { useId, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Appointment, AppointmentKind } from '../../shared/appointment';
import { localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import { serviceDateSchema, type NoteTemplate } from '../../shared/note';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { isCancelled } from '../format/sessions';
import { describeSessionWithAttendance, formatWeekdayDate } from './format';

/** The template a session's kind suggests; a template the person chose stays chosen. */
export const TEMPLATE_FOR_KIND: Record<AppointmentKind, NoteTemplate> = {
  intake: 'intake',
  'follow-up': 'psychiatric-follow-up',
  'medication-management': 'psychiatric-follow-up',
  therapy: 'dap',
};

/** A session's kind as a sentence says it. */
const KIND_WORDS: Record<AppointmentKind, string> = {
  intake: 'intake',
  'follow-up': 'follow-up',
  'medication-management': 'medication-management',
  therapy: 'therapy',
};

/** How far back a session may still be offered for a new note. */
const RECENT_SESSIONS = 12;

/** The day a session took place, in this computer's time zone, as YYYY-MM-DD. */
function sessionDay(session: Appointment): string {
  return localToday(new Date(session.start));
}

/**
 * Begins a note: which template, which session it records (if any), the date of service, and
 * whether it starts as a copy of the last signed note. A session that already has a note opens that
 * note instead of starting a second. Choosing a session never changes a template the person chose:
 * when the session's kind suggests another, that is said, with a button to take it.
 */
export function NewNoteDialog({ patientId, patientName, onClose }: { patientId: string; patientName: string; onClose: () => void }) {
  const ids = useId();
  const navigate = useNavigate();
  const timeline = useChannelQuery('chart:timeline', { patientId });
  const create = useChannelMutation('notes:create');
  const templates = useChannelQuery('notes:templates', {});
  const lastSigned = useChannelQuery('notes:lastSigned', { patientId });
  const today = localToday();
  const offered = useMemo(() => (templates.data ?? []).filter((option) => !option.archived), [templates.data]);
  const isOffered = (id: string) => offered.some((option) => option.id === id);

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

  const [picked, setPicked] = useState<string>('psychiatric-follow-up');
  /** True once the person chose a template: a session chosen afterwards only proposes its own. */
  const [pickedByHand, setPickedByHand] = useState(false);
  const [proposal, setProposal] = useState<{ template: string; kind: AppointmentKind } | null>(null);
  const [copyForward, setCopyForward] = useState(false);
  // The template asked for, or the first one offered when it is archived.
  const template = isOffered(picked) ? picked : (offered[0]?.id ?? picked);
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
      if (!pickedByHand) setPicked(TEMPLATE_FOR_KIND[todays.kind]);
    }
  }

  function pickTemplate(id: string) {
    setPicked(id);
    setPickedByHand(true);
    setProposal(null);
  }

  /** What the session's kind suggests: taken while no template was chosen by hand, else only proposed. */
  function suggestFor(kind: AppointmentKind) {
    const suggestion: NoteTemplate = TEMPLATE_FOR_KIND[kind];
    if (!isOffered(suggestion) || suggestion === template) {
      setProposal(null);
      return;
    }
    if (pickedByHand) setProposal({ template: suggestion, kind });
    else setPicked(suggestion);
  }

  const chosenSession = sessions.find((session) => session.key === sessionKey) ?? null;

  function chooseSession(key: string) {
    const session = sessions.find((s) => s.key === key) ?? null;
    setSessionKey(session ? session.key : null);
    if (session) {
      setServiceDate(sessionDay(session));
      suggestFor(session.kind);
      setDateError(undefined);
    } else setProposal(null);
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
        copyFrom: copyForward && lastSigned.data ? lastSigned.data.id : null,
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
            {offered.map((option) => (
              <label key={option.id} className="choice">
                <input
                  type="radio"
                  name={`${ids}-template`}
                  value={option.id}
                  checked={template === option.id}
                  onChange={() => pickTemplate(option.id)}
                  aria-labelledby={`${ids}-${option.id}-label`}
                  aria-describedby={`${ids}-${option.id}-hint`}
                />
                <span className="choice__text">
                  <span className="choice__label" id={`${ids}-${option.id}-label`}>
                    <bdi>{option.label}</bdi>
                  </span>
                  <span className="choice__hint" id={`${ids}-${option.id}-hint`}>
                    <bdi>{option.description}</bdi>
                  </span>
                </span>
              </label>
            ))}
          </div>
          {templates.isPending ? (
            <p className="muted" role="status">
              Loading the templates…
            </p>
          ) : null}
          {templates.error ? <Notice tone="error">{explain(templates.error)}</Notice> : null}
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

        {proposal ? (
          <div className="new-note__proposal" role="status">
            <p>
              A {KIND_WORDS[proposal.kind]} session usually gets the{' '}
              <bdi>{offered.find((option) => option.id === proposal.template)?.label ?? proposal.template}</bdi> template. You chose{' '}
              <bdi>{offered.find((option) => option.id === template)?.label ?? template}</bdi>, which stays chosen.
            </p>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                setPicked(proposal.template);
                setProposal(null);
              }}
            >
              <span>
                Use <bdi>{offered.find((option) => option.id === proposal.template)?.label ?? proposal.template}</bdi> instead
              </span>
            </button>
          </div>
        ) : null}

        {lastSigned.data ? (
          <label className="checkbox new-note__copy">
            <input type="checkbox" checked={copyForward} onChange={(event) => setCopyForward(event.target.checked)} />
            <span>
              Copy forward from the last signed note ({formatWeekdayDate(lastSigned.data.serviceDate)},{' '}
              <bdi>{lastSigned.data.templateName}</bdi>)
              <span className="field__hint">
                Its sections that this template has start the draft, each marked as copied until you edit it.
              </span>
            </span>
          </label>
        ) : null}

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
