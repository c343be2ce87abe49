/**
 * Checks the database file and its write-ahead log before SQLite opens them, with the vault's key,
 * because opening is not harmless: the last connection to close folds (checkpoints) the log into the
 * database, so a log that belongs to another database, another key or another state of this vault
 * would overwrite the records. What this finds is refused with words, or moved aside, never used.
 */
import { constants, copyFileSync, lstatSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, type Stats } from 'node:fs';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import { memorySecurityPragma } from '../memory-security';
import { diskFailure, notAFile } from './failures';
import { setAside, type SetAside } from './set-aside';
import { decryptPage, pageAuthentic, pageKeys, PAGE_SIZE, readHeader, SALT_BYTES, wipe, type PageKeys } from './sqlcipher-page';
import { readWal, shmIndexesNothing, shmMatchesWal } from './wal';

export type Preflight = {
  /** What was moved out of the way, and why, for the person to be told. */
  setAside: SetAside[];
  /** Whether the full integrity check already ran (on a copy, because a log had to be judged). */
  integrityChecked: boolean;
};

const RESTORE_ADVICE = 'Restore the vault folder (the database with its own key file) from a backup.';

function damaged(detail: string): AppError {
  return new AppError('VAULT_DAMAGED', `${detail} Alliance has not opened or changed it. ${RESTORE_ADVICE}`);
}

function statOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
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

/** The problem SQLite's own checks find in the database at `file` (with its log, if one is beside it), or null. */
export function integrityProblem(db: Database): string | null {
  try {
    const pages = db.pragma('cipher_integrity_check') as Array<Record<string, unknown>>;
    if (pages.length > 0) return 'some of its pages do not decrypt as written (SQLCipher’s page check failed)';
    const rows = db.pragma('quick_check') as Array<Record<string, unknown>>;
    const first = rows[0] ? Object.values(rows[0])[0] : undefined;
    if (rows.length !== 1 || first !== 'ok') return 'SQLite’s integrity check found its structure broken';
    return null;
  } catch {
    // A page that fails its HMAC stops the check with an error rather than a row.
    return 'SQLite’s integrity check could not read all of it';
  }
}

function openKeyed(file: string, key: Uint8Array): Database {
  const db = new Database(file);
  db.pragma('cipher_log_level = NONE');
  db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
  db.pragma(memorySecurityPragma());
  return db;
}

/**
 * Opens copies of the database (and the log, when given) in a scratch folder inside the data folder
 * and runs the full check there, so closing them folds nothing into the real files. The copies are
 * ciphertext and are removed at once.
 */
function checkCopy(databasePath: string, walPath: string | null, key: Uint8Array): string | null {
  const dataDir = path.dirname(databasePath);
  const scratch = mkdtempSync(path.join(dataDir, '.alliance-check-'));
  try {
    const copy = path.join(scratch, path.basename(databasePath));
    try {
      copyFileSync(databasePath, copy, constants.COPYFILE_FICLONE);
      if (walPath) copyFileSync(walPath, `${copy}-wal`, constants.COPYFILE_FICLONE);
    } catch (error) {
      const size = lstatSync(databasePath).size + (walPath ? lstatSync(walPath).size : 0);
      const failure = diskFailure(error, dataDir);
      if (failure?.code === 'DISK_FULL') {
        throw new AppError(
          'DISK_FULL',
          `Alliance was interrupted last time and must check the vault on a copy before opening it, but the disk holding ${dataDir} is full. About ${Math.ceil(size / 1_000_000)} MB of free space is needed. Nothing was changed.`,
        );
      }
      throw failure ?? error;
    }
    const db = openKeyed(copy, key);
    try {
      return integrityProblem(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `salt`: the kept log's, which its index must carry; null for a log with no frames. */
type LogVerdict = { keep: true; frames: number; salt: Buffer | null } | { keep: false; reason: string };

function judgeLog(walPath: string, keys: PageKeys): LogVerdict {
  const bytes = readFileSync(walPath);
  const reading = readWal(bytes);
  if (reading.kind === 'empty') return { keep: true, frames: 0, salt: null };
  if (reading.kind === 'not-a-log') return { keep: false, reason: `it is not a SQLite log (${reading.detail})` };
  if (reading.pageSize !== PAGE_SIZE) return { keep: false, reason: 'its pages are not the size of this database’s' };
  if (reading.frames.length === 0) {
    // Header only, or a transaction never committed: SQLite would use nothing of it, so neither do we.
    return reading.uncommittedFrames === 0
      ? { keep: true, frames: 0, salt: null }
      : { keep: false, reason: 'it holds only an unfinished transaction' };
  }
  for (const frame of reading.frames) {
    if (!pageAuthentic(keys, bytes.subarray(frame.offset, frame.offset + PAGE_SIZE), frame.pageNumber)) {
      return { keep: false, reason: 'it was written for another database or with another key' };
    }
  }
  return { keep: true, frames: reading.frames.length, salt: reading.salt };
}

/**
 * Everything checked before the real files are opened. Throws VAULT_DAMAGED (or NOT_A_FILE,
 * DISK_FULL, FOLDER_NOT_WRITABLE) with words; otherwise the files are this vault's own and readable,
 * and anything that was not is in a dated folder under `set-aside/`.
 */
export function preflight(databasePath: string, key: Uint8Array, now: Date): Preflight {
  const dataDir = path.dirname(databasePath);
  const name = path.basename(databasePath);
  const walName = `${name}-wal`;
  const shmName = `${name}-shm`;
  const walPath = path.join(dataDir, walName);
  const shmPath = path.join(dataDir, shmName);
  const report: Preflight = { setAside: [], integrityChecked: false };

  const stat = statOrNull(databasePath);
  if (!stat) throw damaged(`The database file ${name} is missing from the data folder.`);
  if (!stat.isFile()) throw notAFile(databasePath);
  if (stat.size === 0)
    throw damaged(`The database file ${name} is empty (0 bytes), though the key file beside it is whole: it may be a copy that failed.`);
  if (stat.size < PAGE_SIZE || stat.size % PAGE_SIZE !== 0) {
    throw damaged(
      `The database file ${name} ends part-way through a page (${stat.size.toLocaleString('en-US')} bytes): it may be a copy that stopped halfway.`,
    );
  }

  const page1 = readPage1(databasePath);
  const keys = pageKeys(key, page1.subarray(0, SALT_BYTES));
  try {
    if (!pageAuthentic(keys, page1, 1)) {
      throw damaged(`The database file ${name} cannot be read with this vault’s key: it is damaged, or it belongs to another key file.`);
    }
    const header = readHeader(decryptPage(keys, page1, 1));

    // The log: kept only when every committed page in it was written by this database with this key.
    let walFrames = 0;
    let walSalt: Buffer | null = null;
    const wal = statOrNull(walPath);
    if (wal) {
      const verdict: LogVerdict = wal.isFile() ? judgeLog(walPath, keys) : { keep: false, reason: 'it is not a file' };
      if (verdict.keep) {
        walFrames = verdict.frames;
        walSalt = verdict.salt;
      } else {
        const moving = [walName, ...(statOrNull(shmPath) ? [shmName] : [])];
        report.setAside.push(setAside(dataDir, moving, 'foreign-log', `${walName} was not used: ${verdict.reason}.`, now));
      }
    }

    // The shared-memory index belongs to exactly one log; any other one is set aside (SQLite rebuilds it).
    const shm = statOrNull(shmPath);
    if (shm) {
      const index = shm.isFile() ? readFileSync(shmPath) : null;
      // With frames in the log, the index must carry its salts; with none (a vault killed while idle), it must point at nothing.
      const matches = index !== null && (walFrames > 0 && walSalt !== null ? shmMatchesWal(index, walSalt) : shmIndexesNothing(index));
      if (!matches) {
        report.setAside.push(setAside(dataDir, [shmName], 'stale-index', `${shmName} did not belong to the log beside the database.`, now));
      }
    }

    if (walFrames > 0) {
      // A log of this vault may still be of another state of it (a backup put back by hand beside the
      // live log): judge the pair on a copy, and the database alone if the pair is broken.
      const pairProblem = checkCopy(databasePath, walPath, key);
      if (pairProblem) {
        const aloneProblem = checkCopy(databasePath, null, key);
        if (aloneProblem) throw damaged(`The database file ${name} is damaged: ${aloneProblem}.`);
        const moving = [walName, ...(statOrNull(shmPath) ? [shmName] : [])];
        report.setAside.push(
          setAside(
            dataDir,
            moving,
            'other-state-log',
            `${walName} holds changes from another state of this vault (for example a later one, beside a database restored from a backup), so it was not used.`,
            now,
          ),
        );
      }
      report.integrityChecked = true;
    } else if (header.pageCount !== null && header.pageCount > stat.size / PAGE_SIZE) {
      throw damaged(
        `The database file ${name} is shorter than it says (${(stat.size / PAGE_SIZE).toLocaleString('en-US')} of ${header.pageCount.toLocaleString('en-US')} pages): it may be a copy that stopped halfway.`,
      );
    }
    return report;
  } finally {
    wipe(keys);
  }
}
