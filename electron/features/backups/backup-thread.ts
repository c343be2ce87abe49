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
import { closeSync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setPriority } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Database, setLogger } from '@signalapp/sqlcipher';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_MANIFEST_FILE_NAME, PARTIAL_BACKUP_SUFFIX } from '../../../shared/backup';
import { AppError } from '../../../shared/errors';
import { KEY_FILE_NAME, syncFolder } from '../../vault/keyfile';
import { DATABASE_FILE_NAME } from '../../vault/vault';
import { backupFailure } from './failures';
import { BackupProblem, describeFile, manifestSignedBy, readBackupManifest, signManifest } from './manifest';
import type { MemorySecurity } from '../../database/api';
import { memorySecurityPragma } from '../../database/memory-security';
import type { BackupThreadMessage, BackupThreadRequest } from './thread-api';

setLogger(() => {});

const port = parentPort;
if (!port) throw new Error('A backup must run in a worker thread.');

const BACKUP_NICENESS = 10;
/**
 * 64 MB of page cache (negative: in KiB) for the copy and SQLite's integrity check, against the
 * default 2 MB: each page is decrypted once instead of again and again (a third less time measured on
 * the 20-year practice). Freed when the backup's connections close.
 */
const LARGE_CACHE = -65_536;

/**
 * How often the copy's written pages are sent to the disk while VACUUM INTO writes it. Left to the
 * system, the 470 MB copy stayed in the page cache until the final fsync (or a writeback of hundreds of
 * megabytes at once), and the window's database worker, whose every write (a chart opened is an audit
 * entry) waits for its own fsync, waited behind that flush: a chart open took three times its time at
 * rest. Flushed a little at a time, each of those waits is short.
 */
const FLUSH_EVERY_MS = 100;

/** The same bundle, started again by a backup for SQLite's integrity check, which then runs beside the other checks. */
type IntegrityCheckRequest = { integrityCheckOf: string; key: Uint8Array; memorySecurity: MemorySecurity };
/** The same bundle again, sending the copy's pages to the disk while it is written, until `stop[0]` is set. */
type FlushRequest = { flushWhileWriting: string; stop: SharedArrayBuffer };
const brief = workerData as BackupThreadRequest | IntegrityCheckRequest | FlushRequest;
const key = 'key' in brief ? brief.key : new Uint8Array(0);
const memorySecurity: MemorySecurity = 'memorySecurity' in brief ? brief.memorySecurity : 'on';

// On Linux a thread has its own priority: the backup yields the processor to the window's database
// worker, which must keep answering. Elsewhere the call would lower the whole app's, so it is not made.
if (process.platform === 'linux') {
  try {
    setPriority(BACKUP_NICENESS);
  } catch {
    // Not allowed here: the backup runs at the app's priority.
  }
}

function say(message: BackupThreadMessage): void {
  port?.postMessage(message);
}

function openKeyed(file: string): Database {
  const db = new Database(file);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    db.pragma(memorySecurityPragma(memorySecurity));
    // Nothing of a sort or an index build goes to a temp file.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Data is on the disk, not in its cache, before the backup is called verified. */
function syncFile(target: string): void {
  // Opened for writing: Windows flushes a file's buffers only through a handle that may write.
  const fd = openSync(target, 'r+');
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

/** Sends `file`'s written pages to the disk every FLUSH_EVERY_MS until told to stop (this thread is then done). */
function flushWhileWriting(file: string, stop: Int32Array): void {
  const fd = openSync(file, 'r+');
  try {
    while (Atomics.load(stop, 0) === 0) {
      fdatasyncSync(fd);
      Atomics.wait(stop, 0, 0, FLUSH_EVERY_MS);
    }
  } finally {
    closeSync(fd);
  }
}

/** Runs `write` (which blocks this thread) while a thread of this bundle flushes `file` beside it; resolves once that thread is gone. */
async function writeFlushedAsItGrows(file: string, write: () => void): Promise<void> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const request: FlushRequest = { flushWhileWriting: file, stop: stop.buffer };
  const flusher = new Worker(__filename, { workerData: request });
  const gone = new Promise<void>((resolve) => {
    flusher.once('error', () => undefined);
    flusher.once('exit', () => resolve());
  });
  try {
    write();
  } finally {
    Atomics.store(stop, 0, 1);
    Atomics.notify(stop, 0);
    await gone;
  }
}

async function copyDatabase(databasePath: string, target: string): Promise<Counted> {
  // Created empty first, readable by its owner only: VACUUM INTO would make it with the process's default mode.
  closeSync(openSync(target, 'wx', 0o600));
  const source = openKeyed(databasePath);
  try {
    // The window's connection may be writing: wait for a lock rather than fail at once.
    source.pragma('busy_timeout = 10000');
    // The copy's pages are cached as the source's are (SQLite gives VACUUM INTO's target the same size).
    source.pragma(`cache_size = ${LARGE_CACHE}`);
    await writeFlushedAsItGrows(target, () => source.prepare('VACUUM INTO ?').run([target]));
  } finally {
    source.close();
  }
  syncFile(target);
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

/** SQLite's full integrity check of `file`, on a thread of its own (this bundle again): the answer, or the problem. */
function integrityCheckInThread(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    const request: IntegrityCheckRequest = { integrityCheckOf: file, key: Uint8Array.from(key), memorySecurity };
    const checker = new Worker(__filename, { workerData: request });
    request.key.fill(0);
    let problem: string | null = 'SQLite’s integrity check stopped before it finished';
    checker.once('message', (answer: { problem: string | null }) => {
      problem = answer.problem;
    });
    checker.once('error', () => undefined);
    // Resolved only once the thread is gone: a thread ended with its connection open could take the process with it.
    checker.once('exit', () => resolve(problem));
  });
}

function integrityProblem(file: string): string | null {
  const db = openKeyed(file);
  try {
    db.pragma(`cache_size = ${LARGE_CACHE}`);
    const rows = db.pragma('integrity_check') as unknown[];
    return rows.length === 1 && firstValue(rows) === 'ok' ? null : 'SQLite’s integrity check found its structure broken';
  } catch {
    return 'SQLite’s integrity check could not read all of it';
  } finally {
    db.close();
  }
}

/**
 * Reads the finished folder back as a restore would; throws BackupProblem naming what is wrong.
 * SQLite's integrity check (the longest part) runs on a second thread while this one rereads the
 * files' hashes, checks the signature, SQLCipher's pages and the row counts.
 */
async function verify(folder: string): Promise<void> {
  const copy = path.join(folder, DATABASE_FILE_NAME);
  const integrity = integrityCheckInThread(copy);
  // Waited for whatever the checks here find: the check's thread holds a connection.
  const [checked, problem] = await Promise.allSettled([checkBesideIntegrity(folder, copy), integrity]);
  if (checked.status === 'rejected')
    throw checked.reason instanceof Error ? checked.reason : new BackupProblem('it could not be read back');
  if (problem.status === 'fulfilled' && problem.value) throw new BackupProblem(problem.value);
}

async function checkBesideIntegrity(folder: string, copy: string): Promise<void> {
  const manifest = await readBackupManifest(folder);
  if (!manifestSignedBy(manifest, key)) throw new BackupProblem('its manifest is not signed by this vault’s key');
  const db = openKeyed(copy);
  try {
    let pages: unknown[];
    try {
      pages = db.pragma('cipher_integrity_check');
    } catch {
      throw new BackupProblem('some of its pages do not decrypt');
    }
    if (pages.length > 0) throw new BackupProblem('some of its pages do not decrypt as written (SQLCipher’s page check failed)');
    const counted = countRows(db);
    if (counted.schemaVersion !== manifest.schemaVersion) throw new BackupProblem('its schema version differs from its manifest');
    const expected = Object.entries(manifest.tables).sort(([a], [b]) => a.localeCompare(b));
    const found = Object.entries(counted.tables).sort(([a], [b]) => a.localeCompare(b));
    if (JSON.stringify(expected) !== JSON.stringify(found)) throw new BackupProblem('its row counts differ from its manifest');
  } finally {
    db.close();
  }
}

async function backUp(request: BackupThreadRequest): Promise<void> {
  const partial = path.join(request.destination, request.folderName + PARTIAL_BACKUP_SUFFIX);
  const final = path.join(request.destination, request.folderName);
  let made = false;
  try {
    // Not recursive: a destination that is gone (a disk unplugged) is an error, not a folder to create.
    await mkdir(partial, { mode: 0o700 });
    made = true;
    const counted = await copyDatabase(request.databasePath, path.join(partial, DATABASE_FILE_NAME));
    await copyFile(request.keyFilePath, path.join(partial, KEY_FILE_NAME));
    syncFile(path.join(partial, KEY_FILE_NAME));
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
    syncFile(path.join(partial, BACKUP_MANIFEST_FILE_NAME));
    await syncFolder(partial);
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
    say({
      type: 'verified',
      backup: {
        folder: final,
        createdAt: request.createdAt,
        reason: request.reason,
      },
    });
  } catch (error) {
    if (made) await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    say({ type: 'failed', error: backupFailure(error, request.destination).toShape() });
  }
}

if ('flushWhileWriting' in brief) {
  flushWhileWriting(brief.flushWhileWriting, new Int32Array(brief.stop));
} else if ('integrityCheckOf' in brief) {
  try {
    port.postMessage({ problem: integrityProblem(brief.integrityCheckOf) });
  } finally {
    key.fill(0);
  }
} else {
  void backUp(brief).finally(() => key.fill(0));
}
