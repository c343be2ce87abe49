/**
 * Reading a backup in the database worker, on a connection of its own beside the vault's: the restore
 * drill's look inside, and the last check of a copy staged for a restore. Nothing here writes to the
 * backup folder. The library opens no URI filenames (so no `mode=ro&immutable=1`); the connection is
 * made read-only with `query_only`, and it is only opened in place when SQLite would have no reason
 * to write there: a rollback-journal database (what `VACUUM INTO` writes) with no journal or log beside
 * it. Anything else is read from an encrypted copy in a scratch folder inside the data folder.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import type { BackupManifest } from '../../../shared/backup';
import type { BackupContents, BackupNote, BackupSession } from '../../../shared/channels/restore';
import { AppError } from '../../../shared/errors';
import { memorySecurityPragma } from '../../database/memory-security';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../database/migrations';
import { decryptPage, pageAuthentic, pageKeys, PAGE_SIZE, readHeader, SALT_BYTES, wipe } from '../../database/files/sqlcipher-page';
import { describeFile, manifestSignedBy } from '../backups/manifest';
import { KEY_FILE_NAME } from '../../vault/keyfile';
import { DATABASE_FILE_NAME } from '../../vault/vault';

/** How many of the latest notes and sessions the drill shows. */
export const DRILL_LATEST = 5;

/** The scratch folder, in the data folder, of a drill that reads an encrypted copy. */
const DRILL_SCRATCH_PREFIX = '.alliance-drill-';

/** Files SQLite would use (and write) beside a database it opens. */
const COMPANIONS = ['-journal', '-wal', '-shm'];

export function refused(message: string): AppError {
  return new AppError('BACKUP_REFUSED', message);
}

/** The signature proves the manifest (and through its SHA-256s, the files) is as the vault's owner wrote it. */
export function checkSignature(manifest: BackupManifest, key: Uint8Array): void {
  if (!manifestSignedBy(manifest, key)) {
    throw refused(
      'The backup’s manifest.json was changed after the backup was written (its signature does not match the backup’s key). Nothing was changed.',
    );
  }
}

function readPage1(file: string): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, page, 0, PAGE_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  return page;
}

/** Whether the file is a database this key opens, and whether SQLite would open its write-ahead log. */
function headerWithKey(file: string, key: Uint8Array): { walMode: boolean } {
  const page1 = readPage1(file);
  const keys = pageKeys(key, page1.subarray(0, SALT_BYTES));
  try {
    if (!pageAuthentic(keys, page1, 1)) {
      throw refused(
        'The backup’s database cannot be read with the backup’s key: the key file belongs to another database. Nothing was changed.',
      );
    }
    return { walMode: readHeader(decryptPage(keys, page1, 1)).walMode };
  } finally {
    wipe(keys);
  }
}

function openReadOnly(file: string, key: Uint8Array): Database {
  const db = new Database(file);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    db.pragma(memorySecurityPragma());
    db.pragma('query_only = ON');
    db.pragma('temp_store = MEMORY');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw refused('The backup’s database cannot be read: it is damaged. Nothing was changed.');
  }
}

function tableNames(db: Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
  return new Set(rows.map((row) => row.name));
}

function patientName(given: unknown, family: unknown): string {
  return [given, family].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
}

function latestNotes(db: Database, tables: Set<string>): BackupNote[] {
  if (!tables.has('notes') || !tables.has('patients')) return [];
  const rows = db
    .prepare(
      `SELECT n.service_date AS serviceDate, p.given_name AS given, p.family_name AS family, n.template AS template, n.status AS status
       FROM notes n JOIN patients p ON p.id = n.patient_id
       ORDER BY n.service_date DESC, n.seq DESC LIMIT ${DRILL_LATEST}`,
    )
    .all<{ serviceDate: string; given: string; family: string; template: string; status: string }>();
  return rows.map((row) => ({
    serviceDate: row.serviceDate,
    patientName: patientName(row.given, row.family),
    template: row.template,
    signed: row.status === 'signed',
  }));
}

function latestSessions(db: Database, tables: Set<string>, before: string): BackupSession[] {
  if (!tables.has('appointments') || !tables.has('patients')) return [];
  const rows = db
    .prepare(
      `SELECT a.start_utc AS startUtc, p.given_name AS given, p.family_name AS family, a.kind AS kind, a.attendance AS attendance
       FROM appointments a JOIN patients p ON p.id = a.patient_id
       WHERE a.start_utc <= $before
       ORDER BY a.start_utc DESC LIMIT ${DRILL_LATEST}`,
    )
    .all<{ startUtc: string; given: string; family: string; kind: string; attendance: string }>({ before });
  return rows.map((row) => ({
    startUtc: row.startUtc,
    patientName: patientName(row.given, row.family),
    kind: row.kind,
    attendance: row.attendance,
  }));
}

function readContents(db: Database, manifest: BackupManifest): Omit<BackupContents, 'ofThisVault'> {
  const version = schemaVersion(db);
  if (version > LATEST_SCHEMA_VERSION) {
    throw refused(
      `This backup’s database was written by a newer version of Alliance (schema ${version}); this app reads up to schema ${LATEST_SCHEMA_VERSION}. Nothing was changed.`,
    );
  }
  const tables = tableNames(db);
  const counts = Object.entries(manifest.tables)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([table, recorded]) => {
      const found = tables.has(table) ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : null;
      return { table, recorded, found };
    });
  return {
    schemaVersion: version,
    counts,
    countsMatch: counts.every((count) => count.found === count.recorded),
    notes: latestNotes(db, tables),
    sessions: latestSessions(db, tables, manifest.createdAt),
  };
}

/**
 * Opens the backup's database read-only with its key, reads what the drill shows, and closes it. The
 * manifest was already checked against the files; here its signature is checked under `key`.
 */
export function readBackup(
  folder: string,
  manifest: BackupManifest,
  key: Uint8Array,
  dataDir: string,
): Omit<BackupContents, 'ofThisVault'> {
  checkSignature(manifest, key);
  const file = path.join(folder, DATABASE_FILE_NAME);
  const { walMode } = headerWithKey(file, key);
  const companions = COMPANIONS.some((suffix) => existsSync(file + suffix));
  if (!walMode && !companions) {
    const db = openReadOnly(file, key);
    try {
      return readContents(db, manifest);
    } finally {
      db.close();
    }
  }
  // SQLite would write beside this one (open its log, roll back a journal): read an encrypted copy instead.
  // A copy left by a drill that was killed goes first: it is ciphertext, and only ever a copy.
  for (const name of readdirSync(dataDir).filter((entry) => entry.startsWith(DRILL_SCRATCH_PREFIX))) {
    rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  const scratch = path.join(dataDir, `${DRILL_SCRATCH_PREFIX}${randomBytes(6).toString('hex')}`);
  mkdirSync(scratch, { mode: 0o700 });
  try {
    const copy = path.join(scratch, DATABASE_FILE_NAME);
    copyFileSync(file, copy);
    const db = openReadOnly(copy, key);
    try {
      return readContents(db, manifest);
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The copy staged in the data folder for a restore, checked before anything of the vault moves: the
 * manifest's signature under the backup's key, each staged file's size and SHA-256 against it (so the
 * copy is the backup byte for byte), and the database opens with the key and is not from a newer app.
 */
export async function checkStaged(stagingDir: string, manifest: BackupManifest, key: Uint8Array): Promise<{ schemaVersion: number }> {
  checkSignature(manifest, key);
  for (const expected of manifest.files) {
    const name = expected.name === KEY_FILE_NAME ? KEY_FILE_NAME : DATABASE_FILE_NAME;
    const staged = await describeFile(stagingDir, name);
    if (staged.bytes !== expected.bytes || staged.sha256 !== expected.sha256) {
      throw refused(`The copy of the backup’s ${name} differs from the backup (the disk may be failing). Nothing was changed.`);
    }
  }
  const file = path.join(stagingDir, DATABASE_FILE_NAME);
  headerWithKey(file, key);
  const db = openReadOnly(file, key);
  try {
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw refused(
        `This backup’s database was written by a newer version of Alliance (schema ${version}); this app reads up to schema ${LATEST_SCHEMA_VERSION}. Nothing was changed.`,
      );
    }
    return { schemaVersion: version };
  } finally {
    db.close();
  }
}
