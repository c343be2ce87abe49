/**
 * Two devices of one vault, paired through a real PostgreSQL, each a real app core on its own data
 * folder. The laptop connects through `sync:connect`; the desktop starts from a copy of the laptop's
 * folder made while it was locked, which becomes a device of its own (`becomeNewDevice`) with its own
 * server details and name, as the first copy of a joining device does (docs/sync.md). The real join
 * (pairing code, the copy through the server) is tested where it is built.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import pg from 'pg';
import type { ChannelInput } from '../../../shared/contract';
import { deriveReplicationKey } from '../../../electron/features/sync/batch-crypto';
import { becomeNewDevice, SyncEngine } from '../../../electron/features/sync/engine';
import { registerDevice } from '../../../electron/features/sync/server';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import type { PostgresCluster } from './postgres';
import { openTempVault, PASSPHRASE, setUp, type TempVault } from './temp-vault';

export type ServerDetailsInput = ChannelInput<'sync:connect'>['server'];

export type PairedDevices = {
  laptop: TempVault;
  desktop: TempVault;
  vaultId: string;
  /** The raw database key both devices hold (the recovery sheet's). */
  databaseKeyHex: string;
  /** The key batches are sealed with, for a test that reads what the server holds. */
  replicationKey: Buffer;
  dispose(): Promise<void>;
};

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

/** Locks the vault, reads its database directly, and unlocks it again. */
export async function readLocked<T>(vault: TempVault, databaseKeyHex: string, read: (db: Database) => T): Promise<T> {
  await vault.call('vault:lock', {});
  const db = openVaultFile(vault.dir, databaseKeyHex);
  try {
    return read(db);
  } finally {
    db.close();
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
  }
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

export async function pairDevices(cluster: PostgresCluster): Promise<PairedDevices> {
  const laptop = await openTempVault();
  const sheet = await setUp(laptop);
  await laptop.call('sync:connect', { server: loopbackDetails(cluster), deviceName: 'Laptop' });
  // Its name on the server, and its cursor past it, before the copy is made.
  await laptop.call('sync:syncNow', {});
  await laptop.call('vault:lock', {});
  const desktopDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-desktop-'));
  await rm(desktopDir, { recursive: true });
  const { vaultId } = await copyAsNewDevice(laptop.dir, desktopDir, sheet.databaseKeyHex, cluster, 'Office desktop');
  await laptop.call('vault:unlock', { passphrase: PASSPHRASE });
  const desktop = await openTempVault({ dir: desktopDir });
  await desktop.call('vault:unlock', { passphrase: PASSPHRASE });
  return {
    laptop,
    desktop,
    vaultId,
    databaseKeyHex: sheet.databaseKeyHex,
    replicationKey: deriveReplicationKey(Buffer.from(sheet.databaseKeyHex, 'hex'), vaultId),
    async dispose() {
      await Promise.all([laptop.dispose(), desktop.dispose()]);
      await rm(desktopDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` answers without throwing (an expect that holds), or fails with its last error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
