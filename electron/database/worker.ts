/**
 * The database worker: owns the vault's single SQLCipher connection, so every query, migration
 * and (later) backup runs off the main thread. It answers only the methods of DatabaseApi.
 * Bundled to dist-electron/database-worker.cjs.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
// The named export: bundled to CommonJS, the package's default export would be its whole module object.
import { Database, setLogger } from '@signalapp/sqlcipher';
import { AppError, type AppErrorShape } from '../../shared/errors';
import {
  isDatabaseMethod,
  type DatabaseApi,
  type DatabaseEvent,
  type DatabaseMethod,
  type DatabaseRequest,
  type DatabaseResponse,
  type IntegrityAnswer,
  type IntegrityRequest,
} from './api';
import { diagnosticOf } from '../diagnostics/log';
import { exportPractice } from '../features/exports/practice';
import { exportRecordPdf, stopRecordPdfWriter } from '../features/exports/record-pdf-export';
import { diskFailure } from './files/failures';
import { integrityProblem, preflight, type Preflight } from './files/preflight';
import { contract, type WorkerChannel } from '../../shared/contract';
import type { CallEnvironment, CallMoment } from '../features/handlers';
import { practiceEnvironment } from '../features/preferences/practice-settings';
import { connect, type Repositories } from './connection';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, tooNewError } from './migrations';
import { guardError } from './schema-guards';
import { workerHandlers } from './worker-channels';
import { pairingChannels, syncChannels } from '../../shared/channels/sync';
import { startBackupThread } from '../features/backups/start-in-worker';
import { heldKey, holdKey, releaseKey } from './held-key';
import { adoptCopy } from '../features/sync/adopt';
import { checkStaged, readBackup } from '../features/restore/reader';
import { chooseMemorySecurity, chosenMemorySecurity, memorySecurityPragma } from './memory-security';
import { clearRestoredDeviceMark, readRestoredDeviceMark } from '../features/sync/restored-device';

// SQLite's log lines quote SQL and page numbers; they are no use to a clinician and must never
// land in a log file beside the vault, so they go nowhere.
setLogger(() => {});

let connection: Repositories | undefined;
const port = parentPort;
/** Named in the words of a disk error; the folder is the person's own choice, never clinical. */
let dataFolder = 'the data folder';

function requireConnection(): Repositories {
  if (!connection) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
  return connection;
}

function isSqliteError(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function openDatabase(params: DatabaseApi['open']['params']): DatabaseApi['open']['result'] {
  try {
    return openWithKey(params);
  } finally {
    params.key.fill(0);
  }
}

function keyPragma(key: Uint8Array): string {
  return `key = "x'${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}'"`;
}

function damaged(detail: string): AppError {
  return new AppError(
    'VAULT_DAMAGED',
    `${detail} Alliance has not written to it. Restore the vault folder from a backup; the damaged files stay where they are.`,
  );
}

/** A new database file, created empty and readable by its owner only; SQLite gives its log and index the same mode. */
function createEmptyFile(databasePath: string): void {
  try {
    closeSync(openSync(databasePath, 'wx', 0o600));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw new AppError('VAULT_EXISTS', 'A database already exists in the data folder.');
    }
    throw diskFailure(error, path.dirname(databasePath), databasePath) ?? error;
  }
}

function openWithKey({ databasePath, key, mode, integrity, memorySecurity }: DatabaseApi['open']['params']): DatabaseApi['open']['result'] {
  if (connection) throw new AppError('INTERNAL', 'The database is already open.');
  if (key.byteLength !== 32) throw new AppError('INTERNAL', 'The database key has the wrong length.');
  dataFolder = path.dirname(databasePath);
  // Before the first connection of this open, the checks' included (./memory-security.ts).
  chooseMemorySecurity(memorySecurity);
  // Nothing of an existing vault is handed to SQLite before it is known to be this vault's own.
  const checked: Preflight = mode === 'existing' ? preflight(databasePath, key, new Date()) : { setAside: [], integrityChecked: true };
  if (mode === 'create') createEmptyFile(databasePath);
  const checkInline = !checked.integrityChecked && statSync(databasePath).size <= integrity.inlineUpToBytes;

  // Every statement is compiled once per connection and reused: a search keystroke, a signature or a
  // week of the calendar re-prepared its statements on each call, at two to five times the CPU.
  const db = new Database(databasePath, { cacheStatements: true });
  try {
    // SQLCipher's own stderr logging is separate from SQLite's; silence it before the key is set.
    db.pragma('cipher_log_level = NONE');
    db.pragma(keyPragma(key));
    db.pragma(memorySecurityPragma());
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (isSqliteError(error, 'SQLITE_NOTADB') || isSqliteError(error, 'SQLITE_CORRUPT')) {
        throw damaged('The database file cannot be read with this vault’s key: it is damaged or belongs to another key file.');
      }
      throw error;
    }
    // Checked before any pragma that writes (journal_mode), so a newer database stays byte-identical.
    if (schemaVersion(db) > LATEST_SCHEMA_VERSION) throw tooNewError();
    if (checkInline) {
      const problem = integrityProblem(db);
      if (problem) throw damaged(`The database file is damaged: ${problem}.`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Sorts and temporary indexes stay in memory rather than in temp files beside the vault.
    db.pragma('temp_store = MEMORY');
    const version = migrate(db);
    connection = connect(db, {
      vaultKey: () => heldKey()?.key,
      // Nothing is said of a vault that is closing: its windows are emptied by the lock.
      changed: (scopes) => {
        if (connection) port?.postMessage({ event: 'sync', scopes: [...scopes] } satisfies DatabaseEvent);
      },
    });
    holdKey(key, databasePath);
    // A vault connected to the practice's server starts exchanging with it.
    // A vault just restored from a backup replicates as a new device (features/sync/restored-device.ts).
    const folder = path.dirname(databasePath);
    const restoredAs = readRestoredDeviceMark(folder);
    connection.sync.resume(restoredAs ? { deviceId: restoredAs, registered: () => clearRestoredDeviceMark(folder) } : undefined);
    const inBackground = !checked.integrityChecked && !checkInline;
    if (inBackground) scheduleIntegrityCheck(databasePath, key, integrity.backgroundDelayMs ?? 0);
    return { schemaVersion: version, setAside: checked.setAside, integrity: inBackground ? 'running' : 'checked' };
  } catch (error) {
    db.close();
    throw diskFailure(error, path.dirname(databasePath), databasePath) ?? error;
  }
}

/** The check of a large vault, running after unlock; `close` waits for it rather than kill a thread that holds a connection. */
let integrityCheck: Promise<void> | undefined;
/** A check waiting for the first screen to be drawn (see IntegrityPlan); `close` cancels it and wipes its copy of the key. */
let pendingIntegrityCheck: { timer: NodeJS.Timeout; key: Uint8Array } | undefined;

function scheduleIntegrityCheck(databasePath: string, key: Uint8Array, delayMs: number): void {
  const copy = Uint8Array.from(key);
  const timer = setTimeout(() => {
    pendingIntegrityCheck = undefined;
    startIntegrityCheck(databasePath, copy);
    copy.fill(0);
  }, delayMs);
  pendingIntegrityCheck = { timer, key: copy };
}

function cancelPendingIntegrityCheck(): void {
  if (!pendingIntegrityCheck) return;
  clearTimeout(pendingIntegrityCheck.timer);
  pendingIntegrityCheck.key.fill(0);
  pendingIntegrityCheck = undefined;
}

function startIntegrityCheck(databasePath: string, key: Uint8Array): void {
  const request: IntegrityRequest = { databasePath, key: Uint8Array.from(key), memorySecurity: chosenMemorySecurity() };
  const checker = new Worker(path.join(__dirname, 'integrity-worker.cjs'), { workerData: request });
  request.key.fill(0);
  integrityCheck = new Promise<void>((resolve) => {
    let answered = false;
    checker.once('message', (answer: IntegrityAnswer) => {
      answered = true;
      // A check that ends after the vault was locked says nothing about the next unlock.
      if (connection)
        port?.postMessage({ event: 'integrity', problem: answer.problem, elapsedMs: answer.elapsedMs } satisfies DatabaseEvent);
    });
    checker.once('error', () => undefined);
    checker.once('exit', () => {
      if (!answered && connection) {
        port?.postMessage({ event: 'integrity', problem: 'the check stopped before it finished', elapsedMs: 0 } satisfies DatabaseEvent);
      }
      integrityCheck = undefined;
      resolve();
    });
  });
}

async function closeDatabase(): Promise<DatabaseApi['close']['result']> {
  const open = connection;
  connection = undefined;
  cancelPendingIntegrityCheck();
  // The exchange with the server ends before the connection it writes to closes.
  await open?.sync.close();
  releaseKey();
  open?.db.close();
  await Promise.all([integrityCheck, stopRecordPdfWriter()]);
  return { wasOpen: open !== undefined };
}

type Implementation = {
  [M in DatabaseMethod]: (params: DatabaseApi[M]['params']) => DatabaseApi[M]['result'] | Promise<DatabaseApi[M]['result']>;
};

const implementation: Implementation = {
  open: openDatabase,
  close: closeDatabase,
  connection: () => ({ open: connection !== undefined }),
  ping: () => ({ pong: true }),
  run: ({ channel, input, environment }) => runChannel(channel, input, environment),
  'audit.record': ({ record, now }) => {
    requireConnection().audit.append(now, record);
    return { recorded: true };
  },
  'patientMode.recordFeedback': ({ ref, answers, environment }) =>
    writing(requireConnection(), (repositories) =>
      repositories.feedback.recordFeedback(ref, answers, 'patient', withPractice(repositories, environment)),
    ),
  'patientMode.recordMeasure': ({ patientId, ref, measure, environment }) =>
    writing(requireConnection(), (repositories) =>
      repositories.feedback.recordMeasure(patientId, ref, measure, 'patient', withPractice(repositories, environment)),
    ),
  'patientMode.rateGoals': ({ patientId, ref, ratings, environment }) =>
    writing(requireConnection(), (repositories) =>
      repositories.plans.rateGoals(patientId, ref, null, ratings, 'patient', withPractice(repositories, environment)),
    ),
  // Written in one transaction with the clock's tick, so the values adopted go to the other devices.
  'preferences.adopt': ({ values, now }) => ({
    adopted: writing(requireConnection(), (repositories) => repositories.practice.adopt(values, now)),
  }),
  'patientMode.selfHarmAlerts': ({ patientId, since }) => requireConnection().feedback.selfHarmAlerts(patientId, since),
  'restore.read': ({ folder, manifest, key }) => withBackupKey(key, (backupKey) => readBackup(folder, manifest, backupKey, dataFolder)),
  'restore.checkStaged': ({ stagingDir, manifest, key }) => withBackupKey(key, (backupKey) => checkStaged(stagingDir, manifest, backupKey)),
  'exports.practice': (params) => exportPractice(params, requireConnection),
  'exports.recordPdf': (params) => exportRecordPdf(params, requireConnection()),
  'backup.start': (params) => {
    const { db } = requireConnection();
    const held = heldKey();
    if (!held) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return startBackupThread(params, db, held.databasePath, held.key, (event) => port?.postMessage(event));
  },
  'backup.holdsRecords': () => ({ holdsRecords: requireConnection().db.prepare('SELECT 1 FROM patients LIMIT 1').get() !== undefined }),
  'sync.adoptCopy': (params) => {
    const { db } = requireConnection();
    const held = heldKey();
    if (!held) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return adoptCopy(db, held.key, params);
  },
};

/** The given backup key (wiped after), or the open vault's own for a backup of this vault. */
async function withBackupKey<T>(given: Uint8Array | null, use: (key: Uint8Array) => T | Promise<T>): Promise<T> {
  try {
    if (given) return await use(given);
    requireConnection();
    const held = heldKey();
    if (!held) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return await use(held.key);
  } finally {
    given?.fill(0);
  }
}

/**
 * A write to the vault, replicated when it is connected to a server: the clock ticks before it (the
 * capture triggers stamp its changes with it), in one transaction with it (one commit, not two),
 * and a push follows it. A vault that does not replicate writes exactly as before.
 */
function writing<T>(repositories: Repositories, write: (repositories: Repositories) => T): T {
  if (!repositories.sync.replicating()) return write(repositories);
  try {
    return repositories.db.transaction(() => {
      repositories.sync.beforeWrite();
      return write(repositories);
    })();
  } finally {
    repositories.sync.afterWrite();
  }
}

/**
 * The exchange's own channels, pairing's and revoking a device wait on the network (a transaction
 * around them would commit at their first await, and a copy made with VACUUM INTO cannot run inside
 * one): they stamp what they write themselves.
 */
const SELF_STAMPED: ReadonlySet<string> = new Set([...Object.keys(syncChannels), ...Object.keys(pairingChannels), 'sync:revokeDevice']);

/** The moment main sent, with the practice's settings as the vault holds them at this call. */
function withPractice(repositories: Repositories, moment: CallMoment): CallEnvironment {
  return practiceEnvironment(repositories.practice.read(), moment);
}

/** A worker channel, by its feature's handler; the main process validated the input against the contract. */
function runChannel(channel: string, input: unknown, moment: CallMoment): unknown {
  if (!Object.hasOwn(workerHandlers, channel)) throw new AppError('UNKNOWN_CHANNEL', 'The database worker has no such channel.');
  const handler = workerHandlers[channel as WorkerChannel] as (
    input: unknown,
    environment: CallEnvironment,
    repositories: Repositories,
  ) => unknown;
  const repositories = requireConnection();
  const environment = withPractice(repositories, moment);
  // A channel that changes nothing (its declaration names no scope) writes nothing that replicates.
  if (contract[channel as WorkerChannel].changes.length === 0 || SELF_STAMPED.has(channel))
    return handler(input, environment, repositories);
  return writing(repositories, (open) => handler(input, environment, open));
}

function call<M extends DatabaseMethod>(method: M, params: unknown): DatabaseApi[M]['result'] | Promise<DatabaseApi[M]['result']> {
  const run: (params: DatabaseApi[M]['params']) => DatabaseApi[M]['result'] | Promise<DatabaseApi[M]['result']> = implementation[method];
  // The client is typed against DatabaseApi and the main process validated the input with zod.
  return run(params as DatabaseApi[M]['params']);
}

/**
 * Classifies a failure by kind. Raw SQLite messages can quote values, so only our own AppErrors
 * keep their words; anything else becomes a generic INTERNAL.
 */
function errorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  const disk = diskFailure(error, dataFolder);
  if (disk) return disk.toShape();
  if (isSqliteError(error, 'SQLITE_NOTADB') || isSqliteError(error, 'SQLITE_CORRUPT')) {
    return { code: 'VAULT_DAMAGED', message: 'The database file is damaged.' };
  }
  // The schema's own guards fired: the words are ours, not the data's.
  const guard = guardError(error);
  if (guard) return guard.toShape();
  return { code: 'INTERNAL', message: 'The database could not complete this request.' };
}

async function answer(request: DatabaseRequest): Promise<DatabaseResponse> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  if (!isDatabaseMethod(request.method)) {
    return {
      id: request.id,
      ok: false,
      error: { code: 'INTERNAL', message: 'The database worker has no such method.' },
      elapsedMs: elapsed(),
    };
  }
  try {
    const value = await call(request.method, request.params);
    return { id: request.id, ok: true, value, elapsedMs: elapsed() };
  } catch (error) {
    const shape = errorShape(error);
    if (shape.code !== 'INTERNAL') return { id: request.id, ok: false, error: shape, elapsedMs: elapsed() };
    return { id: request.id, ok: false, error: shape, elapsedMs: elapsed(), diagnostic: diagnosticOf(error) };
  }
}

if (!port) throw new Error('The database worker must run in a worker thread.');
port.on('message', (request: DatabaseRequest) => {
  void answer(request).then((response) => port.postMessage(response));
});
