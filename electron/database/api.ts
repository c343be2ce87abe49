/**
 * The one typed interface between the main process and the database worker. The worker
 * implements exactly these methods; the client in the main process can only call them.
 * Values cross by structured clone, so everything here is plain data.
 */
import type { AppErrorShape } from '../../shared/errors';
import type {
  Appointment,
  AppointmentChanges,
  AppointmentInput,
  Attendance,
  AttendanceRecord,
  EditScope,
  OccurrenceRef,
  OnTimeRow,
  SchedulingWarning,
} from '../../shared/appointment';
import type { Patient, PatientInput, PatientSummary } from '../../shared/patient';
import type { SchedulingContext } from './repositories/appointments';
import type { CalendarExport } from './repositories/calendar-export';

export type DatabaseApi = {
  /**
   * Opens the vault's database with its raw 256-bit key and brings the schema up to date.
   * `create` refuses an existing file; `existing` refuses a missing one. The key arrives in a
   * transferred buffer that the worker wipes once SQLCipher has it.
   */
  open: { params: { databasePath: string; key: Uint8Array; mode: 'create' | 'existing' }; result: { schemaVersion: number } };
  /** Closes the connection; SQLCipher wipes its page cache and key. Closing a closed database is fine. */
  close: { params: Record<string, never>; result: { wasOpen: boolean } };
  /** Whether the worker holds an open connection (a locked vault must answer false). */
  connection: { params: Record<string, never>; result: { open: boolean } };
  /** Does nothing; measures the cost of a call across the thread boundary. */
  ping: { params: Record<string, never>; result: { pong: true } };

  'patients.list': { params: { includeArchived: boolean }; result: PatientSummary[] };
  'patients.get': { params: { id: string }; result: Patient };
  'patients.create': { params: { patient: PatientInput }; result: Patient };
  'patients.update': { params: { id: string; version: number; patient: PatientInput }; result: Patient };
  'patients.archive': { params: { id: string; version: number }; result: Patient };
  'patients.restore': { params: { id: string; version: number }; result: Patient };

  /*
   * The calendar. The worker has no clock and no preferences of its own: the main process sends the
   * time (`now`, which tests fix), the practice's time zone, and the preferences that apply.
   */
  'calendar.range': { params: { from: string; to: string; includeCancelled: boolean }; result: Appointment[] };
  'appointments.get': { params: { ref: OccurrenceRef }; result: Appointment };
  'appointments.warnings': {
    params: { start: string; durationMinutes: number; ignore: OccurrenceRef | null; context: SchedulingContext };
    result: SchedulingWarning[];
  };
  'appointments.create': { params: { appointment: AppointmentInput; acknowledgeWarnings: boolean; context: SchedulingContext }; result: Appointment };
  'appointments.update': {
    params: {
      ref: OccurrenceRef;
      scope: EditScope;
      version: number;
      changes: AppointmentChanges;
      acknowledgeWarnings: boolean;
      context: SchedulingContext;
    };
    result: Appointment;
  };
  'appointments.cancel': {
    params: { ref: OccurrenceRef; scope: EditScope; by: 'patient' | 'clinician'; context: SchedulingContext };
    result: Appointment;
  };
  'appointments.setAttendance': {
    params: { ref: OccurrenceRef; attendance: Attendance; lateMinutes: number | null; now: string };
    result: Appointment;
  };
  'sessions.start': { params: { ref: OccurrenceRef; now: string }; result: Appointment };
  'sessions.end': { params: { ref: OccurrenceRef; now: string }; result: Appointment };
  'sessions.running': { params: Record<string, never>; result: Appointment | null };
  'patients.attendance': { params: { patientId: string; now: string }; result: AttendanceRecord };
  'reports.onTime': { params: { from: string; to: string; groupBy: 'week' | 'month'; timeZone: string }; result: OnTimeRow[] };
  'calendar.exportIcs': {
    params: { from: string; to: string; names: 'initials' | 'omit'; includeCancelled: boolean; timeZone: string };
    result: CalendarExport;
  };
};

export type DatabaseMethod = keyof DatabaseApi;
export type DatabaseParams<M extends DatabaseMethod> = DatabaseApi[M]['params'];
export type DatabaseResult<M extends DatabaseMethod> = DatabaseApi[M]['result'];

export const DATABASE_METHODS = [
  'open',
  'close',
  'connection',
  'ping',
  'patients.list',
  'patients.get',
  'patients.create',
  'patients.update',
  'patients.archive',
  'patients.restore',
  'calendar.range',
  'appointments.get',
  'appointments.warnings',
  'appointments.create',
  'appointments.update',
  'appointments.cancel',
  'appointments.setAttendance',
  'sessions.start',
  'sessions.end',
  'sessions.running',
  'patients.attendance',
  'reports.onTime',
  'calendar.exportIcs',
] as const satisfies readonly DatabaseMethod[];

// A method added to DatabaseApi but not listed above fails here.
type Unlisted = Exclude<DatabaseMethod, (typeof DATABASE_METHODS)[number]>;
const everyMethodListed: Unlisted extends never ? true : false = true;
void everyMethodListed;

export function isDatabaseMethod(name: unknown): name is DatabaseMethod {
  return typeof name === 'string' && (DATABASE_METHODS as readonly string[]).includes(name);
}

export type DatabaseRequest = { id: number; method: string; params: unknown };

/** `elapsedMs` is the time the worker spent on the call, without the trip across threads. */
export type DatabaseResponse =
  | { id: number; ok: true; value: unknown; elapsedMs: number }
  | { id: number; ok: false; error: AppErrorShape; elapsedMs: number };
