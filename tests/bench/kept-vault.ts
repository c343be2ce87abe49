/**
 * What the bench parts that read a kept practice vault share: the vault brought to the latest schema by one
 * unlock through the app, its database key unwrapped with the passphrase, and the median of timed runs.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { KEY_FILE_NAME, parseKeyFile, passphraseSecret, unwrapKey } from '../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { generateCalendarPractice } from '../fixtures/practice';
import { buildPracticeVault } from './today-in-chromium';

/** The passphrase of every practice vault the bench builds. */
export const BENCH_PASSPHRASE = 'lantern orchard quietly violet harbor';

/**
 * What `npm run bench -- <part>` runs a part on: a copy of the 20-year practice vault kept in the folder
 * the environment variable names (never the folder itself), or, without it, the practice built anew; the
 * copy is removed afterwards. The worker is built first.
 */
export async function onPracticeVaultCopy(
  part: string,
  keptFolderVariable: string,
  run: (dataDir: string) => Promise<void>,
): Promise<void> {
  await buildElectron(['worker']);
  const dir = await mkdtemp(path.join(os.tmpdir(), `alliance-bench-${part}-`));
  try {
    const kept = process.env[keptFolderVariable];
    if (kept) {
      for (const name of [DATABASE_FILE_NAME, KEY_FILE_NAME]) await cp(path.join(kept, name), path.join(dir, name));
    } else {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      await buildPracticeVault(dir, BENCH_PASSPHRASE, generateCalendarPractice({ patients: 2_500, appointments: 40_000, timeZone }));
    }
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Unlocks the vault once through the app (running any migration it lacks), then answers its database key in hex. */
export async function upgradedVaultKey(dataDir: string, passphrase: string): Promise<string> {
  const context: CallContext = {
    printer: { print: async () => 'cancelled' },
    files: { save: async () => 'cancelled' },
    folders: { choose: async () => undefined },
  };
  const core = createAppCore({ dataDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
  try {
    const unlocked = await core.handle('vault:unlock', { passphrase }, context);
    if (!unlocked.ok) throw new Error(`vault:unlock: ${unlocked.error.message}`);
    await core.handle('vault:lock', {}, context);
  } finally {
    await core.close();
  }
  const keyFile = parseKeyFile(await readFile(path.join(dataDir, KEY_FILE_NAME), 'utf8'));
  const key = await unwrapKey(keyFile, 'passphrase', passphraseSecret(passphrase));
  if (!key) throw new Error('The passphrase does not open this vault.');
  const keyHex = key.toString('hex');
  key.fill(0);
  return keyHex;
}
