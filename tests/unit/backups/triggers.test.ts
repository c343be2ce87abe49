import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBackupManifest } from '../../../electron/features/backups/manifest';
import { openTempVault, PASSPHRASE, setUp, type TempVault } from '../support/temp-vault';
import { backupEntries, backupSettled, backUpNow, chooseBackupFolder, tempBackupFolder } from './backup-support';

const HOUR = 3_600_000;
const opened: TempVault[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A vault whose clock the test moves, with a backup folder chosen. */
async function clockedVault(options: { backupCheckEveryMs?: number } = {}) {
  const clock = { now: Date.parse('2026-03-02T09:00:00.000Z') };
  const vault = await openTempVault({ now: () => clock.now, ...options });
  opened.push(vault);
  await setUp(vault);
  const folder = await tempBackupFolder();
  folders.push(folder);
  await chooseBackupFolder(vault, folder);
  return { vault, folder, clock };
}

async function reasons(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await backupEntries(folder)) found.push((await readBackupManifest(path.join(folder, name))).reason);
  return found;
}

async function lockAndUnlock(vault: TempVault): Promise<void> {
  await vault.call('vault:lock', {});
  await vault.call('vault:unlock', { passphrase: PASSPHRASE });
  await backupSettled(vault);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 20_000) throw new Error(`Waited in vain for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('automatic backups', () => {
  it('a lock backs up at most once per interval (daily by default), and again once a day has passed', async () => {
    const { vault, folder, clock } = await clockedVault();
    await lockAndUnlock(vault);
    expect(await reasons(folder)).toEqual(['lock']);

    clock.now += 23 * HOUR;
    await lockAndUnlock(vault);
    expect(await reasons(folder)).toEqual(['lock']);

    clock.now += 2 * HOUR;
    await lockAndUnlock(vault);
    expect(await reasons(folder)).toEqual(['lock', 'lock']);
  });

  it('a backup made by hand counts: the next lock within the interval makes none', async () => {
    const { vault, folder, clock } = await clockedVault();
    await backUpNow(vault);
    clock.now += HOUR;
    await lockAndUnlock(vault);
    expect(await reasons(folder)).toEqual(['manual']);
  });

  it('quitting backs up when one is due, and waits for it to be verified', async () => {
    const { vault, folder } = await clockedVault();
    await vault.dispose();
    opened.splice(opened.indexOf(vault), 1);
    expect(await reasons(folder)).toEqual(['quit']);
  });

  it('quitting right after a backup makes no other', async () => {
    const { vault, folder } = await clockedVault();
    await backUpNow(vault);
    await vault.dispose();
    opened.splice(opened.indexOf(vault), 1);
    expect(await reasons(folder)).toEqual(['manual']);
  });

  it('the schedule backs up while the vault is open, once per interval, following the clock', async () => {
    const { vault, folder, clock } = await clockedVault({ backupCheckEveryMs: 25 });
    await until(async () => (await backupEntries(folder)).length === 1, 'the scheduled backup');
    await backupSettled(vault);
    // Many more looks within the same day make no other.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await reasons(folder)).toEqual(['scheduled']);

    clock.now += 24 * HOUR;
    await until(async () => (await backupEntries(folder)).length === 2, 'the next day’s backup');
    await backupSettled(vault);
    expect(await reasons(folder)).toEqual(['scheduled', 'scheduled']);
  });

  it('a lock while a backup is running locks at once; the backup still finishes and verifies, and is reported after unlock', async () => {
    const { vault, folder } = await clockedVault();
    await vault.call('backups:backUpNow', {});
    await vault.call('vault:lock', {});
    expect(vault.events.at(-1)).toEqual({ type: 'vault:locked', reason: 'manual' });
    await until(async () => (await backupEntries(folder)).some((name) => !name.endsWith('.partial')), 'the backup to finish');
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const status = await backupSettled(vault);
    const [name] = await backupEntries(folder);
    expect(status.lastVerified?.folder).toBe(path.join(folder, name ?? ''));
    expect((await readBackupManifest(path.join(folder, name ?? ''))).reason).toBe('manual');
  });
});
