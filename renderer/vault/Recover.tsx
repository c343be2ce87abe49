import { useState, type FormEvent } from 'react';
import { recoveryCodeSchema, type VaultStatus } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { NewPassphraseFields } from './NewPassphraseFields';
import { useNewPassphrase } from './useNewPassphrase';
import { VaultScreen } from './VaultScreen';

type Problems = { code?: string; form?: string };

/** Unlock with the recovery code from the printed sheet; a new passphrase replaces the forgotten one. */
export function Recover({ onUnlocked, onUsePassphrase }: { onUnlocked: (status: VaultStatus) => void; onUsePassphrase: () => void }) {
  const [code, setCode] = useState('');
  const newPassphrase = useNewPassphrase({ whenEmpty: 'Choose a new passphrase.' });
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: Problems = {};
    const parsedCode = recoveryCodeSchema.safeParse(code);
    if (code.trim() === '') next.code = 'Enter the recovery code from your recovery sheet.';
    else if (!parsedCode.success) next.code = parsedCode.error.issues[0]?.message ?? 'This is not a recovery code.';
    setProblems(next);
    const passphraseAccepted = newPassphrase.check();
    if (next.code || !passphraseAccepted) return;

    setBusy(true);
    try {
      const status = await call('vault:recover', { recoveryCode: code, newPassphrase: newPassphrase.passphrase });
      onUnlocked(status);
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'WRONG_RECOVERY_CODE') setProblems({ code: explain(error) });
      else if (error.code === 'WEAK_PASSPHRASE') newPassphrase.refuse(error.message || explain(error));
      else setProblems({ form: explain(error) });
      setBusy(false);
    }
  }

  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">Unlock with your recovery code</h1>
        <p className="vault-card__lead">
          Type the recovery code from your recovery sheet, then choose a new passphrase to use from now on.
        </p>
        <form className="stack" onSubmit={submit} noValidate>
          {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
          <TextField
            label="Recovery code"
            hint="Eight groups of four letters and digits. Dashes, spaces and capitals do not matter."
            className="input--mono"
            autoComplete="off"
            autoCapitalize="characters"
            autoFocus
            spellCheck={false}
            value={code}
            onChange={(event) => {
              setCode(event.target.value);
              setProblems(({ code: _cleared, ...rest }) => rest);
            }}
            error={problems.code}
          />
          <NewPassphraseFields newPassphrase={newPassphrase} label="New passphrase" confirmLabel="Confirm new passphrase" revealable />
          <div className="form-actions form-actions--spread">
            <button type="button" className="button button--link" onClick={onUsePassphrase}>
              Use passphrase instead
            </button>
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? 'Unlocking…' : 'Recover and unlock'}
            </button>
          </div>
        </form>
      </section>
    </VaultScreen>
  );
}
