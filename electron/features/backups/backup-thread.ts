/**
 * One backup, on a thread of its own, so the database worker keeps answering the window: the live
 * vault is copied with `VACUUM INTO` on a connection of this thread's own (SQLCipher writes the copy
 * encrypted under the same key), the key file is copied byte for byte, the manifest is counted from
 * the copy and signed; then everything is read back (manifest, sizes, SHA-256, signature, SQLite's
 * and SQLCipher's integrity checks, row counts in a fresh connection) and only then is
 * `<name>.partial` renamed to `<name>`. Whatever fails, the partial folder is removed if it can be
 * (a killed process leaves it to the next start's clean-up), and nothing is ever reported as a backup.
 * Bundled to dist-electron/backup-worker.cjs; the database worker starts it.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Database, setLogger } from '@signalapp/sqlcipher';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_MANIFEST_FILE_NAME, PARTIAL_BACKUP_SUFFIX } from '../../../shared/backup';
import { AppError } from '../../../shared/errors';
import { KEY_FILE_NAME, syncFolder } from '../../vault/keyfile';
import { DATABASE_FILE_NAME } from '../../vault/vault';
import { backupFailure } from './failures';
import { BackupProblem, describeFile, manifestSignedBy, readBackupManifest, signManifest } from './manifest';
import type { BackupThreadMessage, BackupThreadRequest } from './thread-api';

setLogger(() => {});

const port = parentPort;
if (!port) throw new Error('A backup must run in a worker thread.');
const request = workerData as BackupThreadRequest;
const key = request.key;

function say(message: BackupThreadMessage): void {
  port?.postMessage(message);
}

function openKeyed(file: string): Database {
  const db = new Database(file);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    db.pragma('cipher_memory_security = ON');
    // Nothing of a sort or an index build goes to a temp file.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Data is on the disk, not in its cache, before the backup is called verified. */
function syncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

type Counted = { schemaVersion: number; tables: Record<string, number> };

/** Rows of every table (virtual tables are counted through their own tables), and the schema's version. */
function countRows(db: Database): Counted {
  const names = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .all()
    .map((row) => String((row as { name: unknown }).name));
  const tables: Record<string, number> = {};
  for (const name of names) {
    const row = db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number | bigint };
    tables[name] = Number(row.n);
  }
  return { schemaVersion: Number(db.pragma('user_version', { simple: true })), tables };
}

function copyDatabase(target: string): Counted {
  const source = openKeyed(request.databasePath);
  try {
    // The window's connection may be writing: wait for a lock rather than fail at once.
    source.pragma('busy_timeout = 10000');
    source.prepare('VACUUM INTO ?').run([target]);
  } finally {
    source.close();
  }
  syncPath(target);
  const copy = openKeyed(target);
  try {
    return countRows(copy);
  } finally {
    copy.close();
  }
}

function firstValue(rows: unknown): unknown {
  const list = rows as Array<Record<string, unknown>>;
  return list[0] ? Object.values(list[0])[0] : undefined;
}

/** Reads the finished folder back as a restore would; throws BackupProblem naming what is wrong. */
async function verify(folder: string): Promise<void> {
  const manifest = await readBackupManifest(folder);
  if (!manifestSignedBy(manifest, key)) throw new BackupProblem('its manifest is not signed by this vault’s key');
  const db = openKeyed(path.join(folder, DATABASE_FILE_NAME));
  try {
    let pages: unknown[];
    try {
      pages = db.pragma('cipher_integrity_check');
    } catch {
      throw new BackupProblem('some of its pages do not decrypt');
    }
    if (pages.length > 0) throw new BackupProblem('some of its pages do not decrypt as written (SQLCipher’s page check failed)');
    const rows = db.pragma('integrity_check') as unknown[];
    if (rows.length !== 1 || firstValue(rows) !== 'ok') throw new BackupProblem('SQLite’s integrity check found its structure broken');
    const counted = countRows(db);
    if (counted.schemaVersion !== manifest.schemaVersion) throw new BackupProblem('its schema version differs from its manifest');
    const expected = Object.entries(manifest.tables).sort(([a], [b]) => a.localeCompare(b));
    const found = Object.entries(counted.tables).sort(([a], [b]) => a.localeCompare(b));
    if (JSON.stringify(expected) !== JSON.stringify(found)) throw new BackupProblem('its row counts differ from its manifest');
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const partial = path.join(request.destination, request.folderName + PARTIAL_BACKUP_SUFFIX);
  const final = path.join(request.destination, request.folderName);
  let made = false;
  try {
    const started = performance.now();
    // Not recursive: a destination that is gone (a disk unplugged) is an error, not a folder to create.
    await mkdir(partial, { mode: 0o700 });
    made = true;
    const counted = copyDatabase(path.join(partial, DATABASE_FILE_NAME));
    await copyFile(request.keyFilePath, path.join(partial, KEY_FILE_NAME));
    syncPath(path.join(partial, KEY_FILE_NAME));
    const files = [await describeFile(partial, DATABASE_FILE_NAME), await describeFile(partial, KEY_FILE_NAME)];
    const manifest = signManifest(
      {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: request.appVersion,
        schemaVersion: counted.schemaVersion,
        createdAt: request.createdAt,
        reason: request.reason,
        tables: counted.tables,
        files,
      },
      key,
    );
    await writeFile(path.join(partial, BACKUP_MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    syncPath(path.join(partial, BACKUP_MANIFEST_FILE_NAME));
    await syncFolder(partial);
    const copied = performance.now();
    say({ type: 'verifying' });
    try {
      await verify(partial);
    } catch (error) {
      if (error instanceof BackupProblem) {
        throw new AppError(
          'INTERNAL',
          `The backup was written but did not verify: ${error.message}. It was not kept; the vault is untouched.`,
        );
      }
      throw error;
    }
    await rename(partial, final);
    made = false;
    await syncFolder(request.destination);
    const verified = performance.now();
    say({
      type: 'verified',
      backup: {
        folder: final,
        createdAt: request.createdAt,
        reason: request.reason,
        copyMs: copied - started,
        verifyMs: verified - copied,
        databaseBytes: files[0]?.bytes ?? 0,
      },
    });
  } catch (error) {
    if (made) await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    say({ type: 'failed', error: backupFailure(error, request.destination).toShape() });
  }
}

void main().finally(() => key.fill(0));
