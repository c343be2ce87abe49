import { useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../shared/errors';
import { composeSignature, signatureSchema, signedByNameSchema, signerCredentialsSchema, type Note } from '../../shared/note';
import { displayName } from '../../shared/patient';
import { signatureName } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { useChart } from './chartContext';
import { formatWeekdayDate } from './format';

type SignDialogProps = {
  note: Note;
  /** The date of service as the editor holds it now. */
  serviceDate: string;
  empty: boolean;
  /** A draft copied forward: the note's date it came from, and the sections still exactly as copied. */
  copied: { from: string; sections: readonly string[] } | null;
  /** Saves what is typed and stops saving; answers the version to sign, or null when the draft could not be saved. */
  prepare: () => Promise<number | null>;
  onSigned: (note: Note) => void;
  /** Signing did not happen: the draft goes on saving itself. */
  onRefused: () => void;
  onCancel: () => void;
};

function explainRefusal(error: AppError): string {
  if (error.code === 'CONFLICT')
    return 'This draft was changed in another window after you opened it, so it was not signed. Close this dialog to see both versions.';
  if (error.code === 'INVALID_INPUT') return error.issues?.[0]?.message ?? explain(error);
  return explain(error);
}

/**
 * "Sign this note?": the name it is signed with comes from Settings; when Settings has none, the
 * name and the credentials are typed here apart (so the credentials are never written twice) and
 * may be kept there for the next note. Sections still exactly as copied forward are pointed out,
 * without stopping the signature.
 */
export function SignDialog({ note, serviceDate, empty, copied, prepare, onSigned, onRefused, onCancel }: SignDialogProps) {
  const ids = useId();
  const { patient } = useChart();
  const preferences = useChannelQuery('preferences:get', {});
  const savePreference = useChannelMutation('preferences:update');
  const sign = useChannelMutation('notes:sign');
  const configured = preferences.data ? signatureName(preferences.data) : '';
  const [typed, setTyped] = useState('');
  const [credentials, setCredentials] = useState('');
  const [credentialsError, setCredentialsError] = useState<string | undefined>(undefined);
  const [remember, setRemember] = useState(true);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The signature a note gets: Settings' as it stands, or the name and credentials typed here. */
  function signature(): string | null {
    if (configured !== '') {
      const parsed = signatureSchema.safeParse(configured);
      if (parsed.success) return parsed.data;
      setNameError(`${parsed.error.issues[0]?.message ?? ''} Correct the name in Settings, then sign.`);
      return null;
    }
    const parsedName = signedByNameSchema.safeParse(typed);
    const parsedCredentials = signerCredentialsSchema.safeParse(credentials);
    setNameError(parsedName.success ? undefined : parsedName.error.issues[0]?.message);
    setCredentialsError(parsedCredentials.success ? undefined : parsedCredentials.error.issues[0]?.message);
    if (!parsedName.success || !parsedCredentials.success) return null;
    return composeSignature(parsedName.data, parsedCredentials.data);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const signedBy = signature();
    if (signedBy === null) return;
    setNameError(undefined);
    setBusy(true);
    const version = await prepare();
    if (version === null) {
      setBusy(false);
      setProblem(
        'The latest changes to this draft could not be saved, so it was not signed. See the message beside the Sign button, then try again.',
      );
      onRefused();
      return;
    }
    try {
      if (configured === '' && remember) {
        // Kept in Settings for the next signature; a failure here must not stop this one.
        await savePreference.mutateAsync({ clinicianName: typed.trim(), clinicianCredentials: credentials.trim() }).catch(() => undefined);
      }
      const signed = await sign.mutateAsync({ id: note.id, version, signedBy });
      onSigned(signed);
    } catch (caught) {
      onRefused();
      setProblem(explainRefusal(asAppError(caught)));
      setBusy(false);
    }
  }

  return (
    <Modal open title="Sign this note?" onClose={busy ? () => undefined : onCancel}>
      <form className="sign-dialog" onSubmit={submit} noValidate>
        <p className="sign-dialog__what">
          <strong>
            <bdi>{note.definition.label}</bdi>
          </strong>{' '}
          for{' '}
          <strong>
            <bdi>{displayName(patient)}</bdi>
          </strong>
          , date of service {formatWeekdayDate(serviceDate)}.
        </p>
        {empty ? (
          <Notice tone="warning">
            Nothing is written in this note yet, so there is nothing to sign. Write the note first, or discard the draft.
          </Notice>
        ) : (
          <p>
            Once signed, the note is final: it can no longer be changed or deleted. Anything to correct or add later goes in a dated
            addendum.
          </p>
        )}
        {!empty && copied && copied.sections.length > 0 ? (
          <Notice tone="warning" title={copiedSummary(copied.sections.length, copied.from)}>
            <p>
              {copied.sections.map((heading, index) => (
                <span key={heading}>
                  {index > 0 ? ', ' : ''}
                  <bdi>{heading}</bdi>
                </span>
              ))}
              . Sign if that is still true today, or cancel and bring them up to date.
            </p>
          </Notice>
        ) : null}
        {configured !== '' ? (
          <div className="sign-dialog__name">
            <span className="field__label" id={`${ids}-as`}>
              Signed by
            </span>
            <p className="sign-dialog__signature" aria-labelledby={`${ids}-as`}>
              <bdi>{configured}</bdi>
            </p>
            <p className="field__hint">The name and credentials in Settings.</p>
          </div>
        ) : (
          <>
            <div className="sign-dialog__signer">
              <TextField
                label="Signed by"
                hint="Your name as it should appear on the note, for example Dr Ana Reyes."
                autoComplete="name"
                value={typed}
                onChange={(event) => {
                  setTyped(event.target.value);
                  setNameError(undefined);
                }}
                error={nameError}
                disabled={empty}
              />
              <TextField
                label="Credentials"
                hint="For example MD, or MD, PhD. Optional."
                autoComplete="off"
                value={credentials}
                onChange={(event) => {
                  setCredentials(event.target.value);
                  setCredentialsError(undefined);
                }}
                error={credentialsError}
                disabled={empty}
              />
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} disabled={empty} />
              <span>Save this name and these credentials in Settings for the next notes</span>
            </label>
          </>
        )}
        {configured !== '' && nameError ? <p className="field__error">{nameError}</p> : null}
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || empty || preferences.isPending}>
            {busy ? 'Signing…' : 'Sign note'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function copiedSummary(count: number, from: string): string {
  return count === 1 ? `1 section is still exactly as copied from ${from}:` : `${count} sections are still exactly as copied from ${from}:`;
}
