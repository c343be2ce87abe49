import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReplicationKey, openBatch, sealBatch } from '../../../electron/features/sync/batch-crypto';
import {
  DeviceRevoked,
  ensureServerSchema,
  notifyChannel,
  pullBatches,
  pushBatch,
  registerDevice,
  removeSnapshot,
  revokeDevice,
  SERVER_SCHEMA_VERSION,
  SnapshotMissing,
  downloadSnapshot,
  uploadSnapshot,
} from '../../../electron/features/sync/server';
import { startPostgres, type PostgresCluster } from '../support/postgres';

let cluster: PostgresCluster;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await cluster?.stop();
});

const VAULT = randomUUID();
const LAPTOP = randomBytes(16).toString('hex');
const DESKTOP = randomBytes(16).toString('hex');
const key = deriveReplicationKey(randomBytes(32), VAULT);
const MARKER = 'Zephyrine Quillfeather';

const batch = (deviceId: string, deviceSeq: number, text = MARKER) => ({
  batchId: randomUUID(),
  deviceSeq,
  ciphertext: sealBatch(key, { vaultId: VAULT, deviceId, deviceSeq }, Buffer.from(JSON.stringify({ given_name: text }))),
});

describe('the practice’s server', () => {
  it('sets up its schema once, whichever device comes first, and again without harm', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await Promise.all([ensureServerSchema(a), ensureServerSchema(b)]);
    await ensureServerSchema(a);
    await registerDevice(a, VAULT, LAPTOP);
    await registerDevice(b, VAULT, DESKTOP);
    const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.devices');
    expect(rows[0]?.n).toBe(2);
  });

  it('brings a schema an older Alliance set up to this version, adding the first copies’ table', async () => {
    const client = await connect();
    await client.query('DROP TABLE alliance.snapshots');
    await client.query('UPDATE alliance.schema_version SET version = 1');
    await ensureServerSchema(client);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM alliance.schema_version');
    expect(rows).toEqual([{ version: SERVER_SCHEMA_VERSION }]);
    expect((await client.query('SELECT * FROM alliance.snapshots')).rows).toEqual([]);
  });

  it('keeps a first copy in chunks, hands them back in order, and forgets it when used', async () => {
    const client = await connect();
    const pieces = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')];
    async function* chunks() {
      yield* pieces;
    }
    const id = randomUUID();
    expect(await uploadSnapshot(client, VAULT, id, 7, chunks())).toBe(3);
    const received: Buffer[] = [];
    const fractions: number[] = [];
    const answer = await downloadSnapshot(
      client,
      VAULT,
      id,
      async (chunk) => {
        received.push(chunk);
      },
      (fraction) => fractions.push(fraction),
    );
    expect(answer).toEqual({ includesSeq: 7, bytes: 18 });
    expect(Buffer.concat(received).toString()).toBe('first second third');
    expect(fractions.at(-1)).toBe(1);
    // Another vault's id does not reach it.
    await expect(downloadSnapshot(client, randomUUID(), id, async () => undefined)).rejects.toThrow(SnapshotMissing);
    await removeSnapshot(client, id);
    await expect(downloadSnapshot(client, VAULT, id, async () => undefined)).rejects.toThrow(SnapshotMissing);
  });

  it('numbers batches in the order they commit, without gaps, though two devices push at once', async () => {
    const [laptop, desktop] = await Promise.all([connect(), connect()]);
    // Each device pushes its batches one after another, as its sync loop does; the two devices at once.
    const pushAll = async (client: pg.Client, device: string) => {
      const numbers: number[] = [];
      for (let i = 1; i <= 20; i += 1) numbers.push(await pushBatch(client, VAULT, device, batch(device, i)));
      return numbers;
    };
    const numbers = (await Promise.all([pushAll(laptop, LAPTOP), pushAll(desktop, DESKTOP)])).flat().sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const pulled = await pullBatches(laptop, VAULT, LAPTOP, 0, 100);
    expect(pulled.map((b) => b.seq)).toEqual(numbers);
    // Each device's batches arrive in the order it made them.
    for (const device of [LAPTOP, DESKTOP]) {
      const own = pulled.filter((b) => b.deviceId === device).map((b) => b.deviceSeq);
      expect(own).toEqual([...own].sort((x, y) => x - y));
    }
    const first = pulled[0];
    if (!first) throw new Error('Nothing was pulled');
    expect(
      JSON.parse(openBatch(key, { vaultId: VAULT, deviceId: first.deviceId, deviceSeq: first.deviceSeq }, first.ciphertext).toString()),
    ).toEqual({
      given_name: MARKER,
    });
  });

  it('takes a batch pushed twice once, answering with its number', async () => {
    const client = await connect();
    const again = batch(LAPTOP, 21);
    const seq = await pushBatch(client, VAULT, LAPTOP, again);
    expect(await pushBatch(client, VAULT, LAPTOP, again)).toBe(seq);
    expect((await pullBatches(client, VAULT, LAPTOP, seq - 1)).map((b) => b.seq)).toEqual([seq]);
  });

  it('wakes a listening device when a batch arrives', async () => {
    const [listener, pusher] = await Promise.all([connect(), connect()]);
    await listener.query(`LISTEN ${notifyChannel(VAULT)}`);
    const heard = new Promise<string | undefined>((resolve) =>
      listener.once('notification', (message: pg.Notification) => resolve(message.payload)),
    );
    const seq = await pushBatch(pusher, VAULT, DESKTOP, batch(DESKTOP, 21));
    expect(await heard).toBe(String(seq));
  });

  it('sends nothing to, and takes nothing from, a device removed from the vault', async () => {
    const client = await connect();
    const removed = randomBytes(16).toString('hex');
    await registerDevice(client, VAULT, removed);
    await revokeDevice(client, VAULT, removed);
    await expect(pushBatch(client, VAULT, removed, batch(removed, 1))).rejects.toThrow(DeviceRevoked);
    await expect(pullBatches(client, VAULT, removed, 0)).rejects.toThrow(DeviceRevoked);
  });

  it('holds no byte of a patient’s name, in its tables or in its data directory', async () => {
    const client = await connect();
    const { rows } = await client.query<{ row: string }>(
      "SELECT row_to_json(t)::text AS row FROM (SELECT encode(ciphertext, 'escape') AS c, * FROM alliance.batches) t",
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.row.includes(MARKER))).toEqual([]);
    await client.query('CHECKPOINT');
    const marker = Buffer.from(MARKER, 'utf8');
    const found: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (entry.isFile() && (await stat(file)).size > 0 && (await readFile(file)).includes(marker)) found.push(file);
      }
    };
    await walk(cluster.dataDir);
    expect(found).toEqual([]);
  });
});
