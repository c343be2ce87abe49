/**
 * The database worker: owns the vault's single SQLCipher connection, so every query, migration
 * and (later) backup runs off the main thread. It answers only the methods of DatabaseApi.
 * Bundled to dist-electron/database-worker.cjs.
 */
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
// The named export: bundled to CommonJS, the package's default export would be its whole module object.
import { Database, setLogger } from '@signalapp/sqlcipher';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { isDatabaseMethod, type DatabaseApi, type DatabaseMethod, type DatabaseRequest, type DatabaseResponse } from './api';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, tooNewError } from './migrations';
import { AppointmentsRepository } from './repositories/appointments';
import { AttendanceReports } from './repositories/attendance';
import { exportCalendar } from './repositories/calendar-export';
import { PatientsRepository } from './repositories/patients';
import { SessionReader } from './repositories/sessions';

// SQLite's log lines quote SQL and page numbers; they are no use to a clinician and must never
// land in a log file beside the vault, so they go nowhere.
setLogger(() => {});

type Connection = {
  db: Database;
  patients: PatientsRepository;
  sessions: SessionReader;
  appointments: AppointmentsRepository;
  attendance: AttendanceReports;
};
let connection: Connection | undefined;

function requireConnection(): Connection {
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

function openWithKey({ databasePath, key, mode }: DatabaseApi['open']['params']): DatabaseApi['open']['result'] {
  if (connection) throw new AppError('INTERNAL', 'The database is already open.');
  const exists = existsSync(databasePath);
  if (mode === 'create' && exists) throw new AppError('VAULT_EXISTS', 'A database already exists in the data folder.');
  if (mode === 'existing' && !exists) throw new AppError('VAULT_DAMAGED', 'The database file is missing from the data folder.');
  if (key.byteLength !== 32) throw new AppError('INTERNAL', 'The database key has the wrong length.');

  const db = new Database(databasePath);
  try {
    // SQLCipher's own stderr logging is separate from SQLite's; silence it before the key is set.
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}'"`);
    db.pragma('cipher_memory_security = ON');
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (isSqliteError(error, 'SQLITE_NOTADB')) {
        throw new AppError('VAULT_DAMAGED', 'The database file cannot be read with this vault’s key: it is damaged or belongs to another key file.');
      }
      throw error;
    }
    // Checked before any pragma that writes (journal_mode), so a newer database stays byte-identical.
    if (schemaVersion(db) > LATEST_SCHEMA_VERSION) throw tooNewError();
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Sorts and temporary indexes stay in memory rather than in temp files beside the vault.
    db.pragma('temp_store = MEMORY');
    const version = migrate(db);
    const sessions = new SessionReader(db);
    connection = {
      db,
      patients: new PatientsRepository(db),
      sessions,
      appointments: new AppointmentsRepository(db, sessions),
      attendance: new AttendanceReports(db),
    };
    return { schemaVersion: version };
  } catch (error) {
    db.close();
    throw error;
  }
}

function closeDatabase(): DatabaseApi['close']['result'] {
  const open = connection;
  connection = undefined;
  open?.db.close();
  return { wasOpen: open !== undefined };
}

type Implementation = { [M in DatabaseMethod]: (params: DatabaseApi[M]['params']) => DatabaseApi[M]['result'] };

const implementation: Implementation = {
  open: openDatabase,
  close: closeDatabase,
  connection: () => ({ open: connection !== undefined }),
  ping: () => ({ pong: true }),
  'patients.list': ({ includeArchived }) => requireConnection().patients.list(includeArchived),
  'patients.get': ({ id }) => requireConnection().patients.get(id),
  'patients.create': ({ patient }) => requireConnection().patients.create(patient),
  'patients.update': ({ id, version, patient }) => requireConnection().patients.update(id, version, patient),
  'patients.archive': ({ id, version }) => requireConnection().patients.archive(id, version),
  'patients.restore': ({ id, version }) => requireConnection().patients.restore(id, version),
  'calendar.range': ({ from, to, includeCancelled }) => requireConnection().appointments.range(from, to, includeCancelled),
  'appointments.get': ({ ref }) => requireConnection().appointments.get(ref),
  'appointments.warnings': ({ start, durationMinutes, ignore, context }) =>
    requireConnection().appointments.warnings(start, durationMinutes, ignore, context),
  'appointments.create': ({ appointment, acknowledgeWarnings, context }) =>
    requireConnection().appointments.create(appointment, acknowledgeWarnings, context),
  'appointments.update': ({ ref, scope, version, changes, acknowledgeWarnings, context }) =>
    requireConnection().appointments.update(ref, scope, version, changes, acknowledgeWarnings, context),
  'appointments.cancel': ({ ref, scope, by, context }) => requireConnection().appointments.cancel(ref, scope, by, context),
  'appointments.setAttendance': ({ ref, attendance, lateMinutes, now }) =>
    requireConnection().appointments.setAttendance(ref, attendance, lateMinutes, now),
  'sessions.start': ({ ref, now }) => requireConnection().appointments.startSession(ref, now),
  'sessions.end': ({ ref, now }) => requireConnection().appointments.endSession(ref, now),
  'sessions.running': () => requireConnection().appointments.running(),
  'patients.attendance': ({ patientId, now }) => requireConnection().attendance.attendance(patientId, now),
  'reports.onTime': ({ from, to, groupBy, timeZone }) => requireConnection().attendance.onTime(from, to, groupBy, timeZone),
  'calendar.exportIcs': (request) => exportCalendar(requireConnection().sessions, request),
};

function call<M extends DatabaseMethod>(method: M, params: unknown): DatabaseApi[M]['result'] {
  const run: (params: DatabaseApi[M]['params']) => DatabaseApi[M]['result'] = implementation[method];
  // The client is typed against DatabaseApi and the main process validated the input with zod.
  return run(params as DatabaseApi[M]['params']);
}

/**
 * Classifies a failure by kind. Raw SQLite messages can quote values, so only our own AppErrors
 * keep their words; anything else becomes a generic INTERNAL.
 */
function errorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (isSqliteError(error, 'SQLITE_NOTADB') || isSqliteError(error, 'SQLITE_CORRUPT')) {
    return { code: 'VAULT_DAMAGED', message: 'The database file is damaged.' };
  }
  return { code: 'INTERNAL', message: 'The database could not complete this request.' };
}

function answer(request: DatabaseRequest): DatabaseResponse {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  if (!isDatabaseMethod(request.method)) {
    return { id: request.id, ok: false, error: { code: 'INTERNAL', message: 'The database worker has no such method.' }, elapsedMs: elapsed() };
  }
  try {
    const value = call(request.method, request.params);
    return { id: request.id, ok: true, value, elapsedMs: elapsed() };
  } catch (error) {
    return { id: request.id, ok: false, error: errorShape(error), elapsedMs: elapsed() };
  }
}

const port = parentPort;
if (!port) throw new Error('The database worker must run in a worker thread.');
port.on('message', (request: DatabaseRequest) => {
  port.postMessage(answer(request));
});
