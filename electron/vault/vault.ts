/**
 * The vault's lifecycle in the main process: set-up, unlock, recovery, passphrase change, lock.
 * It holds no database connection itself (the worker does) and keeps key material only for the
 * moment it is needed: every unwrapped key is wiped as soon as it has been handed on.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BridgeEvent } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { assessPassphrase } from '../../shared/passphrase';
import type { LockReason, RecoverySheet, VaultStatus } from '../../shared/vault';
import type { DatabaseClient } from '../database/client';
import {
  createKeyFile,
  DATABASE_KEY_BYTES,
  KEY_FILE_NAME,
  passphraseSecret,
  readKeyFile,
  recoverySecret,
  rewrapPassphrase,
  unwrapKey,
  writeKeyFile,
  type KeyFile,
} from './keyfile';
import { generateRecoveryCode } from './recovery-code';

export const DATABASE_FILE_NAME = 'alliance.db';
/** SQLite's companions of the database file in WAL mode. */
const DATABASE_COMPANIONS = ['-wal', '-shm', '-journal'];

type PendingSetup = { databaseKey: Buffer; keyFile: KeyFile };

type State =
  | { kind: 'closed' }
  | { kind: 'setting-up'; pending: PendingSetup }
  | { kind: 'unlocked' }
  /** Found out while opening (a newer database, a key that does not open it); the files say nothing. */
  | { kind: 'damaged'; code: 'DATABASE_TOO_NEW' | 'VAULT_DAMAGED'; message: string };

export type VaultOptions = {
  dataDir: string;
  database: DatabaseClient;
  emit: (event: BridgeEvent) => void;
  now: () => number;
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
  #state: State = { kind: 'closed' };
  /** Vault operations run one at a time: a double-clicked unlock must not open twice. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: VaultOptions) {
    this.keyFilePath = path.join(options.dataDir, KEY_FILE_NAME);
    this.databasePath = path.join(options.dataDir, DATABASE_FILE_NAME);
    this.#database = options.database;
    this.#emit = options.emit;
    this.#now = options.now;
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
      this.#discardPendingSetup();
      const databaseKey = randomBytes(DATABASE_KEY_BYTES);
      const recoveryCode = generateRecoveryCode();
      const createdAt = new Date(this.#now()).toISOString();
      const keyFile = await createKeyFile(databaseKey, passphrase, recoveryCode, createdAt);
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
      const { databaseKey, keyFile } = state.pending;
      // The database first: if the key file cannot be written, the new empty database is removed
      // and set-up can be tried again, rather than leaving a database nobody can open.
      try {
        await this.#database.open(this.databasePath, Buffer.from(databaseKey), 'create');
      } catch (error) {
        // Nothing was in the folder before; leave nothing behind.
        await this.#removeDatabaseFiles();
        throw error;
      }
      try {
        await writeKeyFile(this.keyFilePath, keyFile);
      } catch {
        await this.#database.call('close', {}).catch(() => undefined);
        await this.#removeDatabaseFiles();
        throw new AppError('INTERNAL', 'The key file could not be written to the data folder. Check that the folder is writable and try again.');
      }
      this.#discardPendingSetup();
      this.#state = { kind: 'unlocked' };
      this.#emit({ type: 'vault:unlocked' });
      return this.#status();
    });
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
        const rewrapped = await rewrapPassphrase(keyFile, key, newPassphrase, new Date(this.#now()).toISOString());
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
        await writeKeyFile(this.keyFilePath, await rewrapPassphrase(keyFile, key, newPassphrase, changedAt));
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

  /** Closes the connection (SQLCipher wipes its key and pages) and forgets any set-up in progress. */
  lock(reason: LockReason): Promise<VaultStatus> {
    return this.#exclusive(async () => {
      const kind = this.#state.kind;
      if (kind === 'unlocked') {
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
      await this.#database.open(this.databasePath, key, 'existing');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'DATABASE_TOO_NEW' || error.code === 'VAULT_DAMAGED')) {
        this.#state = { kind: 'damaged', code: error.code, message: error.message };
      }
      throw error;
    } finally {
      key.fill(0);
    }
    this.#state = { kind: 'unlocked' };
    this.#emit({ type: 'vault:unlocked' });
  }

  async #readForUnlock(): Promise<KeyFile> {
    const state = this.#state;
    if (state.kind === 'damaged') throw new AppError(state.code, state.message);
    const status = await this.#status();
    if (status.state === 'new' || status.state === 'setting-up') throw new AppError('VAULT_NOT_SET_UP', 'No vault has been set up yet.');
    if (status.state === 'damaged') throw new AppError('VAULT_DAMAGED', status.message ?? 'The vault is damaged.');
    const keyFile = await readKeyFile(this.keyFilePath);
    if (!keyFile) throw new AppError('VAULT_DAMAGED', 'The key file is missing from the data folder.');
    return keyFile;
  }

  /** What the data folder says, unless something already known in memory overrides it. */
  async #status(): Promise<VaultStatus> {
    const state = this.#state;
    if (state.kind === 'unlocked') return { state: 'unlocked' };
    if (state.kind === 'setting-up') return { state: 'setting-up' };
    if (state.kind === 'damaged') return { state: 'damaged', message: state.message };
    const databaseExists = this.#databaseFilesExist();
    let keyFile: KeyFile | null;
    try {
      keyFile = await readKeyFile(this.keyFilePath);
    } catch (error) {
      if (error instanceof AppError) return { state: 'damaged', message: error.message };
      throw error;
    }
    if (!keyFile && !databaseExists) return { state: 'new' };
    if (!keyFile) {
      return {
        state: 'damaged',
        message: `The key file ${KEY_FILE_NAME} is missing, so the database cannot be opened with a passphrase. Restore the key file from a backup, or open ${DATABASE_FILE_NAME} with the key on the recovery sheet.`,
      };
    }
    if (!existsSync(this.databasePath)) {
      return { state: 'damaged', message: `The database file ${DATABASE_FILE_NAME} is missing from the data folder. Restore it from a backup.` };
    }
    return { state: 'locked' };
  }

  #databaseFilesExist(): boolean {
    return [this.databasePath, ...DATABASE_COMPANIONS.map((suffix) => this.databasePath + suffix)].some((file) => existsSync(file));
  }

  #anyVaultFileExists(): boolean {
    return existsSync(this.keyFilePath) || this.#databaseFilesExist();
  }

  async #removeDatabaseFiles(): Promise<void> {
    for (const file of [this.databasePath, ...DATABASE_COMPANIONS.map((suffix) => this.databasePath + suffix)]) {
      await rm(file, { force: true });
    }
  }

  #discardPendingSetup(): void {
    if (this.#state.kind !== 'setting-up') return;
    this.#state.pending.databaseKey.fill(0);
    this.#state = { kind: 'closed' };
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
