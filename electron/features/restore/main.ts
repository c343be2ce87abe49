/**
 * The restore drill and the restore, in the main process: it asks for the folder, keeps it (the window
 * holds only a ticket), checks the manifest against the files, decides whose key opens the backup and
 * hands the SQL to the database worker. The restore itself is the vault's (electron/vault/vault.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PARTIAL_BACKUP_SUFFIX, type BackupManifest } from '../../../shared/backup';
import type { BackupExamination, BackupSecret, BackupSummary, restoreChannels } from '../../../shared/channels/restore';
import { AppError } from '../../../shared/errors';
import type { DatabaseClient } from '../../database/client';
import { SET_ASIDE_FOLDER } from '../../database/files/set-aside';
import { KEY_FILE_NAME, parseKeyFile, passphraseSecret, readKeyFile, recoverySecret, unwrapKey, type KeySlot } from '../../vault/keyfile';
import type { Vault } from '../../vault/vault';
import { BackupProblem, readBackupManifest } from '../backups/manifest';
import type { MainChannelsOf, MainHandlers } from '../handlers';
import type { StepObserver } from './swap';

/** The folders the person chose this session, by ticket. A path never goes to the window and back. */
const chosen = new Map<string, string>();

function folderOf(ticket: string): string {
  const folder = chosen.get(ticket);
  if (!folder) throw new AppError('NOT_FOUND', 'That backup is no longer open. Choose it again.');
  return folder;
}

function refused(message: string): AppError {
  return new AppError('BACKUP_REFUSED', message);
}

function summaryOf(folder: string, manifest: BackupManifest): BackupSummary {
  return {
    folderName: path.basename(folder),
    createdAt: manifest.createdAt,
    appVersion: manifest.appVersion,
    schemaVersion: manifest.schemaVersion,
    reason: manifest.reason,
  };
}

function sameSlot(a: KeySlot, b: KeySlot): boolean {
  return a.salt === b.salt && a.iv === b.iv && a.tag === b.tag && a.wrappedKey === b.wrappedKey;
}

/**
 * A backup whose manifest and files agree, with the key that opens it: null for this vault's own key
 * (its recovery wrap is this vault's; only the passphrase wrap ever changes), or the key unwrapped
 * from the backup's own key file with the secret given. `needs-key` when it is another vault's and
 * no secret was given.
 */
export type CheckedBackup =
  | { state: 'needs-key'; folder: string; manifest: BackupManifest }
  | { state: 'keyed'; folder: string; manifest: BackupManifest; key: Buffer | null; ofThisVault: boolean };

export async function checkBackup(vault: Vault, folder: string, secret: BackupSecret | undefined): Promise<CheckedBackup> {
  if (folder.endsWith(PARTIAL_BACKUP_SUFFIX)) {
    throw refused(
      'This backup was never finished (its folder name ends in .partial): it is not a backup. Nothing was changed; choose a finished one.',
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = await readBackupManifest(folder);
  } catch (error) {
    if (error instanceof BackupProblem) throw refused(`${error.message} Nothing was changed.`);
    throw error;
  }
  let backupKeys;
  try {
    backupKeys = parseKeyFile(await readFile(path.join(folder, KEY_FILE_NAME), 'utf8'));
  } catch (error) {
    const detail =
      error instanceof AppError
        ? error.message.replace(/^The key file is damaged: /, '').replace(/\. Restore.*$/, '')
        : 'it cannot be read';
    throw refused(`The backup’s key file is damaged: ${detail}. Nothing was changed.`);
  }
  const liveKeys = await readKeyFile(vault.keyFilePath);
  const ofThisVault = liveKeys !== null && sameSlot(liveKeys.slots.recovery, backupKeys.slots.recovery);
  if (secret) {
    const key =
      secret.kind === 'passphrase'
        ? await unwrapKey(backupKeys, 'passphrase', passphraseSecret(secret.passphrase))
        : await unwrapKey(backupKeys, 'recovery', recoverySecret(secret.recoveryCode));
    if (!key) {
      throw secret.kind === 'passphrase'
        ? new AppError('WRONG_PASSPHRASE', 'That passphrase does not open this backup. Nothing was changed.')
        : new AppError('WRONG_RECOVERY_CODE', 'That recovery code does not open this backup. Nothing was changed.');
    }
    return { state: 'keyed', folder, manifest, key, ofThisVault };
  }
  if (ofThisVault) return { state: 'keyed', folder, manifest, key: null, ofThisVault };
  return { state: 'needs-key', folder, manifest };
}

/** The key as the worker takes it: moved (transferred), and the caller's copy wiped. */
function transferable(key: Buffer | null): { key: Uint8Array | null; transfer: ArrayBuffer[] } {
  if (!key) return { key: null, transfer: [] };
  const moved = new Uint8Array(new ArrayBuffer(key.byteLength));
  moved.set(key);
  key.fill(0);
  return { key: moved, transfer: [moved.buffer] };
}

export async function examineBackup(
  vault: Vault,
  database: DatabaseClient,
  ticket: string,
  folder: string,
  secret: BackupSecret | undefined,
): Promise<BackupExamination> {
  const checked = await checkBackup(vault, folder, secret);
  const backup = summaryOf(folder, checked.manifest);
  if (checked.state === 'needs-key') return { state: 'needs-key', ticket, backup };
  const { key, transfer } = transferable(checked.key);
  const { value } = await database.callTimed('restore.read', { folder, manifest: checked.manifest, key }, transfer);
  const setAsideIn = path.join(path.dirname(vault.keyFilePath), SET_ASIDE_FOLDER);
  return { state: 'opened', ticket, backup, contents: { ofThisVault: checked.ofThisVault, ...value }, setAsideIn };
}

/** Checks the backup, then has the vault put it in its place; answers the locked vault's status. */
export async function restoreBackup(
  vault: Vault,
  database: DatabaseClient,
  folder: string,
  secret: BackupSecret | undefined,
  observe?: StepObserver,
) {
  const checked = await checkBackup(vault, folder, secret);
  if (checked.state === 'needs-key') {
    throw refused('This backup is of another vault: enter its passphrase or recovery code to restore it. Nothing was changed.');
  }
  const { manifest } = checked;
  let key = checked.key;
  try {
    return await vault.restore({
      backupFolder: folder,
      backupCreatedAt: manifest.createdAt,
      checkStaged: async (stagingDir) => {
        // Each call moves its own copy of the key to the worker; this one is wiped when the restore ends.
        const copy = key ? Buffer.from(key) : null;
        const moved = transferable(copy);
        await database.callTimed('restore.checkStaged', { stagingDir, manifest, key: moved.key }, moved.transfer);
      },
      ...(observe ? { observe } : {}),
    });
  } finally {
    key?.fill(0);
    key = null;
  }
}

export const restoreMain: MainHandlers<MainChannelsOf<typeof restoreChannels>> = {
  'restore:chooseBackup': async (_input, { vault, database }, { folders }) => {
    const folder = await folders.choose('backup-to-open');
    if (!folder) return { state: 'cancelled' };
    const ticket = randomBytes(16).toString('hex');
    chosen.set(ticket, folder);
    try {
      return await examineBackup(vault, database, ticket, folder, undefined);
    } catch (error) {
      // A refused backup gets no ticket: looking at it again, or restoring it, starts from the dialog.
      chosen.delete(ticket);
      throw error;
    }
  },
  'restore:openBackup': ({ ticket, secret }, { vault, database }) => examineBackup(vault, database, ticket, folderOf(ticket), secret),
  'restore:closeBackup': async ({ ticket }) => {
    chosen.delete(ticket);
    return { closed: true };
  },
  'restore:restore': async ({ ticket, secret }, { vault, database, backups }) => {
    // A backup being written reads the vault the restore is about to move aside: it finishes first.
    await backups.settled();
    const status = await restoreBackup(vault, database, folderOf(ticket), secret);
    chosen.delete(ticket);
    return status;
  },
};
