import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '@signalapp/sqlcipher';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

const opened: TempVault[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
});

/** Every file in the folder, with the names of those that contain the marker in UTF-8 or UTF-16LE. */
async function filesContaining(dir: string, marker: string): Promise<{ scanned: string[]; found: string[] }> {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  const scanned: string[] = [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    scanned.push(path.relative(dir, file));
    if (needles.some((needle) => bytes.includes(needle))) found.push(path.relative(dir, file));
  }
  return { scanned, found };
}

describe('nothing clinical on disk in the clear', () => {
  it('a patient named with a unique marker leaves no trace of it in any file, unlocked or locked', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    await setUp(vault);
    const marker = `ZQXMARKER${randomBytes(6).toString('hex').toUpperCase()}`;
    await vault.call('patients:create', {
      patient: patientInput({
        givenName: `${marker}Given`,
        familyName: `${marker}Family`,
        preferredName: marker,
        email: `${marker.toLowerCase()}@example.org`,
      }),
    });
    // Several more writes so the WAL holds real pages while the vault is open.
    for (let i = 0; i < 20; i += 1) await vault.call('patients:create', { patient: patientInput({ familyName: `Filler${i}` }) });
    expect(await vault.call('patients:list', {})).toHaveLength(21);

    const whileUnlocked = await filesContaining(vault.dir, marker);
    expect(whileUnlocked.scanned).toEqual(
      expect.arrayContaining([DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`, `${DATABASE_FILE_NAME}-shm`, 'alliance.keys.json']),
    );
    expect(whileUnlocked.found).toEqual([]);

    await vault.call('vault:lock', {});
    const afterLock = await filesContaining(vault.dir, marker);
    expect(afterLock.scanned).toContain(DATABASE_FILE_NAME);
    expect(afterLock.found).toEqual([]);

    // The scan itself can see a marker: the same bytes written in the clear are found.
    const control = await filesContaining(vault.dir, 'alliance-keyfile');
    expect(control.found).toEqual(['alliance.keys.json']);
  });
});

describe('nothing clinical in a backup in the clear', () => {
  it('no file of a backup folder holds a patient’s name, in UTF-8 or UTF-16, and the scan would see it if one did', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    await setUp(vault);
    const marker = `ZQXBACKUP${randomBytes(6).toString('hex').toUpperCase()}`;
    await vault.call('patients:create', {
      patient: patientInput({ givenName: `${marker}Given`, familyName: `${marker}Family`, preferredName: marker }),
    });
    const backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-backups-'));
    try {
      vault.chooseFolders(backups);
      await vault.call('backups:chooseFolder', {});
      await vault.call('backups:backUpNow', {});
      let status = await vault.call('backups:status', {});
      while (status.running) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = await vault.call('backups:status', {});
      }
      expect(status.lastVerified).not.toBeNull();

      const scan = await filesContaining(backups, marker);
      expect(scan.scanned.map((file) => path.basename(file)).sort()).toEqual([DATABASE_FILE_NAME, 'alliance.keys.json', 'manifest.json']);
      expect(scan.found).toEqual([]);
      // The manifest is plain JSON: the scan finds what is written in it in the clear.
      expect((await filesContaining(backups, 'alliance-backup')).found.map((file) => path.basename(file))).toEqual(['manifest.json']);
    } finally {
      await rm(backups, { recursive: true, force: true });
    }
  });
});

describe('the recovery sheet', () => {
  it('opens the database with plain SQLCipher 4 and the raw key alone, and the patient is there', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    const sheet = await setUp(vault);
    const patient = await vault.call('patients:create', { patient: patientInput({ familyName: 'Ashdown' }) });
    await vault.call('vault:lock', {});

    const databasePath = path.join(vault.dir, sheet.databaseFileName);
    expect(existsSync(databasePath)).toBe(true);
    const db = new Database(databasePath);
    try {
      db.pragma('cipher_log_level = NONE');
      // Exactly the line printed on the sheet, as a person would paste it into sqlcipher.
      db.exec(sheet.sqlcipherKeyPragma);
      const row = db.prepare('SELECT chart_number, family_name, given_name FROM patients WHERE id = $id').get({ id: patient.id });
      expect(row).toEqual({ chart_number: 1, family_name: 'Ashdown', given_name: 'Maren' });
    } finally {
      db.close();
    }
  });

  it('without the key the file is not a readable database', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    const sheet = await setUp(vault);
    await vault.call('vault:lock', {});
    const db = new Database(path.join(vault.dir, sheet.databaseFileName));
    try {
      db.pragma('cipher_log_level = NONE');
      expect(() => db.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    } finally {
      db.close();
    }
  });
});
