/**
 * A vault driven in a child process, so a test can kill it with SIGKILL at any moment, as a power
 * cut or a crash would. Bundled and run by tests/unit/support/child-process.ts.
 *
 *   setup <dir>: sets up a vault, saying "confirming" just before the recovery sheet is confirmed.
 *   write <dir>: unlocks and creates patients without end, saying "ack <familyName>" after each one
 *                the vault acknowledged.
 *   open <dir>:  unlocks, says "unlocked", and stays open (a vault connected to a server exchanges with it).
 *   synced-write <dir>: unlocks, exchanges with the practice's server until nothing is left to receive,
 *                says "synced", then writes as `write` does (each patient pushed shortly after).
 *   restore <dir> <backup folder> <step|->: unlocks, says "unlocked", and restores the backup, killing
 *                itself (SIGKILL) the moment the restore reaches the named step (features/restore/swap.ts);
 *                with "-", it runs on and says "restored" (the test kills it when it chooses).
 *   backup <dir> <folder>: unlocks, chooses <folder> for backups and backs up without end, saying
 *                "unlocked" once, then "backing up" as each starts and "verified <folder>" or
 *                "failed <code>" as it ends.
 */
import { createAppCore } from '../../../electron/app-core';
import type { CallContext } from '../../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../../electron/preferences/store';
import type { BackupStatus } from '../../../shared/channels/backups';
import { PASSPHRASE, TEST_SCRYPT } from './vault-constants';
import { DatabaseClient } from '../../../electron/database/client';
import { restoreBackup } from '../../../electron/features/restore/main';
import { Vault } from '../../../electron/vault/vault';

const [mode, dir, workerPath, backupFolder, stopAt] = process.argv.slice(2);
if (!mode || !dir || !workerPath)
  throw new Error('usage: vault-child setup|write|open|synced-write|backup|restore <dir> <worker> [<backup> [<step|->]]');

/**
 * SQLCipher's memory security off, as in the tests of features (temp-vault.ts): what these tests prove is what
 * a kill leaves on disk, which the setting does not change, and a set-up (every migration) with it on costs the
 * kill tests most of their time. That the app turns it on is tested in tests/unit/vault/vault.test.ts.
 */
const MEMORY_SECURITY = 'off';

/** The restore as the restore:restore channel runs it, with the vault's step observer to stop it anywhere. */
async function restoreUntil(folder: string, step: string): Promise<void> {
  const database = new DatabaseClient(workerPath ?? '');
  const vault = new Vault({
    dataDir: dir ?? '',
    database,
    emit: () => undefined,
    now: () => Date.now(),
    scrypt: TEST_SCRYPT,
    memorySecurity: MEMORY_SECURITY,
  });
  await vault.unlock(PASSPHRASE);
  say('unlocked');
  await restoreBackup(vault, database, folder, undefined, (reached) => {
    if (reached === step) process.kill(process.pid, 'SIGKILL');
  });
  say('restored');
  await database.stop();
}

const core = createAppCore({
  dataDir: dir,
  preferences: new MemoryPreferenceStore(),
  workerPath,
  scrypt: TEST_SCRYPT,
  memorySecurity: MEMORY_SECURITY,
});
const context: CallContext = {
  printer: { print: async () => 'cancelled' },
  files: { save: async () => 'cancelled' },
  folders: { choose: async () => backupFolder },
};

async function call(channel: string, input: unknown): Promise<unknown> {
  const result = await core.handle(channel, input, context);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  if (mode === 'restore') {
    if (!backupFolder || !stopAt) throw new Error('usage: vault-child restore <dir> <worker> <backup> <step|->');
    await restoreUntil(backupFolder, stopAt);
    return;
  }
  if (mode === 'setup') {
    await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    say('confirming');
    await call('vault:confirmSetup', {});
    say('confirmed');
    await core.close();
  } else if (mode === 'backup') {
    await call('vault:unlock', { passphrase: PASSPHRASE });
    await call('backups:chooseFolder', {});
    say('unlocked');
    for (;;) {
      await call('backups:backUpNow', {});
      say('backing up');
      let status = (await call('backups:status', {})) as BackupStatus;
      while (status.running) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = (await call('backups:status', {})) as BackupStatus;
      }
      say(status.lastFailure ? `failed ${status.lastFailure.code}` : `verified ${status.lastVerified?.folder ?? ''}`);
    }
  } else if (mode === 'open') {
    await call('vault:unlock', { passphrase: PASSPHRASE });
    say('unlocked');
    setInterval(() => undefined, 60_000);
  } else {
    await call('vault:unlock', { passphrase: PASSPHRASE });
    say('unlocked');
    if (mode === 'synced-write') {
      await call('sync:syncNow', {});
      say('synced');
    }
    for (let n = 0; ; n += 1) {
      const familyName = `Kill${process.pid}x${n}`;
      await call('patients:create', {
        patient: { givenName: 'Ack', familyName, preferredName: '', dateOfBirth: '1980-01-01', phone: '', email: '' },
      });
      say(`ack ${familyName}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
