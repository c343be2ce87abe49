/**
 * Backups, in the main process: where they go (the folder the person chose), when one is made (by
 * hand; on a schedule; when the vault locks or the app quits, at most once per interval), what a
 * running one has done so far, what pruning keeps, and the reminder. The copy and its verification
 * run on a thread the database worker starts (./start-in-worker.ts, ./backup-thread.ts).
 *
 * A lock while a backup runs locks at once: the window empties and the worker's connection closes;
 * the backup's thread, which has its own connection and its own copy of the key, finishes writing
 * and verifying the encrypted copy, then wipes its key. A backup taken at lock starts (and so holds
 * its copy of the key) before the vault's connection closes. Quitting waits for a running backup.
 */
import { access, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import {
  BACKUP_FOLDER_PREFIX,
  backupFolderName,
  PARTIAL_BACKUP_SUFFIX,
  URGENT_BACKUP_REMINDER_DAYS,
  type BackupReason,
} from '../../../shared/backup';
import type { BackupReminder, BackupStatus } from '../../../shared/channels/backups';
import type { BridgeEvent } from '../../../shared/contract';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import type { LockReason } from '../../../shared/vault';
import type { FolderPicker } from '../../app-core-types';
import type { DatabaseClient } from '../../database/client';
import type { PreferenceStore } from '../../preferences/store';
import { DATABASE_FILE_NAME } from '../../vault/vault';
import { backupsToPrune, backupTimeOf, type StoredBackup } from './retention';
import type { BackupEvent } from './thread-api';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How often the schedule looks whether a backup is due, while the vault is unlocked. */
const CHECK_EVERY_MS = 5 * 60_000;
/** An automatic backup that failed (a disk unplugged) is tried again after this long at the earliest. */
const RETRY_FAILED_AFTER_MS = HOUR_MS;
/** The copy's share of the progress bar; verification reads it all back, in about the same time. */
const COPY_SHARE = 0.5;

export const APP_VERSION: string = packageJson.version;

/** Locks that take a backup first: not a lost connection nor damage found, where the key is gone or must not be used. */
const BACKUP_AT_LOCK: ReadonlySet<LockReason> = new Set(['manual', 'idle', 'suspend', 'screen-locked']);

export type BackupServiceOptions = {
  keyFilePath: string;
  database: DatabaseClient;
  preferences: PreferenceStore;
  now: () => number;
  timeZone: () => string;
  emit: (event: BridgeEvent) => void;
  isUnlocked: () => boolean;
  /** Tests shorten the schedule's look (they drive the clock with `now`). */
  checkEveryMs?: number;
};

type Running = {
  folderName: string;
  destination: string;
  reason: BackupReason;
  startedAt: number;
  databaseBytes: number;
  phase: 'copying' | 'verifying';
  verifyingSince: number;
  finished: Promise<void>;
  finish: () => void;
};

/** The reminder the app shell shows: calm after `reminderDays` without a verified backup, unmissable at 30 or with none ever once there are records. */
export function backupReminder(lastVerifiedAt: string | null, now: number, reminderDays: number, holdsRecords: boolean): BackupReminder {
  if (lastVerifiedAt === null) return holdsRecords ? 'urgent' : 'none';
  const days = (now - Date.parse(lastVerifiedAt)) / DAY_MS;
  if (days >= URGENT_BACKUP_REMINDER_DAYS) return 'urgent';
  if (days >= reminderDays) return 'calm';
  return 'none';
}

function isPartialName(name: string): boolean {
  return name.startsWith(BACKUP_FOLDER_PREFIX) && name.endsWith(PARTIAL_BACKUP_SUFFIX);
}

async function exists(target: string): Promise<boolean> {
  try {
    await access(target);
    return true;
  } catch {
    return false;
  }
}

export class BackupService {
  readonly #options: BackupServiceOptions;
  #running: Running | undefined;
  #lastFailure: { at: string; error: AppErrorShape } | null = null;
  #lastAutomaticAttempt: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** A backup is being started (its folder named, its thread asked for): a second one waits its turn. */
  #starting = false;

  constructor(options: BackupServiceOptions) {
    this.#options = options;
  }

  get #folder(): string | null {
    const folder = this.#options.preferences.get().backupFolder;
    return folder === '' ? null : folder;
  }

  async status(holdsRecords: boolean): Promise<BackupStatus> {
    const preferences = this.#options.preferences.get();
    const last = preferences.lastVerifiedBackup;
    const running = this.#running;
    const failure = this.#lastFailure;
    return {
      folder: this.#folder,
      running: running
        ? {
            reason: running.reason,
            startedAt: new Date(running.startedAt).toISOString(),
            phase: running.phase,
            fraction: await this.#fraction(running),
          }
        : null,
      lastVerified: last ? { ...last, reachable: await exists(last.folder) } : null,
      lastFailure: failure ? { at: failure.at, code: failure.error.code, message: failure.error.message } : null,
      reminder: backupReminder(last?.createdAt ?? null, this.#options.now(), preferences.backupReminderDays, holdsRecords),
    };
  }

  async #fraction(running: Running): Promise<number> {
    if (running.phase === 'verifying') {
      const elapsed = this.#options.now() - running.verifyingSince;
      // Reading back takes about as long as writing did: this backup's own copy time is the best guess.
      const expected = Math.max(1, running.verifyingSince - running.startedAt);
      return COPY_SHARE + (1 - COPY_SHARE) * Math.min(0.95, elapsed / expected);
    }
    const copy = path.join(running.destination, running.folderName + PARTIAL_BACKUP_SUFFIX, DATABASE_FILE_NAME);
    const { size } = await stat(copy).catch(() => ({ size: 0 }));
    return COPY_SHARE * Math.min(1, size / Math.max(1, running.databaseBytes));
  }

  /** Opens the folder dialog; a chosen folder becomes the backups' folder. */
  async chooseFolder(folders: FolderPicker): Promise<'chosen' | 'cancelled'> {
    const chosen = await folders.choose('backup-destination');
    if (chosen === undefined) return 'cancelled';
    if (!path.isAbsolute(chosen)) throw new AppError('INVALID_INPUT', 'The backup folder must be a full path.');
    this.#options.preferences.record({ backupFolder: path.resolve(chosen) });
    await this.cleanPartials();
    return 'chosen';
  }

  /** "Back up now": starts one unless one is running; the answer comes before the backup ends. */
  async backUpNow(): Promise<void> {
    if (this.#running || this.#starting) return;
    const error = await this.#start('manual');
    if (error) throw AppError.fromShape(error);
  }

  /** Whether an automatic backup is due: a folder is set, none verified within the interval, and no recent automatic attempt. */
  isDue(): boolean {
    const preferences = this.#options.preferences.get();
    if (this.#folder === null || this.#running || this.#starting) return false;
    const now = this.#options.now();
    const interval = preferences.backupEveryHours * HOUR_MS;
    const last = preferences.lastVerifiedBackup;
    if (last && now - Date.parse(last.createdAt) < interval) return false;
    const attempt = this.#lastAutomaticAttempt;
    return attempt === undefined || now - attempt >= Math.min(interval, RETRY_FAILED_AFTER_MS);
  }

  async #automatic(reason: BackupReason): Promise<void> {
    if (!this.#options.isUnlocked() || !this.isDue()) return;
    this.#lastAutomaticAttempt = this.#options.now();
    await this.#start(reason);
  }

  /** Called by the vault before its connection closes: a backup due at lock or quit starts now, while the key is there. */
  async beforeLock(reason: LockReason): Promise<void> {
    if (reason === 'quit') await this.#automatic('quit');
    else if (BACKUP_AT_LOCK.has(reason)) await this.#automatic('lock');
  }

  /** The vault opened: leftovers of a killed backup go, and the schedule starts looking. */
  unlocked(): void {
    void this.cleanPartials();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.#automatic('scheduled'), this.#options.checkEveryMs ?? CHECK_EVERY_MS);
    this.#timer.unref();
  }

  locked(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves when no backup is running: quitting waits for it, since ending its thread mid-copy could end the process. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running.finished;
  }

  /** Removes `.partial` folders a killed backup left in the backup folder; never the running one's, never anything else. */
  async cleanPartials(): Promise<void> {
    const folder = this.#folder;
    if (folder === null) return;
    let names: string[];
    try {
      names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch {
      return;
    }
    for (const name of names) {
      if (!isPartialName(name)) continue;
      if (this.#running && this.#running.destination === folder && `${this.#running.folderName}${PARTIAL_BACKUP_SUFFIX}` === name) continue;
      await rm(path.join(folder, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Answers the error that stopped the backup from starting, if one did; its end arrives as an event. */
  async #start(reason: BackupReason): Promise<AppErrorShape | null> {
    this.#starting = true;
    try {
      return await this.#startOne(reason);
    } finally {
      this.#starting = false;
    }
  }

  async #startOne(reason: BackupReason): Promise<AppErrorShape | null> {
    const destination = this.#folder;
    if (destination === null) {
      return new AppError('INVALID_INPUT', 'Choose a folder for backups first.').toShape();
    }
    await this.cleanPartials();
    let createdAt = Math.floor(this.#options.now() / 1000) * 1000;
    // Two backups within one second (or a clock set back) must not meet in one folder.
    while (
      (await exists(path.join(destination, backupFolderName(new Date(createdAt))))) ||
      (await exists(path.join(destination, backupFolderName(new Date(createdAt)) + PARTIAL_BACKUP_SUFFIX)))
    ) {
      createdAt += 1000;
    }
    const folderName = backupFolderName(new Date(createdAt));
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const running: Running = {
      folderName,
      destination,
      reason,
      startedAt: this.#options.now(),
      databaseBytes: 0,
      phase: 'copying',
      verifyingSince: 0,
      finished,
      finish,
    };
    this.#running = running;
    try {
      const { databaseBytes } = await this.#options.database.call('backup.start', {
        destination,
        folderName,
        createdAt: new Date(createdAt).toISOString(),
        reason,
        appVersion: APP_VERSION,
        keyFilePath: this.#options.keyFilePath,
      });
      running.databaseBytes = databaseBytes;
      this.#options.emit({ type: 'data:changed', scopes: ['backups'] });
      return null;
    } catch (error) {
      if (this.#running === running) this.#running = undefined;
      finish();
      const shape = error instanceof AppError ? error.toShape() : { code: 'INTERNAL' as const, message: 'The backup could not start.' };
      this.#lastFailure = { at: new Date(this.#options.now()).toISOString(), error: shape };
      return shape;
    }
  }

  /** What the backup's thread reported, through the database worker. */
  backupEvent({ folderName, message }: BackupEvent): void {
    const running = this.#running;
    if (!running || running.folderName !== folderName) return;
    if (message.type === 'verifying') {
      running.phase = 'verifying';
      running.verifyingSince = this.#options.now();
      return;
    }
    if (message.type === 'verified') {
      const { backup } = message;
      this.#options.preferences.record({
        lastVerifiedBackup: { folder: backup.folder, createdAt: backup.createdAt, reason: backup.reason },
      });
      this.#lastFailure = null;
      void this.#prune(running.destination, folderName).finally(() => this.#finish(running));
      return;
    }
    this.#lastFailure = { at: new Date(this.#options.now()).toISOString(), error: message.error };
    this.#finish(running);
  }

  #finish(running: Running): void {
    if (this.#running === running) this.#running = undefined;
    running.finish();
    this.#options.emit({ type: 'data:changed', scopes: ['backups'] });
  }

  /** Applies the retention preference to the finished backups in `destination`; the one just verified is always kept. */
  async #prune(destination: string, justVerified: string): Promise<void> {
    const preferences = this.#options.preferences.get();
    let names: string[];
    try {
      names = (await readdir(destination, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch {
      return;
    }
    const backups: StoredBackup[] = [];
    for (const name of names) {
      const createdAt = backupTimeOf(name);
      if (createdAt) backups.push({ name, createdAt });
    }
    const policy = { daily: preferences.backupKeepDaily, weekly: preferences.backupKeepWeekly, monthly: preferences.backupKeepMonthly };
    for (const name of backupsToPrune(backups, policy, this.#options.timeZone())) {
      if (name === justVerified) continue;
      // Renamed first, in one step: a removal cut short leaves a `.partial` folder (cleaned up later), never a broken backup.
      const doomed = path.join(destination, name + PARTIAL_BACKUP_SUFFIX);
      try {
        await rename(path.join(destination, name), doomed);
      } catch {
        continue;
      }
      await rm(doomed, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
