/**
 * The one typed interface between the main process and the database worker. The worker
 * implements exactly these methods; the client in the main process can only call them.
 * Values cross by structured clone, so everything here is plain data.
 */
import type { AppErrorShape } from '../../shared/errors';
import type { Diagnostic } from '../diagnostics/log';
import type { SetAside } from './files/set-aside';
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
import type { AuditEntry, AuditVerification } from '../../shared/audit';
import type { ChartSummary, TimelineEntry } from '../../shared/chart';
import type { Diagnosis, DiagnosisChanges, DiagnosisEvent, DiagnosisInput } from '../../shared/diagnosis';
import type { Feedback, FeedbackAlertRule, FeedbackAnswers, FeedbackSource, Measure, PracticeFeedback, SelfHarmAlert, Trends } from '../../shared/feedback';
import type { MeasureAnswers } from '../../shared/measures';
import type { AllergyInput, AllergyStatus, Medication, MedicationEventInput, MedicationLists } from '../../shared/medication';
import type { Note, NoteFields, NoteSummary, NoteTemplate } from '../../shared/note';
import type { Patient, PatientInput, PatientSummary } from '../../shared/patient';
import type { Agreement, ObjectiveStatus, Plan, PlanContent, PlanDiff, PlanVersion, ProgressUpdate, ProgressUpdateInput } from '../../shared/plan';
import type { SearchResult } from '../../shared/search';
import type { SchedulingContext } from './repositories/appointments';
import type { AuditRecord } from './repositories/audit';
import type { CalendarExport } from './repositories/calendar-export';
import type { ClinicalContext } from './repositories/notes';

/**
 * The full integrity check reads every page: inline (before anything is written) for a database of
 * up to `inlineUpToBytes`, and on a thread of its own right after unlock for a larger one.
 */
export type IntegrityPlan = { inlineUpToBytes: number };

/** A few years of a practice (about 120 ms of checking here) are checked before unlock answers; more, after. */
export const DEFAULT_INTEGRITY_PLAN: IntegrityPlan = { inlineUpToBytes: 8 * 1024 * 1024 };

export type OpenedDatabase = {
  schemaVersion: number;
  /** Files found beside the database that were not its own, moved into `set-aside/`. */
  setAside: SetAside[];
  /** `running`: the check goes on after unlock and answers with an `integrity` event. */
  integrity: 'checked' | 'running';
};

export type DatabaseApi = {
  /**
   * Opens the vault's database with its raw 256-bit key and brings the schema up to date.
   * `create` refuses an existing file; `existing` refuses a missing one. The key arrives in a
   * transferred buffer that the worker wipes once SQLCipher has it.
   */
  open: {
    params: { databasePath: string; key: Uint8Array; mode: 'create' | 'existing'; integrity: IntegrityPlan };
    result: OpenedDatabase;
  };
  /** Closes the connection; SQLCipher wipes its page cache and key. Closing a closed database is fine. */
  close: { params: Record<string, never>; result: { wasOpen: boolean } };
  /** Whether the worker holds an open connection (a locked vault must answer false). */
  connection: { params: Record<string, never>; result: { open: boolean } };
  /** Does nothing; measures the cost of a call across the thread boundary. */
  ping: { params: Record<string, never>; result: { pong: true } };

  'patients.list': { params: { includeArchived: boolean }; result: PatientSummary[] };
  'patients.get': { params: { id: string }; result: Patient };
  'patients.create': { params: { patient: PatientInput; now: string }; result: Patient };
  'patients.update': { params: { id: string; version: number; patient: PatientInput; now: string }; result: Patient };
  'patients.archive': { params: { id: string; version: number; now: string }; result: Patient };
  'patients.restore': { params: { id: string; version: number; now: string }; result: Patient };

  /*
   * The calendar. The worker has no clock and no preferences of its own: the main process sends the
   * time (`now`, which tests fix), the practice's time zone, and the preferences that apply.
   */
  /** With the time and zone, so sessions to come of a plan due for review carry that alert. */
  'calendar.range': {
    params: { from: string; to: string; includeCancelled: boolean; context: ClinicalContext; rule: FeedbackAlertRule };
    result: Appointment[];
  };
  /** With the time, zone and rule, so the session carries its alerts as the calendar shows them. */
  'appointments.get': { params: { ref: OccurrenceRef; context: ClinicalContext; rule: FeedbackAlertRule }; result: Appointment };
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

  /* The chart. Every change, and every opening of a chart or reading of a note, is audited at `now`. */
  'chart.summary': { params: { patientId: string; context: ClinicalContext; rule: FeedbackAlertRule }; result: ChartSummary };
  'chart.timeline': { params: { patientId: string; context: ClinicalContext }; result: TimelineEntry[] };
  'diagnoses.list': { params: { patientId: string }; result: { diagnoses: Diagnosis[]; history: DiagnosisEvent[] } };
  'diagnoses.add': { params: { patientId: string; diagnosis: DiagnosisInput; now: string }; result: Diagnosis };
  'diagnoses.update': { params: { id: string; version: number; changes: DiagnosisChanges; now: string }; result: Diagnosis };
  'diagnoses.markEnteredInError': { params: { id: string; version: number; reason: string; now: string }; result: Diagnosis };
  'medications.list': { params: { patientId: string }; result: MedicationLists };
  'medications.record': { params: { patientId: string; entry: MedicationEventInput; now: string }; result: Medication };
  'medications.markEnteredInError': { params: { eventId: string; reason: string; now: string }; result: MedicationLists };
  'allergies.get': { params: { patientId: string }; result: AllergyStatus };
  'allergies.add': { params: { patientId: string; allergy: AllergyInput; now: string }; result: AllergyStatus };
  'allergies.markEnteredInError': { params: { id: string; reason: string; now: string }; result: AllergyStatus };
  'allergies.noneKnown': { params: { patientId: string; now: string }; result: AllergyStatus };
  'notes.list': {
    params: { patientId: string; limit: number; after: { serviceDate: string; id: string } | null };
    result: { notes: NoteSummary[]; more: boolean };
  };
  'notes.read': { params: { id: string; now: string }; result: Note };
  'notes.forSession': { params: { ref: OccurrenceRef }; result: NoteSummary | null };
  'notes.create': {
    params: { input: { patientId: string; template: NoteTemplate; session: OccurrenceRef | null; serviceDate: string | null }; context: ClinicalContext };
    result: Note;
  };
  'notes.saveDraft': { params: { id: string; version: number; fields: NoteFields; serviceDate: string; now: string }; result: { version: number; updatedAt: string } };
  'notes.discardDraft': { params: { id: string; version: number; now: string }; result: { discarded: true } };
  'notes.sign': { params: { id: string; version: number; signedBy: string; now: string }; result: Note };
  'notes.addAddendum': { params: { noteId: string; text: string; signedBy: string; now: string }; result: Note };
  'notes.printed': { params: { id: string; now: string }; result: { recorded: true } };
  'search.query': { params: { text: string; limit: number }; result: SearchResult[] };
  'audit.forPatient': { params: { patientId: string; limit: number }; result: AuditEntry[] };
  'audit.verify': { params: Record<string, never>; result: AuditVerification };

  'plans.forPatient': { params: { patientId: string; context: ClinicalContext }; result: Plan | null };
  'plans.create': { params: { patientId: string; reviewDays: number; context: ClinicalContext }; result: Plan };
  'plans.version': { params: { versionId: string; context: ClinicalContext }; result: PlanVersion };
  'plans.saveDraft': { params: { versionId: string; version: number; content: PlanContent; now: string }; result: PlanVersion };
  'plans.agree': { params: { versionId: string; version: number; agreement: Agreement; context: ClinicalContext }; result: Plan };
  'plans.revise': { params: { planId: string; reason: string; feedbackId: string | null; context: ClinicalContext }; result: Plan };
  'plans.diff': { params: { fromVersionId: string; toVersionId: string }; result: PlanDiff };
  'plans.setObjectiveStatus': {
    params: { planId: string; objectiveId: string; status: ObjectiveStatus; note: string; context: ClinicalContext };
    result: Plan;
  };
  'plans.addProgress': { params: { planId: string; update: ProgressUpdateInput; now: string }; result: ProgressUpdate };
  'plans.printed': { params: { versionId: string; now: string }; result: { recorded: true } };

  'feedback.record': { params: { ref: OccurrenceRef; answers: FeedbackAnswers; source: FeedbackSource; context: ClinicalContext }; result: Feedback };
  'measures.record': {
    params: { patientId: string; ref: OccurrenceRef | null; measure: MeasureAnswers; source: FeedbackSource; context: ClinicalContext };
    result: Measure;
  };
  'feedback.forSession': { params: { ref: OccurrenceRef }; result: { feedback: Feedback | null; measures: Measure[] } };
  'feedback.trends': { params: { patientId: string; rule: FeedbackAlertRule; now: string }; result: Trends };
  'feedback.practice': { params: { from: string; to: string; rule: FeedbackAlertRule; context: ClinicalContext }; result: PracticeFeedback };
  /** Item-9 answers of the patient not yet acknowledged, since an instant if given. */
  'feedback.selfHarmAlerts': { params: { patientId: string; since?: string }; result: SelfHarmAlert[] };
  'measures.acknowledge': { params: { measureId: string; now: string }; result: Measure };
  /** An entry for something the main process did (patient mode began or ended); the record names it. */
  'audit.record': { params: { record: AuditRecord; now: string }; result: { recorded: true } };
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
  'chart.summary',
  'chart.timeline',
  'diagnoses.list',
  'diagnoses.add',
  'diagnoses.update',
  'diagnoses.markEnteredInError',
  'medications.list',
  'medications.record',
  'medications.markEnteredInError',
  'allergies.get',
  'allergies.add',
  'allergies.markEnteredInError',
  'allergies.noneKnown',
  'notes.list',
  'notes.read',
  'notes.forSession',
  'notes.create',
  'notes.saveDraft',
  'notes.discardDraft',
  'notes.sign',
  'notes.addAddendum',
  'notes.printed',
  'search.query',
  'audit.forPatient',
  'audit.verify',
  'plans.forPatient',
  'plans.create',
  'plans.version',
  'plans.saveDraft',
  'plans.agree',
  'plans.revise',
  'plans.diff',
  'plans.setObjectiveStatus',
  'plans.addProgress',
  'plans.printed',
  'feedback.record',
  'measures.record',
  'feedback.forSession',
  'feedback.trends',
  'feedback.practice',
  'feedback.selfHarmAlerts',
  'measures.acknowledge',
  'audit.record',
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
  /** `diagnostic`: for an INTERNAL error only, what the diagnostic log may keep of it. */
  | { id: number; ok: false; error: AppErrorShape; elapsedMs: number; diagnostic?: Diagnostic };

/** What the database worker hands the integrity checker's thread, and what it answers. */
export type IntegrityRequest = { databasePath: string; key: Uint8Array };
export type IntegrityAnswer = { problem: string | null; elapsedMs: number };

/** Sent by the worker unasked: the outcome of an integrity check that ran after unlock. */
export type DatabaseEvent = { event: 'integrity'; problem: string | null; elapsedMs: number };

export type WorkerMessage = DatabaseResponse | DatabaseEvent;
