/**
 * The faults a laptop really meets, on real vaults: a copy that failed, a log that belongs elsewhere,
 * a backup put back by hand beside the live log, a damaged page, a read-only or full disk, a folder
 * where a file should be. Each is refused with its own code and words, or the stray file is moved
 * aside; nothing the vault cannot verify as its own is ever written, folded in or deleted.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import { afterEach, describe, expect, it } from 'vitest';
import { SET_ASIDE_FOLDER } from '../../../electron/database/files/set-aside';
import { KEY_FILE_NAME, parseKeyFile, sealKeyFile, wrapKey } from '../../../electron/vault/keyfile';
import { DATABASE_FILE_NAME, SETUP_FOLDER } from '../../../electron/vault/vault';
import type { VaultStatus } from '../../../shared/vault';
import {
  fileHash,
  folderFingerprint,
  openTempVault,
  PASSPHRASE,
  patientInput,
  realSetUp,
  setUp,
  type TempVault,
  type TempVaultOptions,
} from '../support/temp-vault';

const opened: TempVault[] = [];
const mounts: string[] = [];

async function freshVault(options: TempVaultOptions = {}): Promise<TempVault> {
  const vault = await openTempVault(options);
  opened.push(vault);
  return vault;
}

afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
  for (const mount of mounts.splice(0)) {
    execFileSync('umount', [mount]);
    await rm(mount, { recursive: true, force: true });
  }
});

async function addPatients(vault: TempVault, count: number, prefix: string): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    await vault.call('patients:create', {
      patient: patientInput({ givenName: 'Test', familyName: `${prefix}${n}`, email: '', phone: '' }),
    });
  }
}

/** A vault with `patients` patients, set up and locked, and its raw key (as on the recovery sheet). */
async function lockedVault(patients: number, options: TempVaultOptions = {}): Promise<{ vault: TempVault; keyHex: string }> {
  const vault = await freshVault(options);
  const sheet = await setUp(vault);
  await addPatients(vault, patients, 'Holloway');
  await vault.call('vault:lock', {});
  return { vault, keyHex: sheet.databaseKeyHex };
}

const walOf = (dir: string) => path.join(dir, `${DATABASE_FILE_NAME}-wal`);
const shmOf = (dir: string) => path.join(dir, `${DATABASE_FILE_NAME}-shm`);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The log (and index) of a vault while it is open, as a crash or a copy would leave them. */
async function liveLog(vault: TempVault): Promise<{ wal: Buffer; shm: Buffer }> {
  return { wal: await readFile(walOf(vault.dir)), shm: await readFile(shmOf(vault.dir)) };
}

/** What a SQLCipher tool with the raw key from the recovery sheet sees: the patients' family names. */
function familyNamesWithRawKey(file: string, keyHex: string): string[] {
  const db = new Database(file);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${keyHex}'"`);
    return db
      .prepare('SELECT family_name FROM patients ORDER BY family_name')
      .all()
      .map((row) => String(row.family_name));
  } finally {
    db.close();
  }
}

function onlyNotice(status: VaultStatus) {
  expect(status.setAside).toHaveLength(1);
  const [notice] = status.setAside ?? [];
  if (!notice) throw new Error('no notice');
  return notice;
}

/** Root may mount a small tmpfs; elsewhere the disk cases cannot be staged, and say so. */
function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function tmpfs(sizeKb: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir]);
}

/** Fills the disk holding `dir`, leaving about `leaveKb` free. */
async function fillDisk(dir: string, leaveKb: number): Promise<string> {
  const filler = path.join(dir, 'filler.bin');
  const handle = await open(filler, 'w');
  try {
    const chunk = Buffer.alloc(64 * 1024, 7);
    for (;;) {
      const { bavail, bsize } = await import('node:fs/promises').then((fs) => fs.statfs(dir));
      const free = bavail * bsize;
      if (free <= leaveKb * 1024 + chunk.length) {
        const rest = Math.max(0, free - leaveKb * 1024);
        if (rest > 0) await handle.write(Buffer.alloc(rest, 7));
        break;
      }
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return filler;
}

describe('a database file the vault cannot use is refused with words, and nothing is written', () => {
  it('an empty (0-byte) database beside a whole key file is damaged, not a new vault', async () => {
    const { vault } = await lockedVault(3);
    await writeFile(path.join(vault.dir, DATABASE_FILE_NAME), Buffer.alloc(0));
    const before = await folderFingerprint(vault.dir);

    const status = await vault.call('vault:status', {});
    expect(status).toMatchObject({ state: 'damaged', message: expect.stringContaining('is empty (0 bytes)') });
    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({
      code: 'VAULT_DAMAGED',
      message: expect.stringMatching(/empty.*Restore the vault folder from a backup/s),
    });
    expect((await vault.refuse('vault:prepareSetup', { passphrase: PASSPHRASE })).code).toBe('VAULT_EXISTS');
    expect(await folderFingerprint(vault.dir)).toEqual(before);
  });

  it('a copy that stopped halfway (cut mid-page, or short of its pages) is refused before SQLite reads it', async () => {
    const { vault } = await lockedVault(60);
    const file = path.join(vault.dir, DATABASE_FILE_NAME);
    const whole = await readFile(file);
    expect(whole.length).toBeGreaterThan(4096 * 4);

    await writeFile(file, whole.subarray(0, 4096 * 2 + 1000));
    expect(await vault.call('vault:status', {})).toMatchObject({
      state: 'damaged',
      message: expect.stringContaining('part-way through a page'),
    });

    await writeFile(file, whole.subarray(0, 4096 * 3));
    const before = await folderFingerprint(vault.dir);
    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringContaining('shorter than it says') });
    expect(await folderFingerprint(vault.dir)).toEqual(before);
  });

  it('the database path being a folder answers NOT_A_FILE, naming it', async () => {
    const { vault } = await lockedVault(1);
    const file = path.join(vault.dir, DATABASE_FILE_NAME);
    await rm(file);
    await mkdir(file);
    expect(await vault.call('vault:status', {})).toMatchObject({
      state: 'damaged',
      message: expect.stringContaining(`${file} is a folder`),
    });
    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'NOT_A_FILE', message: expect.stringContaining(file) });
    expect((await stat(file)).isDirectory()).toBe(true);
  });

  it('random bytes over a page in the middle are found at unlock, and the file is left exactly as it was', async () => {
    const { vault } = await lockedVault(200);
    const file = path.join(vault.dir, DATABASE_FILE_NAME);
    const bytes = await readFile(file);
    const pages = bytes.length / 4096;
    const middle = Math.floor(pages / 2);
    randomBytes(4096).copy(bytes, middle * 4096);
    await writeFile(file, bytes);
    const before = await folderFingerprint(vault.dir);

    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringContaining('is damaged') });
    expect(refusal.message).toMatch(/Restore the vault folder from a backup/);
    expect(await folderFingerprint(vault.dir)).toEqual(before);
    expect(await vault.call('vault:status', {})).toMatchObject({ state: 'damaged' });
  });

  it('on a large vault the check runs after unlock, and damage found then locks the vault with words', async () => {
    // Every vault counts as large here: the check runs on its own thread after unlock answers.
    const { vault } = await lockedVault(200, { integrity: { inlineUpToBytes: 0, backgroundDelayMs: 0 } });
    const file = path.join(vault.dir, DATABASE_FILE_NAME);
    const bytes = await readFile(file);
    // The last page holds the patients written last, which unlocking does not read; the middle of a small
    // vault can be a page of the schema (it grows with every migration), which unlocking reads at once.
    const last = bytes.length / 4096 - 1;
    randomBytes(4096).copy(bytes, last * 4096);
    await writeFile(file, bytes);

    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked', integrityCheck: 'running' });
    await expect
      .poll(() => vault.events.some((event) => event.type === 'vault:locked' && event.reason === 'damaged'), { timeout: 10_000 })
      .toBe(true);
    expect(await vault.call('vault:status', {})).toMatchObject({ state: 'damaged', message: expect.stringContaining('is damaged') });
    expect((await vault.refuse('patients:list', {})).code).toBe('VAULT_LOCKED');
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('VAULT_DAMAGED');
  });

  it('a whole large vault passes the check after unlock and stays open', async () => {
    const { vault } = await lockedVault(20, { integrity: { inlineUpToBytes: 0, backgroundDelayMs: 0 } });
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked', integrityCheck: 'running' });
    await expect.poll(async () => vault.call('vault:status', {}), { timeout: 10_000 }).toEqual({ state: 'unlocked' });
    expect(await vault.call('patients:list', {})).toHaveLength(20);
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    // Locking waits for a running check; a second unlock starts a second one, which passes too.
    await vault.call('vault:lock', {});
    expect(
      vault.events.filter((event) => event.type === 'vault:locked').map((event) => event.type === 'vault:locked' && event.reason),
    ).toEqual(['manual', 'manual', 'manual']);
  });
  it('a check still waiting to start when the vault locks is called off, and the next unlock schedules its own', async () => {
    const { vault } = await lockedVault(20, { integrity: { inlineUpToBytes: 0, backgroundDelayMs: 60_000 } });
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked', integrityCheck: 'running' });
    // Locking does not wait a minute for a check that never started.
    await vault.call('vault:lock', {});
    expect(await vault.call('vault:status', {})).toMatchObject({ state: 'locked' });
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked', integrityCheck: 'running' });
    await vault.call('vault:lock', {});
  });
});

describe('a log that is not this database’s own is set aside, never folded in', () => {
  it('a log from another vault (another key) is moved into set-aside/, and every patient and audit entry is still there', async () => {
    const { vault, keyHex } = await lockedVault(40);
    const other = await freshVault();
    // Set up as a person does: a vault of its own key (every copy of the template shares one).
    await realSetUp(other);
    await addPatients(other, 5, 'Stranger');
    const foreign = await liveLog(other);
    await writeFile(walOf(vault.dir), foreign.wal);
    await writeFile(shmOf(vault.dir), foreign.shm);
    const databaseBefore = await fileHash(path.join(vault.dir, DATABASE_FILE_NAME));
    const keyFileBefore = await fileHash(path.join(vault.dir, KEY_FILE_NAME));

    const status = await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(status.state).toBe('unlocked');
    const notice = onlyNotice(status);
    expect(notice.files.sort()).toEqual([`${DATABASE_FILE_NAME}-shm`, `${DATABASE_FILE_NAME}-wal`]);
    expect(notice.reason).toContain('written for another database or with another key');
    expect(notice.folder.startsWith(path.join(vault.dir, SET_ASIDE_FOLDER))).toBe(true);
    // Moved, unchanged.
    expect(sha(await readFile(path.join(notice.folder, `${DATABASE_FILE_NAME}-wal`)))).toBe(sha(foreign.wal));
    expect(sha(await readFile(path.join(notice.folder, `${DATABASE_FILE_NAME}-shm`)))).toBe(sha(foreign.shm));
    expect(await fileHash(path.join(vault.dir, DATABASE_FILE_NAME))).toBe(databaseBefore);
    expect(await fileHash(path.join(vault.dir, KEY_FILE_NAME))).toBe(keyFileBefore);

    expect(await vault.call('patients:list', {})).toHaveLength(40);
    expect(await vault.call('audit:verify', {})).toMatchObject({ firstBroken: null });
    // Told once.
    expect((await vault.call('vault:status', {})).setAside).toBeUndefined();
    await vault.call('vault:lock', {});
    expect(familyNamesWithRawKey(path.join(vault.dir, DATABASE_FILE_NAME), keyHex)).toHaveLength(40);
  });

  it('a log of another database written with this vault’s own raw key is set aside too (its pages name another file)', async () => {
    const { vault, keyHex } = await lockedVault(10);
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'alliance-other-'));
    try {
      const otherFile = path.join(scratch, DATABASE_FILE_NAME);
      const db = new Database(otherFile);
      db.pragma('cipher_log_level = NONE');
      db.pragma(`key = "x'${keyHex}'"`);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE patients (id TEXT, family_name TEXT)');
      db.exec("INSERT INTO patients VALUES ('x', 'Impostor')");
      await copyFile(walOf(scratch), walOf(vault.dir));
      db.close();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }

    const status = await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(onlyNotice(status).reason).toContain('written for another database or with another key');
    expect(await vault.call('patients:list', {})).toHaveLength(10);
    await vault.call('vault:lock', {});
    expect(familyNamesWithRawKey(path.join(vault.dir, DATABASE_FILE_NAME), keyHex)).not.toContain('Impostor');
  });

  it('a backup put back by hand beside the log of a later state opens as the backup, with the stray log set aside', async () => {
    const { vault, keyHex } = await lockedVault(40);
    const databaseFile = path.join(vault.dir, DATABASE_FILE_NAME);
    const backup = await readFile(databaseFile);

    // Later: more patients, a lock (the log folded in), more again, and then the laptop dies.
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    await addPatients(vault, 43, 'Later');
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    await addPatients(vault, 150, 'Latest');
    const later = await liveLog(vault);
    await vault.call('vault:lock', {});

    // The README's old manual restore: the backup over alliance.db, the live folder's log left beside it.
    await writeFile(databaseFile, backup);
    await writeFile(walOf(vault.dir), later.wal);
    await writeFile(shmOf(vault.dir), later.shm);

    const status = await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const notice = onlyNotice(status);
    expect(notice.reason).toContain('another state of this vault');
    expect(sha(await readFile(path.join(notice.folder, `${DATABASE_FILE_NAME}-wal`)))).toBe(sha(later.wal));
    expect(await vault.call('patients:list', {})).toHaveLength(40);
    expect(await vault.call('audit:verify', {})).toMatchObject({ firstBroken: null });
    expect(await vault.call('search:query', { text: 'Holloway3', limit: 5 })).not.toHaveLength(0);
    await vault.call('vault:lock', {});
    // The backup's own state, intact, and nothing set aside the second time.
    expect(sha(await readFile(databaseFile))).not.toBe('');
    expect(familyNamesWithRawKey(databaseFile, keyHex)).toHaveLength(40);
    const again = await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(again).toEqual({ state: 'unlocked' });
  });

  it('the log a crash leaves behind (this vault’s own, current) is kept and its changes are there', async () => {
    const { vault } = await lockedVault(5);
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    await addPatients(vault, 7, 'Crash');
    const live = await liveLog(vault);
    const database = await readFile(path.join(vault.dir, DATABASE_FILE_NAME));
    await vault.call('vault:lock', {});
    // As a power cut leaves the folder: the database file as it was, and the log beside it.
    await writeFile(path.join(vault.dir, DATABASE_FILE_NAME), database);
    await writeFile(walOf(vault.dir), live.wal);
    await writeFile(shmOf(vault.dir), live.shm);

    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
    expect(await vault.call('patients:list', {})).toHaveLength(12);
    expect(existsSync(path.join(vault.dir, SET_ASIDE_FOLDER))).toBe(false);
  });
});

describe('the key file', () => {
  it('a key file of {} is a damaged key file, with words, never INTERNAL', async () => {
    const { vault } = await lockedVault(1);
    await writeFile(path.join(vault.dir, KEY_FILE_NAME), '{}');
    const before = await folderFingerprint(vault.dir);
    expect(await vault.call('vault:status', {})).toMatchObject({
      state: 'damaged',
      message: expect.stringContaining('not an Alliance key file'),
    });
    expect(await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).toMatchObject({ code: 'VAULT_DAMAGED' });
    expect(await folderFingerprint(vault.dir)).toEqual(before);
  });

  it('scrypt parameters that need more memory than the default limit are derived with what they need', async () => {
    const { vault } = await lockedVault(2);
    const file = path.join(vault.dir, KEY_FILE_NAME);
    const keyFile = parseKeyFile(await readFile(file, 'utf8'));
    // Re-wrap the passphrase slot at N = 2^18, r = 8 (256 MiB), which Node's default limit refuses.
    const unlocked = await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(unlocked.state).toBe('unlocked');
    await vault.call('vault:lock', {});
    const { unwrapKey, passphraseSecret } = await import('../../../electron/vault/keyfile');
    const databaseKey = await unwrapKey(keyFile, 'passphrase', passphraseSecret(PASSPHRASE));
    if (!databaseKey) throw new Error('the passphrase did not unwrap');
    const heavy = await wrapKey('passphrase', passphraseSecret(PASSPHRASE), databaseKey, { N: 2 ** 18, r: 8, p: 1, keyLength: 32 });
    await writeFile(
      file,
      JSON.stringify(
        sealKeyFile({
          createdAt: keyFile.createdAt,
          updatedAt: keyFile.updatedAt,
          slots: { passphrase: heavy, recovery: keyFile.slots.recovery },
        }),
      ),
    );
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
    expect(await vault.call('patients:list', {})).toHaveLength(2);
  });

  it('scrypt parameters past the memory Alliance allows are refused as damaged, naming them', async () => {
    const { vault } = await lockedVault(1);
    const file = path.join(vault.dir, KEY_FILE_NAME);
    const keyFile = parseKeyFile(await readFile(file, 'utf8'));
    const greedy = { ...keyFile.slots.passphrase, params: { N: 2 ** 20, r: 16, p: 1, keyLength: 32 as const } };
    await writeFile(
      file,
      JSON.stringify(
        sealKeyFile({
          createdAt: keyFile.createdAt,
          updatedAt: keyFile.updatedAt,
          slots: { passphrase: greedy, recovery: keyFile.slots.recovery },
        }),
      ),
    );
    const before = await folderFingerprint(vault.dir);
    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringContaining('N = 1048576, r = 16, p = 1') });
    expect(refusal.message).toContain('2,048 MiB');
    expect(await folderFingerprint(vault.dir)).toEqual(before);
  });

  it('temp key files left by a passphrase change cut short are removed at start, once the real key file reads whole', async () => {
    const { vault } = await lockedVault(1);
    const keyFile = await readFile(path.join(vault.dir, KEY_FILE_NAME), 'utf8');
    const leftover = path.join(vault.dir, `.${KEY_FILE_NAME}.0123456789ab.tmp`);
    await writeFile(leftover, keyFile);
    const unrelated = path.join(vault.dir, 'notes-to-self.txt');
    await writeFile(unrelated, 'kept');
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
  });

  it('temp key files stay while the key file itself is damaged: they may be all that is left', async () => {
    const { vault } = await lockedVault(1);
    const leftover = path.join(vault.dir, `.${KEY_FILE_NAME}.0123456789ab.tmp`);
    await writeFile(leftover, await readFile(path.join(vault.dir, KEY_FILE_NAME)));
    await writeFile(path.join(vault.dir, KEY_FILE_NAME), 'not json');
    expect((await vault.call('vault:status', {})).state).toBe('damaged');
    expect(existsSync(leftover)).toBe(true);
  });
});

describe('file permissions', () => {
  it.runIf(process.platform !== 'win32')(
    'every vault file is for its owner only, and an existing folder is tightened at unlock',
    async () => {
      const { vault } = await lockedVault(1);
      await vault.call('vault:unlock', { passphrase: PASSPHRASE });
      await addPatients(vault, 1, 'Mode');
      for (const name of [DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`, `${DATABASE_FILE_NAME}-shm`, KEY_FILE_NAME]) {
        expect({ name, mode: (await stat(path.join(vault.dir, name))).mode & 0o777 }).toEqual({ name, mode: 0o600 });
      }
      expect((await stat(vault.dir)).mode & 0o777).toBe(0o700);
      await vault.call('vault:lock', {});

      await chmod(vault.dir, 0o755);
      await chmod(path.join(vault.dir, DATABASE_FILE_NAME), 0o644);
      await chmod(path.join(vault.dir, KEY_FILE_NAME), 0o644);
      await vault.call('vault:unlock', { passphrase: PASSPHRASE });
      expect((await stat(vault.dir)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(vault.dir, DATABASE_FILE_NAME))).mode & 0o777).toBe(0o600);
      expect((await stat(path.join(vault.dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    },
  );
});

describe('a set-up cut short', () => {
  it('its leftover (the set-up folder, a database moved in without its key file) is set aside and set-up is offered again', async () => {
    const vault = await freshVault();
    // What a kill between the two renames of set-up leaves: the database in place, the key file not.
    await mkdir(path.join(vault.dir, SETUP_FOLDER));
    await writeFile(path.join(vault.dir, SETUP_FOLDER, KEY_FILE_NAME), '{"format":"alliance-keyfile"}');
    await writeFile(path.join(vault.dir, DATABASE_FILE_NAME), randomBytes(8192));
    const status = await vault.call('vault:status', {});
    expect(status.state).toBe('new');
    const notice = onlyNotice(status);
    expect(notice.files.sort()).toEqual([SETUP_FOLDER, DATABASE_FILE_NAME].sort());
    expect(notice.reason).toContain('set-up of Alliance was interrupted');
    await realSetUp(vault);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });
    expect(await readdir(vault.dir)).not.toContain(SETUP_FOLDER);
  });
});

describe.runIf(canMount())('a read-only folder and a full disk (a small tmpfs; mounting needs root on Linux)', () => {
  it('set-up in a read-only folder is refused, naming it, and the folder stays as it was', async () => {
    const dir = await tmpfs(4096);
    remount(dir, 'ro');
    const vault = await freshVault({ dir });
    const refusal = await vault.refuse('vault:prepareSetup', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'FOLDER_NOT_WRITABLE', message: expect.stringContaining(dir) });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'new' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('unlocking a vault on a read-only share is refused, naming the folder, and no byte changes', async () => {
    const dir = await tmpfs(8192);
    const vault = await freshVault({ dir });
    await setUp(vault);
    await addPatients(vault, 3, 'Share');
    await vault.call('vault:lock', {});
    const before = await folderFingerprint(dir);
    remount(dir, 'ro');
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    const refusal = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(refusal).toMatchObject({ code: 'FOLDER_NOT_WRITABLE', message: expect.stringContaining(`data folder ${dir}`) });
    expect(await folderFingerprint(dir)).toEqual(before);
    remount(dir, 'rw');
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
    expect(await vault.call('patients:list', {})).toHaveLength(3);
  });

  it('set-up on a full disk is refused as DISK_FULL, goes back to "new", and leaves only what was there', async () => {
    const dir = await tmpfs(2048);
    const filler = await fillDisk(dir, 40);
    const vault = await freshVault({ dir });
    await vault.call('vault:prepareSetup', { passphrase: PASSPHRASE });
    const refusal = await vault.refuse('vault:confirmSetup', {});
    expect(refusal).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining(dir) });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'new' });
    expect(await readdir(dir)).toEqual([path.basename(filler)]);
  });

  it('a write on a full disk is refused as DISK_FULL and every write acknowledged before it is kept', async () => {
    const dir = await tmpfs(8192);
    const vault = await freshVault({ dir });
    await setUp(vault);
    await addPatients(vault, 5, 'Before');
    const filler = await fillDisk(dir, 8);
    let refusal;
    for (let n = 0; n < 200 && !refusal; n += 1) {
      const result = await vault.core.handle(
        'patients:create',
        { patient: patientInput({ givenName: 'Overflow', familyName: `Full${n}`, email: '', phone: '' }) },
        vault.context,
      );
      if (!result.ok) refusal = result.error;
    }
    expect(refusal).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining(`The disk holding ${dir} is full`) });
    const kept = await vault.call('patients:list', {});
    expect(kept.filter((patient) => patient.familyName.startsWith('Before'))).toHaveLength(5);
    await rm(filler);
    await vault.call('vault:lock', {});
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
    const after = await vault.call('patients:list', {});
    expect(after.map((patient) => patient.familyName)).toEqual(expect.arrayContaining(kept.map((patient) => patient.familyName)));
    expect(await vault.call('audit:verify', {})).toMatchObject({ firstBroken: null });
  });
});
