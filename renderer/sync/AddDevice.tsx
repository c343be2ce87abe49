import type { OfferProgress } from '../../shared/channels/sync';
import { formatPairingCode } from '../../shared/sync/pairing-code';
import { call } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { usePolledProgress } from '../components/usePolledProgress';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { explain } from '../errors/explain';
import { formatMoment } from '../format/dates';
import './pairing.css';

const PROGRESS_POLL_MS = 250;

const PHASE_WORDS: Record<OfferProgress['phase'], string> = {
  updating: 'Bringing this device up to date with the practice server…',
  copying: 'Copying the vault, encrypted…',
  checking: 'Checking the copy…',
  uploading: 'Uploading the encrypted copy to the practice server…',
};

/** The offer's progress while it runs, asked of the worker as the export's is. */
const askOfferProgress = (): Promise<OfferProgress | null> => call('sync:offerProgress', {});

/**
 * "Add a device" in Settings, shown once the vault is connected to the practice server: a one-time code for the
 * new device (Join a vault from another device), good for ten minutes and one use. Making it copies
 * the vault to the server first (encrypted: the server cannot read it), which takes a while on a
 * large practice. The code is shown large, in three groups, and can be printed.
 */
export function AddDevice() {
  const status = useChannelQuery('sync:status', {});
  if (!status.data || status.data.state === 'not-connected') return null;
  return <AddDeviceSection />;
}

function AddDeviceSection() {
  const offer = useChannelMutation('sync:offerPairing');
  const offered = offer.data;
  const progress = usePolledProgress(offer.isPending, askOfferProgress, PROGRESS_POLL_MS);
  const printing = usePrintWindow({
    fileName: 'Alliance pairing code',
    what: 'The pairing code',
    // The code names no patient and opens nothing without the server; its printing is not a chart's.
    recordPrinted: () => Promise.resolve(),
  });
  const groups = offered ? formatPairingCode(offered.code).split('-') : [];

  return (
    <section className={`card add-device${offered ? ' add-device--code' : ''}`} aria-labelledby="add-device-title">
      <h2 className="card__title" id="add-device-title">
        Add a device
      </h2>
      <p className="card__text no-print">
        Give another computer (the office desktop, a laptop) the same vault: it receives every record through the practice server, and then
        changes made on either appear on both. On the new computer, choose “Join a vault from another device” when Alliance first starts,
        and enter the code shown here.
      </p>
      {offer.error ? <Notice tone="error">{offer.error.message ? offer.error.message : explain(offer.error)}</Notice> : null}
      {offered ? (
        <div className="pairing-code" role="group" aria-labelledby="pairing-code-label">
          <p className="pairing-code__label" id="pairing-code-label">
            Pairing code
          </p>
          <p className="pairing-code__value" data-testid="pairing-code" aria-label={groups.join(' ')}>
            {groups.map((group, index) => (
              <span key={index} className="pairing-code__group">
                {group}
              </span>
            ))}
          </p>
          <p className="pairing-code__expiry">
            Works once, until <time dateTime={offered.expiresAt}>{formatMoment(offered.expiresAt)}</time>. Keep it to yourself: with the
            server’s password it opens the vault.
          </p>
          <div className="no-print">
            <PrintButtons {...printing} />
            <PrintOutcome state={printing.state} />
          </div>
        </div>
      ) : null}
      <div className="form-actions no-print">
        <button type="button" className="button button--secondary" onClick={() => offer.mutate({})} disabled={offer.isPending}>
          {offer.isPending ? 'Copying the vault to the server…' : offered ? 'Make a new code' : 'Add a device'}
        </button>
      </div>
      {offer.isPending ? (
        <div className="offer-progress no-print">
          <p className="card__text">
            The vault is copied to the practice server, encrypted, for the new device to start from. On a large practice this takes a minute
            or two; you can keep working meanwhile.
          </p>
          <p className="offer-progress__words" role="status">
            {PHASE_WORDS[progress?.phase ?? 'updating']}
          </p>
          <progress
            className="offer-progress__bar"
            max={100}
            value={Math.round((progress?.fraction ?? 0) * 100)}
            aria-label="Copying the vault to the server"
            aria-valuetext={`${Math.round((progress?.fraction ?? 0) * 100)} percent: ${PHASE_WORDS[progress?.phase ?? 'updating']}`}
          />
        </div>
      ) : null}
    </section>
  );
}
