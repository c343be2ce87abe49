/**
 * The restore's figures on the 20-year practice (~470 MB):
 * - restore_drill_ms: "Check a backup" from the folder chosen to the answer shown: the manifest's
 *   SHA-256 of both files, the signature, and a read-only connection counting every table and reading
 *   the latest notes and sessions.
 * - restore_ms: from the person's "Restore" (restore:restore) to the restored vault unlocked
 *   (vault:unlock answered with the real scrypt cost): the copy into the data folder with fsync, its
 *   SHA-256 against the manifest and an open with the key, the plan, the lock, the renames, the unlock.
 *   restore_swap_ms and restore_unlock_ms are its two halves.
 * The backup is made as the backup writer makes one (tests/unit/support/backup-fixture.ts): VACUUM INTO
 * with the raw key, unwrapped here from the key file with the passphrase.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { passphraseSecret, readKeyFile, unwrapKey } from '../../electron/vault/keyfile';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import { makeBackup } from '../unit/support/backup-fixture';

type Report = (name: string, value: number | string, unit: string) => void;

async function keyHexOf(dataDir: string, passphrase: string): Promise<string> {
  const keyFile = await readKeyFile(path.join(dataDir, 'alliance.keys.json'));
  if (!keyFile) throw new Error(`No key file in ${dataDir}.`);
  const key = await unwrapKey(keyFile, 'passphrase', passphraseSecret(passphrase));
  if (!key) throw new Error('The passphrase does not open the bench vault.');
  const hex = key.toString('hex');
  key.fill(0);
  return hex;
}

/** Backs up the vault in `dataDir` (locked), then checks and restores that backup over it. The vault ends restored, its old files removed. */
export async function benchmarkRestore(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  const backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-backups-'));
  try {
    const backupStarted = performance.now();
    const folder = await makeBackup({ dataDir, databaseKeyHex: await keyHexOf(dataDir, passphrase), destination: backups });
    process.stderr.write(`restore: the backup to restore took ${Math.round(performance.now() - backupStarted)} ms to make (VACUUM INTO)\n`);

    const context: CallContext = {
      printer: { print: async () => 'cancelled' },
      files: { save: async () => 'cancelled' },
      folders: { choose: async () => folder },
    };
    const core = createAppCore({ dataDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
    async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const result = await core.handle(channel, input, context);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as ChannelOutput<C>;
    }
    async function settled(): Promise<void> {
      // The full integrity check after unlock reads every page: the figures are taken without it running.
      while ((await call('vault:status', {})).integrityCheck === 'running') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      await call('vault:unlock', { passphrase });
      await settled();
      const patients = (await call('patients:list', { includeArchived: true })).length;

      const drillStarted = performance.now();
      const opened = await call('restore:chooseBackup', {});
      report('restore_drill_ms', performance.now() - drillStarted, 'ms');
      if (opened.state !== 'opened' || !opened.contents.countsMatch) throw new Error(`The drill answered ${JSON.stringify(opened)}`);
      process.stderr.write(
        `restore: the drill counted ${opened.contents.counts.reduce((sum, count) => sum + (count.found ?? 0), 0)} rows\n`,
      );

      const restoreStarted = performance.now();
      const status = await call('restore:restore', { ticket: opened.ticket });
      const swapped = performance.now();
      await call('vault:unlock', { passphrase });
      const unlocked = performance.now();
      report('restore_ms', unlocked - restoreStarted, 'ms');
      report('restore_swap_ms', swapped - restoreStarted, 'ms');
      report('restore_unlock_ms', unlocked - swapped, 'ms');
      const restored = (await call('patients:list', { includeArchived: true })).length;
      if (status.state !== 'locked' || !status.restored || restored !== patients) {
        throw new Error(`The restore answered ${JSON.stringify(status)} and ${restored} patients (${patients} before).`);
      }
      await settled();
      // The bench's copy of the replaced vault, not the person's: nothing keeps it.
      await rm(status.restored.setAsideFolder, { recursive: true, force: true });
    } finally {
      await core.close();
    }
  } finally {
    await rm(backups, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- restore`: on a copy of the practice vault in RESTORE_BENCH_VAULT (a folder holding a
 * 20-year practice's alliance.db and key file, under the bench passphrase, as TODAY_BENCH_VAULT keeps
 * one), or on one built as the runner builds it.
 */
export async function benchmarkRestoreAlone(report: Report, passphrase: string, build: (dir: string) => Promise<void>): Promise<void> {
  await buildElectron(['worker']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-restore-'));
  try {
    const kept = process.env.RESTORE_BENCH_VAULT;
    if (kept && existsSync(path.join(kept, 'alliance.db'))) {
      for (const name of await readdir(kept)) await cp(path.join(kept, name), path.join(dir, name), { recursive: true });
    } else {
      await build(dir);
    }
    await benchmarkRestore(report, { dataDir: dir, passphrase });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
