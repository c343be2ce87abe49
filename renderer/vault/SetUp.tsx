import { useState, type FormEvent } from 'react';
import type { RecoverySheet } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { StrengthMeter } from './StrengthMeter';
import { usePassphraseAssessment } from './usePassphraseAssessment';
import { VaultScreen } from './VaultScreen';
import { assessPassphrase } from '../../shared/passphrase';

type Problems = { passphrase?: string; confirmation?: string; form?: string };

/** First start: choose the passphrase; the main process answers with the recovery sheet. */
export function SetUp({ onPrepared }: { onPrepared: (sheet: RecoverySheet) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [reveal, setReveal] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const assessment = usePassphraseAssessment(passphrase);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const judged = assessPassphrase(passphrase);
    const next: Problems = {};
    if (passphrase === '') next.passphrase = 'Enter a passphrase.';
    else if (!judged.acceptable) next.passphrase = 'This passphrase is not strong enough yet; see why below.';
    if (passphrase !== '' && confirmation !== passphrase) next.confirmation = 'The two passphrases are not the same.';
    setProblems(next);
    if (next.passphrase || next.confirmation) return;

    setBusy(true);
    try {
      onPrepared(await call('vault:prepareSetup', { passphrase }));
    } catch (caught) {
      const error = asAppError(caught);
      // The main process judges the passphrase again and may still refuse it; say why beside the field.
      if (error.code === 'WEAK_PASSPHRASE') setProblems({ passphrase: error.message || explain(error) });
      else setProblems({ form: explain(error) });
      setBusy(false);
    }
  }

  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">
          Welcome to Alliance
        </h1>
        <p className="vault-card__lead">
          Alliance keeps your practice’s clinical records on this computer. Everything is encrypted here, and nothing is sent anywhere.
        </p>
        <p className="vault-card__text">
          Choose a passphrase. You will type it each time you unlock Alliance. A few unrelated words make one that is strong and easy to
          remember.
        </p>
        <form className="stack" onSubmit={submit} noValidate>
          {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
          <TextField
            label="Passphrase"
            type={reveal ? 'text' : 'password'}
            autoComplete="new-password"
            autoFocus
            spellCheck={false}
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.target.value);
              setProblems(({ passphrase: _cleared, ...rest }) => rest);
            }}
            error={problems.passphrase}
          />
          <StrengthMeter assessment={assessment} />
          <TextField
            label="Confirm passphrase"
            type={reveal ? 'text' : 'password'}
            autoComplete="new-password"
            spellCheck={false}
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value);
              setProblems(({ confirmation: _cleared, ...rest }) => rest);
            }}
            error={problems.confirmation}
          />
          <label className="checkbox">
            <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.target.checked)} />
            <span>Show what I type</span>
          </label>
          <div className="form-actions">
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? 'Preparing…' : 'Continue'}
            </button>
          </div>
        </form>
      </section>
    </VaultScreen>
  );
}
