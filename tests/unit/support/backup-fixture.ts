/**
 * A backup of a vault, made as the backup feature makes one (shared/backup.ts): a second connection to
 * the live database with the raw key from the recovery sheet, `VACUUM INTO` a `.partial` folder (an
 * encrypted copy under the same key), the key file copied byte for byte, rows counted per table in the
 * copy, each file described and the manifest signed; then the folder is renamed to its final name.
 * The restore tests use it where they need a backup dated at will, of another vault, or in a Playwright
 * test's process (it is plain Node); the main restore test restores what Back up now wrote.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_MANIFEST_FILE_NAME,
  backupFolderName,
  PARTIAL_BACKUP_SUFFIX,
  type BackupManifest,
} from '../../../shared/backup';
import { describeFile, signManifest } from '../../../electron/features/backups/manifest';

const DATABASE_FILE_NAME = 'alliance.db';
const KEY_FILE_NAME = 'alliance.keys.json';

export type BackupOptions = {
  /** The data folder of the vault to back up (it may be open in a worker: this is a second connection). */
  dataDir: string;
  /** The raw database key, as the recovery sheet prints it. */
  databaseKeyHex: string;
  /** The folder the backup folder is made in. */
  destination: string;
  createdAt?: Date;
};

function openWithKey(file: string, keyHex: string): Database {
  const db = new Database(file);
  db.pragma('cipher_log_level = NONE');
  db.pragma(`key = "x'${keyHex}'"`);
  return db;
}

function userTables(db: Database): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all<{ name: string }>();
  return rows.map((row) => row.name);
}

/** Makes the backup and answers its folder. */
export async function makeBackup({ dataDir, databaseKeyHex, destination, createdAt = new Date() }: BackupOptions): Promise<string> {
  const finalFolder = path.join(destination, backupFolderName(createdAt));
  const partial = finalFolder + PARTIAL_BACKUP_SUFFIX;
  await mkdir(partial, { recursive: true, mode: 0o700 });
  const live = openWithKey(path.join(dataDir, DATABASE_FILE_NAME), databaseKeyHex);
  try {
    live.exec(`VACUUM INTO '${path.join(partial, DATABASE_FILE_NAME).replace(/'/g, "''")}'`);
  } finally {
    live.close();
  }
  await copyFile(path.join(dataDir, KEY_FILE_NAME), path.join(partial, KEY_FILE_NAME));
  const copy = openWithKey(path.join(partial, DATABASE_FILE_NAME), databaseKeyHex);
  let tables: Record<string, number>;
  let schemaVersion: number;
  try {
    tables = Object.fromEntries(
      userTables(copy).map((table) => [table, (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n]),
    );
    schemaVersion = Number(copy.pragma('user_version', { simple: true }));
  } finally {
    copy.close();
  }
  const manifest = signManifest(
    {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '0.1.0',
      schemaVersion,
      createdAt: createdAt.toISOString(),
      reason: 'manual',
      tables,
      files: [await describeFile(partial, DATABASE_FILE_NAME), await describeFile(partial, KEY_FILE_NAME)],
    },
    Buffer.from(databaseKeyHex, 'hex'),
  );
  await writeFile(path.join(partial, BACKUP_MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(partial, finalFolder);
  return finalFolder;
}

/** Rewrites a backup's manifest as given, re-signed under the key when one is passed (a forger without it cannot). */
export async function rewriteManifest(folder: string, manifest: BackupManifest, resignWithKeyHex?: string): Promise<void> {
  const { signature, ...unsigned } = manifest;
  const written = resignWithKeyHex ? signManifest(unsigned, Buffer.from(resignWithKeyHex, 'hex')) : { ...unsigned, signature };
  await writeFile(path.join(folder, BACKUP_MANIFEST_FILE_NAME), `${JSON.stringify(written, null, 2)}\n`);
}

/**
 * A hash over every row of every table of the database (with the raw key), in a stable order: two
 * databases with the same records hash the same, whatever their pages look like.
 */
export function contentHash(databaseFile: string, databaseKeyHex: string): string {
  const db = openWithKey(databaseFile, databaseKeyHex);
  try {
    const hash = createHash('sha256');
    for (const table of userTables(db)) {
      hash.update(`table ${table}\n`);
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
      const lines = rows.map((row) =>
        JSON.stringify(
          Object.entries(row).map(([column, value]) => [column, value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value]),
        ),
      );
      for (const line of lines.sort()) hash.update(`${line}\n`);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
