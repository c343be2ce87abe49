import { useState, type FormEvent } from 'react';
import type { RecoverySheet } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { NewPassphraseFields } from './NewPassphraseFields';
import { useNewPassphrase } from './useNewPassphrase';
import { VaultScreen } from './VaultScreen';

/**
 * First start: choose the passphrase; the main process answers with the recovery sheet. Or join a
 * vault another device of the practice already has (`onJoin`).
 */
export function SetUp({ onPrepared, onJoin }: { onPrepared: (sheet: RecoverySheet) => void; onJoin: () => void }) {
  const newPassphrase = useNewPassphrase({ whenEmpty: 'Enter a passphrase.' });
  const [formProblem, setFormProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormProblem(undefined);
    if (!newPassphrase.check()) return;

    setBusy(true);
    try {
      onPrepared(await call('vault:prepareSetup', { passphrase: newPassphrase.passphrase }));
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'WEAK_PASSPHRASE') newPassphrase.refuse(error.message || explain(error));
      else setFormProblem(explain(error));
      setBusy(false);
    }
  }

  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">Welcome to Alliance</h1>
        <p className="vault-card__lead">
          Alliance keeps your practice’s clinical records on this computer. Everything is encrypted here, and nothing is sent anywhere.
        </p>
        <p className="vault-card__text">
          Choose a passphrase. You will type it each time you unlock Alliance. A few unrelated words make one that is strong and easy to
          remember.
        </p>
        <form className="stack" onSubmit={submit} noValidate>
          {formProblem ? <Notice tone="error">{formProblem}</Notice> : null}
          <NewPassphraseFields newPassphrase={newPassphrase} label="Passphrase" confirmLabel="Confirm passphrase" revealable autoFocus />
          <div className="form-actions">
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? 'Preparing…' : 'Continue'}
            </button>
          </div>
        </form>
        <p className="vault-card__text">
          Already using Alliance on another computer of the practice?{' '}
          <button type="button" className="button button--link" onClick={onJoin} disabled={busy}>
            Join a vault from another device
          </button>
        </p>
      </section>
    </VaultScreen>
  );
}
