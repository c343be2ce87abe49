import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '@signalapp/sqlcipher';
import { BACKUP_MANIFEST_FILE_NAME } from '../../../shared/backup';
import { manifestSignedBy, readBackupManifest } from '../../../electron/features/backups/manifest';
import { KEY_FILE_NAME } from '../../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';
import { backupEntries, backupSettled, backUpNow, chooseBackupFolder, tempBackupFolder } from './backup-support';

const opened: TempVault[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function vaultWithBackupFolder(): Promise<{ vault: TempVault; folder: string; keyHex: string }> {
  const vault = await openTempVault();
  opened.push(vault);
  const sheet = await setUp(vault);
  const folder = await tempBackupFolder();
  folders.push(folder);
  await chooseBackupFolder(vault, folder);
  return { vault, folder, keyHex: sheet.databaseKeyHex };
}

describe('backing up', () => {
  it('writes the encrypted copy, the key file byte for byte and a signed manifest, verifies them, and Settings names it', async () => {
    const { vault, folder, keyHex } = await vaultWithBackupFolder();
    const ashdown = await vault.call('patients:create', { patient: patientInput({ familyName: 'Ashdown' }) });
    await vault.call('patients:create', { patient: patientInput({ familyName: 'Brennan' }) });
    await vault.call('results:record', {
      patientId: ashdown.id,
      result: { analyte: 'lithium', value: 0.6, unit: 'mmol/L', takenOn: '2026-01-05', rangeLow: null, rangeHigh: null, note: '' },
    });

    const status = await backUpNow(vault);
    const [name, ...others] = await backupEntries(folder);
    expect(others).toEqual([]);
    expect(name).toMatch(/^alliance-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    const backup = path.join(folder, name ?? '');
    expect(status.lastFailure).toBeNull();
    expect(status.lastVerified).toMatchObject({ folder: backup, reason: 'manual', reachable: true });
    expect(status.reminder).toBe('none');

    const manifest = await readBackupManifest(backup);
    expect(manifest.reason).toBe('manual');
    expect(manifest.tables.patients).toBe(2);
    // A table a migration adds is counted without being named anywhere: results came with migration 17.
    expect(manifest.tables.results).toBe(1);
    expect(manifest.createdAt).toBe(status.lastVerified?.createdAt);
    expect(manifestSignedBy(manifest, Buffer.from(keyHex, 'hex'))).toBe(true);
    expect(await readFile(path.join(backup, KEY_FILE_NAME))).toEqual(await readFile(path.join(vault.dir, KEY_FILE_NAME)));
    // Readable by their owner only, as the vault's own files are.
    expect((await stat(backup)).mode & 0o777).toBe(0o700);
    for (const file of [DATABASE_FILE_NAME, KEY_FILE_NAME, BACKUP_MANIFEST_FILE_NAME]) {
      expect({ file, mode: (await stat(path.join(backup, file))).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }

    // The vault went on answering, unchanged.
    expect(await vault.call('patients:list', {})).toHaveLength(2);
  });

  it('a manifest changed after the backup no longer carries the vault’s signature', async () => {
    const { vault, folder, keyHex } = await vaultWithBackupFolder();
    await backUpNow(vault);
    const [name] = await backupEntries(folder);
    const manifestPath = path.join(folder, name ?? '', BACKUP_MANIFEST_FILE_NAME);
    const text = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, text.replace('"reason": "manual"', '"reason": "quit"'));
    const manifest = await readBackupManifest(path.join(folder, name ?? ''));
    expect(manifestSignedBy(manifest, Buffer.from(keyHex, 'hex'))).toBe(false);
  });

  it('the raw key from the recovery sheet opens the backup’s database with plain SQLCipher', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    const sheet = await setUp(vault);
    const folder = await tempBackupFolder();
    folders.push(folder);
    await chooseBackupFolder(vault, folder);
    const patient = await vault.call('patients:create', { patient: patientInput({ familyName: 'Caldwell' }) });
    await backUpNow(vault);
    await vault.call('vault:lock', {});
    const [name] = await backupEntries(folder);

    const db = new Database(path.join(folder, name ?? '', DATABASE_FILE_NAME));
    try {
      db.pragma('cipher_log_level = NONE');
      db.exec(sheet.sqlcipherKeyPragma);
      expect(db.prepare('SELECT family_name FROM patients WHERE id = $id').get({ id: patient.id })).toEqual({ family_name: 'Caldwell' });
    } finally {
      db.close();
    }
    const locked = new Database(path.join(folder, name ?? '', DATABASE_FILE_NAME));
    try {
      locked.pragma('cipher_log_level = NONE');
      expect(() => locked.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    } finally {
      locked.close();
    }
  });

  it('Back up now pressed twice at once makes one backup, and no error', async () => {
    const { vault, folder } = await vaultWithBackupFolder();
    await Promise.all([vault.call('backups:backUpNow', {}), vault.call('backups:backUpNow', {})]);
    const status = await backupSettled(vault);
    expect(status.lastFailure).toBeNull();
    expect(await backupEntries(folder)).toHaveLength(1);
  });

  it('the window cannot name a backup folder itself: only the folder dialog sets it', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    await setUp(vault);
    expect(await vault.refuse('preferences:update', { backupFolder: '/tmp/elsewhere' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await vault.refuse('backups:chooseFolder', { folder: '/tmp/elsewhere' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(vault.preferences.get().backupFolder).toBe('');
  });

  it('without a chosen folder, Back up now says to choose one and writes nothing', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    await setUp(vault);
    const refused = await vault.refuse('backups:backUpNow', {});
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: 'Choose a folder for backups first.' });
    vault.chooseFolders(undefined);
    expect(await vault.call('backups:chooseFolder', {})).toMatchObject({ outcome: 'cancelled', status: { folder: null } });
  });

  it('a folder that is gone (a disk unplugged) gives a clear error and reports no backup', async () => {
    const { vault, folder } = await vaultWithBackupFolder();
    await rm(folder, { recursive: true });
    await vault.call('backups:backUpNow', {});
    const status = await backupSettled(vault);
    expect(status.lastVerified).toBeNull();
    expect(status.lastFailure).toMatchObject({ code: 'FOLDER_NOT_WRITABLE' });
    expect(status.lastFailure?.message).toContain('cannot be reached');
    expect(await vault.call('patients:list', {})).toEqual([]);
  });
});
