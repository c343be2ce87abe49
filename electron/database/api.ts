/**
 * The one typed interface between the main process and the database worker: the connection's life
 * (open, close), `run` for every worker channel of the contract (the features' own handlers answer
 * it), and the few steps patient mode takes that no channel offers the window. The worker refuses
 * every other method. Values cross by structured clone, so everything here is plain data.
 */
import type { Scope } from '../../shared/channel';
import type { WorkerChannel } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import type { FeedbackAnswers, Feedback, Measure, SelfHarmAlert } from '../../shared/feedback';
import type { OccurrenceRef } from '../../shared/appointment';
import type { MeasureAnswers } from '../../shared/measures';
import type { GoalRating, GoalRatingAnswer } from '../../shared/goal-ratings';
import type { Diagnostic } from '../diagnostics/log';
import type { AuditRecord } from '../features/audit/repository';
import type { PracticeExportParams, PracticeExportSummary } from '../features/exports/practice';
import type { RecordPdfParams, RecordPdfSummary } from '../features/exports/record-pdf';
import type { CallMoment } from '../features/handlers';
import type { SetAside } from './files/set-aside';
import type { BackupManifest } from '../../shared/backup';
import type { BackupContents } from '../../shared/channels/restore';
import type { BackupEvent, BackupStartParams } from '../features/backups/thread-api';
import type { AdoptCopyParams } from '../features/sync/adopt';

/**
 * The full integrity check reads every page: inline (before anything is written) for a database of
 * up to `inlineUpToBytes`, and on a thread of its own right after unlock for a larger one, started
 * `backgroundDelayMs` after unlock answers.
 */
export type IntegrityPlan = { inlineUpToBytes: number; backgroundDelayMs?: number };

/**
 * A few years of a practice (about 120 ms of checking here) are checked before unlock answers; more,
 * after. The thread starts a moment after unlock: its start-up, then a core and the disk for seconds,
 * would otherwise share two cores with reading and drawing the first screen, which a person waits for
 * (on the 20-year practice the day was painted about a third later).
 */
export const DEFAULT_INTEGRITY_PLAN: IntegrityPlan = { inlineUpToBytes: 8 * 1024 * 1024, backgroundDelayMs: 1_500 };

/**
 * SQLCipher's memory security: every allocation locked in memory and wiped when freed. The app always
 * turns it on. The tests of features (not of the vault itself) turn it off, as they lower scrypt's cost:
 * it changes nothing that is written or read, and it was a third of their database worker's time.
 */
export type MemorySecurity = 'on' | 'off';

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
    params: {
      databasePath: string;
      key: Uint8Array;
      mode: 'create' | 'existing';
      integrity: IntegrityPlan;
      memorySecurity: MemorySecurity;
    };
    result: OpenedDatabase;
  };
  /** Closes the connection; SQLCipher wipes its page cache and key. Closing a closed database is fine. */
  close: { params: Record<string, never>; result: { wasOpen: boolean } };
  /** Whether the worker holds an open connection (a locked vault must answer false). */
  connection: { params: Record<string, never>; result: { open: boolean } };
  /** Does nothing; measures the cost of a call across the thread boundary. */
  ping: { params: Record<string, never>; result: { pong: true } };
  /** A channel of the contract that the worker answers, its input already validated by the main process. */
  run: { params: { channel: WorkerChannel; input: unknown; environment: CallMoment }; result: unknown };

  /** Patient mode's own steps: the audit entries of the handover, and what the patient gives. */
  'audit.record': { params: { record: AuditRecord; now: string }; result: { recorded: true } };
  'patientMode.recordFeedback': {
    params: { ref: OccurrenceRef; answers: FeedbackAnswers; environment: CallMoment };
    result: Feedback;
  };
  'patientMode.recordMeasure': {
    params: { patientId: string; ref: OccurrenceRef; measure: MeasureAnswers; environment: CallMoment };
    result: Measure;
  };
  /** The patient's ratings of their plan's goals, for the session patient mode was entered from. */
  'patientMode.rateGoals': {
    params: { patientId: string; ref: OccurrenceRef; ratings: GoalRatingAnswer[]; environment: CallMoment };
    result: GoalRating[];
  };
  /** Item-9 answers given since patient mode began, for the clinician alone when it ends. */
  'patientMode.selfHarmAlerts': { params: { patientId: string; since: string }; result: SelfHarmAlert[] };

  /**
   * The restore drill: opens a backup read-only on a connection of its own, beside the vault's, and
   * closes it again. `key`: the backup's key, unwrapped from its own key file (transferred, wiped);
   * null for a backup of this vault, read with the open vault's own key.
   */
  'restore.read': {
    params: { folder: string; manifest: BackupManifest; key: Uint8Array | null };
    result: Omit<BackupContents, 'ofThisVault'>;
  };
  /** A restore's staged copy, checked against the manifest and opened with the key before the vault's files move. */
  'restore.checkStaged': {
    params: { stagingDir: string; manifest: BackupManifest; key: Uint8Array | null };
    result: { schemaVersion: number };
  };
  /**
   * The whole practice, written into a new folder inside one the person chose in the main process's
   * dialog: no channel of the window can name a folder. Yields between charts, so other calls (and
   * a lock) are answered while it runs.
   */
  'exports.practice': { params: PracticeExportParams; result: PracticeExportSummary };
  /**
   * A patient's record as a PDF, with the practice's letterhead the main process read from the preferences:
   * read by the worker, written on a thread of its own (exports/record-pdf-writer.ts), so other calls are
   * answered meanwhile.
   */
  'exports.recordPdf': { params: RecordPdfParams; result: RecordPdfSummary };
  /**
   * Starts a backup of the open vault on a thread of its own, with its own connection and a copy of
   * the key (electron/features/backups/backup-thread.ts), and answers at once with the database's
   * size; `backup` events follow. A backup already running is refused with CONFLICT.
   */
  'backup.start': { params: BackupStartParams; result: { databaseBytes: number } };
  /** Whether the vault holds any patient: the backup reminder speaks from the first record. */
  'backup.holdsRecords': { params: Record<string, never>; result: { holdsRecords: boolean } };
  /**
   * Joining a vault: the other device's copy, open here before it is moved into place, becomes this
   * device (electron/features/sync/adopt.ts). Refused when the copy is not of `vaultId`.
   */
  'sync.adoptCopy': { params: AdoptCopyParams; result: { includesSeq: number } };
  /**
   * This device's values of the practice's settings from before they moved into the vault (its
   * electron-store), written into the vault once at unlock where the vault has none
   * (electron/features/preferences/practice-settings.ts, `adopt`). Answers the keys written.
   */
  'preferences.adopt': { params: { values: Record<string, unknown>; now: string }; result: { adopted: string[] } };
};

export type DatabaseMethod = keyof DatabaseApi;
export type DatabaseParams<M extends DatabaseMethod> = DatabaseApi[M]['params'];
export type DatabaseResult<M extends DatabaseMethod> = DatabaseApi[M]['result'];

export const DATABASE_METHODS = [
  'open',
  'close',
  'connection',
  'ping',
  'run',
  'audit.record',
  'patientMode.recordFeedback',
  'patientMode.recordMeasure',
  'patientMode.rateGoals',
  'patientMode.selfHarmAlerts',
  'restore.read',
  'restore.checkStaged',
  'exports.practice',
  'exports.recordPdf',
  'backup.start',
  'backup.holdsRecords',
  'sync.adoptCopy',
  'preferences.adopt',
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
export type IntegrityRequest = { databasePath: string; key: Uint8Array; memorySecurity: MemorySecurity };
export type IntegrityAnswer = { problem: string | null; elapsedMs: number };

/**
 * Sent by the worker unasked: the outcome of an integrity check that ran after unlock; or, from
 * replication, scopes whose data changed without a channel (changes received from another device,
 * the exchange's status), which the main process broadcasts as `data:changed`.
 */
export type IntegrityEvent = { event: 'integrity'; problem: string | null; elapsedMs: number };
export type SyncEvent = { event: 'sync'; scopes: Scope[] };
export type DatabaseEvent = IntegrityEvent | SyncEvent;

export type WorkerMessage = DatabaseResponse | DatabaseEvent | BackupEvent;
