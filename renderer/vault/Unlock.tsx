import { useRef, useState, type FormEvent } from 'react';
import type { LockReason, RestoredBackup, VaultStatus } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatMoment } from '../format/dates';
import { VaultScreen } from './VaultScreen';

const WHY_LOCKED: Record<LockReason, string> = {
  manual: 'Alliance is locked.',
  idle: 'Alliance locked itself after a while without activity.',
  suspend: 'Alliance locked when the computer went to sleep.',
  'screen-locked': 'Alliance locked when the screen was locked.',
  quit: 'Alliance is locked.',
  damaged: 'Alliance locked because its check of the vault found the database damaged.',
  'connection-lost': 'Alliance locked because its database stopped unexpectedly. Your saved work is safe; unlock to continue.',
  restored: 'Alliance restored a backup and locked.',
};

type UnlockProps = {
  lockReason: LockReason | null;
  /** The vault is a backup just restored: it opens with that backup's passphrase. */
  restored?: RestoredBackup | undefined;
  onUnlocked: (status: VaultStatus) => void;
  onUseRecoveryCode: () => void;
  /** The files turned out to be unreadable or too new: the gate shows the calm damaged screen. */
  onDamaged: (message: string) => void;
};

export function Unlock({ lockReason, restored, onUnlocked, onUseRecoveryCode, onDamaged }: UnlockProps) {
  const input = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (passphrase === '') {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const status = await call('vault:unlock', { passphrase });
      setPassphrase('');
      onUnlocked(status);
    } catch (caught) {
      const failure = asAppError(caught);
      if (failure.code === 'VAULT_DAMAGED' || failure.code === 'DATABASE_TOO_NEW') {
        onDamaged(explain(failure));
        return;
      }
      setError(explain(failure));
      setBusy(false);
      // Ready for another try without reaching for the mouse.
      input.current?.select();
    }
  }

  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">{restored ? 'Unlock the restored backup' : 'Unlock Alliance'}</h1>
        {restored ? (
          <>
            <p className="vault-card__lead">
              Alliance restored the backup of {formatMoment(restored.backupCreatedAt)}. Enter the passphrase that vault had when the backup
              was made, or use its recovery code.
            </p>
            <Notice tone="info">
              The records it replaced are kept, unchanged, in <bdi className="set-aside-notice__path">{restored.setAsideFolder}</bdi>.
            </Notice>
          </>
        ) : (
          <p className="vault-card__lead">
            {lockReason ? WHY_LOCKED[lockReason] : 'Your records are encrypted on this computer.'} Enter your passphrase to continue.
          </p>
        )}
        <form className="stack" onSubmit={submit} noValidate>
          <TextField
            ref={input}
            label="Passphrase"
            type="password"
            autoComplete="current-password"
            autoFocus
            spellCheck={false}
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.target.value);
              setError(null);
            }}
            error={error ?? undefined}
          />
          <div className="form-actions form-actions--spread">
            <button type="button" className="button button--link" onClick={onUseRecoveryCode}>
              Use recovery code instead
            </button>
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
          </div>
        </form>
      </section>
    </VaultScreen>
  );
}

/** Shown instead of a crash or a fresh vault when the files cannot be trusted; it offers nothing that writes. */
export function Damaged({ message, onCheckAgain }: { message: string; onCheckAgain: () => void }) {
  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">Alliance cannot open your records</h1>
        <Notice tone="warning">{message}</Notice>
        <p className="vault-card__text">Alliance has not changed, replaced or deleted anything in the data folder.</p>
        <h2 className="vault-card__subtitle">What to do</h2>
        <ol className="steps">
          <li>Quit Alliance.</li>
          <li>Restore the data folder from your most recent backup, then start Alliance again.</li>
          <li>
            If you have no backup, or this message comes back, contact support and quote the message above. Keep the data folder as it is.
          </li>
        </ol>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onCheckAgain}>
            Check again
          </button>
        </div>
      </section>
    </VaultScreen>
  );
}

/** The vault gate found no way to reach the main process at all. */
export function Unreachable({ message, onCheckAgain }: { message: string; onCheckAgain: () => void }) {
  return (
    <VaultScreen>
      <section className="vault-card">
        <h1 className="vault-card__title">Alliance could not start</h1>
        <Notice tone="error">{message}</Notice>
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onCheckAgain}>
            Try again
          </button>
        </div>
      </section>
    </VaultScreen>
  );
}
