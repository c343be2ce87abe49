import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { devicesWorker, revokeVaultDevice } from '../../../electron/features/sync/devices';
import { connectVault } from '../../../electron/features/sync/engine';
import { DeviceRevoked, ensureServerSchema, pullBatches, pushBatch, registerDevice } from '../../../electron/features/sync/server';
import type { AppError } from '../../../shared/errors';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { testEnvironment } from '../support/environment';
import { startPostgres, type PostgresCluster } from '../support/postgres';

/* The vault's devices in Settings, on one real vault and one real PostgreSQL. */

const VAULT = randomUUID();
const DESKTOP = randomBytes(16).toString('hex');
const LAPTOP = randomBytes(16).toString('hex');
const NOW = '2026-12-02T09:30:00.000Z';
const env = testEnvironment(NOW);

let cluster: PostgresCluster;
let client: pg.Client;
let vault: EncryptedDatabase;
let repositories: Repositories;

beforeAll(async () => {
  cluster = await startPostgres();
  const server = { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: cluster.database };
  client = new pg.Client(server);
  await client.connect();
  await ensureServerSchema(client);
  await registerDevice(client, VAULT, DESKTOP);
  await registerDevice(client, VAULT, LAPTOP);

  vault = await openEncryptedDatabase();
  migrate(vault.db);
  repositories = connect(vault.db);
  connectVault(vault.db, VAULT, DESKTOP);
  vault.db
    .prepare("INSERT INTO sync_server (id, details, connected_at) VALUES (1, $details, '2026-12-01T08:00:00.000Z')")
    .run({ details: JSON.stringify({ ...server, tls: 'off', caCertificate: null }) });
  const add = vault.db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $at)');
  add.run({ id: LAPTOP, name: 'Laptop', at: '2026-12-01T08:05:00.000Z' });
  add.run({ id: DESKTOP, name: 'Office desktop', at: '2026-12-01T08:00:00.000Z' });
}, 60_000);
afterAll(async () => {
  await client?.end();
  await vault?.dispose();
  await cluster?.stop();
});

describe('the vault’s devices', () => {
  it('lists this device first, by name, with when each was added', () => {
    expect(devicesWorker['sync:devices']({}, env, repositories)).toEqual([
      { id: DESKTOP, name: 'Office desktop', addedAt: '2026-12-01T08:00:00.000Z', revokedAt: null, thisDevice: true },
      { id: LAPTOP, name: 'Laptop', addedAt: '2026-12-01T08:05:00.000Z', revokedAt: null, thisDevice: false },
    ]);
  });

  it('refuses to revoke this device, and a device the vault does not know, before asking the server', async () => {
    await expect(async () => devicesWorker['sync:revokeDevice']({ deviceId: DESKTOP }, env, repositories)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    } satisfies Partial<AppError>);
    await expect(async () => devicesWorker['sync:revokeDevice']({ deviceId: 'f'.repeat(32) }, env, repositories)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    } satisfies Partial<AppError>);
  });

  it('revokes the laptop on the server and here, through the server details kept in the vault: its pushes are refused and it pulls nothing', async () => {
    const waitingBefore = vault.db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>();
    const devices = await devicesWorker['sync:revokeDevice']({ deviceId: LAPTOP }, env, repositories);
    expect(devices.find((device) => device.id === LAPTOP)?.revokedAt).toBe(NOW);
    expect(devices.find((device) => device.id === DESKTOP)?.revokedAt).toBeNull();

    const { rows } = await client.query<{ revoked: boolean }>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM alliance.devices WHERE device_id = $1',
      [Buffer.from(LAPTOP, 'hex')],
    );
    expect(rows).toEqual([{ revoked: true }]);
    await expect(
      pushBatch(client, VAULT, LAPTOP, { batchId: randomUUID(), deviceSeq: 1, ciphertext: Buffer.from('sealed') }),
    ).rejects.toBeInstanceOf(DeviceRevoked);
    await expect(pullBatches(client, VAULT, LAPTOP, 0)).rejects.toBeInstanceOf(DeviceRevoked);
    // The mark replicates, so every device of the vault shows the laptop revoked.
    const waiting = vault.db
      .prepare('SELECT table_name, changes FROM sync_outbox ORDER BY seq DESC LIMIT 1')
      .get<{ table_name: string; changes: string }>();
    expect(vault.db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>()).toBe((waitingBefore ?? 0) + 1);
    expect(waiting?.table_name).toBe('sync_devices');
    expect(JSON.parse(waiting?.changes ?? '{}')).toMatchObject({ revoked_at: [NOW, expect.anything()] });
  });

  it('changes nothing when a revoked device is revoked again', async () => {
    const waiting = vault.db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>();
    const devices = await revokeVaultDevice(vault.db, client, LAPTOP, '2026-12-03T10:00:00.000Z');
    expect(devices.find((device) => device.id === LAPTOP)?.revokedAt).toBe(NOW);
    expect(vault.db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>()).toBe(waiting);
  });
});
