import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { joinProgressSchema } from '../../shared/channels/sync';
import { deviceNameSchema, pairingCodeInputSchema, SERVER_LIMITS, serverDetailsSchema } from '../../shared/sync/connection';
import type { RecoverySheet } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { NewPassphraseFields, useNewPassphrase } from '../vault';
import './pairing.css';

type Progress = z.infer<typeof joinProgressSchema>;

const PHASE_WORDS: Record<Progress['phase'], string> = {
  redeeming: 'Checking the code with the practice server…',
  downloading: 'Receiving the vault from the other device…',
  opening: 'Making this device’s copy its own…',
  'catching-up': 'Receiving the latest changes…',
};

type Draft = {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  tls: 'required' | 'off';
  caCertificate: string;
  code: string;
  deviceName: string;
};
type Field = keyof Draft;

const EMPTY: Draft = {
  host: '',
  port: String(SERVER_LIMITS.defaultPort),
  database: '',
  user: '',
  password: '',
  tls: 'required',
  caCertificate: '',
  code: '',
  deviceName: '',
};

const joinFormSchema = z.object({
  server: serverDetailsSchema,
  code: pairingCodeInputSchema,
  deviceName: deviceNameSchema,
});

/** Where each field's problem is shown: the schema's path, first part after "server". */
function fieldOf(path: readonly PropertyKey[]): Field | null {
  const [head, next] = path;
  const name = head === 'server' ? next : head;
  return typeof name === 'string' && name in EMPTY ? (name as Field) : null;
}

/**
 * "Join a vault from another device", on a computer with no vault yet: the practice server's details,
 * the code the other device shows (Settings, Add a device), this device's name and its own
 * passphrase. The vault arrives with a progress bar; this device's recovery sheet follows, as set-up
 * shows it. Drawn inside the vault gate's screen.
 */
export function JoinVault({ onPrepared, onCancel }: { onPrepared: (sheet: RecoverySheet) => void; onCancel: () => void }) {
  const newPassphrase = useNewPassphrase({ whenEmpty: 'Enter a passphrase for this device.' });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);

  useEffect(() => {
    if (!busy) return;
    let live = true;
    const timer = setInterval(() => {
      void call('sync:joinProgress', {})
        .then((answer) => {
          if (live) setProgress(answer);
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [busy]);

  function change(field: Field, value: string) {
    setDraft((current) => ({ ...current, [field]: value }));
    setProblems(({ [field]: _cleared, ...rest }) => rest);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormProblem(null);
    const parsed = joinFormSchema.safeParse({
      server: {
        host: draft.host,
        port: Number(draft.port),
        database: draft.database,
        user: draft.user,
        password: draft.password,
        tls: draft.tls,
        caCertificate: draft.caCertificate.trim() === '' ? null : draft.caCertificate,
      },
      code: draft.code,
      deviceName: draft.deviceName,
    });
    const passphraseOk = newPassphrase.check();
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        if (field && !found[field]) found[field] = issue.message;
      }
      setProblems(found);
      return;
    }
    if (!passphraseOk) return;
    setBusy(true);
    setProgress({ phase: 'redeeming', fraction: 0 });
    try {
      onPrepared(await call('sync:prepareJoin', { ...parsed.data, passphrase: newPassphrase.passphrase }));
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'WEAK_PASSPHRASE') newPassphrase.refuse(error.message || explain(error));
      else setFormProblem(explain(error));
      setBusy(false);
      setProgress(null);
    }
  }

  return (
    <section className="vault-card">
      <h1 className="vault-card__title">Join a vault from another device</h1>
      <p className="vault-card__lead">
        This computer receives the practice’s records from a device that already has them, through the practice’s own server. They stay
        encrypted on the way: the server cannot read them.
      </p>
      <p className="vault-card__text">
        On the other device, open Settings and choose “Add a device”: it shows a code for ten minutes. Enter it here with the server’s
        details.
      </p>
      <form className="stack" onSubmit={submit} noValidate aria-busy={busy}>
        {formProblem ? <Notice tone="error">{formProblem}</Notice> : null}
        <fieldset className="join-form__group" disabled={busy}>
          <legend className="join-form__legend">The practice server</legend>
          <TextField
            label="Host"
            hint="The server’s name or IP address, as on the other device (Settings, Practice server)"
            value={draft.host}
            onChange={(e) => change('host', e.target.value)}
            error={problems.host}
            autoComplete="off"
            spellCheck={false}
            autoFocus
          />
          <TextField
            label="Port"
            inputMode="numeric"
            value={draft.port}
            onChange={(e) => change('port', e.target.value)}
            error={problems.port}
          />
          <TextField
            label="Database"
            value={draft.database}
            onChange={(e) => change('database', e.target.value)}
            error={problems.database}
          />
          <TextField
            label="User"
            value={draft.user}
            onChange={(e) => change('user', e.target.value)}
            error={problems.user}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label="Password"
            type="password"
            value={draft.password}
            onChange={(e) => change('password', e.target.value)}
            error={problems.password}
            autoComplete="off"
          />
          <label className="join-form__check">
            <input
              type="checkbox"
              checked={draft.tls === 'required'}
              onChange={(e) => change('tls', e.target.checked ? 'required' : 'off')}
            />{' '}
            Require TLS (turn off only for a server on this computer)
          </label>
          {problems.tls ? <p className="field__error">{problems.tls}</p> : null}
          <TextAreaField
            label="Server’s CA certificate"
            optional
            hint="Paste it (PEM) to accept only certificates from that authority"
            value={draft.caCertificate}
            onChange={(e) => change('caCertificate', e.target.value)}
            error={problems.caCertificate}
            rows={3}
            spellCheck={false}
          />
        </fieldset>
        <fieldset className="join-form__group" disabled={busy}>
          <legend className="join-form__legend">This device</legend>
          <TextField
            label="Pairing code"
            hint="12 characters, in three groups of four, from the other device"
            className="join-form__code"
            value={draft.code}
            onChange={(e) => change('code', e.target.value)}
            error={problems.code}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
          />
          <TextField
            label="Name of this device"
            hint="How the other devices list it, for example “Laptop”"
            value={draft.deviceName}
            onChange={(e) => change('deviceName', e.target.value)}
            error={problems.deviceName}
            maxLength={SERVER_LIMITS.deviceNameMax}
          />
          <NewPassphraseFields
            newPassphrase={newPassphrase}
            label="Passphrase for this device"
            confirmLabel="Confirm passphrase"
            revealable
          />
        </fieldset>
        {busy && progress ? (
          <div className="join-progress" role="status">
            <p className="join-progress__words">{PHASE_WORDS[progress.phase]}</p>
            <progress className="join-progress__bar" max={1} value={progress.fraction} aria-label="Joining the vault" />
          </div>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Back
          </button>
          <button type="submit" className="button button--primary button--large" disabled={busy}>
            {busy ? 'Joining…' : 'Join the vault'}
          </button>
        </div>
      </form>
    </section>
  );
}
