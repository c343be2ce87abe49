import { useId, useState } from 'react';
import type { RecoverySheet } from '../../shared/vault';
import { asAppError, call } from '../bridge/client';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatMoment } from '../format/dates';
import { VaultScreen } from './VaultScreen';

type PrintState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

/**
 * Shows a long value in groups, four to a row, while the text copied or read back stays exactly
 * the value: the recovery code keeps its dashes, the key has none.
 */
function Grouped({ groups, className, separator }: { groups: string[]; className: string; separator: string }) {
  return (
    <>
      {groups.map((group, index) => (
        <span key={index} className={className}>
          {index > 0 ? (
            <span className="sheet__sep" aria-hidden="true">
              {separator}
            </span>
          ) : null}
          <span className="sheet__group">{group}</span>
        </span>
      ))}
    </>
  );
}

function hexGroups(hex: string): string[] {
  return hex.match(/.{1,8}/g) ?? [hex];
}

/**
 * Shown once, at set-up: the only way back in without the passphrase. Alliance opens only
 * after the person says they have printed or saved it.
 */
export function RecoverySheetScreen({ sheet, onConfirmed }: { sheet: RecoverySheet; onConfirmed: () => Promise<void> }) {
  const [kept, setKept] = useState(false);
  const [printState, setPrintState] = useState<PrintState>({ kind: 'idle' });
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const codeLabel = useId();
  const pragmaLabel = useId();

  async function print(target: 'printer' | 'pdf') {
    setPrintState({ kind: 'busy' });
    try {
      const { outcome } = await call('print:window', { target, suggestedFileName: 'Alliance recovery sheet' });
      if (outcome === 'cancelled') setPrintState({ kind: 'idle' });
      else
        setPrintState({
          kind: 'done',
          message: outcome === 'saved' ? 'The recovery sheet was saved as a PDF.' : 'The recovery sheet was sent to the printer.',
        });
    } catch (caught) {
      setPrintState({ kind: 'failed', message: explain(asAppError(caught)) });
    }
  }

  async function open() {
    setOpening(true);
    setConfirmError(null);
    try {
      await onConfirmed();
    } catch (caught) {
      setConfirmError(explain(asAppError(caught)));
      setOpening(false);
    }
  }

  const codeGroups = sheet.recoveryCode.split('-');

  return (
    <VaultScreen wide>
      <article className="sheet" aria-labelledby="sheet-title">
        <header className="sheet__header">
          <p className="sheet__eyebrow">Alliance</p>
          <h1 className="sheet__title" id="sheet-title">
            Recovery sheet
          </h1>
          <p className="sheet__why">
            If you forget your passphrase, this sheet is the only way back into your records. Alliance cannot reset it.
          </p>
          <p className="sheet__keep">
            Keep it somewhere safe and private, such as a locked drawer. Anyone who has this sheet and your computer can read your records.
          </p>
        </header>

        <section className="sheet__section">
          <h2 className="sheet__heading" id={codeLabel}>
            Recovery code
          </h2>
          <p className="sheet__code" role="group" aria-labelledby={codeLabel} data-testid="recovery-code">
            <Grouped groups={codeGroups} className="sheet__code-part" separator="-" />
          </p>
          <p className="sheet__note">
            To use it, choose “Use recovery code instead” on the unlock screen. You will then choose a new passphrase.
          </p>
        </section>

        <section className="sheet__section">
          <h2 className="sheet__heading">Database key</h2>
          <p className="sheet__note">
            Your records are an ordinary SQLCipher 4 database, so you are never tied to this app. Any SQLCipher 4 tool opens the file with
            this raw key:
          </p>
          <p className="sheet__hex" data-testid="database-key">
            <Grouped groups={hexGroups(sheet.databaseKeyHex)} className="sheet__hex-part" separator="" />
          </p>
          <p className="sheet__note" id={pragmaLabel}>
            The line to enter in a SQLCipher 4 tool, right after opening the file:
          </p>
          <pre className="sheet__pragma" aria-labelledby={pragmaLabel}>
            <code>{sheet.sqlcipherKeyPragma}</code>
          </pre>
        </section>

        <dl className="sheet__facts">
          <div>
            <dt>Database file</dt>
            <dd className="sheet__mono">{sheet.databaseFileName}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatMoment(sheet.createdAt)}</dd>
          </div>
        </dl>
      </article>

      <section className="sheet-actions no-print" aria-label="Keep the recovery sheet">
        <div className="sheet-actions__buttons">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void print('printer')}
            disabled={printState.kind === 'busy'}
          >
            Print…
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void print('pdf')}
            disabled={printState.kind === 'busy'}
          >
            Save as PDF…
          </button>
        </div>
        {printState.kind === 'done' ? <Notice tone="success">{printState.message}</Notice> : null}
        {printState.kind === 'failed' ? <Notice tone="error">{printState.message}</Notice> : null}
        <label className="checkbox checkbox--emphasis">
          <input type="checkbox" checked={kept} onChange={(event) => setKept(event.target.checked)} />
          <span>I have printed or saved this sheet and will keep it somewhere safe</span>
        </label>
        {confirmError ? <Notice tone="error">{confirmError}</Notice> : null}
        <div className="form-actions">
          <button type="button" className="button button--primary button--large" disabled={!kept || opening} onClick={() => void open()}>
            {opening ? 'Opening…' : 'Open Alliance'}
          </button>
        </div>
      </section>
    </VaultScreen>
  );
}
