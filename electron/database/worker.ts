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
import { diskFailure } from './files/failures';
import { integrityProblem, preflight, type Preflight } from './files/preflight';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, tooNewError } from './migrations';
import { AppointmentsRepository } from './repositories/appointments';
import { AttendanceReports } from './repositories/attendance';
import { AuditLog } from './repositories/audit';
import { CalendarAlerts } from './repositories/calendar-alerts';
import { exportCalendar } from './repositories/calendar-export';
import { ChartReader } from './repositories/chart';
import { DiagnosesRepository } from './repositories/diagnoses';
import { FeedbackRepository } from './repositories/feedback';
import { MedicationsRepository } from './repositories/medications';
import { NotesRepository } from './repositories/notes';
import { PatientsRepository } from './repositories/patients';
import { PlansRepository } from './repositories/plans';
import { SessionReader } from './repositories/sessions';
import { PatientSearch } from './search/search';

// SQLite's log lines quote SQL and page numbers; they are no use to a clinician and must never
// land in a log file beside the vault, so they go nowhere.
setLogger(() => {});

type Connection = {
  db: Database;
  audit: AuditLog;
  patients: PatientsRepository;
  sessions: SessionReader;
  appointments: AppointmentsRepository;
  attendance: AttendanceReports;
  diagnoses: DiagnosesRepository;
  medications: MedicationsRepository;
  notes: NotesRepository;
  chart: ChartReader;
  plans: PlansRepository;
  feedback: FeedbackRepository;
  alerts: CalendarAlerts;
  search: PatientSearch;
};
let connection: Connection | undefined;
const port = parentPort;
/** Named in the words of a disk error; the folder is the person's own choice, never clinical. */
let dataFolder = 'the data folder';

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

function keyPragma(key: Uint8Array): string {
  return `key = "x'${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}'"`;
}

function damaged(detail: string): AppError {
  return new AppError('VAULT_DAMAGED', `${detail} Alliance has not written to it. Restore the vault folder from a backup; the damaged files stay where they are.`);
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

function openWithKey({ databasePath, key, mode, integrity }: DatabaseApi['open']['params']): DatabaseApi['open']['result'] {
  if (connection) throw new AppError('INTERNAL', 'The database is already open.');
  if (key.byteLength !== 32) throw new AppError('INTERNAL', 'The database key has the wrong length.');
  dataFolder = path.dirname(databasePath);
  // Nothing of an existing vault is handed to SQLite before it is known to be this vault's own.
  const checked: Preflight = mode === 'existing' ? preflight(databasePath, key, new Date()) : { setAside: [], integrityChecked: true };
  if (mode === 'create') createEmptyFile(databasePath);
  const checkInline = !checked.integrityChecked && statSync(databasePath).size <= integrity.inlineUpToBytes;

  const db = new Database(databasePath);
  try {
    // SQLCipher's own stderr logging is separate from SQLite's; silence it before the key is set.
    db.pragma('cipher_log_level = NONE');
    db.pragma(keyPragma(key));
    db.pragma('cipher_memory_security = ON');
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
    connection = connect(db);
    const inBackground = !checked.integrityChecked && !checkInline;
    if (inBackground) startIntegrityCheck(databasePath, key);
    return { schemaVersion: version, setAside: checked.setAside, integrity: inBackground ? 'running' : 'checked' };
  } catch (error) {
    db.close();
    throw diskFailure(error, path.dirname(databasePath), databasePath) ?? error;
  }
}

/** The check of a large vault, running after unlock; `close` waits for it rather than kill a thread that holds a connection. */
let integrityCheck: Promise<void> | undefined;

function startIntegrityCheck(databasePath: string, key: Uint8Array): void {
  const request: IntegrityRequest = { databasePath, key: Uint8Array.from(key) };
  const checker = new Worker(path.join(__dirname, 'integrity-worker.cjs'), { workerData: request });
  request.key.fill(0);
  integrityCheck = new Promise<void>((resolve) => {
    let answered = false;
    checker.once('message', (answer: IntegrityAnswer) => {
      answered = true;
      // A check that ends after the vault was locked says nothing about the next unlock.
      if (connection) port?.postMessage({ event: 'integrity', problem: answer.problem, elapsedMs: answer.elapsedMs } satisfies DatabaseEvent);
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

/** The repositories of one open connection; they hold nothing that outlives it. */
function connect(db: Database): Connection {
  const audit = new AuditLog(db);
  const sessions = new SessionReader(db);
  const patients = new PatientsRepository(db, audit);
  const appointments = new AppointmentsRepository(db, sessions, audit);
  const attendance = new AttendanceReports(db);
  const diagnoses = new DiagnosesRepository(db, audit, patients);
  const medications = new MedicationsRepository(db, audit, patients);
  const notes = new NotesRepository(db, audit, patients, appointments);
  const feedback = new FeedbackRepository(db, audit, patients, appointments, sessions);
  const plans = new PlansRepository({ db, audit, patients, diagnoses, medications, feedback });
  const chart = new ChartReader({ db, audit, patients, sessions, attendance, diagnoses, medications, notes, plans, feedback });
  return {
    db,
    audit,
    patients,
    sessions,
    appointments,
    attendance,
    diagnoses,
    medications,
    notes,
    chart,
    plans,
    feedback,
    alerts: new CalendarAlerts(plans, feedback, sessions),
    search: new PatientSearch(db),
  };
}

async function closeDatabase(): Promise<DatabaseApi['close']['result']> {
  const open = connection;
  connection = undefined;
  open?.db.close();
  await integrityCheck;
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
  'patients.list': ({ includeArchived }) => requireConnection().patients.list(includeArchived),
  'patients.get': ({ id }) => requireConnection().patients.get(id),
  'patients.create': ({ patient, now }) => requireConnection().patients.create(patient, now),
  'patients.update': ({ id, version, patient, now }) => requireConnection().patients.update(id, version, patient, now),
  'patients.archive': ({ id, version, now }) => requireConnection().patients.archive(id, version, now),
  'patients.restore': ({ id, version, now }) => requireConnection().patients.restore(id, version, now),
  'calendar.range': ({ from, to, includeCancelled, context, rule }) => {
    const { appointments, alerts } = requireConnection();
    return alerts.apply(appointments.range(from, to, includeCancelled), context, rule);
  },
  'appointments.get': ({ ref, context, rule }) => {
    const { appointments, alerts } = requireConnection();
    const [appointment] = alerts.apply([appointments.get(ref)], context, rule);
    if (!appointment) throw new AppError('NOT_FOUND', 'There is no such session.');
    return appointment;
  },
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
  'chart.summary': ({ patientId, context, rule }) => requireConnection().chart.summary(patientId, context, rule),
  'chart.timeline': ({ patientId, context }) => requireConnection().chart.timeline(patientId, context),
  'diagnoses.list': ({ patientId }) => requireConnection().diagnoses.list(patientId),
  'diagnoses.add': ({ patientId, diagnosis, now }) => requireConnection().diagnoses.add(patientId, diagnosis, now),
  'diagnoses.update': ({ id, version, changes, now }) => requireConnection().diagnoses.update(id, version, changes, now),
  'diagnoses.markEnteredInError': ({ id, version, reason, now }) => requireConnection().diagnoses.markEnteredInError(id, version, reason, now),
  'medications.list': ({ patientId }) => requireConnection().medications.list(patientId),
  'medications.record': ({ patientId, entry, now }) => requireConnection().medications.record(patientId, entry, now),
  'medications.markEnteredInError': ({ eventId, reason, now }) => requireConnection().medications.markEnteredInError(eventId, reason, now),
  'allergies.get': ({ patientId }) => requireConnection().medications.allergies(patientId),
  'allergies.add': ({ patientId, allergy, now }) => requireConnection().medications.addAllergy(patientId, allergy, now),
  'allergies.markEnteredInError': ({ id, reason, now }) => requireConnection().medications.markAllergyEnteredInError(id, reason, now),
  'allergies.noneKnown': ({ patientId, now }) => requireConnection().medications.noneKnown(patientId, now),
  'notes.list': ({ patientId, limit, after }) => requireConnection().notes.list(patientId, limit, after),
  'notes.read': ({ id, now }) => requireConnection().notes.read(id, now),
  'notes.forSession': ({ ref }) => requireConnection().notes.forSession(ref),
  'notes.create': ({ input, context }) => requireConnection().notes.create(input, context),
  'notes.saveDraft': ({ id, version, fields, serviceDate, now }) => requireConnection().notes.saveDraft(id, version, fields, serviceDate, now),
  'notes.discardDraft': ({ id, version, now }) => {
    requireConnection().notes.discardDraft(id, version, now);
    return { discarded: true };
  },
  'notes.sign': ({ id, version, signedBy, now }) => requireConnection().notes.sign(id, version, signedBy, now),
  'notes.addAddendum': ({ noteId, text, signedBy, now }) => requireConnection().notes.addAddendum(noteId, text, signedBy, now),
  'notes.printed': ({ id, now }) => {
    requireConnection().notes.printed(id, now);
    return { recorded: true };
  },
  'search.query': ({ text, limit }) => requireConnection().search.query(text, limit),
  'audit.forPatient': ({ patientId, limit }) => requireConnection().audit.forPatient(patientId, limit),
  'audit.verify': () => requireConnection().audit.verify(),
  'plans.forPatient': ({ patientId, context }) => requireConnection().plans.forPatient(patientId, context),
  'plans.create': ({ patientId, reviewDays, context }) => requireConnection().plans.create(patientId, reviewDays, context),
  'plans.version': ({ versionId, context }) => requireConnection().plans.version(versionId, context),
  'plans.saveDraft': ({ versionId, version, content, now }) => requireConnection().plans.saveDraft(versionId, version, content, now),
  'plans.agree': ({ versionId, version, agreement, context }) => requireConnection().plans.agree(versionId, version, agreement, context),
  'plans.revise': ({ planId, reason, feedbackId, context }) => requireConnection().plans.revise(planId, reason, feedbackId, context),
  'plans.diff': ({ fromVersionId, toVersionId }) => requireConnection().plans.diff(fromVersionId, toVersionId),
  'plans.setObjectiveStatus': ({ planId, objectiveId, status, note, context }) =>
    requireConnection().plans.setObjectiveStatus(planId, objectiveId, status, note, context),
  'plans.addProgress': ({ planId, update, now }) => requireConnection().plans.addProgress(planId, update, now),
  'plans.printed': ({ versionId, now }) => {
    requireConnection().plans.printed(versionId, now);
    return { recorded: true };
  },
  'feedback.record': ({ ref, answers, source, context }) => requireConnection().feedback.recordFeedback(ref, answers, source, context),
  'measures.record': ({ patientId, ref, measure, source, context }) => requireConnection().feedback.recordMeasure(patientId, ref, measure, source, context),
  'feedback.forSession': ({ ref }) => requireConnection().feedback.forSession(ref),
  'feedback.trends': ({ patientId, rule, now }) => requireConnection().feedback.trends(patientId, rule, now),
  'feedback.practice': ({ from, to, rule, context }) => requireConnection().feedback.practice(from, to, rule, context),
  'feedback.selfHarmAlerts': ({ patientId, since }) => requireConnection().feedback.selfHarmAlerts(patientId, since),
  'measures.acknowledge': ({ measureId, now }) => requireConnection().feedback.acknowledge(measureId, now),
  'audit.record': ({ record, now }) => {
    requireConnection().audit.append(now, record);
    return { recorded: true };
  },
};

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
  // The schema's own guards (migrations 0007, 0009) fired: the words are ours, not the data's.
  if (error instanceof Error && error.message.startsWith('NOTE_SIGNED:')) {
    return { code: 'NOTE_SIGNED', message: 'This note is signed, so it cannot be changed. Add an addendum instead.' };
  }
  if (error instanceof Error && error.message.startsWith('PLAN_VERSION_FINAL:')) {
    return { code: 'CONFLICT', message: 'This version of the plan is final. Revise the plan to change it.' };
  }
  return { code: 'INTERNAL', message: 'The database could not complete this request.' };
}

async function answer(request: DatabaseRequest): Promise<DatabaseResponse> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  if (!isDatabaseMethod(request.method)) {
    return { id: request.id, ok: false, error: { code: 'INTERNAL', message: 'The database worker has no such method.' }, elapsedMs: elapsed() };
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
