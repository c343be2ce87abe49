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
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { NEW_PASSPHRASE, openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

let cluster: PostgresCluster;
let admin: pg.Client;
let backups: string;
const vaults: TempVault[] = [];
const SERVERS = ['server_a', 'server_b', 'server_r'] as const;

function details(database: (typeof SERVERS)[number]): ServerDetails {
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

/** A new device paired through the server `from` is connected to, as a person pairs one. */
async function pairedDevice(from: TempVault, server: ServerDetails): Promise<TempVault> {
  const { code } = await from.call('sync:offerPairing', {});
  const laptop = await device();
  await laptop.call('sync:prepareJoin', { server, code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE });
  await laptop.call('vault:confirmSetup', {});
  return laptop;
}

async function familyNames(vault: TempVault): Promise<string[]> {
  return (await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName);
}

/** The batch numbers this device gave its batches on one server, in the server's order. */
async function deviceSeqs(database: (typeof SERVERS)[number], deviceId: string): Promise<number[]> {
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
  for (const database of SERVERS) await admin.query(`CREATE DATABASE ${database}`);
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
    await setUp(desk);
    await desk.call('sync:connect', { server: details('server_a'), deviceName: 'Office desktop' });
    for (let i = 0; i < 4; i += 1) {
      await desk.call('patients:create', { patient: patientInput({ familyName: `Server A ${i}` }) });
      await desk.call('sync:syncNow', {});
    }
    const deviceId = (await desk.call('sync:status', {})).device?.id ?? '';
    // One batch per exchange at least: A has handed out batch numbers 1 to 4 or more, and its cursor is as far.
    expect((await deviceSeqs('server_a', deviceId)).length).toBeGreaterThanOrEqual(4);

    // Server A goes away with a change still waiting to be sent.
    await admin.query('ALTER DATABASE server_a ALLOW_CONNECTIONS false');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'server_a'");
    await desk.call('patients:create', { patient: patientInput({ familyName: 'Waiting' }) });
    const stranded = await desk.call('sync:syncNow', {});
    expect(stranded.waiting).toBeGreaterThan(0);
    expect(stranded.lastError).not.toBeNull();

    const moved = await desk.call('sync:connect', { server: details('server_b'), deviceName: 'Office desktop' });
    expect(moved.device?.id).toBe(deviceId);
    expect(await desk.call('sync:syncNow', {})).toMatchObject({ state: 'up-to-date', waiting: 0, lastError: null });
    // The change that waited went to B, numbered from 1 as B has nothing of this device.
    expect(await deviceSeqs('server_b', deviceId)).toEqual([1]);

    // A device paired through B receives what the desk sends there, and the desk what it sends: the desk
    // reads B's batches from B's first, not from where it had got to on A.
    const laptop = await pairedDevice(desk, details('server_b'));
    expect(await familyNames(laptop)).toContain('Waiting');
    await laptop.call('patients:create', { patient: patientInput({ familyName: 'From the laptop' }) });
    await laptop.call('sync:syncNow', {});
    await desk.call('sync:syncNow', {});
    expect(await familyNames(desk)).toContain('From the laptop');
    await desk.call('patients:create', { patient: patientInput({ familyName: 'After pairing' }) });
    await desk.call('sync:syncNow', {});
    await laptop.call('sync:syncNow', {});
    expect(await familyNames(laptop)).toContain('After pairing');
    const seqs = await deviceSeqs('server_b', deviceId);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });
});
