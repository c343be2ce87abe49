/**
 * Connecting a vault to the practice's server through the sync channels, on a real PostgreSQL that
 * offers TLS with a certificate of its own: the details kept inside the vault, this device and the
 * vault registered on the server, failures in our words, disconnecting and connecting again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../shared/contract';
import { selfSignedCertificate, type Certificate } from '../support/certificates';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

type Details = ChannelInput<'sync:connect'>['server'];

let cluster: PostgresCluster;
let serverCertificate: Certificate;
let vault: TempVault;
let admin: pg.Client;

const plain = (overrides: Partial<Details> = {}): Details => ({
  host: '127.0.0.1',
  port: cluster.port,
  database: cluster.database,
  user: cluster.user,
  password: cluster.password,
  tls: 'off',
  caCertificate: null,
  ...overrides,
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function serverRows(): Promise<{ vaults: number; devices: string[]; batches: number }> {
  const vaults = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.vaults');
  const devices = await admin.query<{ id: string }>("SELECT encode(device_id, 'hex') AS id FROM alliance.devices ORDER BY added_at");
  const batches = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.batches');
  return { vaults: vaults.rows[0]?.n ?? 0, devices: devices.rows.map((row) => row.id), batches: batches.rows[0]?.n ?? 0 };
}

beforeAll(async () => {
  serverCertificate = await selfSignedCertificate('Practice server');
  [cluster, vault] = await Promise.all([startPostgres({ tls: serverCertificate }), openTempVault()]);
  await setUp(vault);
  admin = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await vault?.dispose();
  await cluster?.stop();
});

describe('connecting a vault to the practice server', () => {
  it('says a vault that was never connected is not connected, and refuses to sync it', async () => {
    const status = await vault.call('sync:status', {});
    expect(status).toMatchObject({ state: 'not-connected', server: null, device: null, waiting: 0, lastError: null });
    expect(await vault.refuse('sync:syncNow', {})).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a wrong password, an unreachable server and a server without TLS in its own words, and stays unconnected', async () => {
    const wrong = await vault.refuse('sync:connect', { server: plain({ password: 'not the password' }), deviceName: 'Laptop' });
    expect(wrong.code).toBe('SYNC_LOGIN_REFUSED');
    // The server's own words ("password authentication failed for user …") never reach the window.
    expect(wrong.message).not.toMatch(/authentication|alliance_test/);

    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await vault.refuse('sync:connect', { server: plain({ port: closedPort }), deviceName: 'Laptop' })).toMatchObject({
      code: 'SYNC_UNREACHABLE',
    });

    // A server that answers PostgreSQL's TLS request with "no", as one without TLS does.
    const noTls = createServer((socket) => socket.once('data', () => socket.write('N')));
    const noTlsPort = await listen(noTls);
    try {
      expect(
        await vault.refuse('sync:connect', { server: plain({ port: noTlsPort, tls: 'required' }), deviceName: 'Laptop' }),
      ).toMatchObject({ code: 'SYNC_TLS_REFUSED' });
    } finally {
      await new Promise((resolve) => noTls.close(resolve));
    }
    expect((await vault.call('sync:status', {})).state).toBe('not-connected');
    const { rows } = await admin.query<{ devices: string | null }>("SELECT to_regclass('alliance.devices')::text AS devices");
    expect(rows[0]?.devices).toBeNull();
  });

  it('refuses a server whose certificate is not from the pinned CA, or from no trusted authority', async () => {
    const other = await selfSignedCertificate('Another authority');
    const pinnedOther = await vault.refuse('sync:connect', {
      server: plain({ tls: 'required', caCertificate: other.certificate }),
      deviceName: 'Laptop',
    });
    expect(pinnedOther.code).toBe('SYNC_CERTIFICATE_UNTRUSTED');
    const unpinned = await vault.refuse('sync:connect', { server: plain({ tls: 'required' }), deviceName: 'Laptop' });
    expect(unpinned.code).toBe('SYNC_CERTIFICATE_UNTRUSTED');
    expect(unpinned.message).not.toBe(pinnedOther.message);
  });

  it('connects over TLS to the server whose CA is pinned, registering the vault and this device and keeping the details in the vault only', async () => {
    const server = plain({ tls: 'required', caCertificate: serverCertificate.certificate });
    const status = await vault.call('sync:connect', { server, deviceName: 'Laptop' });
    expect(status.state).not.toBe('not-connected');
    expect(status.server).toEqual({
      host: '127.0.0.1',
      port: cluster.port,
      database: cluster.database,
      user: cluster.user,
      tls: 'required',
      caPinned: true,
    });
    expect(status.device?.name).toBe('Laptop');
    expect(JSON.stringify(status)).not.toContain(cluster.password);
    const rows = await serverRows();
    expect(rows.vaults).toBe(1);
    expect(rows.devices).toEqual([status.device?.id]);

    // The device's name is a replicated record: it is the first thing sent.
    const synced = await vault.call('sync:syncNow', {});
    expect(synced).toMatchObject({ state: 'up-to-date', waiting: 0, lastError: null });
    expect(synced.lastExchangeAt).not.toBeNull();
    expect((await serverRows()).batches).toBe(1);

    // Kept like the vault key: not in the preferences, and no byte of the password in the vault's files.
    expect(JSON.stringify(vault.preferences.get())).not.toContain(cluster.password);
    const files = await readdir(vault.dir, { recursive: true, withFileTypes: true });
    for (const file of files.filter((entry) => entry.isFile())) {
      const bytes = await readFile(path.join(file.parentPath, file.name));
      expect({ file: file.name, holdsPassword: bytes.includes(Buffer.from(cluster.password)) }).toEqual({
        file: file.name,
        holdsPassword: false,
      });
    }
  });

  it('sends a write made while connected, and stays connected after the vault is locked and unlocked', async () => {
    await vault.call('patients:create', { patient: patientInput({ familyName: 'Okafor' }) });
    await vault.call('sync:syncNow', {});
    expect((await serverRows()).batches).toBe(2);

    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const status = await vault.call('sync:syncNow', {});
    expect(status).toMatchObject({ state: 'up-to-date', device: { name: 'Laptop' } });
  });

  it('disconnects keeping every record and capturing nothing more, and connects again as the same vault and device', async () => {
    const before = await vault.call('sync:status', {});
    const disconnected = await vault.call('sync:disconnect', {});
    expect(disconnected).toMatchObject({ state: 'not-connected', server: null });
    expect((await vault.call('patients:list', { includeArchived: true })).map((p) => p.familyName)).toContain('Okafor');

    await vault.call('patients:create', { patient: patientInput({ familyName: 'Adeyemi' }) });
    const again = await vault.call('sync:connect', { server: plain(), deviceName: 'Laptop' });
    expect(again.device?.id).toBe(before.device?.id);
    expect(again.waiting).toBe(0);
    await vault.call('sync:syncNow', {});
    const rows = await serverRows();
    expect(rows.vaults).toBe(1);
    expect(rows.devices).toEqual([before.device?.id]);
    // The patient made while disconnected was not captured: nothing new was sent.
    expect(rows.batches).toBe(2);
  });
});
