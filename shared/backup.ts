import { z } from 'zod';

/**
 * A backup is a folder holding the vault's encrypted database copy, its key file (still wrapped under
 * the passphrase and the recovery code) and `manifest.json`. The manifest says what the backup holds and
 * lets anything that reads it prove that not one byte changed: each file's size and SHA-256, and an
 * HMAC-SHA256 over the manifest itself under a key derived from the vault's database key (see
 * electron/features/backups/manifest.ts), so a manifest edited to match edited files is caught too.
 */
export const BACKUP_FORMAT = 'alliance-backup';
/** Raised when a backup's layout changes so that an older app could not read it. */
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_MANIFEST_FILE_NAME = 'manifest.json';
/** A finished, verified backup's folder: `alliance-backup-2026-12-01T18-15-00Z`. */
export const BACKUP_FOLDER_PREFIX = 'alliance-backup-';
/** A backup still being written or verified; never reported as a backup, removed at the next start. */
export const PARTIAL_BACKUP_SUFFIX = '.partial';
/** A manifest larger than this is not one of ours. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hexadecimal');

export const backupFileSchema = z.strictObject({
  /** A plain file name inside the backup folder, never a path. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'is not a plain file name'),
  bytes: z.number().int().nonnegative(),
  sha256: hex64,
});
export type BackupFile = z.infer<typeof backupFileSchema>;

/** What a reader checks first, so a backup from a newer app is refused with words, not a parse error. */
export const backupManifestHeadSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().nonnegative(),
});

export const BACKUP_REASONS = ['manual', 'scheduled', 'lock', 'quit'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const backupManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  /** The app that wrote it (package.json's version). */
  appVersion: z.string().max(40),
  /** The database's `user_version`: a backup from a newer schema is refused, never altered. */
  schemaVersion: z.number().int().nonnegative(),
  /** When the copy was taken, UTC, ISO 8601. */
  createdAt: z.iso.datetime(),
  reason: z.enum(BACKUP_REASONS),
  /** Rows per table of the copy, as counted in it: verification and restore compare against these. */
  tables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number().int().nonnegative()),
  /** The database copy and the key file (exactly these two), each with its size and SHA-256. */
  files: z.array(backupFileSchema).length(2),
  /** HMAC-SHA256, hex, over the manifest without this field (canonical JSON), under the backup key. */
  signature: hex64,
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type UnsignedBackupManifest = Omit<BackupManifest, 'signature'>;

/** The folder name of a backup taken at this instant: sortable, and valid on every file system. */
export function backupFolderName(createdAt: Date): string {
  return `${BACKUP_FOLDER_PREFIX}${createdAt.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

/** The longest folder path Alliance keeps for backups. */
export const BACKUP_PATH_MAX = 4096;

/** The preferences' bounds (shared/preferences.ts), written once with their messages. */
export const BACKUP_LIMITS = {
  everyHours: { min: 1, max: 168 },
  /** The calm reminder's days; the unmissable one speaks at URGENT_BACKUP_REMINDER_DAYS whatever this says. */
  reminderDays: { min: 1, max: 30 },
  keepDaily: 60,
  keepWeekly: 52,
  keepMonthly: 120,
} as const;
export const BACKUP_MESSAGES = {
  everyHours: `From ${BACKUP_LIMITS.everyHours.min} hour to ${BACKUP_LIMITS.everyHours.max} hours (a week)`,
  reminderDays: `From ${BACKUP_LIMITS.reminderDays.min} to ${BACKUP_LIMITS.reminderDays.max} days`,
  keepDaily: `From 0 to ${BACKUP_LIMITS.keepDaily}`,
  keepWeekly: `From 0 to ${BACKUP_LIMITS.keepWeekly}`,
  keepMonthly: `From 0 to ${BACKUP_LIMITS.keepMonthly}`,
} as const;
/** With no verified backup for this many days (or none ever, once the vault holds records), the reminder cannot be missed. */
export const URGENT_BACKUP_REMINDER_DAYS = 30;

/** The last backup that was written and verified: where (its folder) and when it was taken. */
export const lastVerifiedBackupSchema = z.object({
  folder: z.string().max(BACKUP_PATH_MAX),
  createdAt: z.iso.datetime(),
  reason: z.enum(BACKUP_REASONS),
});
export type LastVerifiedBackup = z.infer<typeof lastVerifiedBackupSchema>;
