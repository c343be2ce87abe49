import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { localToday } from '../../shared/dates';
import type { AppError } from '../../shared/errors';
import { isEmptyNote, serviceDateSchema, type Note, type NoteField, type NoteFields, type NoteSection } from '../../shared/note';
import { MSE_DOMAINS, mseTarget, normalMseValue, withNormalSentence, type MseDomain } from '../../shared/note-templates';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DraftConflictNotice } from '../components/DraftConflictNotice';
import { Notice } from '../components/Notice';
import { SaveStatus } from '../components/SaveStatus';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { describeSession } from '../format/sessions';
import { formatDayMonth } from '../format/dates';
import { NoteProgress } from '../plan';
import { ForkedFrom } from './ForkedFrom';
import { SignDialog } from './SignDialog';
import { useDraftAutosave } from './useDraftAutosave';

type NoteEditorProps = {
  note: Note;
  /** The note as stored now (signed here or elsewhere); `unsaved` is what this window held and could not save. */
  onReplaced: (note: Note, unsaved?: NoteFields) => void;
};

/**
 * A draft note, written into the fields of its own template version, saving itself; signed when
 * complete. A draft copied forward marks each section still exactly as copied until it is edited.
 */
export function NoteEditor({ note, onReplaced }: NoteEditorProps) {
  const ids = useId();
  const navigate = useNavigate();
  const definition = note.definition;
  const [stored, setStored] = useState<Note | null>(null);
  const [signing, setSigning] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const discard = useChannelMutation('notes:discardDraft');

  async function readStored(): Promise<Note | null> {
    try {
      return await call('notes:get', { id: note.id });
    } catch (caught) {
      setFailure(asAppError(caught));
      return null;
    }
  }

  const draft = useDraftAutosave(note, {
    onConflict: () => {
      void readStored().then((latest) => {
        if (!latest) return;
        if (latest.status === 'signed') onReplaced(latest, draft.held().fields);
        else setStored(latest);
      });
    },
    onSigned: () => {
      void readStored().then((latest) => {
        if (latest) onReplaced(latest, draft.held().fields);
      });
    },
  });

  async function doDiscard() {
    setFailure(null);
    const version = await draft.close();
    try {
      await discard.mutateAsync({ id: note.id, version });
      setDiscarding(false);
      void navigate(`/patients/${note.patientId}`, { replace: true });
    } catch (caught) {
      setDiscarding(false);
      draft.reopen();
      setFailure(asAppError(caught));
    }
  }

  const empty = isEmptyNote(draft.fields);
  const copiedFrom = note.copiedFrom ? formatDayMonth(note.copiedFrom.serviceDate) : null;
  const isCopied = (section: NoteSection) =>
    section.fields.some((field) => draft.copiedKeys.includes(field.key) && (draft.fields[field.key] ?? '') !== '');
  const stillCopied = definition.sections.filter(isCopied).map((section) => section.heading);

  return (
    <article className="note-editor" aria-labelledby={`${ids}-title`}>
      <header className="note-editor__head">
        <div>
          <p className="note-editor__eyebrow">Draft note · not signed</p>
          <h2 className="note-editor__title" id={`${ids}-title`}>
            <bdi>{definition.label}</bdi>
          </h2>
          <p className="note-editor__session">{note.session ? `Session: ${describeSession(note.session)}` : 'Not linked to a session'}</p>
          {note.forkedFrom ? <ForkedFrom patientId={note.patientId} forkedFrom={note.forkedFrom} /> : null}
        </div>
        <TextField
          label="Date of service"
          type="date"
          min="1900-01-01"
          max={localToday()}
          className="input--date"
          value={draft.serviceDate}
          onChange={(event) => {
            const parsed = serviceDateSchema.safeParse(event.target.value);
            setDateError(
              parsed.success ? undefined : event.target.value === '' ? 'Enter the date of service.' : parsed.error.issues[0]?.message,
            );
            draft.setServiceDate(event.target.value, parsed.success);
          }}
          error={dateError}
        />
      </header>

      {stored ? (
        <DraftConflictNotice
          verb="typed"
          onKeepMine={() => {
            draft.keepMine(stored.version);
            setStored(null);
          }}
          onShowOther={() => {
            draft.takeStored(stored);
            setStored(null);
          }}
        />
      ) : null}
      {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}

      <div className="note-editor__sections">
        {definition.sections.map((section, index) => {
          const single = section.fields.length === 1 && section.fields[0]?.label === section.heading;
          const copied = copiedFrom !== null && isCopied(section);
          return (
            <section
              key={`${index}-${section.heading}`}
              className={`note-editor__section${copied ? ' note-editor__section--copied' : ''}`}
              aria-labelledby={`${ids}-section-${index}`}
            >
              <h3 className="note-editor__heading" id={`${ids}-section-${index}`}>
                <bdi>{section.heading}</bdi>
              </h3>
              {copied ? (
                <p className="note-editor__copied" id={`${ids}-copied-${index}`}>
                  Copied from {copiedFrom} — edit to make it yours
                </p>
              ) : null}
              {section.prompt && !single ? (
                <p className="note-editor__prompt">
                  <bdi>{section.prompt}</bdi>
                </p>
              ) : null}
              <NormalMse section={section} fields={draft.fields} onFill={draft.setFields} />
              <div className={`note-editor__fields${section.fields.every((f) => f.kind === 'line') ? ' note-editor__fields--lines' : ''}`}>
                {section.fields.map((field) => (
                  <NoteFieldInput
                    key={field.key}
                    field={field}
                    value={draft.fields[field.key] ?? ''}
                    labelHidden={single}
                    onChange={(value) => draft.setField(field.key, value)}
                  />
                ))}
              </div>
            </section>
          );
        })}
      </div>

      <NoteProgress noteId={note.id} patientId={note.patientId} serviceDate={draft.serviceDate} />

      <footer className="note-editor__bar">
        <SaveStatus state={draft.state} closedText="This note is no longer a draft" onRetry={() => void draft.flush()} />
        <span className="note-editor__bar-gap" />
        <button type="button" className="button button--secondary" onClick={() => setDiscarding(true)}>
          Discard draft…
        </button>
        <button type="button" className="button button--primary" onClick={() => setSigning(true)}>
          Sign note…
        </button>
      </footer>

      {signing ? (
        <SignDialog
          note={note}
          copied={copiedFrom !== null ? { from: copiedFrom, sections: stillCopied } : null}
          serviceDate={draft.held().serviceDate}
          empty={empty}
          prepare={async () => {
            await draft.flush();
            if (draft.hasUnsaved()) return null;
            return draft.close();
          }}
          onSigned={(signed) => {
            setSigning(false);
            onReplaced(signed);
          }}
          onRefused={() => draft.reopen()}
          onCancel={() => setSigning(false)}
        />
      ) : null}

      <ConfirmDialog
        open={discarding}
        title="Discard this draft?"
        confirmLabel="Discard draft"
        tone="danger"
        busy={discard.isPending}
        onConfirm={() => void doDiscard()}
        onCancel={() => setDiscarding(false)}
      >
        <p>Everything written in this draft is thrown away. This cannot be undone.</p>
      </ConfirmDialog>
    </article>
  );
}

/**
 * "Normal" per domain of the mental status examination, and "All normal" for the domains still
 * empty: the wording (shared/note-templates.ts) goes in as text the clinician then edits.
 */
function NormalMse({
  section,
  fields,
  onFill,
}: {
  section: NoteSection;
  fields: NoteFields;
  onFill: (values: Readonly<Record<string, string>>) => void;
}) {
  const target = mseTarget(section);
  if (target === null) return null;
  const paragraphKey = section.fields[0]?.key ?? '';
  const domains: readonly MseDomain[] =
    target === 'fields' ? MSE_DOMAINS.filter((domain) => section.fields.some((field) => field.key === domain.key)) : MSE_DOMAINS;

  function fill(domain: MseDomain): Record<string, string> {
    if (target === 'fields') return { [domain.key]: normalMseValue(domain) };
    return { [paragraphKey]: withNormalSentence(fields[paragraphKey] ?? '', domain) };
  }

  function allNormal() {
    if (target === 'fields') {
      onFill(
        Object.fromEntries(
          domains.filter((domain) => (fields[domain.key] ?? '').trim() === '').map((domain) => [domain.key, normalMseValue(domain)]),
        ),
      );
      return;
    }
    const paragraph = fields[paragraphKey] ?? '';
    const written = (domain: MseDomain) =>
      paragraph.split('\n').some((line) => line.trimStart().toLowerCase().startsWith(`${domain.domain.toLowerCase()}:`));
    onFill({ [paragraphKey]: domains.filter((domain) => !written(domain)).reduce(withNormalSentence, paragraph) });
  }

  return (
    <div className="note-mse" role="group" aria-label="Normal findings">
      <span className="note-mse__label">Normal:</span>
      {domains.map((domain) => (
        <button
          key={domain.key}
          type="button"
          className="note-mse__domain"
          onClick={() => onFill(fill(domain))}
          aria-label={`${domain.domain}: normal`}
        >
          {domain.domain}
        </button>
      ))}
      <button type="button" className="button button--secondary button--small note-mse__all" onClick={allNormal}>
        All normal
      </button>
    </div>
  );
}

function NoteFieldInput({
  field,
  value,
  labelHidden,
  onChange,
}: {
  field: NoteField;
  value: string;
  labelHidden: boolean;
  onChange: (value: string) => void;
}) {
  const ids = useId();
  switch (field.kind) {
    case 'text':
      return (
        <TextAreaField
          label={field.label}
          labelHidden={labelHidden}
          placeholder={field.hint}
          rows={labelHidden ? 5 : 3}
          spellCheck
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'line':
      return (
        <TextField
          label={field.label}
          placeholder={field.hint}
          autoComplete="off"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'choice':
      return (
        <fieldset className="choice-group note-choice">
          <legend className="field__label">{field.label}</legend>
          <div className="note-choice__options">
            {[...(field.options ?? []), ''].map((option) => (
              <label key={option || 'none'} className="note-choice__option">
                <input
                  type="radio"
                  name={`${ids}-${field.key}`}
                  value={option}
                  checked={value === option}
                  onChange={() => onChange(option)}
                />
                <span>{option || 'Not recorded'}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
  }
}
