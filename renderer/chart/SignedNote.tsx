import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MAX_ADDENDUM_LENGTH, signatureSchema, type Note, type NoteFields } from '../../shared/note';
import { signatureName } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { describeSession } from '../format/sessions';
import { formatDayAndTime, formatWeekdayDate } from './format';
import { NoteText } from './NoteText';

type SignedNoteProps = {
  note: Note;
  onReplaced: (note: Note) => void;
  /** What a window held when the note was signed elsewhere: shown so it can go into an addendum. */
  unsaved?: NoteFields | undefined;
};

/** A signed note: final text, who signed and when, its addenda, and the way to add one or print it. */
export function SignedNote({ note, onReplaced, unsaved }: SignedNoteProps) {
  const ids = useId();
  const definition = note.definition;
  const unsavedFields = unsaved
    ? Object.entries(unsaved).filter(([key, value]) => value.trim() !== '' && value !== (note.fields[key] ?? ''))
    : [];
  return (
    <div className="signed-note-page">
      <article className="signed-note" aria-labelledby={`${ids}-title`}>
        <header className="signed-note__head">
          <div>
            <p className="signed-note__eyebrow">
              <LockIcon /> Signed note
            </p>
            <h2 className="signed-note__title" id={`${ids}-title`}>
              <bdi>{definition.label}</bdi>, {formatWeekdayDate(note.serviceDate)}
            </h2>
            <p className="signed-note__session">{note.session ? `Session: ${describeSession(note.session)}` : 'Not linked to a session'}</p>
          </div>
          <Link className="button button--secondary" to={`/print/note/${note.id}`}>
            Print or save as PDF
          </Link>
        </header>
        <p className="signed-note__signature">
          Signed by{' '}
          <strong>
            <bdi>{note.signedBy}</bdi>
          </strong>{' '}
          on {note.signedAt ? formatDayAndTime(note.signedAt) : 'an unknown date'}
        </p>
        {unsavedFields.length > 0 ? (
          <Notice tone="warning" title="This note was signed in another window">
            <p>What you typed here after that could not be saved. It is below, so you can put what matters into an addendum.</p>
            <dl className="signed-note__unsaved">
              {unsavedFields.map(([key, value]) => (
                <div key={key}>
                  <dt>
                    <bdi>{definition.sections.flatMap((s) => s.fields).find((f) => f.key === key)?.label ?? key}</bdi>
                  </dt>
                  <dd className="note-text__value">
                    <bdi>{value}</bdi>
                  </dd>
                </div>
              ))}
            </dl>
          </Notice>
        ) : null}
        <NoteText note={note} />
        <p className="signed-note__final">This note is signed and final. Corrections and later information go in an addendum.</p>
      </article>
      <Addenda note={note} onReplaced={onReplaced} />
    </div>
  );
}

function LockIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="2.5" y="7" width="11" height="7.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

function Addenda({ note, onReplaced }: { note: Note; onReplaced: (note: Note) => void }) {
  const ids = useId();
  const preferences = useChannelQuery('preferences:get', {});
  const add = useChannelMutation('notes:addAddendum');
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [signedBy, setSignedBy] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ text?: string; signedBy?: string; form?: string }>({});
  const [added, setAdded] = useState(false);
  const name = signedBy ?? (preferences.data ? signatureName(preferences.data) : '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(false);
    const found: typeof errors = {};
    if (text.trim() === '') found.text = 'Write the addendum.';
    else if (text.length > MAX_ADDENDUM_LENGTH) found.text = `At most ${MAX_ADDENDUM_LENGTH.toLocaleString()} characters.`;
    const parsedName = signatureSchema.safeParse(name);
    if (!parsedName.success) found.signedBy = parsedName.error.issues[0]?.message ?? 'Enter the name to sign with';
    setErrors(found);
    if (found.text || found.signedBy || !parsedName.success) return;
    try {
      const updated = await add.mutateAsync({ noteId: note.id, text, signedBy: parsedName.data });
      onReplaced(updated);
      setText('');
      setOpen(false);
      setAdded(true);
    } catch (caught) {
      const error = asAppError(caught);
      const issue = error.code === 'INVALID_INPUT' ? error.issues?.[0] : undefined;
      if (issue?.path.endsWith('text')) setErrors({ text: issue.message });
      else if (issue?.path.endsWith('signedBy')) setErrors({ signedBy: issue.message });
      else setErrors({ form: explain(error) });
    }
  }

  return (
    <section className="addenda" aria-labelledby={`${ids}-title`}>
      <div className="chart-section__head">
        <h3 className="chart-section__title" id={`${ids}-title`}>
          Addenda
        </h3>
        {!open ? (
          <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
            Add addendum
          </button>
        ) : null}
      </div>
      {note.addenda.length === 0 ? <p className="muted">No addenda.</p> : null}
      {note.addenda.length > 0 ? (
        <ol className="addenda__list">
          {note.addenda.map((addendum) => (
            <li key={addendum.id} className="addenda__item">
              <p className="addenda__meta">
                Addendum, {formatDayAndTime(addendum.createdAt)}, signed by{' '}
                <strong>
                  <bdi>{addendum.signedBy}</bdi>
                </strong>
              </p>
              <p className="note-text__value">
                <bdi>{addendum.text}</bdi>
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {added ? <Notice tone="success">The addendum was added and signed.</Notice> : null}
      {open ? (
        <form className="addenda__form" onSubmit={submit} noValidate>
          <TextAreaField
            label="Addendum"
            hint="Dated and signed when you add it; like the note, it cannot be changed afterwards."
            rows={4}
            autoFocus
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setErrors(({ text: _cleared, ...rest }) => rest);
            }}
            error={errors.text}
          />
          <TextField
            label="Signed by"
            autoComplete="name"
            value={name}
            onChange={(event) => {
              setSignedBy(event.target.value);
              setErrors(({ signedBy: _cleared, ...rest }) => rest);
            }}
            error={errors.signedBy}
          />
          {errors.form ? <Notice tone="error">{errors.form}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={add.isPending}>
              {add.isPending ? 'Adding…' : 'Sign and add addendum'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOpen(false)} disabled={add.isPending}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
