import type { Database } from '@signalapp/sqlcipher';
import type { ClientBase } from 'pg';
import type { SyncDevice, syncDeviceChannels } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import { serverDetailsSchema } from '../../../shared/sync/connection';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';
import { revokeDevice } from './server';
import type { Replication } from './replication';
import { closeClient, openClient, syncFailure } from './server-client';

/*
 * The vault's devices (docs/sync.md, Pairing): named in `sync_devices`, which replicates, so every
 * device lists the others by the names they were given. The server is the authority on revocation
 * (its push transaction refuses a revoked device, and a revoked device pulls nothing), so a device is
 * revoked there first and then marked here, which replicates the mark to the other devices.
 */

type DeviceRow = { device_id: string; name: string; added_at: string; revoked_at: string | null };

function thisDeviceId(db: Database): string | null {
  return db.prepare('SELECT device_id FROM sync_state WHERE id = 1', { pluck: true }).get<string>() ?? null;
}

function vaultId(db: Database): string {
  const id = db.prepare('SELECT vault_id FROM sync_state WHERE id = 1', { pluck: true }).get<string>();
  if (id === undefined) throw new AppError('CONFLICT', 'This vault is not connected to a practice server.');
  return id;
}

/**
 * Names a device in `sync_devices`, or renames it: an update, then an insert where there was none. Not
 * an upsert: its DO UPDATE makes SQLite override the OR REPLACE of the capture triggers it fires, and a
 * device's second rename on a connected vault failed.
 */
export function nameDevice(db: Database, deviceId: string, name: string, now: string): void {
  const renamed = db
    .prepare('UPDATE sync_devices SET name = $name WHERE device_id = $id AND name IS NOT $name')
    .run({ id: deviceId, name });
  if (renamed.changes > 0) return;
  db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $now) ON CONFLICT (device_id) DO NOTHING').run({
    id: deviceId,
    name,
    now,
  });
}

/** Every device of the vault, this one first, then by when each was added. */
export function listDevices(db: Database): SyncDevice[] {
  const own = thisDeviceId(db);
  return db
    .prepare('SELECT device_id, name, added_at, revoked_at FROM sync_devices ORDER BY added_at, name')
    .all<DeviceRow>()
    .map((row) => ({
      id: row.device_id,
      name: row.name,
      addedAt: row.added_at,
      revokedAt: row.revoked_at,
      thisDevice: row.device_id === own,
    }))
    .sort((a, b) => Number(b.thisDevice) - Number(a.thisDevice));
}

/** Refuses what may not be revoked, before the server is asked: this device, a device the vault does not know. */
export function checkRevocable(db: Database, deviceId: string): DeviceRow {
  vaultId(db);
  if (deviceId === thisDeviceId(db))
    throw new AppError('FORBIDDEN', 'This device cannot remove itself. Remove it from another device of the vault, or disconnect it here.');
  const row = db
    .prepare('SELECT device_id, name, added_at, revoked_at FROM sync_devices WHERE device_id = $id')
    .get<DeviceRow>({ id: deviceId });
  if (!row) throw new AppError('NOT_FOUND', 'This vault has no such device.');
  return row;
}

/**
 * Revokes a device: on the server (its later pushes are refused and it receives nothing new), then in
 * `sync_devices`, so every device of the vault shows it revoked. Revoking twice changes nothing.
 */
export async function revokeVaultDevice(
  db: Database,
  server: ClientBase,
  deviceId: string,
  now: string,
  write: (mark: () => void) => void = (mark) => mark(),
): Promise<SyncDevice[]> {
  const row = checkRevocable(db, deviceId);
  await revokeDevice(server, vaultId(db), deviceId);
  if (row.revoked_at === null)
    write(() =>
      db.prepare('UPDATE sync_devices SET revoked_at = $now WHERE device_id = $id AND revoked_at IS NULL').run({ now, id: deviceId }),
    );
  return listDevices(db);
}

/**
 * The mark written after the server answered, with a stamp of its own: the stamp the worker gave the
 * call before it waited on the network may since have gone to another write.
 */
function stamped(db: Database, sync: Replication): (mark: () => void) => void {
  return (mark) => {
    try {
      db.transaction(() => {
        sync.beforeWrite();
        mark();
      })();
    } finally {
      sync.afterWrite();
    }
  };
}

/** A client of the practice server from the details kept in the vault, for the length of one request. */
async function withServer<T>(db: Database, work: (client: ClientBase) => Promise<T>): Promise<T> {
  const stored = db.prepare('SELECT details FROM sync_server WHERE id = 1', { pluck: true }).get<string>();
  if (stored === undefined) throw new AppError('CONFLICT', 'This vault is not connected to a practice server.');
  const details = serverDetailsSchema.parse(JSON.parse(stored) as unknown);
  const client = await openClient(details).catch((error: unknown) => {
    throw syncFailure(error, details.caCertificate !== null);
  });
  try {
    return await work(client);
  } catch (error) {
    throw error instanceof AppError ? error : syncFailure(error, details.caCertificate !== null);
  } finally {
    await closeClient(client);
  }
}

export const devicesWorker = {
  'sync:devices': (_input, _env, { db }) => listDevices(db),
  'sync:revokeDevice': ({ deviceId }, { now }, { db, sync }) => {
    checkRevocable(db, deviceId);
    return withServer(db, (client) => revokeVaultDevice(db, client, deviceId, now, stamped(db, sync)));
  },
} satisfies WorkerHandlers<Extract<WorkerChannelsOf<typeof syncDeviceChannels>, 'sync:devices' | 'sync:revokeDevice'>>;
