import { z } from 'zod';
import { BACKUP_REASONS } from '../backup';
import { channel, empty } from '../channel';
import { passphraseSchema, recoveryCodeSchema, vaultStatusSchema } from '../vault';

/*
 * Reading backups: the restore drill (open a backup read-only beside the live vault and look at it) and
 * the restore itself. All run in the main process: it opens the folder dialog, keeps the chosen folder
 * (the window only ever holds a ticket for it) and owns the vault's files.
 */

/** A chosen backup folder, as the window names it back: the path itself stays in the main process. */
export const backupTicketSchema = z.string().regex(/^[0-9a-f]{32}$/, 'is not a backup ticket');

/** What opens a backup of another vault (or one whose key file changed): its passphrase or its recovery code. */
export const backupSecretSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('passphrase'), passphrase: passphraseSchema }),
  z.strictObject({ kind: z.literal('recovery'), recoveryCode: recoveryCodeSchema }),
]);
export type BackupSecret = z.infer<typeof backupSecretSchema>;

/** What the manifest says of the backup, readable before it is opened. */
export const backupSummarySchema = z.object({
  /** The backup folder's own name (`alliance-backup-…`), never its full path. */
  folderName: z.string(),
  createdAt: z.iso.datetime(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  reason: z.enum(BACKUP_REASONS),
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;

/** One table's rows: as the manifest recorded them, and as counted in the opened copy (null: the table is missing). */
export const backupTableCountSchema = z.object({
  table: z.string(),
  recorded: z.number().int().nonnegative(),
  found: z.number().int().nonnegative().nullable(),
});

export const backupNoteSchema = z.object({
  serviceDate: z.string(),
  patientName: z.string(),
  template: z.string(),
  signed: z.boolean(),
});
export type BackupNote = z.infer<typeof backupNoteSchema>;

export const backupSessionSchema = z.object({
  startUtc: z.string(),
  patientName: z.string(),
  kind: z.string(),
  attendance: z.string(),
});
export type BackupSession = z.infer<typeof backupSessionSchema>;

/** What the opened backup holds, read on a connection of its own that was closed before this answer. */
export const backupContentsSchema = z.object({
  /** Signed with this vault's key: a backup of this vault. */
  ofThisVault: z.boolean(),
  /** The database's own schema version (an older backup is brought up to date when it is first unlocked after a restore). */
  schemaVersion: z.number().int().nonnegative(),
  counts: z.array(backupTableCountSchema),
  /** Every table's count is what the manifest recorded. */
  countsMatch: z.boolean(),
  /** The latest notes by service date, newest first. */
  notes: z.array(backupNoteSchema),
  /** The latest sessions that had begun when the backup was taken, newest first. */
  sessions: z.array(backupSessionSchema),
});
export type BackupContents = z.infer<typeof backupContentsSchema>;

export const backupExaminationSchema = z.discriminatedUnion('state', [
  /** The manifest and files are whole, but the backup is not signed with this vault's key: its passphrase or recovery code opens it. */
  z.object({ state: z.literal('needs-key'), ticket: backupTicketSchema, backup: backupSummarySchema }),
  z.object({
    state: z.literal('opened'),
    ticket: backupTicketSchema,
    backup: backupSummarySchema,
    contents: backupContentsSchema,
    /** Where a restore of it would keep the replaced vault: a dated folder inside this one, in the data folder. */
    setAsideIn: z.string(),
  }),
]);
export type BackupExamination = z.infer<typeof backupExaminationSchema>;

export const restoreChannels = {
  /** Asks the person for a backup folder, checks it and, when it is this vault's, opens it read-only and answers what it holds. */
  'restore:chooseBackup': channel({
    input: empty,
    output: z.discriminatedUnion('state', [z.object({ state: z.literal('cancelled') }), ...backupExaminationSchema.options]),
    needsVault: true,
    runs: 'main',
  }),
  /** Opens a chosen backup of another vault with its passphrase or recovery code. */
  'restore:openBackup': channel({
    input: z.strictObject({ ticket: backupTicketSchema, secret: backupSecretSchema }),
    output: backupExaminationSchema,
    needsVault: true,
    runs: 'main',
  }),
  /** The drill is over: the main process forgets the chosen folder. */
  'restore:closeBackup': channel({
    input: z.strictObject({ ticket: backupTicketSchema }),
    output: z.object({ closed: z.literal(true) }),
    needsVault: true,
    runs: 'main',
  }),
  /**
   * Replaces the vault with the chosen backup, keeping the replaced vault's files in a dated folder in
   * the data folder, then locks: the restored vault opens with that backup's passphrase or recovery code.
   */
  'restore:restore': channel({
    input: z.strictObject({ ticket: backupTicketSchema, secret: backupSecretSchema.optional() }),
    output: vaultStatusSchema,
    needsVault: true,
    runs: 'main',
    changes: ['vault'],
  }),
};
