import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, contract } from '../../../shared/contract';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { KEY_FILE_NAME } from '../../../electron/vault/keyfile';
import { DatabaseClient } from '../../../electron/database/client';
import { VALID_EXAMPLES } from '../support/channel-examples';
import {
  fileHash,
  folderFingerprint,
  NEW_PASSPHRASE,
  openTempVault,
  PASSPHRASE,
  patientInput,
  realSetUp,
  setUp,
  type TempVault,
} from '../support/temp-vault';

const opened: TempVault[] = [];
async function freshVault(dir?: string): Promise<TempVault> {
  const vault = await openTempVault(dir ? { dir } : {});
  opened.push(vault);
  return vault;
}

afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
});

describe('setting up a vault', () => {
  it('the app opens its database with SQLCipher’s memory security on, at set-up and at every unlock', async () => {
    // The tests of features turn it off to save time (temp-vault.ts, the harness); the app never does.
    const open = vi.spyOn(DatabaseClient.prototype, 'open');
    try {
      const vault = await freshVault();
      await realSetUp(vault);
      await vault.call('vault:lock', {});
      await vault.call('vault:unlock', { passphrase: PASSPHRASE });
      expect(open.mock.calls.map((call) => [call[2], call[4]])).toEqual([
        ['create', 'on'],
        ['existing', 'on'],
        ['existing', 'on'],
      ]);
    } finally {
      open.mockRestore();
    }
  });

  it('a new data folder says "new", and quitting before confirming the recovery sheet leaves it empty', async () => {
    const vault = await freshVault();
    expect(await vault.call('vault:status', {})).toEqual({ state: 'new' });
    const sheet = await vault.call('vault:prepareSetup', { passphrase: PASSPHRASE });
    expect(sheet.recoveryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(sheet.sqlcipherKeyPragma).toBe(`PRAGMA key = "x'${sheet.databaseKeyHex}'";`);
    expect(sheet.databaseFileName).toBe(DATABASE_FILE_NAME);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'setting-up' });
    expect(await readdir(vault.dir)).toEqual([]);
    await vault.core.close();
    expect(await readdir(vault.dir)).toEqual([]);
  });

  it('confirming the recovery sheet creates the key file and database and opens the vault', async () => {
    const vault = await freshVault();
    await realSetUp(vault);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });
    expect(existsSync(path.join(vault.dir, KEY_FILE_NAME))).toBe(true);
    expect(existsSync(path.join(vault.dir, DATABASE_FILE_NAME))).toBe(true);
    expect(vault.events).toContainEqual({ type: 'vault:unlocked' });
    expect(await vault.call('patients:list', {})).toEqual([]);
  });

  it('cancelling set-up forgets the pending key and returns to "new"', async () => {
    const vault = await freshVault();
    await vault.call('vault:prepareSetup', { passphrase: PASSPHRASE });
    expect(await vault.call('vault:cancelSetup', {})).toEqual({ state: 'new' });
    expect((await vault.refuse('vault:confirmSetup', {})).code).toBe('VAULT_NOT_SET_UP');
    expect(await readdir(vault.dir)).toEqual([]);
  });

  it('a weak passphrase is refused with the reason, and nothing is written', async () => {
    const vault = await freshVault();
    const tooShort = await vault.refuse('vault:prepareSetup', { passphrase: 'short' });
    expect(tooShort).toMatchObject({ code: 'WEAK_PASSPHRASE', message: expect.stringContaining('at least 12 characters') });
    const common = await vault.refuse('vault:prepareSetup', { passphrase: 'password1234' });
    expect(common.code).toBe('WEAK_PASSPHRASE');
    expect(common.message.length).toBeGreaterThan(0);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'new' });
    expect(await readdir(vault.dir)).toEqual([]);
  });

  it('set-up is refused once a vault exists', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.call('vault:lock', {});
    expect((await vault.refuse('vault:prepareSetup', { passphrase: NEW_PASSPHRASE })).code).toBe('VAULT_EXISTS');
  });
});

describe('unlocking', () => {
  it('the passphrase unlocks the vault after a restart and the patients are still there', async () => {
    const first = await freshVault();
    await setUp(first);
    await first.call('patients:create', { patient: patientInput() });
    await first.core.close();

    const second = await freshVault(first.dir);
    expect(await second.call('vault:status', {})).toEqual({ state: 'locked' });
    expect(await second.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
    const patients = await second.call('patients:list', {});
    expect(patients.map((p) => p.familyName)).toEqual(['Holloway']);
  });

  it('a wrong passphrase says so and leaves every file in the folder byte-identical', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.call('patients:create', { patient: patientInput() });
    await vault.call('vault:lock', {});
    const before = await folderFingerprint(vault.dir);

    const error = await vault.refuse('vault:unlock', { passphrase: 'not the right passphrase at all' });
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(error.message).toMatch(/does not open this vault/);
    expect(await folderFingerprint(vault.dir)).toEqual(before);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
  });
});

describe('the recovery code', () => {
  it('opens the vault with a new passphrase; afterwards the new passphrase works and the old one does not', async () => {
    const vault = await freshVault();
    const sheet = await setUp(vault);
    await vault.call('patients:create', { patient: patientInput() });
    await vault.call('vault:lock', {});

    // Typed in lower case with spaces, as a person might copy it from paper.
    const typed = sheet.recoveryCode.toLowerCase().replace(/-/g, ' ');
    expect(await vault.call('vault:recover', { recoveryCode: typed, newPassphrase: NEW_PASSPHRASE })).toEqual({ state: 'unlocked' });
    expect(await vault.call('patients:list', {})).toHaveLength(1);

    await vault.call('vault:lock', {});
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    expect(await vault.call('vault:unlock', { passphrase: NEW_PASSPHRASE })).toEqual({ state: 'unlocked' });
  });

  it('a wrong recovery code is refused and changes nothing', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.call('vault:lock', {});
    const before = await folderFingerprint(vault.dir);
    const wrong = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';
    expect((await vault.refuse('vault:recover', { recoveryCode: wrong, newPassphrase: NEW_PASSPHRASE })).code).toBe('WRONG_RECOVERY_CODE');
    expect(await folderFingerprint(vault.dir)).toEqual(before);
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
  });

  it('recovery refuses a weak new passphrase and keeps the old one', async () => {
    const vault = await freshVault();
    const sheet = await setUp(vault);
    await vault.call('vault:lock', {});
    const error = await vault.refuse('vault:recover', { recoveryCode: sheet.recoveryCode, newPassphrase: 'weak' });
    expect(error.code).toBe('WEAK_PASSPHRASE');
    expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
  });
});

describe('changing the passphrase', () => {
  it('re-wraps the key without re-encrypting the database; the old passphrase stops working', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.call('patients:create', { patient: patientInput() });
    // Closing checkpoints the WAL into the database file, so its bytes are settled before the change.
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const databaseBefore = await fileHash(path.join(vault.dir, DATABASE_FILE_NAME));
    const keyFileBefore = await fileHash(path.join(vault.dir, KEY_FILE_NAME));

    const { changedAt } = await vault.call('vault:changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    expect(Number.isNaN(Date.parse(changedAt))).toBe(false);
    expect(await fileHash(path.join(vault.dir, DATABASE_FILE_NAME))).toBe(databaseBefore);
    expect(await fileHash(path.join(vault.dir, KEY_FILE_NAME))).not.toBe(keyFileBefore);

    await vault.call('vault:lock', {});
    expect(await fileHash(path.join(vault.dir, DATABASE_FILE_NAME))).toBe(databaseBefore);
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await vault.call('vault:unlock', { passphrase: NEW_PASSPHRASE });
    expect(await vault.call('patients:list', {})).toHaveLength(1);
  });

  it('a wrong current passphrase is refused and the key file is unchanged', async () => {
    const vault = await freshVault();
    await setUp(vault);
    const before = await fileHash(path.join(vault.dir, KEY_FILE_NAME));
    const error = await vault.refuse('vault:changePassphrase', {
      currentPassphrase: 'a guess that is wrong',
      newPassphrase: NEW_PASSPHRASE,
    });
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(await fileHash(path.join(vault.dir, KEY_FILE_NAME))).toBe(before);
  });

  it('a weak new passphrase is refused with the reason', async () => {
    const vault = await freshVault();
    await setUp(vault);
    const error = await vault.refuse('vault:changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: 'abc' });
    expect(error).toMatchObject({ code: 'WEAK_PASSPHRASE', message: expect.stringContaining('12 characters') });
  });
});

describe('a damaged vault', () => {
  it('a database without its key file is damaged, and set-up will not create a vault over it', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.core.close();
    await rm(path.join(vault.dir, KEY_FILE_NAME));
    const before = await folderFingerprint(vault.dir);

    const reopened = await freshVault(vault.dir);
    const status = await reopened.call('vault:status', {});
    expect(status.state).toBe('damaged');
    expect(status.message).toMatch(/key file alliance\.keys\.json is missing/);
    expect((await reopened.refuse('vault:prepareSetup', { passphrase: NEW_PASSPHRASE })).code).toBe('VAULT_EXISTS');
    expect((await reopened.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('VAULT_DAMAGED');
    expect(await folderFingerprint(vault.dir)).toEqual(before);
  });

  it('a key file whose database has gone is damaged, not new', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.core.close();
    await rm(path.join(vault.dir, DATABASE_FILE_NAME));
    const reopened = await freshVault(vault.dir);
    expect(await reopened.call('vault:status', {})).toMatchObject({
      state: 'damaged',
      message: expect.stringMatching(/alliance\.db is missing/),
    });
    expect((await reopened.refuse('vault:prepareSetup', { passphrase: NEW_PASSPHRASE })).code).toBe('VAULT_EXISTS');
  });

  it('files that appear during set-up are never written over', async () => {
    const vault = await freshVault();
    await vault.call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await writeFile(path.join(vault.dir, DATABASE_FILE_NAME), 'someone else’s file');
    expect((await vault.refuse('vault:confirmSetup', {})).code).toBe('VAULT_EXISTS');
    expect(await readdir(vault.dir)).toEqual([DATABASE_FILE_NAME]);
  });
});

describe('locking', () => {
  const vaultChannels = CHANNELS.filter((channel) => contract[channel].needsVault);

  it('after a lock every channel that needs the vault answers VAULT_LOCKED and the worker holds no connection', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.call('patients:create', { patient: patientInput() });
    await vault.call('vault:lock', {});

    expect(vault.events).toContainEqual({ type: 'vault:locked', reason: 'manual' });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    // A locked vault's database is closed, so SQLite has folded and removed the WAL.
    expect(await readdir(vault.dir)).toEqual(expect.arrayContaining([DATABASE_FILE_NAME, KEY_FILE_NAME]));
    expect(existsSync(path.join(vault.dir, `${DATABASE_FILE_NAME}-wal`))).toBe(false);

    expect(vaultChannels.length).toBeGreaterThan(0);
    for (const channel of vaultChannels) {
      const error = await vault.refuse(channel, VALID_EXAMPLES[channel]);
      expect(error.code, channel).toBe('VAULT_LOCKED');
    }
  });

  it('the core lock from outside (sleep, screen lock) locks with that reason', async () => {
    const vault = await freshVault();
    await setUp(vault);
    await vault.core.lock('suspend');
    expect(vault.events).toContainEqual({ type: 'vault:locked', reason: 'suspend' });
    expect((await vault.refuse('patients:list', {})).code).toBe('VAULT_LOCKED');
  });
});
