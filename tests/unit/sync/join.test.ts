import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '@signalapp/sqlcipher';
import { randomUUID } from 'node:crypto';
import { OFFER_SHARES, offerFraction, OfferTracker } from '../../../electron/features/sync/offer';
import { offerPairing } from '../../../electron/features/sync/pairing';
import { encodePairingPayload } from '../../../electron/features/sync/pairing-payload';
import { ensureServerSchema, uploadSnapshot } from '../../../electron/features/sync/server';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { OFFER_PHASES, type OfferProgress } from '../../../shared/channels/sync';
import { PAIRING_ALPHABET, parsePairingCode } from '../../../shared/sync/pairing-code';
import type { ServerDetails } from '../../../shared/sync/connection';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import type { Preferences } from '../../../shared/preferences';
import { NEW_PASSPHRASE, openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

/*
 * A second device joins a vault through a real PostgreSQL and real app cores: the first offers a
 * pairing (its copy on the server), the new one redeems the code with its own passphrase, gets its
 * recovery sheet, and opens a vault holding every record of the first. A wrong, used or expired code
 * is refused and leaves nothing behind; the server never holds a readable byte of the copy.
 */

let vaultId: string;
let firstDevice: string;
/** A name that appears nowhere but in the vault: the marker the server must never hold in the clear. */
const MARKER = 'Quillfeatherby';

let cluster: PostgresCluster;
let admin: pg.Client;
let server: ServerDetails;
let first: TempVault;
let firstKeyHex: string;
const vaults: TempVault[] = [];

async function newDevice(preferences: Partial<Preferences> = {}): Promise<TempVault> {
  const vault = await openTempVault({ preferences });
  vaults.push(vault);
  return vault;
}

/** Opens a locked vault's database file (in `dir`) beside the app, with the key on its recovery sheet. */
function openFile(dir: string, keyHex: string): Database {
  const db = new Database(path.join(dir, DATABASE_FILE_NAME));
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
  await first.call('sync:connect', { server, deviceName: 'Office desktop' });
  const status = await first.call('sync:status', {});
  firstDevice = status.device?.id ?? '';
  vaultId = (await admin.query<{ vault_id: string }>('SELECT vault_id FROM alliance.vaults')).rows[0]?.vault_id ?? '';
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await Promise.all(vaults.map((vault) => vault.dispose()));
  await cluster?.stop();
});

describe('joining a vault from another device', () => {
  it('keeps nothing readable on the server, and refuses a wrong code, then the right one it used up', async () => {
    const offered = await first.call('sync:offerPairing', {});
    expect(offered.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(Date.parse(offered.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    // Nothing of the copy stays in the first device's data folder.
    expect((await readdir(first.dir)).filter((name) => name.startsWith('.alliance'))).toEqual([]);

    // The copy on the server is ciphertext under the vault key; the pairing holds the key wrapped.
    const { rows } = await admin.query<{ bytes: Buffer }>('SELECT bytes FROM alliance.snapshots ORDER BY chunk');
    const copy = Buffer.concat(rows.map((row) => row.bytes));
    expect(copy.length).toBeGreaterThan(4096);
    expect(copy.includes(Buffer.from(MARKER, 'utf8'))).toBe(false);
    expect(copy.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(copy.includes(Buffer.from(firstKeyHex, 'hex'))).toBe(false);
    const pairing = await admin.query<{ wrapped: Buffer }>('SELECT wrapped FROM alliance.pairings WHERE wrapped IS NOT NULL');
    expect(pairing.rows).toHaveLength(1);
    for (const row of pairing.rows) expect(row.wrapped.includes(Buffer.from(firstKeyHex, 'hex'))).toBe(false);

    const parsed = parsePairingCode(offered.code);
    if ('error' in parsed) throw new Error(parsed.error);
    // The same pairing, another secret, and a check character that lets it reach the server.
    const secret = [...parsed.secret];
    secret[0] = secret[0] === 'A' ? 'B' : 'A';
    const body = parsed.pairingId + secret.join('');
    const wrong = [...PAIRING_ALPHABET].map((check) => body + check).find((code) => !('error' in parsePairingCode(code)));
    if (!wrong) throw new Error('No check character fits');
    const device = await newDevice();
    expect(
      await device.refuse('sync:prepareJoin', { server, code: wrong, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE }),
    ).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('does not match'),
    });
    await expectNothingLeft(device);
    // The guess used the pairing up: the right code no longer works either.
    expect(
      await device.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE }),
    ).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('expired or was already used'),
    });
    await expectNothingLeft(device);
  });

  it('gives the new device every record of the first, under its own passphrase and recovery code, and it pulls on', async () => {
    // A copy whose code was used up by a wrong guess stays until it expires; this one goes when used.
    const before = await snapshotRows();
    await first.call('preferences:update', { planReviewDays: 45 });
    // The window's progress bar asks while the offer runs: each answer a phase in order, never going back.
    const seen: (OfferProgress | null)[] = [];
    const offering = first.call('sync:offerPairing', {});
    let done = false;
    const finished = () => {
      done = true;
    };
    offering.then(finished, finished);
    while (!done) {
      seen.push(await first.call('sync:offerProgress', {}));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const offered = await offering;
    const answered = seen.filter((progress) => progress !== null);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered[0]?.phase).toBe('updating');
    for (const [i, progress] of answered.entries()) {
      const previous = answered[i - 1];
      if (!previous) continue;
      expect(OFFER_PHASES.indexOf(progress.phase)).toBeGreaterThanOrEqual(OFFER_PHASES.indexOf(previous.phase));
      expect(progress.fraction).toBeGreaterThanOrEqual(previous.fraction);
    }
    expect(await first.call('sync:offerProgress', {})).toBeNull();
    expect(await snapshotRows()).toBeGreaterThan(before);
    // A laptop that kept practice settings of its own (from before they moved into the vault) takes the vault's.
    const laptop = await newDevice({ planReviewDays: 200, crisisContacts: 'A line of its own' });
    // A weak passphrase is refused before the code is used.
    expect((await laptop.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: 'short' })).code).toBe(
      'WEAK_PASSPHRASE',
    );
    await expectNothingLeft(laptop);

    const sheet = await join(laptop, offered.code.toLowerCase().replace(/(.{4})(?=.)/g, '$1 '));
    // The same vault key (every device of a vault holds it), a recovery code of this device's own.
    expect(sheet.databaseKeyHex).toBe(firstKeyHex);
    expect(await laptop.call('vault:status', {})).toEqual({ state: 'setting-up' });
    expect(await laptop.call('vault:confirmSetup', {})).toMatchObject({ state: 'unlocked' });
    expect(await laptop.call('preferences:get', {})).toMatchObject({ planReviewDays: 45, crisisContacts: '' });
    expect(laptop.preferences.practiceToAdopt()).toEqual({});
    expect(await laptop.call('patients:list', { includeArchived: false })).toEqual(
      await first.call('patients:list', { includeArchived: false }),
    );
    // The copy had one use.
    expect(await snapshotRows()).toBe(before);

    // It pulls on from where the copy was made, and sends its own changes under its own name.
    await first.call('patients:create', { patient: patientInput({ familyName: 'After the copy' }) });
    await first.call('sync:syncNow', {});
    await laptop.call('sync:syncNow', {});
    expect((await laptop.call('patients:list', { includeArchived: false })).map((p) => p.familyName)).toContain('After the copy');
    const laptopStatus = await laptop.call('sync:status', {});
    expect(laptopStatus).toMatchObject({ state: 'up-to-date', device: { name: 'Laptop' } });
    expect(laptopStatus.device?.id).not.toBe(firstDevice);
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM alliance.batches WHERE device_id = $1', [
      Buffer.from(laptopStatus.device?.id ?? '', 'hex'),
    ]);
    expect(rows[0]?.n).toBeGreaterThan(0);

    // Locked and opened again with this device's passphrase; the first device's does not open it.
    await laptop.call('vault:lock', {});
    expect((await laptop.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    const db = openFile(laptop.dir, firstKeyHex);
    expect(db.prepare('SELECT vault_id FROM sync_state', { pluck: true }).get()).toBe(vaultId);
    expect(db.prepare('SELECT name FROM sync_devices ORDER BY name', { pluck: true }).all()).toEqual(['Laptop', 'Office desktop']);
    expect(JSON.parse(db.prepare('SELECT details FROM sync_server', { pluck: true }).get<string>() ?? '{}')).toEqual(server);
    db.close();
    expect(await laptop.call('vault:unlock', { passphrase: NEW_PASSPHRASE })).toMatchObject({ state: 'unlocked' });

    // A code works once.
    const again = await newDevice();
    expect(
      await again.refuse('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE }),
    ).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('expired or was already used'),
    });
    await expectNothingLeft(again);
  });

  it('refuses an expired code, a copy gone or of another vault, and forgets a join given up at the recovery sheet', async () => {
    // Pairings made on the server directly: what they unlock is never reached, so no copy is needed.
    const payload = encodePairingPayload({
      vaultKey: Buffer.from(firstKeyHex, 'hex'),
      vaultId,
      snapshotId: randomUUID(),
      inviter: firstDevice,
    });
    const expired = await offerPairing(admin, vaultId, Buffer.from(payload));
    await admin.query("UPDATE alliance.pairings SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    const device = await newDevice();
    expect(
      (await device.refuse('sync:prepareJoin', { server, code: expired, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE })).code,
    ).toBe('PAIRING_REFUSED');
    await expectNothingLeft(device);

    // Redeemed, but its copy expired on the server meanwhile: the folder is as it was.
    const gone = await offerPairing(admin, vaultId, payload);
    expect(await device.refuse('sync:prepareJoin', { server, code: gone, deviceName: 'Laptop', passphrase: NEW_PASSPHRASE })).toMatchObject(
      {
        code: 'PAIRING_REFUSED',
        message: expect.stringContaining('no longer on the practice’s server'),
      },
    );
    await expectNothingLeft(device);

    // A copy of another vault under this vault's code (the template every test vault is copied from,
    // which shares its key): opened, refused, and removed.
    const foreign = await mkdtemp(path.join(os.tmpdir(), 'alliance-foreign-'));
    try {
      const file = path.join(foreign, DATABASE_FILE_NAME);
      await copyFile(path.join(inject('templateVault').dir, DATABASE_FILE_NAME), file);
      const offerCopy = async (): Promise<string> => {
        const snapshotId = randomUUID();
        await uploadSnapshot(
          admin,
          vaultId,
          snapshotId,
          0,
          (async function* () {
            yield await readFile(file);
          })(),
        );
        return offerPairing(
          admin,
          vaultId,
          encodePairingPayload({ vaultKey: Buffer.from(firstKeyHex, 'hex'), vaultId, snapshotId, inviter: firstDevice }),
        );
      };
      expect(
        await device.refuse('sync:prepareJoin', { server, code: await offerCopy(), deviceName: 'Laptop', passphrase: NEW_PASSPHRASE }),
      ).toMatchObject({
        code: 'PAIRING_REFUSED',
        message: expect.stringContaining('not of the vault this code is for'),
      });
      await expectNothingLeft(device);

      // Made this vault's, it joins; given up at the recovery sheet, nothing of it stays.
      const db = openFile(foreign, firstKeyHex);
      db.prepare('INSERT INTO sync_state (id, vault_id, device_id) VALUES (1, $vaultId, $deviceId)').run({
        vaultId,
        deviceId: firstDevice,
      });
      db.close();
      await join(device, await offerCopy());
      expect(await device.call('vault:status', {})).toEqual({ state: 'setting-up' });
      expect(await readdir(device.dir)).toEqual(['.alliance-join']);
      await device.call('vault:cancelSetup', {});
      await expectNothingLeft(device);

      // A join cut short (the app quit at the recovery sheet) leaves its copy; the next start removes it.
      await mkdir(path.join(device.dir, '.alliance-join'));
      await copyFile(file, path.join(device.dir, '.alliance-join', DATABASE_FILE_NAME));
      expect(await device.call('vault:status', {})).toEqual({ state: 'new' });
      expect(await readdir(device.dir)).toEqual([]);
    } finally {
      await rm(foreign, { recursive: true, force: true });
    }
  });
});

describe('the offering device’s progress bar', () => {
  it('shares the bar among the phases end to end: up to date, copied, checked, uploaded', () => {
    const phases = OFFER_PHASES.map((phase) => OFFER_SHARES[phase]);
    expect(phases[0]?.[0]).toBe(0);
    expect(phases.at(-1)?.[1]).toBe(1);
    for (const [i, [from]] of phases.entries()) if (i > 0) expect(from).toBe(phases[i - 1]?.[1]);
    expect(offerFraction('copying', 2)).toBe(OFFER_SHARES.copying[1]);
    expect(offerFraction('uploading', Number.NaN)).toBe(OFFER_SHARES.uploading[0]);
  });

  it('follows the copy’s bytes on disk, the check’s time against the copy’s, and the bytes uploaded', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-offer-'));
    try {
      let now = 1_000;
      const tracker = new OfferTracker(() => now);
      expect(tracker.progress()).toEqual({ phase: 'updating', fraction: 0 });
      const copy = path.join(folder, 'copy.db');
      tracker.copying(copy, 4000);
      // Not written yet: the copy's phase has begun and nothing of it is done.
      expect(tracker.progress()).toEqual({ phase: 'copying', fraction: OFFER_SHARES.copying[0] });
      await writeFile(copy, Buffer.alloc(1000));
      expect(tracker.progress().fraction).toBeCloseTo(offerFraction('copying', 0.25));
      await appendFile(copy, Buffer.alloc(3000));
      expect(tracker.progress().fraction).toBeCloseTo(OFFER_SHARES.copying[1]);

      now += 2_000;
      tracker.checking();
      now += 1_000;
      expect(tracker.progress()).toEqual({ phase: 'checking', fraction: offerFraction('checking', 0.5) });
      now += 60_000;
      // A check slower than the copy waits below its end until the check answers.
      expect(tracker.progress().fraction).toBeLessThan(OFFER_SHARES.checking[1]);

      const uploaded = tracker.uploading(4000);
      expect(tracker.progress()).toEqual({ phase: 'uploading', fraction: OFFER_SHARES.uploading[0] });
      uploaded(1000);
      expect(tracker.progress().fraction).toBeCloseTo(offerFraction('uploading', 0.25));
      uploaded(4000);
      expect(tracker.progress()).toEqual({ phase: 'uploading', fraction: 1 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
