/**
 * The seam between the Electron glue (or the browser harness) and everything below it.
 * `createAppCore` in ./app-core.ts builds one of these; main.ts and tests/harness both use it,
 * so the harness exercises the very handler table the app ships.
 */
import type { BridgeEvent } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { LockReason } from '../shared/vault';
import type { IntegrityPlan, MemorySecurity } from './database/api';
import type { PreferenceStore } from './preferences/store';
import type { ScryptParams } from './vault/keyfile';

export type PrintTarget = 'pdf' | 'printer';
export type PrintOutcome = 'saved' | 'printed' | 'cancelled';

/** Prints the calling window. Electron's uses webContents.printToPDF and a save dialog, or webContents.print. */
export interface Printer {
  print(target: PrintTarget, suggestedFileName: string): Promise<PrintOutcome>;
}

/** Saves text the person exported where they choose. Electron's shows a save dialog and writes the bytes there; no temp file. */
export interface FileSaver {
  save(suggestedFileName: string, content: string, mimeType: string): Promise<'saved' | 'cancelled'>;
}

/** Why a folder is asked for: the dialog's title and button say it. */
export type FolderPurpose = 'backup-destination' | 'backup-to-open' | 'export-destination';

/**
 * Asks the person for a folder. Electron's shows an open dialog for directories; the harness answers
 * what the test queued. The renderer never names a path itself: it only ever gets back one the person chose.
 */
export interface FolderPicker {
  /** The chosen folder's absolute path, or undefined when the person cancelled. */
  choose(purpose: FolderPurpose): Promise<string | undefined>;
}

/** What the caller of one invoke knows about where it came from, already checked by the caller. */
export type CallContext = {
  printer: Printer;
  files: FileSaver;
  folders: FolderPicker;
};

export type AppCoreOptions = {
  /** The folder that holds the key file and the database. Created if missing. */
  dataDir: string;
  preferences: PreferenceStore;
  /** The bundled database worker (dist-electron/database-worker.cjs). */
  workerPath: string;
  /** Injectable clock for the idle lock in tests. */
  now?: () => number;
  /** How long requestLock waits for the window to lock itself (default 3 s). */
  lockRequestGraceMs?: number;
  /** Up to which database size the full integrity check runs before unlock answers (tests set 0 to check after). */
  integrity?: IntegrityPlan;
  /** Tests only: a cheaper scrypt for the key file's wraps (the file records it). The app never sets it. */
  scrypt?: ScryptParams;
  /** Tests only: SQLCipher's memory security off, for the tests of features (see MemorySecurity). The app never sets it. */
  memorySecurity?: MemorySecurity;
  /** Tests only: how often the backup schedule looks whether one is due (default 5 minutes); they move `now` instead of waiting. */
  backupCheckEveryMs?: number;
};

export interface AppCore {
  /** Validates the channel and input against the contract and answers a Result; never throws. */
  handle(channel: unknown, input: unknown, context: CallContext): Promise<Result<unknown>>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
  /** Locks from outside a call: sleep, screen lock, quit. */
  lock(reason: LockReason): Promise<void>;
  /**
   * The person asked to lock from outside the page (the menu). The window is told first, so it can
   * save what is being typed and lock itself; if it has not within a few seconds, the core locks anyway.
   */
  requestLock(): void;
  /** Locks and stops the worker; the core is unusable after. */
  close(): Promise<void>;
}
