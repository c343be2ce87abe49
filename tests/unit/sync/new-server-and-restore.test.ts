/**
 * A connected vault that meets a server holding nothing of it (it was connected to another server),
 * and a connected vault restored from a backup (the server holds this device's later batches): each
 * starts over where its old place is no longer valid, and goes on exchanging with the other devices.
 * One PostgreSQL cluster, one database per server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDetails } from '../../../shared/sync/connection';
import { makeBackup } from '../support/backup-fixture';
import { copyAsNewDevice } from '../support/sync-device-copy';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

let cluster: PostgresCluster;
let admin: pg.Client;
let backups: string;
const vaults: TempVault[] = [];

function details(database: string): ServerDetails {
  return {
    host: cluster.host,
    port: cluster.port,
    database,
    user: cluster.user,
    password: cluster.password,
    tls: 'off',
    caCertificate: null,
  };
}

async function device(): Promise<TempVault> {
  const vault = await openTempVault();
  vaults.push(vault);
  return vault;
}

/**
 * A second device of `from`'s vault, connected to `database`: a copy of its folder made
 * a device of its own, as a paired device's first copy is (pairing itself is join.test's subject; a
 * real pairing would cost this file seconds of CI).
 */
async function pairedDevice(from: TempVault, databaseKeyHex: string, database: string): Promise<TempVault> {
  await from.call('vault:lock', {});
  const dir = path.join(backups, `device-${vaults.length}`);
  await copyAsNewDevice(from.dir, dir, databaseKeyHex, { ...cluster, database }, 'Laptop');
  const laptop = await openTempVault({ dir });
  vaults.push(laptop);
  await laptop.call('vault:unlock', { passphrase: PASSPHRASE });
  await from.call('vault:unlock', { passphrase: PASSPHRASE });
  return laptop;
}

async function familyNames(vault: TempVault): Promise<string[]> {
  return (await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName);
}

/** The batch numbers this device gave its batches on one server, in the server's order. */
async function deviceSeqs(database: string, deviceId: string): Promise<number[]> {
  const client = new pg.Client({ ...details(database), ssl: false });
  await client.connect();
  try {
    const { rows } = await client.query<{ device_seq: string }>(
      'SELECT device_seq FROM alliance.batches WHERE device_id = $1 ORDER BY seq',
      [Buffer.from(deviceId, 'hex')],
    );
    return rows.map((row) => Number(row.device_seq));
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cluster = await startPostgres();
  admin = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await admin.connect();
  // Every vault made from the test template starts with the same device id: each test has servers of its own.
  for (const database of ['server_a', 'server_r']) await admin.query(`CREATE DATABASE ${database}`);
  backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-backups-'));
}, 60_000);

afterAll(async () => {
  await Promise.all(vaults.map((vault) => vault.dispose()));
  await admin?.end();
  await cluster?.stop();
  if (backups) await rm(backups, { recursive: true, force: true });
});

describe('connecting a vault to another server', () => {
  it('starts over on a server that does not know the vault: batches from 1, its changes still waiting sent, and a device paired there exchanges with it', async () => {
    const desk = await device();
    const sheet = await setUp(desk);
    await desk.call('sync:connect', { server: details('server_a'), deviceName: 'Office desktop' });
    for (let i = 0; i < 4; i += 1) {
      await desk.call('patients:create', { patient: patientInput({ familyName: `Server A ${i}` }) });
      await desk.call('sync:syncNow', {});
    }
    const deviceId = (await desk.call('sync:status', {})).device?.id ?? '';
    // One batch per exchange at least: A has handed out batch numbers 1 to 4 or more, and its cursor is as far.
    expect((await deviceSeqs('server_a', deviceId)).length).toBeGreaterThanOrEqual(4);

    // Server A goes away (B is the cluster's own database) with a change still waiting to be sent.
    await admin.query('ALTER DATABASE server_a ALLOW_CONNECTIONS false');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'server_a'");
    await desk.call('patients:create', { patient: patientInput({ familyName: 'Waiting' }) });
    const stranded = await desk.call('sync:syncNow', {});
    expect(stranded.waiting).toBeGreaterThan(0);
    expect(stranded.lastError).not.toBeNull();

    const moved = await desk.call('sync:connect', { server: details(cluster.database), deviceName: 'Office desktop' });
    expect(moved.device?.id).toBe(deviceId);
    expect(await desk.call('sync:syncNow', {})).toMatchObject({ state: 'up-to-date', waiting: 0, lastError: null });
    // The change that waited went to B, numbered from 1 as B has nothing of this device.
    expect(await deviceSeqs(cluster.database, deviceId)).toEqual([1]);

    // A device paired through B receives what the desk sends there, and the desk what it sends: the desk
    // reads B's batches from B's first, not from where it had got to on A.
    const laptop = await pairedDevice(desk, sheet.databaseKeyHex, cluster.database);
    expect(await familyNames(laptop)).toContain('Waiting');
    await laptop.call('patients:create', { patient: patientInput({ familyName: 'From the laptop' }) });
    await laptop.call('sync:syncNow', {});
    await desk.call('sync:syncNow', {});
    expect(await familyNames(desk)).toContain('From the laptop');
    await desk.call('patients:create', { patient: patientInput({ familyName: 'After pairing' }) });
    await desk.call('sync:syncNow', {});
    await laptop.call('sync:syncNow', {});
    expect(await familyNames(laptop)).toContain('After pairing');
    const seqs = await deviceSeqs(cluster.database, deviceId);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });
});

describe('restoring a backup of a connected vault', () => {
  it('makes the restored vault a new device at its first unlock: it exchanges again, and what was sent after the backup comes back from the server', async () => {
    const office = await device();
    const sheet = await setUp(office);
    await office.call('sync:connect', { server: details('server_r'), deviceName: 'Office desktop' });
    await office.call('patients:create', { patient: patientInput({ familyName: 'Before the backup' }) });
    await office.call('sync:syncNow', {});
    const laptop = await pairedDevice(office, sheet.databaseKeyHex, 'server_r');
    const backedUpAs = (await office.call('sync:status', {})).device?.id ?? '';
    const folder = await makeBackup({ dataDir: office.dir, databaseKeyHex: sheet.databaseKeyHex, destination: backups });

    await office.call('patients:create', { patient: patientInput({ familyName: 'After the backup' }) });
    expect(await office.call('sync:syncNow', {})).toMatchObject({ state: 'up-to-date', waiting: 0 });
    const sentAfterBackup = await deviceSeqs('server_r', backedUpAs);

    office.chooseFolders(folder);
    const chosen = await office.call('restore:chooseBackup', {});
    if (chosen.state === 'cancelled') throw new Error('the dialog was cancelled');
    await office.call('restore:restore', { ticket: chosen.ticket });
    await office.call('vault:unlock', { passphrase: PASSPHRASE });

    const restored = await office.call('sync:syncNow', {});
    expect(restored).toMatchObject({ state: 'up-to-date', lastError: null, device: { name: 'Office desktop (restored)' } });
    const restoredAs = restored.device?.id ?? '';
    expect(restoredAs).not.toBe(backedUpAs);
    // The server holds the old device's batches as they were; the restored one numbers its own from 1.
    expect(await deviceSeqs('server_r', backedUpAs)).toEqual(sentAfterBackup);
    expect(await deviceSeqs('server_r', restoredAs)).toEqual([1]);
    // Restoring one device does not roll the vault back: what it sent after the backup comes back.
    expect(await familyNames(office)).toContain('After the backup');

    await office.call('patients:create', { patient: patientInput({ familyName: 'After the restore' }) });
    await office.call('sync:syncNow', {});
    await laptop.call('sync:syncNow', {});
    expect(await familyNames(laptop)).toContain('After the restore');
    expect((await laptop.call('sync:devices', {})).map((entry) => entry.name).sort()).toEqual([
      'Laptop',
      'Office desktop',
      'Office desktop (restored)',
    ]);

    // Locked and opened again, it stays the new device.
    await office.call('vault:lock', {});
    await office.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await office.call('sync:syncNow', {})).device).toEqual({ id: restoredAs, name: 'Office desktop (restored)' });
  });
});
