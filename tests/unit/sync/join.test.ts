import { randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '@signalapp/sqlcipher';
import { connectVault } from '../../../electron/features/sync/engine';
import { ensureServerSchema, registerDevice } from '../../../electron/features/sync/server';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { PAIRING_ALPHABET, parsePairingCode } from '../../../shared/sync/pairing-code';
import type { ServerDetails } from '../../../shared/sync/connection';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { NEW_PASSPHRASE, openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

/*
 * A second device joins a vault through a real PostgreSQL and real app cores: the first offers a
 * pairing (its copy on the server), the new one redeems the code with its own passphrase, gets its
 * recovery sheet, and opens a vault holding every record of the first. A wrong, used or expired code
 * is refused and leaves nothing behind; the server never holds a readable byte of the copy.
 */

const VAULT = randomUUID();
const FIRST_DEVICE = randomBytes(16).toString('hex');
/** A name that appears nowhere but in the vault: the marker the server must never hold in the clear. */
const MARKER = 'Quillfeatherby';

let cluster: PostgresCluster;
let admin: pg.Client;
let server: ServerDetails;
let first: TempVault;
let firstKeyHex: string;
const vaults: TempVault[] = [];

async function newDevice(): Promise<TempVault> {
  const vault = await openTempVault();
  vaults.push(vault);
  return vault;
}

/** Opens a locked vault's database file beside the app, with the key on its recovery sheet. */
function openFile(vault: TempVault, keyHex: string): Database {
  const db = new Database(path.join(vault.dir, DATABASE_FILE_NAME));
  db.pragma('cipher_log_level = NONE');
  db.pragma(`key = "x'${keyHex}'"`);
  return db;
}

async function join(device: TempVault, code: string, passphrase = NEW_PASSPHRASE) {
  return device.call('sync:prepareJoin', { server, code, deviceName: 'Laptop', passphrase });
}

/** The device's data folder holds nothing: no vault, no copy, no folder a failed join made. */
async function expectNothingLeft(device: TempVault): Promise<void> {
  expect(await readdir(device.dir)).toEqual([]);
  expect(await device.call('vault:status', {})).toEqual({ state: 'new' });
}

async function snapshotRows(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.snapshots');
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  cluster = await startPostgres();
  server = {
    host: cluster.host,
    port: cluster.port,
    database: cluster.database,
    user: cluster.user,
    password: cluster.password,
    tls: 'off',
    caCertificate: null,
  };
  admin = new pg.Client({ ...server, ssl: false });
  await admin.connect();
  await ensureServerSchema(admin);

  first = await newDevice();
  firstKeyHex = (await setUp(first)).databaseKeyHex;
  for (let i = 0; i < 3; i += 1) await first.call('patients:create', { patient: patientInput({ familyName: `${MARKER}${i}` }) });
  // Connected as the sync loop's connect leaves a vault (its channel is another package's).
  await first.call('vault:lock', {});
  const db = openFile(first, firstKeyHex);
  connectVault(db, VAULT, FIRST_DEVICE);
  db.prepare('INSERT INTO sync_server (id, details, connected_at) VALUES (1, $details, $now)').run({
    details: JSON.stringify(server),
    now: new Date().toISOString(),
  });
  db.prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, 'Office desktop', $now)").run({
    id: FIRST_DEVICE,
    now: new Date().toISOString(),
  });
  db.close();
  await registerDevice(admin, VAULT, FIRST_DEVICE);
  await first.call('vault:unlock', { passphrase: PASSPHRASE });
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await Promise.all(vaults.map((vault) => vault.dispose()));
  await cluster?.stop();
});

describe('joining a vault from another device', () => {
  it('gives the new device every record of the first, under its own passphrase and recovery code', async () => {
    const offered = await first.call('sync:offerPairing', {});
    expect(offered.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(Date.parse(offered.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(await snapshotRows()).toBeGreaterThan(0);
    // Nothing of the copy stays in the first device's data folder.
    expect((await readdir(first.dir)).filter((name) => name.startsWith('.alliance'))).toEqual([]);

    const laptop = await newDevice();
    const sheet = await join(laptop, offered.code.toLowerCase().replace(/(.{4})(?=.)/g, '$1 '));
    // The same vault key (every device of a vault holds it), a recovery code of this device's own.
    expect(sheet.databaseKeyHex).toBe(firstKeyHex);
    expect(await laptop.call('vault:status', {})).toEqual({ state: 'setting-up' });
    expect(await laptop.call('vault:confirmSetup', {})).toMatchObject({ state: 'unlocked' });
    expect(await laptop.call('patients:list', { includeArchived: false })).toEqual(
      await first.call('patients:list', { includeArchived: false }),
    );
    expect(await snapshotRows()).toBe(0);

    // Locked and opened again with this device's passphrase; the first device's does not open it.
    await laptop.call('vault:lock', {});
    expect((await laptop.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    const db = openFile(laptop, firstKeyHex);
    const state = db.prepare('SELECT vault_id, device_id FROM sync_state').get<{ vault_id: string; device_id: string }>();
    expect(state?.vault_id).toBe(VAULT);
    expect(state?.device_id).not.toBe(FIRST_DEVICE);
    expect(db.prepare('SELECT name FROM sync_devices ORDER BY name', { pluck: true }).all()).toEqual(['Laptop', 'Office desktop']);
    expect(JSON.parse(db.prepare('SELECT details FROM sync_server', { pluck: true }).get<string>() ?? '{}')).toEqual(server);
    // Its name waits to be sent; nothing of the first device's outbox came with the copy.
    expect(db.prepare('SELECT table_name FROM sync_outbox', { pluck: true }).all()).toEqual(['sync_devices']);
    db.close();
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.devices WHERE device_id = $1', [
      Buffer.from(state?.device_id ?? '', 'hex'),
    ]);
    expect(rows[0]?.n).toBe(1);
    expect(await laptop.call('vault:unlock', { passphrase: NEW_PASSPHRASE })).toMatchObject({ state: 'unlocked' });

    // A code works once.
    const again = await newDevice();
    const used = await again.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE });
    expect(used).toMatchObject({ code: 'PAIRING_REFUSED', message: expect.stringContaining('expired or was already used') });
    await expectNothingLeft(again);
  });

  it('keeps nothing readable on the server: the copy is ciphertext under the vault key', async () => {
    const offered = await first.call('sync:offerPairing', {});
    const { rows } = await admin.query<{ bytes: Buffer }>('SELECT bytes FROM alliance.snapshots ORDER BY snapshot_id, chunk');
    const copy = Buffer.concat(rows.map((row) => row.bytes));
    expect(copy.length).toBeGreaterThan(4096);
    expect(copy.includes(Buffer.from(MARKER, 'utf8'))).toBe(false);
    expect(copy.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(copy.includes(Buffer.from(firstKeyHex, 'hex'))).toBe(false);
    const pairing = await admin.query<{ wrapped: Buffer }>('SELECT wrapped FROM alliance.pairings WHERE wrapped IS NOT NULL');
    for (const row of pairing.rows) expect(row.wrapped.includes(Buffer.from(firstKeyHex, 'hex'))).toBe(false);

    // An expired code is refused, and leaves nothing on the device.
    await admin.query("UPDATE alliance.pairings SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    const late = await newDevice();
    const refused = await late.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE });
    expect(refused.code).toBe('PAIRING_REFUSED');
    await expectNothingLeft(late);
  });

  it('refuses a wrong code and leaves the folder as it was; a new code then joins', async () => {
    const offered = await first.call('sync:offerPairing', {});
    const parsed = parsePairingCode(offered.code);
    if ('error' in parsed) throw new Error(parsed.error);
    // The same pairing, another secret, and a check character that lets it reach the server.
    const secret = [...parsed.secret];
    secret[0] = secret[0] === 'A' ? 'B' : 'A';
    const body = parsed.pairingId + secret.join('');
    const wrong = [...PAIRING_ALPHABET].map((check) => body + check).find((code) => !('error' in parsePairingCode(code)));
    if (!wrong) throw new Error('No check character fits');

    const device = await newDevice();
    const refused = await device.refuse('sync:prepareJoin', { server, code: wrong, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE });
    expect(refused).toMatchObject({ code: 'PAIRING_REFUSED', message: expect.stringContaining('does not match') });
    await expectNothingLeft(device);
    // The guess used the pairing up: the right code no longer works either.
    expect(
      (await device.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE })).code,
    ).toBe('PAIRING_REFUSED');

    // A copy gone from the server after the code was redeemed: refused, and nothing half-joined stays.
    const missing = await first.call('sync:offerPairing', {});
    await admin.query('DELETE FROM alliance.snapshots');
    expect((await join(device, missing.code).catch((error: Error) => error)) instanceof Error).toBe(true);
    await expectNothingLeft(device);

    // A weak passphrase is refused before the code is used up.
    const fresh = await first.call('sync:offerPairing', {});
    expect((await device.refuse('sync:prepareJoin', { server, code: fresh.code, deviceName: 'Laptop', passphrase: 'short' })).code).toBe(
      'WEAK_PASSPHRASE',
    );
    await join(device, fresh.code);
    await device.call('vault:confirmSetup', {});
    expect(await device.call('patients:list', { includeArchived: false })).toHaveLength(3);
  });
});
