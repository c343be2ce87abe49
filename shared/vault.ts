import { z } from 'zod';

export const VAULT_STATES = ['new', 'setting-up', 'locked', 'unlocked', 'damaged'] as const;

/**
 * - new: no vault in the data folder; set-up may begin.
 * - setting-up: a key and recovery code exist in memory only, awaiting the person's confirmation
 *   of the recovery sheet; nothing is on disk yet, so quitting now leaves the folder as it was.
 * - damaged: something is wrong with the files (tampered key file, database without key file,
 *   database from a newer app). `message` says what; the app never writes over it.
 */
/** Files found in the data folder that were not the vault's own, moved (never deleted) into `folder`. */
export const setAsideNoticeSchema = z.object({
  folder: z.string(),
  files: z.array(z.string()),
  reason: z.string(),
});
export type SetAsideNotice = z.infer<typeof setAsideNoticeSchema>;

/** The vault in the data folder was just put back from a backup: whose passphrase opens it, and where the one it replaced went. */
export const restoredBackupSchema = z.object({
  /** When the backup was taken (UTC, from its manifest). */
  backupCreatedAt: z.iso.datetime(),
  /** The dated folder in the data folder that holds the replaced vault's files. */
  setAsideFolder: z.string(),
});
export type RestoredBackup = z.infer<typeof restoredBackupSchema>;

export const vaultStatusSchema = z.object({
  state: z.enum(VAULT_STATES),
  message: z.string().optional(),
  /** Told once, with the status that follows the move: what was set aside, where and why. */
  setAside: z.array(setAsideNoticeSchema).optional(),
  /** A large vault is unlocked while its full integrity check still runs on a thread of its own. */
  integrityCheck: z.literal('running').optional(),
  /** Until it is first unlocked: the vault is a backup that was just restored, opened by that backup's passphrase or recovery code. */
  restored: restoredBackupSchema.optional(),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

/** Long enough for any passphrase a person would type; bounds the work scrypt is asked to do. */
export const MAX_PASSPHRASE_LENGTH = 1024;

export const passphraseSchema = z
  .string()
  .min(1, 'Enter the passphrase')
  .max(MAX_PASSPHRASE_LENGTH, `Use at most ${MAX_PASSPHRASE_LENGTH} characters`);

/** Eight groups of four Crockford base-32 characters, 160 bits. Spaces, dashes and case are forgiven. */
export const RECOVERY_CODE_GROUPS = 8;
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function normalizeRecoveryCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const groups = compact.match(/.{1,4}/g) ?? [];
  return groups.join('-');
}

export const recoveryCodeSchema = z
  .string()
  .max(200, 'A recovery code is 32 characters')
  .transform(normalizeRecoveryCode)
  .refine(
    (code) => new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{4}(-[${RECOVERY_CODE_ALPHABET}]{4}){${RECOVERY_CODE_GROUPS - 1}}$`).test(code),
    'A recovery code is eight groups of four letters and digits, as printed on the recovery sheet',
  );

/** What the recovery sheet shows, once, at set-up. */
export const recoverySheetSchema = z.object({
  recoveryCode: z.string(),
  databaseKeyHex: z.string().regex(/^[0-9a-f]{64}$/),
  /** The one line a SQLCipher 4 tool needs: PRAGMA key = "x'…'"; */
  sqlcipherKeyPragma: z.string(),
  databaseFileName: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type RecoverySheet = z.infer<typeof recoverySheetSchema>;

/**
 * `connection-lost`: the database worker stopped unexpectedly, which closes the vault as surely as a lock.
 * `damaged`: the integrity check that ran after unlock found the database damaged.
 * `restored`: a backup replaced the vault; it opens with that backup's passphrase or recovery code.
 */
export const LOCK_REASONS = ['manual', 'idle', 'suspend', 'screen-locked', 'quit', 'connection-lost', 'damaged', 'restored'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];
