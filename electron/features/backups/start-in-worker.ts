/**
 * The database worker's part of a backup: it holds the open connection and the vault key, so it
 * starts the backup's own thread (./backup-thread.ts) with a copy of the key and passes on what the
 * thread reports. The worker's connection keeps answering the window meanwhile.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import { chosenMemorySecurity } from '../../database/memory-security';
import type { BackupEvent, BackupStartParams, BackupThreadMessage, BackupThreadRequest } from './thread-api';

/** The folder name of the backup whose thread is running, if one is. */
let running: string | undefined;

export function backupRunning(): boolean {
  return running !== undefined;
}

/**
 * Starts the thread and answers the database's size in use, which the copy will about reach. The
 * key is cloned into the thread's brief and this side's copy wiped: from here the thread alone holds
 * it, and wipes it when it ends, even if the vault is locked meanwhile.
 */
export function startBackupThread(
  params: BackupStartParams,
  db: Database,
  databasePath: string,
  key: Uint8Array,
  post: (event: BackupEvent) => void,
): { databaseBytes: number } {
  if (running !== undefined) throw new AppError('CONFLICT', 'A backup is already being written. Wait for it to finish.');
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
  const request: BackupThreadRequest = { ...params, databasePath, key: Uint8Array.from(key), memorySecurity: chosenMemorySecurity() };
  const thread = new Worker(path.join(__dirname, 'backup-worker.cjs'), { workerData: request });
  request.key.fill(0);
  const folderName = params.folderName;
  running = folderName;
  let ended = false;
  // The backup is over at its last message, before its thread has exited: the service answers then, and the next
  // backup may start at once (its folder name differs, so this thread's late exit does not clear it).
  const end = (): void => {
    ended = true;
    if (running === folderName) running = undefined;
  };
  thread.on('message', (message: BackupThreadMessage) => {
    if (message.type !== 'verifying') end();
    post({ event: 'backup', folderName, message });
  });
  thread.once('error', () => undefined);
  thread.once('exit', () => {
    if (running === folderName) running = undefined;
    if (!ended) {
      ended = true;
      post({
        event: 'backup',
        folderName,
        message: {
          type: 'failed',
          error: { code: 'INTERNAL', message: 'The backup stopped before it finished. The vault and earlier backups are untouched.' },
        },
      });
    }
  });
  return { databaseBytes: Math.max(pageSize, pages * pageSize) };
}
