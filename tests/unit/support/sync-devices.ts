/**
 * Two devices of one vault, paired through a real PostgreSQL, each a real app core on its own data
 * folder. The laptop connects through `sync:connect`; the desktop starts from a copy of the laptop's
 * folder made while it was locked, which becomes a device of its own (`becomeNewDevice`) with its own
 * server details and name, as the first copy of a joining device does (docs/sync.md). The real join
 * (pairing code, the copy through the server) is tested where it is built.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@signalapp/sqlcipher';
import { deriveReplicationKey } from '../../../electron/features/sync/batch-crypto';
import type { PostgresCluster } from './postgres';
import { copyAsNewDevice, loopbackDetails, openVaultFile } from './sync-device-copy';
import { openTempVault, PASSPHRASE, setUp, type TempVault } from './temp-vault';

export { adminClient, copyAsNewDevice, loopbackDetails, openVaultFile, type ServerDetailsInput } from './sync-device-copy';

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
