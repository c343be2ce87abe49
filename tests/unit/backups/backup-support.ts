/** Shared steps of the backup tests: a backup folder, a backup run to its end, the folders it left. */
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackupStatus } from '../../../shared/channels/backups';
import { BACKUP_FOLDER_PREFIX } from '../../../shared/backup';
import type { TempVault } from '../support/temp-vault';

export async function tempBackupFolder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'alliance-backups-'));
}

/** Chooses `folder` in the folder dialog, as the person would in Settings. */
export async function chooseBackupFolder(vault: TempVault, folder: string): Promise<void> {
  vault.chooseFolders(folder);
  const chosen = await vault.call('backups:chooseFolder', {});
  if (chosen.outcome !== 'chosen') throw new Error('The backup folder was not chosen.');
}

/** Polls the status until no backup runs (the window does the same), and answers it. */
export async function backupSettled(vault: TempVault, timeoutMs = 30_000): Promise<BackupStatus> {
  const started = Date.now();
  for (;;) {
    const status = await vault.call('backups:status', {});
    if (status.running === null) return status;
    if (Date.now() - started > timeoutMs) throw new Error('The backup did not finish in time.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function backUpNow(vault: TempVault): Promise<BackupStatus> {
  await vault.call('backups:backUpNow', {});
  return backupSettled(vault);
}

/** The backup folder's entries that are Alliance backups, finished or partial, sorted. */
export async function backupEntries(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.startsWith(BACKUP_FOLDER_PREFIX)).sort();
}
