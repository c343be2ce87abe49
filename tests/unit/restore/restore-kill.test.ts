import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreStep } from '../../../electron/features/restore/swap';
import type { RecoverySheet } from '../../../shared/vault';
import { contentHash, makeBackup } from '../support/backup-fixture';
import { startVaultChild } from '../support/child-process';
import { folderFingerprint, openTempVault, PASSPHRASE, patientInput, setUp } from '../support/temp-vault';

/**
 * A restore killed with SIGKILL anywhere leaves a vault that opens: the old one until the plan is on
 * disk, the restored one from then on (the next start finishes it). Each point is a fresh copy of one
 * small vault; the backup folder is shared and must come out of it all unchanged.
 */
const STEPS: RestoreStep[] = [
  'staging',
  'staged',
  'planned',
  'key-file-set-aside',
  'database-set-aside',
  'database-in-place',
  'key-file-in-place',
  'finished',
];
const BEFORE_PLAN: ReadonlySet<RestoreStep> = new Set(['staging', 'staged']);
/** Kills at a random moment after unlock, on top of the named steps. */
const RANDOM_KILLS = 4;

let root: string;
let base: string;
let backupFolder: string;
let sheet: RecoverySheet;
let oldHash: string;
let backupHash: string;
let backupBefore: Record<string, string>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alliance-restore-kill-'));
  base = path.join(root, 'base');
  const vault = await openTempVault({ dir: base });
  try {
    sheet = await setUp(vault);
    await vault.call('patients:create', { patient: patientInput({ familyName: 'Abernathy' }) });
    backupFolder = await makeBackup({ dataDir: base, databaseKeyHex: sheet.databaseKeyHex, destination: path.join(root, 'backups') });
    await vault.call('patients:create', { patient: patientInput({ familyName: 'Newcomer' }) });
    await vault.call('vault:lock', {});
  } finally {
    await vault.core.close();
  }
  oldHash = contentHash(path.join(base, 'alliance.db'), sheet.databaseKeyHex);
  backupHash = contentHash(path.join(backupFolder, 'alliance.db'), sheet.databaseKeyHex);
  expect(oldHash).not.toBe(backupHash);
  backupBefore = await folderFingerprint(backupFolder);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Outcome = 'old' | 'restored';

/** Starts the app on the folder as it was left: it must open, with one vault or the other, whole. */
async function openAfterKill(dir: string): Promise<Outcome> {
  const vault = await openTempVault({ dir });
  try {
    const status = await vault.call('vault:status', {});
    expect(status.state).toBe('locked');
    const said = status.restored !== undefined;
    expect(existsSync(path.join(dir, '.alliance-restore'))).toBe(false);
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const names = (await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName).sort();
    await vault.call('vault:lock', {});
    const outcome: Outcome = names.includes('Newcomer') ? 'old' : 'restored';
    // The unlock screen said which it was.
    expect(said).toBe(outcome === 'restored');
    expect(names).toEqual(outcome === 'old' ? ['Abernathy', 'Newcomer'] : ['Abernathy']);
    expect(contentHash(path.join(dir, 'alliance.db'), sheet.databaseKeyHex)).toBe(outcome === 'old' ? oldHash : backupHash);
    if (outcome === 'restored') {
      // The replaced vault is whole in its dated folder.
      const asides = (await readdir(path.join(dir, 'set-aside'))).filter((name) => name.endsWith('-replaced-by-restore'));
      expect(asides).toHaveLength(1);
      const aside = path.join(dir, 'set-aside', asides[0] ?? '');
      expect((await readdir(aside)).filter((name) => !name.endsWith('-shm') && !name.endsWith('-wal')).sort()).toEqual([
        'alliance.db',
        'alliance.keys.json',
      ]);
      expect(contentHash(path.join(aside, 'alliance.db'), sheet.databaseKeyHex)).toBe(oldHash);
    } else {
      expect(existsSync(path.join(dir, 'set-aside'))).toBe(false);
    }
    return outcome;
  } finally {
    await vault.core.close();
  }
}

async function freshCopy(name: string): Promise<string> {
  const dir = path.join(root, name);
  await cp(base, dir, { recursive: true });
  return dir;
}

describe('a restore killed with SIGKILL', () => {
  it.each(STEPS)('at step “%s” leaves a vault that opens: the old one before the plan is written, the restored one after', async (step) => {
    const dir = await freshCopy(`step-${step}`);
    const child = await startVaultChild('restore', dir, backupFolder, step);
    await child.exited;
    expect(child.lines).toContain('unlocked');
    expect(child.lines).not.toContain('restored');
    expect(await openAfterKill(dir)).toBe(BEFORE_PLAN.has(step) ? 'old' : 'restored');
    expect(await folderFingerprint(backupFolder)).toEqual(backupBefore);
  });

  it(`at ${RANDOM_KILLS} random moments leaves a vault that opens, old or restored, every time`, async () => {
    const outcomes: Outcome[] = [];
    for (let n = 0; n < RANDOM_KILLS; n += 1) {
      const dir = await freshCopy(`random-${n}`);
      const child = await startVaultChild('restore', dir, backupFolder, '-');
      await child.waitFor(/^unlocked$/);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      await child.kill();
      outcomes.push(await openAfterKill(dir));
    }
    expect(outcomes).toHaveLength(RANDOM_KILLS);
    expect(await folderFingerprint(backupFolder)).toEqual(backupBefore);
  });
});
