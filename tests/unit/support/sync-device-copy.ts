/**
 * A connected device's locked folder made a new device of the same vault, the way a joining device's
 * first copy becomes one (docs/sync.md): its own id, server details and name, registered on the
 * server. Free of the test runner, so the benchmark uses it too.
 */
import { randomBytes } from 'node:crypto';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import pg from 'pg';
import type { ChannelInput } from '../../../shared/contract';
import { becomeNewDevice, SyncEngine } from '../../../electron/features/sync/engine';
import { registerDevice } from '../../../electron/features/sync/server';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import type { PostgresCluster } from './postgres';

export type ServerDetailsInput = ChannelInput<'sync:connect'>['server'];

export function loopbackDetails(cluster: PostgresCluster): ServerDetailsInput {
  return {
    host: '127.0.0.1',
    port: cluster.port,
    database: cluster.database,
    user: cluster.user,
    password: cluster.password,
    tls: 'off',
    caCertificate: null,
  };
}

export function adminClient(cluster: PostgresCluster): pg.Client {
  return new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
}

/** Opens the database of a locked vault's folder in the test's own thread. */
export function openVaultFile(dir: string, databaseKeyHex: string): Database {
  const db = new Database(path.join(dir, DATABASE_FILE_NAME));
  db.pragma('cipher_log_level = NONE');
  db.pragma(`key = "x'${databaseKeyHex}'"`);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Makes a connected device's locked folder, copied to `dir`, a new device of the same vault: its own
 * id, server details and name, registered on the server. Answers its id and the vault's.
 */
export async function copyAsNewDevice(
  sourceDir: string,
  dir: string,
  databaseKeyHex: string,
  cluster: PostgresCluster,
  name: string,
): Promise<{ deviceId: string; vaultId: string }> {
  await cp(sourceDir, dir, { recursive: true });
  const deviceId = randomBytes(16).toString('hex');
  const db = openVaultFile(dir, databaseKeyHex);
  let vaultId: string;
  try {
    vaultId = db.prepare('SELECT vault_id FROM sync_state', { pluck: true }).get<string>() ?? '';
    becomeNewDevice(db, deviceId);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO sync_server (id, details, connected_at) VALUES (1, $details, $now)').run({
      details: JSON.stringify(loopbackDetails(cluster)),
      now,
    });
    // Its name, stamped by its own clock and captured, so the other device learns it.
    new SyncEngine(db, { vaultId, deviceId, replicationKey: Buffer.alloc(32) }).stampNextWrite(Date.now());
    db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($deviceId, $name, $now)').run({ deviceId, name, now });
  } finally {
    db.close();
  }
  const admin = adminClient(cluster);
  await admin.connect();
  try {
    await registerDevice(admin, vaultId, deviceId);
  } finally {
    await admin.end();
  }
  return { deviceId, vaultId };
}
