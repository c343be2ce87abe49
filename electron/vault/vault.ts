/**
 * The vault's lifecycle in the main process: set-up, unlock, recovery, passphrase change, lock.
 * It holds no database connection itself (the worker does) and keeps key material only for the
 * moment it is needed: every unwrapped key is wiped as soon as it has been handed on.
 */
import { randomBytes } from 'node:crypto';
import { constants, existsSync, rmSync } from 'node:fs';
import { access, chmod, lstat, mkdir, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { BridgeEvent } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { assessPassphrase } from '../../shared/passphrase';
import type { LockReason, RecoverySheet, RestoredBackup, SetAsideNotice, VaultStatus } from '../../shared/vault';
import { DEFAULT_INTEGRITY_PLAN, type IntegrityPlan, type MemorySecurity } from '../database/api';
import type { DatabaseClient } from '../database/client';
import { diskFailure, folderNotWritable } from '../database/files/failures';
import { setAside } from '../database/files/set-aside';
import { PAGE_SIZE } from '../database/files/sqlcipher-page';
import {
  createKeyFile,
  DATABASE_KEY_BYTES,
  KEY_FILE_NAME,
  passphraseSecret,
  isKeyFileTemp,
  readKeyFile,
  recoverySecret,
  syncFolder,
  rewrapPassphrase,
  unwrapKey,
  writeKeyFile,
  type KeyFile,
  type ScryptParams,
} from './keyfile';
import { generateRecoveryCode } from './recovery-code';
import {
  finishRestore,
  readRestoredNote,
  removeRestoredNote,
  setAsideFolderFor,
  settleInterruptedRestore,
  stageBackup,
  stagingDir,
  writePlan,
  type StepObserver,
} from '../features/restore/swap';

export const DATABASE_FILE_NAME = 'alliance.db';
/** SQLite's companions of the database file in WAL mode. */
const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'];
/**
 * Set-up builds the whole vault in this folder and moves it into place last, key file last of all,
 * so a set-up cut short leaves this folder (recognised and set aside at the next start) or a whole vault.
 */
export const SETUP_FOLDER = '.alliance-setup';
/**
 * Joining a vault from another device builds the new device's vault from the other's copy in this
 * folder. Nothing in it is of use once the join is given up or cut short (the copy came from the
 * server and the code that brought it is spent), so it is removed, not set aside.
 */
export const JOIN_FOLDER = '.alliance-join';

/** `staged`: the folder holding a copy received from another device (a join), already this device's. */
type PendingSetup = { databaseKey: Buffer; keyFile: KeyFile; staged?: string };

/** Joining a vault from another device (electron/features/sync/join.ts): what the vault service asks of it. */
export type JoinedCopy = {
  /** Writes the other device's copy of the database into `folder` (as DATABASE_FILE_NAME) and answers its key. */
  fetch(folder: string): Promise<Buffer>;
  /** Runs while the copy is open in the worker: it becomes this device's own. */
  adopt(): Promise<void>;
};

/** A backup to put in the vault's place; its manifest and key were already checked by the restore feature. */
export type RestoreRequest = {
  backupFolder: string;
  backupCreatedAt: string;
  /** Checks the copy staged in the data folder (against the manifest, with the backup's key); throws to refuse. */
  checkStaged: (stagingDir: string) => Promise<void>;
  /** Tests only: told as each step is done, to stop the restore between any two. */
  observe?: StepObserver;
};

type State =
  | { kind: 'closed' }
  | { kind: 'setting-up'; pending: PendingSetup }
  | { kind: 'unlocked' }
  /** Found out while opening (a newer database, a key that does not open it); the files say nothing. */
  | { kind: 'damaged'; code: 'DATABASE_TOO_NEW' | 'VAULT_DAMAGED' | 'NOT_A_FILE'; message: string };

export type VaultOptions = {
  dataDir: string;
  database: DatabaseClient;
  emit: (event: BridgeEvent) => void;
  now: () => number;
  /** Tests lower it to 0 to run the after-unlock check on a small vault. */
  integrity?: IntegrityPlan;
  /** Tests only: a cheaper key derivation for new wraps. The app always uses SCRYPT_PARAMS. */
  scrypt?: ScryptParams;
  /** Tests only: SQLCipher's memory security off (see MemorySecurity). The app always has it on. */
  memorySecurity?: MemorySecurity;
  /** Runs before an unlocked vault's connection closes, while the worker still holds the key: a backup due at lock starts here. */
  beforeLock?: (reason: LockReason) => Promise<void>;
};

function weak(passphrase: string): AppError | null {
  const assessment = assessPassphrase(passphrase);
  return assessment.acceptable ? null : new AppError('WEAK_PASSPHRASE', assessment.reason);
}

export class Vault {
  readonly keyFilePath: string;
  readonly databasePath: string;
  readonly #database: DatabaseClient;
  readonly #emit: (event: BridgeEvent) => void;
  readonly #now: () => number;
  readonly #dataDir: string;
  readonly #integrity: IntegrityPlan;
  readonly #scrypt: ScryptParams | undefined;
  readonly #memorySecurity: MemorySecurity;
  readonly #beforeLock: ((reason: LockReason) => Promise<void>) | undefined;
  #state: State = { kind: 'closed' };
  /** What was moved into set-aside/ since the person last saw a status; told once, then forgotten. */
  #notices: SetAsideNotice[] = [];
  /** The full integrity check of a large vault is still running after unlock. */
  #checking = false;
  /** The vault is a backup just restored, until it is first unlocked. */
  #restored: RestoredBackup | null = null;
  /** Vault operations run one at a time: a double-clicked unlock must not open twice. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: VaultOptions) {
    this.keyFilePath = path.join(options.dataDir, KEY_FILE_NAME);
    this.databasePath = path.join(options.dataDir, DATABASE_FILE_NAME);
    this.#database = options.database;
    this.#emit = options.emit;
    this.#now = options.now;
    this.#dataDir = options.dataDir;
    this.#integrity = options.integrity ?? DEFAULT_INTEGRITY_PLAN;
    this.#scrypt = options.scrypt;
    this.#memorySecurity = options.memorySecurity ?? 'on';
    this.#beforeLock = options.beforeLock;
  }

  isUnlocked(): boolean {
    return this.#state.kind === 'unlocked';
  }

  status(): Promise<VaultStatus> {
    return this.#exclusive(() => this.#status());
  }

  prepareSetup(passphrase: string): Promise<RecoverySheet> {
    return this.#exclusive(async () => {
      const status = await this.#status();
      if (status.state !== 'new' && status.state !== 'setting-up') {
        throw new AppError('VAULT_EXISTS', 'A vault already exists in the data folder; Alliance will not create another over it.');
      }
      const refusal = weak(passphrase);
      if (refusal) throw refusal;
      // Before the person copies out a recovery sheet: can this folder hold a vault at all?
      await this.#probeWritable();
      this.#discardPendingSetup();
      const databaseKey = randomBytes(DATABASE_KEY_BYTES);
      const recoveryCode = generateRecoveryCode();
      const createdAt = new Date(this.#now()).toISOString();
      const keyFile = await createKeyFile(databaseKey, passphrase, recoveryCode, createdAt, this.#scrypt);
      this.#state = { kind: 'setting-up', pending: { databaseKey, keyFile } };
      const hex = databaseKey.toString('hex');
      return {
        recoveryCode,
        databaseKeyHex: hex,
        sqlcipherKeyPragma: `PRAGMA key = "x'${hex}'";`,
        databaseFileName: DATABASE_FILE_NAME,
        createdAt,
      };
    });
  }

  /**
   * Set-up from another device's vault: as `prepareSetup`, but the database is the copy `copy`
   * fetches (with the vault key it came with), opened once here to become this device's, and wrapped
   * under this device's own passphrase and a new recovery code. `confirmSetup` moves it into place.
   * Whatever fails, the copy is removed and the folder is as it was.
   */
  prepareJoin(passphrase: string, copy: JoinedCopy): Promise<RecoverySheet> {
    return this.#exclusive(async () => {
      const status = await this.#status();
      if (status.state !== 'new' && status.state !== 'setting-up') {
        throw new AppError('VAULT_EXISTS', 'A vault already exists in the data folder; Alliance will not join another over it.');
      }
      const refusal = weak(passphrase);
      if (refusal) throw refusal;
      await this.#probeWritable();
      this.#discardPendingSetup();
      const folder = path.join(this.#dataDir, JOIN_FOLDER);
      let databaseKey: Buffer | undefined;
      try {
        await rm(folder, { recursive: true, force: true });
        await mkdir(folder, { mode: 0o700 });
        databaseKey = await copy.fetch(folder);
        await this.#database.open(
          path.join(folder, DATABASE_FILE_NAME),
          Buffer.from(databaseKey),
          'existing',
          this.#integrity,
          this.#memorySecurity,
        );
        try {
          await copy.adopt();
        } finally {
          // Closing folds the log into the file: what moves into place is one file.
          await this.#database.call('close', {});
        }
        const recoveryCode = generateRecoveryCode();
        const createdAt = new Date(this.#now()).toISOString();
        const keyFile = await createKeyFile(databaseKey, passphrase, recoveryCode, createdAt, this.#scrypt);
        this.#state = { kind: 'setting-up', pending: { databaseKey, keyFile, staged: folder } };
        const hex = databaseKey.toString('hex');
        return {
          recoveryCode,
          databaseKeyHex: hex,
          sqlcipherKeyPragma: `PRAGMA key = "x'${hex}'";`,
          databaseFileName: DATABASE_FILE_NAME,
          createdAt,
        };
      } catch (error) {
        databaseKey?.fill(0);
        await rm(folder, { recursive: true, force: true }).catch(() => undefined);
        throw diskFailure(error, this.#dataDir) ?? error;
      }
    });
  }

  cancelSetup(): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      this.#discardPendingSetup();
      return this.#status();
    });
  }

  /** The person has the recovery sheet: only now is anything written to the data folder. */
  confirmSetup(): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      const state = this.#state;
      if (state.kind !== 'setting-up') throw new AppError('VAULT_NOT_SET_UP', 'There is no set-up waiting to be confirmed.');
      if (this.#anyVaultFileExists()) {
        this.#discardPendingSetup();
        throw new AppError('VAULT_EXISTS', 'Vault files appeared in the data folder during set-up; Alliance will not write over them.');
      }
      const { databaseKey, keyFile, staged } = state.pending;
      try {
        await this.#buildInPlace(databaseKey, keyFile, staged);
      } catch (error) {
        // Back to "new": the folder is as it was, and set-up can be tried again once the cause is fixed.
        this.#discardPendingSetup();
        throw diskFailure(error, this.#dataDir) ?? error;
      }
      try {
        await this.#open(Buffer.from(databaseKey));
      } finally {
        this.#discardPendingSetup();
      }
      return this.#status();
    });
  }

  /**
   * Creates the database and key file in the set-up folder, then renames them into place, the key
   * file last: its presence is what makes a vault. Whatever fails, what set-up made is removed.
   */
  async #buildInPlace(databaseKey: Buffer, keyFile: KeyFile, staged?: string): Promise<void> {
    // A join's copy is already built, and closed, in its own folder.
    const setupDir = staged ?? path.join(this.#dataDir, SETUP_FOLDER);
    const moved: string[] = [];
    if (!staged) await mkdir(setupDir, { mode: 0o700 });
    try {
      if (!staged) {
        await this.#database.open(
          path.join(setupDir, DATABASE_FILE_NAME),
          Buffer.from(databaseKey),
          'create',
          this.#integrity,
          this.#memorySecurity,
        );
        // Closing folds the log into the file: what moves into place is one file.
        await this.#database.call('close', {});
      }
      await writeKeyFile(path.join(setupDir, KEY_FILE_NAME), keyFile);
      for (const name of [DATABASE_FILE_NAME, KEY_FILE_NAME]) {
        await rename(path.join(setupDir, name), path.join(this.#dataDir, name));
        moved.push(name);
      }
      await syncFolder(this.#dataDir);
      if (staged) await rm(setupDir, { recursive: true, force: true });
      else await rmdir(setupDir);
    } catch (error) {
      await this.#database.call('close', {}).catch(() => undefined);
      // Only what this set-up created, which holds no records yet.
      for (const name of moved) await rm(path.join(this.#dataDir, name), { force: true });
      await rm(setupDir, { recursive: true, force: true });
      throw error;
    }
  }

  unlock(passphrase: string): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      if (this.#state.kind === 'unlocked') return this.#status();
      const keyFile = await this.#readForUnlock();
      const key = await unwrapKey(keyFile, 'passphrase', passphraseSecret(passphrase));
      if (!key) throw new AppError('WRONG_PASSPHRASE', 'That passphrase does not open this vault. Nothing has been changed.');
      await this.#open(key);
      return this.#status();
    });
  }

  /** Opens with the recovery code and sets a new passphrase; the old passphrase stops working. */
  recover(recoveryCode: string, newPassphrase: string): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      const keyFile = await this.#readForUnlock();
      const refusal = weak(newPassphrase);
      if (refusal) throw refusal;
      const key = await unwrapKey(keyFile, 'recovery', recoverySecret(recoveryCode));
      if (!key) throw new AppError('WRONG_RECOVERY_CODE', 'That recovery code does not open this vault. Nothing has been changed.');
      try {
        const rewrapped = await rewrapPassphrase(keyFile, key, newPassphrase, new Date(this.#now()).toISOString(), this.#scrypt);
        // Open before writing: a database that cannot be opened keeps its key file exactly as it was.
        if (this.#state.kind !== 'unlocked') await this.#open(Buffer.from(key));
        await writeKeyFile(this.keyFilePath, rewrapped);
      } finally {
        key.fill(0);
      }
      return this.#status();
    });
  }

  changePassphrase(currentPassphrase: string, newPassphrase: string): Promise<{ changedAt: string }> {
    return this.#exclusive(async () => {
      if (this.#state.kind !== 'unlocked') throw new AppError('VAULT_LOCKED', 'The vault is locked.');
      const keyFile = await this.#readForUnlock();
      const refusal = weak(newPassphrase);
      if (refusal) throw refusal;
      const key = await unwrapKey(keyFile, 'passphrase', passphraseSecret(currentPassphrase));
      if (!key) throw new AppError('WRONG_PASSPHRASE', 'The current passphrase is not right. Nothing has been changed.');
      const changedAt = new Date(this.#now()).toISOString();
      try {
        await writeKeyFile(this.keyFilePath, await rewrapPassphrase(keyFile, key, newPassphrase, changedAt, this.#scrypt));
      } finally {
        key.fill(0);
      }
      return { changedAt };
    });
  }

  /**
   * Whether this is the vault's passphrase, without opening anything: what ends patient mode. The
   * unwrapped key is wiped at once.
   */
  checkPassphrase(passphrase: string): Promise<boolean> {
    return this.#exclusive(async () => {
      if (this.#state.kind !== 'unlocked') throw new AppError('VAULT_LOCKED', 'The vault is locked.');
      const key = await unwrapKey(await this.#readForUnlock(), 'passphrase', passphraseSecret(passphrase));
      key?.fill(0);
      return key !== null;
    });
  }

  /**
   * Replaces the open vault with a backup. The backup is copied into the data folder and checked
   * there while the vault stays open; a refusal or failure up to then removes the copy and changes
   * nothing. Then the plan is written, the vault is locked, and its files move into a dated folder
   * in set-aside/ as the backup's move into place (see features/restore/swap.ts). The restored vault
   * opens with the backup's passphrase or recovery code.
   */
  restore(request: RestoreRequest): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      if (this.#state.kind !== 'unlocked') throw new AppError('VAULT_LOCKED', 'The vault is locked.');
      const observe = request.observe ?? (() => undefined);
      const staging = stagingDir(this.#dataDir);
      // An unplanned copy left by an attempt that failed: the vault was never touched by it.
      await rm(staging, { recursive: true, force: true });
      const plan = {
        setAsideFolder: setAsideFolderFor(this.#dataDir, new Date(this.#now())),
        backupCreatedAt: request.backupCreatedAt,
      };
      try {
        observe('staging');
        await stageBackup(this.#dataDir, request.backupFolder);
        observe('staged');
        await request.checkStaged(staging);
        await writePlan(this.#dataDir, plan);
      } catch (error) {
        await rm(staging, { recursive: true, force: true }).catch(() => undefined);
        const failure = diskFailure(error, this.#dataDir);
        if (failure?.code === 'DISK_FULL') {
          const needed = (await lstat(path.join(request.backupFolder, DATABASE_FILE_NAME)).catch(() => null))?.size ?? 0;
          throw new AppError(
            'DISK_FULL',
            `The disk holding ${this.#dataDir} is too full for a copy of the backup (about ${Math.max(1, Math.ceil(needed / 1_000_000)).toLocaleString('en-US')} MB), which a restore makes before anything of the vault moves. Nothing was changed. Free some space and try again.`,
          );
        }
        throw failure ?? error;
      }
      observe('planned');
      // Decided: from here on the restore is finished, now or at the next start.
      this.#state = { kind: 'closed' };
      try {
        await this.#database.call('close', {});
      } catch {
        // The files must not move under an open connection: stopping the worker drops it for certain.
        await this.#database.stop();
      }
      this.#emit({ type: 'vault:locked', reason: 'restored' });
      try {
        await finishRestore(this.#dataDir, plan, observe);
      } catch (error) {
        const failure = diskFailure(error, this.#dataDir);
        throw new AppError(
          failure?.code ?? 'FOLDER_NOT_WRITABLE',
          `The backup was copied and checked, but moving it into place stopped: ${failure?.message ?? 'a file in the data folder could not be moved'} Alliance finishes the restore when it next starts; nothing was deleted.`,
        );
      }
      this.#restored = { backupCreatedAt: request.backupCreatedAt, setAsideFolder: path.join(this.#dataDir, plan.setAsideFolder) };
      return this.#status();
    });
  }

  /** Closes the connection (SQLCipher wipes its key and pages) and forgets any set-up in progress. */
  lock(reason: LockReason): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      const kind = this.#state.kind;
      if (kind === 'unlocked') {
        // A backup that cannot start must never stop a lock.
        await this.#beforeLock?.(reason).catch(() => undefined);
        this.#state = { kind: 'closed' };
        await this.#database.call('close', {});
      } else if (kind === 'setting-up') {
        this.#discardPendingSetup();
      } else {
        return this.#status();
      }
      this.#emit({ type: 'vault:locked', reason });
      return this.#status();
    });
  }

  /** The worker died and took the connection with it: the vault is locked whatever it was. */
  connectionLost(): void {
    if (this.#state.kind !== 'unlocked') return;
    this.#state = { kind: 'closed' };
    // The window must empty its clinical views now, not at the next call.
    this.#emit({ type: 'vault:locked', reason: 'connection-lost' });
  }

  async #open(key: Buffer): Promise<void> {
    try {
      await this.#tightenPermissions();
      const opened = await this.#database.open(this.databasePath, key, 'existing', this.#integrity, this.#memorySecurity);
      this.#notices.push(...opened.setAside);
      this.#checking = opened.integrity === 'running';
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'DATABASE_TOO_NEW' || error.code === 'VAULT_DAMAGED' || error.code === 'NOT_A_FILE')
      ) {
        this.#state = { kind: 'damaged', code: error.code, message: error.message };
      }
      throw error;
    } finally {
      key.fill(0);
    }
    this.#state = { kind: 'unlocked' };
    if (this.#restored) await removeRestoredNote(this.#dataDir).catch(() => undefined);
    this.#restored = null;
    this.#emit({ type: 'vault:unlocked' });
  }

  /**
   * The check that ran after unlock found damage: lock, and keep the vault refused until the files
   * change, with the words of what was found.
   */
  integrityFailed(problem: string): Promise<void> {
    return this.#exclusive(async () => {
      this.#checking = false;
      if (this.#state.kind !== 'unlocked') return;
      this.#state = {
        kind: 'damaged',
        code: 'VAULT_DAMAGED',
        message: `The database file ${DATABASE_FILE_NAME} is damaged: ${problem}. Alliance locked it and will not write to it. Restore the vault folder from a backup; the damaged files stay where they are.`,
      };
      await this.#database.call('close', {}).catch(() => undefined);
      this.#emit({ type: 'vault:locked', reason: 'damaged' });
    });
  }

  /** The check that ran after unlock found the vault whole. */
  integrityPassed(): void {
    this.#checking = false;
  }

  /** The folder for its owner only, and every vault file in it, where the system allows. */
  async #tightenPermissions(): Promise<void> {
    const files = [this.keyFilePath, this.databasePath, ...DATABASE_COMPANIONS.map((suffix) => this.databasePath + suffix)];
    await chmod(this.#dataDir, 0o700).catch(() => undefined);
    for (const file of files) await chmod(file, 0o600).catch(() => undefined);
  }

  /** Refuses, with the folder named, when the data folder cannot take a write. Leaves nothing behind. */
  async #probeWritable(): Promise<void> {
    try {
      await access(this.#dataDir, constants.W_OK);
      const probe = path.join(this.#dataDir, `.alliance-probe-${randomBytes(6).toString('hex')}`);
      await mkdir(probe, { mode: 0o700 });
      await rmdir(probe);
    } catch (error) {
      throw diskFailure(error, this.#dataDir) ?? folderNotWritable(this.#dataDir);
    }
  }

  async #readForUnlock(): Promise<KeyFile> {
    const state = this.#state;
    if (state.kind === 'damaged') throw new AppError(state.code, state.message);
    const status = await this.#status();
    if (status.state === 'new' || status.state === 'setting-up') throw new AppError('VAULT_NOT_SET_UP', 'No vault has been set up yet.');
    if (status.state === 'damaged') {
      const problem = await this.#problem();
      throw problem instanceof AppError ? problem : new AppError('VAULT_DAMAGED', status.message ?? 'The vault is damaged.');
    }
    await this.#probeUnlockable();
    const keyFile = await readKeyFile(this.keyFilePath);
    if (!keyFile) throw new AppError('VAULT_DAMAGED', 'The key file is missing from the data folder.');
    return keyFile;
  }

  /** What the data folder says, unless something already known in memory overrides it. */
  async #status(): Promise<VaultStatus> {
    const state = this.#state;
    const withNotices = (status: VaultStatus): VaultStatus => {
      if (this.#notices.length === 0) return status;
      const setAsideFiles = this.#notices;
      this.#notices = [];
      return { ...status, setAside: setAsideFiles };
    };
    if (state.kind === 'unlocked')
      return withNotices(this.#checking ? { state: 'unlocked', integrityCheck: 'running' } : { state: 'unlocked' });
    if (state.kind === 'setting-up') return { state: 'setting-up' };
    if (state.kind === 'damaged') return { state: 'damaged', message: state.message };
    await this.#settleInterruptedRestore();
    // A join given up or cut short (the app quit at the recovery sheet): its copy is of no use now.
    await rm(path.join(this.#dataDir, JOIN_FOLDER), { recursive: true, force: true }).catch(() => undefined);
    this.#restored ??= await readRestoredNote(this.#dataDir);
    await this.#setAsideInterruptedSetup();
    const problem = await this.#problem();
    if (problem === 'new') return withNotices({ state: 'new' });
    if (problem) return withNotices({ state: 'damaged', message: problem.message });
    await this.#removeTempKeyFiles();
    return withNotices(this.#restored ? { state: 'locked', restored: this.#restored } : { state: 'locked' });
  }

  /**
   * What is wrong with the folder as the files stand, without the key: `new` when there is no vault,
   * null when there is one to unlock.
   */
  async #problem(): Promise<AppError | 'new' | null> {
    const databaseExists = this.#databaseFilesExist();
    let keyFile: KeyFile | null;
    try {
      keyFile = await readKeyFile(this.keyFilePath);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    if (!keyFile && !databaseExists) return 'new';
    if (!keyFile) {
      return new AppError(
        'VAULT_DAMAGED',
        `The key file ${KEY_FILE_NAME} is missing, so the database cannot be opened with a passphrase. Restore the key file from a backup, or open ${DATABASE_FILE_NAME} with the key on the recovery sheet.`,
      );
    }
    let stat;
    try {
      stat = await lstat(this.databasePath);
    } catch {
      return new AppError(
        'VAULT_DAMAGED',
        `The database file ${DATABASE_FILE_NAME} is missing from the data folder. Restore it from a backup.`,
      );
    }
    if (!stat.isFile())
      return new AppError(
        'NOT_A_FILE',
        `${this.databasePath} is a folder (or another kind of entry), not the vault's database file. Nothing was changed. Move it out of the data folder, or restore the vault folder from a backup.`,
      );
    if (stat.size === 0) {
      return new AppError(
        'VAULT_DAMAGED',
        `The database file ${DATABASE_FILE_NAME} is empty (0 bytes), though its key file is here: it may be a copy that failed. Alliance has not opened or changed it. Restore the vault folder from a backup.`,
      );
    }
    if (stat.size % PAGE_SIZE !== 0) {
      return new AppError(
        'VAULT_DAMAGED',
        `The database file ${DATABASE_FILE_NAME} ends part-way through a page (${stat.size.toLocaleString('en-US')} bytes): it may be a copy that stopped halfway. Alliance has not opened or changed it. Restore the vault folder from a backup.`,
      );
    }
    return null;
  }

  /** Unlocking writes (the log, its index, migrations): a folder that cannot take a write is refused first. */
  async #probeUnlockable(): Promise<void> {
    try {
      await access(this.#dataDir, constants.W_OK);
    } catch (error) {
      throw diskFailure(error, this.#dataDir) ?? folderNotWritable(this.#dataDir);
    }
  }

  /**
   * A set-up cut short leaves its folder; with the key file not yet in place, whatever it moved in is
   * its own too (a vault is only ever opened after its key file arrives). All of it is set aside.
   */
  async #setAsideInterruptedSetup(): Promise<void> {
    const setupDir = path.join(this.#dataDir, SETUP_FOLDER);
    if (!existsSync(setupDir)) return;
    if (existsSync(this.keyFilePath)) {
      // Cut short after the last rename: the vault is whole, and the folder holds nothing.
      if ((await readdir(setupDir)).length === 0) {
        await rmdir(setupDir);
        return;
      }
    }
    const leftovers = existsSync(this.keyFilePath)
      ? [SETUP_FOLDER]
      : [
          SETUP_FOLDER,
          ...[DATABASE_FILE_NAME, ...DATABASE_COMPANIONS.map((suffix) => DATABASE_FILE_NAME + suffix)].filter((name) =>
            existsSync(path.join(this.#dataDir, name)),
          ),
        ];
    try {
      this.#notices.push(
        setAside(
          this.#dataDir,
          leftovers,
          'interrupted-set-up',
          'A set-up of Alliance was interrupted before it finished; what it had made holds no records.',
          new Date(this.#now()),
        ),
      );
    } catch (error) {
      throw diskFailure(error, this.#dataDir) ?? error;
    }
  }

  /**
   * A restore cut short: finished when its plan was written (the person is told where the replaced
   * vault went), its unfinished copy removed when not (the vault was never touched).
   */
  async #settleInterruptedRestore(): Promise<void> {
    let plan;
    try {
      plan = await settleInterruptedRestore(this.#dataDir);
    } catch (error) {
      throw diskFailure(error, this.#dataDir) ?? error;
    }
    if (!plan) return;
    const folder = path.join(this.#dataDir, plan.setAsideFolder);
    this.#restored = { backupCreatedAt: plan.backupCreatedAt, setAsideFolder: folder };
    this.#notices.push({
      folder,
      files: await readdir(folder),
      reason:
        'A restore from a backup was interrupted before it finished; Alliance finished it. These are the files of the vault it replaced.',
    });
  }

  /** A passphrase change cut short leaves its temp file; once the real key file reads whole, they go. */
  async #removeTempKeyFiles(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.#dataDir);
    } catch {
      return;
    }
    for (const name of names.filter(isKeyFileTemp)) await unlink(path.join(this.#dataDir, name)).catch(() => undefined);
  }

  #databaseFilesExist(): boolean {
    return [this.databasePath, ...DATABASE_COMPANIONS.map((suffix) => this.databasePath + suffix)].some((file) => existsSync(file));
  }

  #anyVaultFileExists(): boolean {
    return existsSync(this.keyFilePath) || this.#databaseFilesExist();
  }

  #discardPendingSetup(): void {
    if (this.#state.kind !== 'setting-up') return;
    this.#state.pending.databaseKey.fill(0);
    const { staged } = this.#state.pending;
    if (staged) rmSync(staged, { recursive: true, force: true });
    this.#state = { kind: 'closed' };
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
