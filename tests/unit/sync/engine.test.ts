import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { migrate } from '../../../electron/database/migrations';
import { deriveReplicationKey } from '../../../electron/features/sync/batch-crypto';
import { connectVault, SyncEngine } from '../../../electron/features/sync/engine';
import { ensureServerSchema, registerDevice } from '../../../electron/features/sync/server';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { addPatient } from '../database/migrations/chart-rows';

const VAULT = randomUUID();
const key = deriveReplicationKey(randomBytes(32), VAULT);
const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const T = Date.now();

let cluster: PostgresCluster;
let client: pg.Client;
const vaults: EncryptedDatabase[] = [];

type Device = { db: Database; engine: SyncEngine; deviceId: string };
async function device(): Promise<Device> {
  const vault = await openEncryptedDatabase();
  vaults.push(vault);
  migrate(vault.db);
  const deviceId = randomBytes(16).toString('hex');
  connectVault(vault.db, VAULT, deviceId);
  await registerDevice(client, VAULT, deviceId);
  return { db: vault.db, deviceId, engine: new SyncEngine(vault.db, { vaultId: VAULT, deviceId, replicationKey: key }) };
}
const phone = (db: Database) =>
  db.prepare('SELECT phone FROM patients WHERE id = $id', { pluck: true }).get<string | null>({ id: PATIENT });

let laptop: Device;
let desktop: Device;

beforeAll(async () => {
  cluster = await startPostgres();
  client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await client.connect();
  await ensureServerSchema(client);
  laptop = await device();
  desktop = await device();
}, 60_000);
afterAll(async () => {
  await client?.end();
  await Promise.all(vaults.map((vault) => vault.dispose()));
  await cluster?.stop();
});

describe('two vaults replicating through a real PostgreSQL', () => {
  it('brings a patient made on the laptop to the desktop, and the desktop’s edit back', async () => {
    laptop.engine.stampNextWrite(T);
    addPatient(laptop.db, PATIENT, 1, { given: 'Ada', family: 'Okafor' });
    expect(laptop.engine.waiting()).toBe(1);
    expect(await laptop.engine.push(client)).toBe(1);
    expect(laptop.engine.waiting()).toBe(0);
    expect(await desktop.engine.pull(client)).toBe(1);
    expect(desktop.db.prepare('SELECT given_name FROM patients WHERE id = $id', { pluck: true }).get({ id: PATIENT })).toBe('Ada');

    desktop.engine.stampNextWrite(T + 60_000);
    desktop.db.prepare("UPDATE patients SET phone = '555 0100' WHERE id = $id").run({ id: PATIENT });
    await desktop.engine.push(client);
    await laptop.engine.pull(client);
    expect(phone(laptop.db)).toBe('555 0100');
    // Nothing received is sent back.
    expect(laptop.engine.waiting()).toBe(0);
  });

  it('sends a batch once though the laptop stopped before hearing that the server had it', async () => {
    laptop.engine.stampNextWrite(T + 120_000);
    laptop.db.prepare("UPDATE patients SET phone = '555 0142' WHERE id = $id").run({ id: PATIENT });
    const pending = laptop.engine.prepareBatch();
    if (!pending) throw new Error('Nothing to send');
    await laptop.engine.sendPending(client, pending);
    // The laptop restarts: a new engine on the same vault finds the batch it was sending, and sends it again.
    const restarted = new SyncEngine(laptop.db, { vaultId: VAULT, deviceId: laptop.deviceId, replicationKey: key });
    expect(await restarted.push(client)).toBe(1);
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.batches WHERE device_id = $1', [
      Buffer.from(laptop.deviceId, 'hex'),
    ]);
    expect(rows[0]?.n).toBe(2);
    await desktop.engine.pull(client);
    expect(phone(desktop.db)).toBe('555 0142');
  });

  it('gives a change made after a restart a stamp after what the device received, though its clock is behind', async () => {
    desktop.engine.stampNextWrite(T + 3 * 60_000);
    desktop.db.prepare("UPDATE patients SET email = 'ada@example.org' WHERE id = $id").run({ id: PATIENT });
    await desktop.engine.push(client);
    await laptop.engine.pull(client, () => new Date(T));
    const restarted = new SyncEngine(laptop.db, { vaultId: VAULT, deviceId: laptop.deviceId, replicationKey: key });
    const next = restarted.stampNextWrite(T);
    const received = desktop.db.prepare('SELECT stamp FROM sync_clock', { pluck: true }).get<string>() ?? '';
    expect(next > received).toBe(true);
  });

  it('renumbers a patient of its own that another device’s earlier patient has the number of, stamped after what it received', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    laptop.engine.stampNextWrite(T + 4 * 60_000);
    addPatient(laptop.db, first, 2, { given: 'Ines', family: 'Alder' });
    desktop.engine.stampNextWrite(T + 4 * 60_000 + 1_000);
    addPatient(desktop.db, second, 2, { given: 'Otto', family: 'Birch' });
    await laptop.engine.push(client);
    await desktop.engine.push(client);
    await desktop.engine.pull(client);
    const chart = (db: Database, id: string) => db.prepare('SELECT chart_number FROM patients WHERE id = $id', { pluck: true }).get({ id });
    expect([chart(desktop.db, first), chart(desktop.db, second)]).toEqual([2, 3]);
    const renumbered = desktop.db
      .prepare("SELECT stamp FROM sync_outbox WHERE table_name = 'patients' AND row_key = $id AND operation = 'update'", { pluck: true })
      .get<string>({ id: second });
    const received = laptop.db.prepare('SELECT stamp FROM sync_clock', { pluck: true }).get<string>() ?? '';
    expect(renumbered! > received).toBe(true);
    // After a restart the desktop's next stamp still follows its renumbering.
    const restarted = new SyncEngine(desktop.db, { vaultId: VAULT, deviceId: desktop.deviceId, replicationKey: key });
    expect(restarted.stampNextWrite(T) > renumbered!).toBe(true);
    await desktop.engine.push(client);
    await laptop.engine.pull(client);
    expect([chart(laptop.db, first), chart(laptop.db, second)]).toEqual([2, 3]);
  });
});
