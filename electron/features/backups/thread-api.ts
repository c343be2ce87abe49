/**
 * What passes between the database worker and a backup's own thread (./backup-thread.ts), and what
 * the worker tells the main process of it. Plain data: it crosses threads by structured clone.
 */
import type { BackupReason } from '../../../shared/backup';
import type { MemorySecurity } from '../../database/api';
import type { AppErrorShape } from '../../../shared/errors';

/** What the main process asks for: a backup of the open vault into `destination/folderName`. */
export type BackupStartParams = {
  destination: string;
  /** `alliance-backup-<UTC>` (shared/backup.ts `backupFolderName`); written as `<folderName>.partial` first. */
  folderName: string;
  createdAt: string;
  reason: BackupReason;
  appVersion: string;
  keyFilePath: string;
};

/** The thread's whole brief: the worker adds the open database and a copy of its key, wiped by the thread at its end. */
/** The thread's connections follow the process's memory security (database/memory-security.ts). */
export type BackupThreadRequest = BackupStartParams & { databasePath: string; key: Uint8Array; memorySecurity: MemorySecurity };

export type BackupVerified = {
  folder: string;
  createdAt: string;
  reason: BackupReason;
};

export type BackupThreadMessage =
  { type: 'verifying' } | { type: 'verified'; backup: BackupVerified } | { type: 'failed'; error: AppErrorShape };

/** Sent by the database worker unasked, as the backup thread reports. */
export type BackupEvent = { event: 'backup'; folderName: string; message: BackupThreadMessage };
