/**
 * One vault set up as a person would (passphrase, recovery sheet, confirm), locked, with its recovery
 * sheet kept beside it. The unit and end-to-end suites copy its two files into each test's empty folder
 * and unlock, instead of creating a database and running every migration again for each test.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORKER_BUNDLE } from '../../../build/build-electron';
import { createAppCore } from '../../../electron/app-core';
import type { CallContext } from '../../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../../electron/preferences/store';
import { KEY_FILE_NAME, readKeyFile, rewrapPassphrase, writeKeyFile } from '../../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import type { Channel } from '../../../shared/contract';
import type { RecoverySheet } from '../../../shared/vault';
import { PASSPHRASE, TEST_SCRYPT } from './vault-constants';

export type TemplateVault = { dir: string; sheetFile: string };

const NO_DIALOGS: CallContext = {
  printer: { print: () => Promise.resolve('cancelled') },
  files: { save: () => Promise.resolve('cancelled') },
  folders: { choose: () => Promise.resolve(undefined) },
};

/** Sets up the template vault under `root` with PASSPHRASE and TEST_SCRYPT, and locks it. */
export async function buildTemplateVault(root: string): Promise<TemplateVault> {
  const dir = path.join(root, 'vault');
  const sheetFile = path.join(root, 'recovery-sheet.json');
  const core = createAppCore({
    dataDir: dir,
    preferences: new MemoryPreferenceStore(),
    workerPath: WORKER_BUNDLE,
    scrypt: TEST_SCRYPT,
    memorySecurity: 'off',
  });
  try {
    const call = async (channel: Channel, input: unknown): Promise<unknown> => {
      const result = await core.handle(channel, input, NO_DIALOGS);
      if (!result.ok) throw new Error(`The template vault: ${channel} answered ${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    const sheet = await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await call('vault:confirmSetup', {});
    await writeFile(sheetFile, JSON.stringify(sheet));
  } finally {
    // Locks (closing the database, checkpointing its log) and stops the worker.
    await core.close();
  }
  return { dir, sheetFile };
}

export async function readTemplateSheet(template: TemplateVault): Promise<RecoverySheet> {
  return JSON.parse(await readFile(template.sheetFile, 'utf8')) as RecoverySheet;
}

/**
 * Copies the template's database and key file into `dir` (an empty vault folder), the key file's
 * passphrase wrap made anew for `passphrase` when it is not PASSPHRASE, as a passphrase change makes
 * it. Answers the recovery sheet: every copy shares the template's database key and recovery code.
 */
export async function copyTemplateVault(template: TemplateVault, dir: string, passphrase: string): Promise<RecoverySheet> {
  const sheet = await readTemplateSheet(template);
  await copyFile(path.join(template.dir, DATABASE_FILE_NAME), path.join(dir, DATABASE_FILE_NAME));
  const keyFilePath = path.join(template.dir, KEY_FILE_NAME);
  if (passphrase === PASSPHRASE) {
    await copyFile(keyFilePath, path.join(dir, KEY_FILE_NAME));
    return sheet;
  }
  const keyFile = await readKeyFile(keyFilePath);
  if (!keyFile) throw new Error('The template vault has no key file.');
  const key = Buffer.from(sheet.databaseKeyHex, 'hex');
  await writeKeyFile(path.join(dir, KEY_FILE_NAME), await rewrapPassphrase(keyFile, key, passphrase, keyFile.createdAt, TEST_SCRYPT));
  return sheet;
}
