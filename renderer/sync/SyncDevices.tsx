import { useState } from 'react';
import type { SyncDevice } from '../../shared/channels/sync';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatInstantDate } from '../format/dates';

/** The vault's devices, each revocable from another: a revoked device sends nothing more and receives nothing new. */
export function SyncDevices() {
  const devices = useChannelQuery('sync:devices', {});
  const revoke = useChannelMutation('sync:revokeDevice');
  const [asking, setAsking] = useState<SyncDevice | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function confirm() {
    if (!asking) return;
    setFailure(null);
    try {
      await revoke.mutateAsync({ deviceId: asking.id });
      setAsking(null);
    } catch (caught) {
      setAsking(null);
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section className="sync-section" aria-labelledby="sync-devices-title">
      <h3 className="sync-section__title" id="sync-devices-title">
        Devices of this vault
      </h3>
      {devices.error ? <Notice tone="error">{explain(devices.error)}</Notice> : null}
      {devices.data && devices.data.length === 0 ? <p className="muted">No devices yet.</p> : null}
      {devices.data && devices.data.length > 0 ? (
        <ul className="sync-list">
          {devices.data.map((device) => (
            <li key={device.id} className="sync-list__item">
              <div className="sync-list__main">
                <span className="sync-list__name">
                  <bdi>{device.name}</bdi>
                  {device.thisDevice ? <span className="badge badge--accent">This device</span> : null}
                  {device.revokedAt ? <span className="badge badge--muted">Revoked</span> : null}
                </span>
                <span className="muted">
                  Added {formatInstantDate(device.addedAt)}
                  {device.revokedAt ? `, revoked ${formatInstantDate(device.revokedAt)}` : ''}
                </span>
              </div>
              {device.thisDevice || device.revokedAt ? null : (
                <button type="button" className="button button--secondary button--small" onClick={() => setAsking(device)}>
                  Revoke<span className="visually-hidden"> {device.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <ConfirmDialog
        open={asking !== null}
        title={
          <>
            Revoke <bdi>{asking?.name}</bdi>?
          </>
        }
        confirmLabel="Revoke"
        tone="danger"
        busy={revoke.isPending}
        onConfirm={() => void confirm()}
        onCancel={() => setAsking(null)}
      >
        <p>
          <bdi>{asking?.name}</bdi> will send nothing more to the practice server and receive nothing new. What it already holds stays on
          it, protected by its own passphrase. This cannot be undone: to use it again, join the vault from it as a new device.
        </p>
      </ConfirmDialog>
    </section>
  );
}
