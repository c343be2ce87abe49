import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { SyncStatus } from '../../shared/channels/sync';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Notice } from '../components/Notice';
import { landOn } from '../components/useLandOnSection';
import { explain } from '../errors/explain';
import { ConnectServerForm } from './ConnectServerForm';
import { whenSet } from './moments';
import { statusWords } from './status-text';
import { SyncConflicts } from './SyncConflicts';
import { SyncDevices } from './SyncDevices';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/** Settings' "Practice server": connect this vault, see how replication stands, its devices and the changes to look at. */
export function PracticeServerSettings() {
  const status = useSyncStatus();
  useLandOnHash(status.data !== undefined);
  return (
    <section className="card" id="practice-server" tabIndex={-1} aria-labelledby="practice-server-title">
      <h2 className="card__title" id="practice-server-title">
        Practice server
      </h2>
      <p className="card__text">
        The same vault on another computer of the practice, through a PostgreSQL server the practice runs. The server holds only encrypted
        changes; every device keeps its own vault and works offline as before.
      </p>
      {status.error ? <Notice tone="error">{explain(status.error)}</Notice> : null}
      {status.data?.state === 'not-connected' ? <ConnectServerForm /> : null}
      {status.data && status.data.state !== 'not-connected' ? (
        <>
          <Connected status={status.data} />
          <SyncDevices />
          <SyncConflicts />
        </>
      ) : null}
    </section>
  );
}

/** "/settings/devices#sync-conflicts" from the shell's status lands on the section once it is drawn. */
function useLandOnHash(ready: boolean) {
  const { hash, key } = useLocation();
  useEffect(() => {
    if (!ready || (hash !== '#practice-server' && hash !== '#sync-conflicts')) return;
    return landOn(hash.slice(1));
  }, [ready, hash, key]);
}

function Connected({ status }: { status: SyncStatus }) {
  const syncNow = useChannelMutation('sync:syncNow');
  const disconnect = useChannelMutation('sync:disconnect');
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const words = statusWords(status);
  const server = status.server;

  async function run(action: () => Promise<unknown>) {
    setFailure(null);
    try {
      await action();
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <div className="stack">
      <dl className="sync-facts">
        <dt>Status</dt>
        <dd>
          <span className={`sync-status__text sync-status--${words?.tone ?? 'quiet'}`}>{words?.text}</span>
          {status.lastError && status.state === 'unreachable' ? <span className="muted">{status.lastError.message}</span> : null}
          {status.state === 'unreachable' && status.waiting > 0 ? (
            <span className="muted">
              {status.waiting === 1 ? '1 change' : `${status.waiting} changes`} made here will be sent when it answers again.
            </span>
          ) : null}
          {status.lastExchangeAt ? <span className="muted">Last exchange at {whenSet(status.lastExchangeAt)}</span> : null}
        </dd>
        {server ? (
          <>
            <dt>Server</dt>
            <dd>
              <bdi className="sync-facts__mono">
                {server.host}:{server.port}/{server.database}
              </bdi>
              <span className="muted">
                As <bdi>{server.user}</bdi>;{' '}
                {server.tls === 'required'
                  ? server.caPinned
                    ? 'encrypted (TLS), its certificate pinned to the CA given'
                    : 'encrypted (TLS)'
                  : 'not encrypted (this computer only)'}
              </span>
            </dd>
          </>
        ) : null}
        {status.device ? (
          <>
            <dt>This device</dt>
            <dd>
              <bdi>{status.device.name}</bdi>
            </dd>
          </>
        ) : null}
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={syncNow.isPending || status.state === 'revoked'}
          onClick={() => void run(() => syncNow.mutateAsync({}))}
        >
          {syncNow.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setAsking(true)}>
          Disconnect…
        </button>
      </div>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <ConfirmDialog
        open={asking}
        title="Disconnect from the practice server?"
        confirmLabel="Disconnect"
        tone="danger"
        busy={disconnect.isPending}
        onConfirm={() =>
          void run(async () => {
            await disconnect.mutateAsync({});
            setAsking(false);
          }).finally(() => setAsking(false))
        }
        onCancel={() => setAsking(false)}
      >
        <p>
          This device stops sending and receiving changes, and forgets the server’s details. Every record stays in this vault.
          {status.waiting > 0
            ? ` ${status.waiting === 1 ? '1 change made here has' : `${status.waiting} changes made here have`} not reached the server yet and will not reach the other devices.`
            : ''}
        </p>
      </ConfirmDialog>
    </div>
  );
}
