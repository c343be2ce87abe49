import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_MANIFEST_FILE_NAME,
  backupFolderName,
  type BackupManifest,
} from '../../../shared/backup';
import { LATEST_SCHEMA_VERSION } from '../../../electron/database/migrations';
import {
  BACKUP_FILE_NAMES,
  canonicalJson,
  describeFile,
  manifestSignedBy,
  readBackupManifest,
  signManifest,
} from '../../../electron/features/backups/manifest';

let folder: string;
const key = randomBytes(32);

async function writeBackup(overrides: Partial<BackupManifest> = {}): Promise<BackupManifest> {
  for (const name of BACKUP_FILE_NAMES) await writeFile(path.join(folder, name), randomBytes(4096));
  const files = await Promise.all(BACKUP_FILE_NAMES.map((name) => describeFile(folder, name)));
  const manifest = signManifest(
    {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '0.1.0',
      schemaVersion: LATEST_SCHEMA_VERSION,
      createdAt: '2026-12-01T18:15:00.000Z',
      reason: 'manual',
      tables: { patients: 4, notes: 12 },
      files,
    },
    key,
  );
  const written = { ...manifest, ...overrides };
  await writeFile(path.join(folder, BACKUP_MANIFEST_FILE_NAME), JSON.stringify(written, null, 2));
  return written;
}

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-manifest-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a backup manifest', () => {
  it('reads back as written, signed under the vault key and no other', async () => {
    const written = await writeBackup();
    const read = await readBackupManifest(folder);
    expect(read).toEqual(written);
    expect(manifestSignedBy(read, key)).toBe(true);
    expect(manifestSignedBy(read, randomBytes(32))).toBe(false);
    expect(manifestSignedBy({ ...read, tables: { ...read.tables, notes: 13 } }, key)).toBe(false);
  });

  it('catches one changed byte in the database copy', async () => {
    await writeBackup();
    const database = path.join(folder, BACKUP_FILE_NAMES[0]);
    const bytes = await readFile(database);
    bytes[2048] = (bytes[2048] ?? 0) ^ 1;
    await writeFile(database, bytes);
    await expect(readBackupManifest(folder)).rejects.toThrow(/alliance\.db does not match its manifest/);
  });

  it('names a missing file, a truncated file and a missing manifest', async () => {
    await writeBackup();
    await writeFile(path.join(folder, BACKUP_FILE_NAMES[1]), 'short');
    await expect(readBackupManifest(folder)).rejects.toThrow(/alliance\.keys\.json is 5 bytes, not the 4096/);
    await unlink(path.join(folder, BACKUP_FILE_NAMES[1]));
    await expect(readBackupManifest(folder)).rejects.toThrow(/missing alliance\.keys\.json/);
    await unlink(path.join(folder, BACKUP_MANIFEST_FILE_NAME));
    await expect(readBackupManifest(folder)).rejects.toThrow(/no manifest\.json/);
  });

  it('refuses a backup from a newer schema or format, saying so', async () => {
    await writeBackup({ schemaVersion: LATEST_SCHEMA_VERSION + 1, appVersion: '9.0.0' });
    await expect(readBackupManifest(folder)).rejects.toThrow(/newer version of Alliance \(9\.0\.0/);
    await writeBackup({ formatVersion: (BACKUP_FORMAT_VERSION + 1) as 1 });
    await expect(readBackupManifest(folder)).rejects.toThrow(/newer version of Alliance/);
  });

  it('refuses a manifest that lists a file that is not the vault’s own', async () => {
    const written = await writeBackup();
    const files = written.files.map((file, index) => (index === 0 ? { ...file, name: 'other.db' } : file));
    await writeFile(path.join(folder, BACKUP_MANIFEST_FILE_NAME), JSON.stringify({ ...written, files }));
    await expect(readBackupManifest(folder)).rejects.toThrow(/does not list the database and the key file/);
  });

  it('signs canonical JSON, whatever the order of the keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('names its folder by the UTC instant, sortable and valid on every file system', () => {
    expect(backupFolderName(new Date('2026-12-01T18:15:07.123Z'))).toBe('alliance-backup-2026-12-01T18-15-07Z');
  });
});
