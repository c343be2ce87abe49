import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import type { ServerDetails } from '../../../shared/sync/connection';
import { deriveReplicationKey } from './batch-crypto';
import { becomeNewDevice, SyncEngine } from './engine';

/*
 * The new device's side of the first copy (docs/sync.md): the copy another device made, open in the
 * worker with the vault key the pairing brought, becomes this device. Its own id and batch numbers,
 * nothing of the other device's left to send, the audit chains as they are, the place in the
 * server's batches the copy had (it pulls on from there), this device's server details and its name
 * in the replicated list of devices (sent to the others with its first batch).
 */

export type AdoptCopyParams = {
  vaultId: string;
  deviceId: string;
  deviceName: string;
  server: ServerDetails;
  now: string;
};

export function adoptCopy(db: Database, vaultKey: Uint8Array, params: AdoptCopyParams): { includesSeq: number } {
  const state = db.prepare('SELECT vault_id, cursor FROM sync_state WHERE id = 1').get<{ vault_id: string; cursor: number }>();
  if (state?.vault_id !== params.vaultId)
    throw new AppError(
      'PAIRING_REFUSED',
      'The copy on the server is not of the vault this code is for. Make a new code on the first device.',
    );
  becomeNewDevice(db, params.deviceId);
  const engine = new SyncEngine(db, {
    vaultId: params.vaultId,
    deviceId: params.deviceId,
    replicationKey: deriveReplicationKey(Buffer.from(vaultKey), params.vaultId),
  });
  engine.stampNextWrite(Date.parse(params.now));
  db.transaction(() => {
    db.prepare('INSERT INTO sync_server (id, details, connected_at) VALUES (1, $details, $now)').run({
      details: JSON.stringify(params.server),
      now: params.now,
    });
    db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $now)').run({
      id: params.deviceId,
      name: params.deviceName,
      now: params.now,
    });
    db.prepare('UPDATE sync_clock SET capturing = 1 WHERE id = 1').run();
  })();
  return { includesSeq: state.cursor };
}
