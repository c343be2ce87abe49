import { z } from 'zod';
import { BACKUP_PATH_MAX, BACKUP_REASONS, lastVerifiedBackupSchema } from '../backup';
import { channel, empty } from '../channel';
import { errorCodeSchema } from '../errors';

/* Backups of the vault (shared/backup.ts), written and verified on a thread of their own; the main process runs them. */

export const BACKUP_PHASES = ['copying', 'verifying'] as const;

/** A backup being written: the renderer shows `fraction` as a progress bar. */
export const backupProgressSchema = z.object({
  reason: z.enum(BACKUP_REASONS),
  startedAt: z.iso.datetime(),
  phase: z.enum(BACKUP_PHASES),
  /** 0 to 1: the copy's bytes written of the database's, then the verification's share. */
  fraction: z.number().min(0).max(1),
});
export type BackupProgress = z.infer<typeof backupProgressSchema>;

/** none: a verified backup is recent; calm: none for the reminder's days; urgent: none for 30 days, or none ever once the vault holds records. */
export const BACKUP_REMINDERS = ['none', 'calm', 'urgent'] as const;
export type BackupReminder = (typeof BACKUP_REMINDERS)[number];

export const backupStatusSchema = z.object({
  /** The folder backups go to, or null until the person chooses one. */
  folder: z.string().max(BACKUP_PATH_MAX).nullable(),
  running: backupProgressSchema.nullable(),
  lastVerified: lastVerifiedBackupSchema
    .extend({
      /** Whether its folder is there now: an external disk in a drawer holds it still, unreachable. */
      reachable: z.boolean(),
    })
    .nullable(),
  /** The last backup that failed since Alliance started, when no verified one followed it. */
  lastFailure: z.object({ at: z.iso.datetime(), code: errorCodeSchema, message: z.string() }).nullable(),
  reminder: z.enum(BACKUP_REMINDERS),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const backupsChannels = {
  /** Where backups go, the one running with its progress, the last verified one, and whether to remind. */
  'backups:status': channel({ input: empty, output: backupStatusSchema, needsVault: true, runs: 'main' }),
  /** Opens the folder dialog; the chosen folder becomes the backups' folder. Cancelling changes nothing. */
  'backups:chooseFolder': channel({
    input: empty,
    output: z.object({ outcome: z.enum(['chosen', 'cancelled']), status: backupStatusSchema }),
    needsVault: true,
    runs: 'main',
    changes: ['backups'],
  }),
  /** Starts a backup to the chosen folder and answers at once; `backups:status` follows it. */
  'backups:backUpNow': channel({ input: empty, output: backupStatusSchema, needsVault: true, runs: 'main', changes: ['backups'] }),
};
