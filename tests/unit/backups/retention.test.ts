import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFolderName } from '../../../shared/backup';
import { backupsToPrune, backupTimeOf, type StoredBackup } from '../../../electron/features/backups/retention';
import { backupReminder } from '../../../electron/features/backups/service';
import { openTempVault, setUp, type TempVault } from '../support/temp-vault';
import { backUpNow, chooseBackupFolder, tempBackupFolder } from './backup-support';

const DAY = 86_400_000;
const POLICY = { daily: 7, weekly: 4, monthly: 12 };

function backupsAt(...isoTimes: string[]): StoredBackup[] {
  return isoTimes.map((time) => ({ name: backupFolderName(new Date(time)), createdAt: new Date(time) }));
}

function kept(backups: StoredBackup[], policy = POLICY, timeZone = 'UTC'): string[] {
  const pruned = new Set(backupsToPrune(backups, policy, timeZone));
  return backups
    .filter((backup) => !pruned.has(backup.name))
    .map((backup) => backup.createdAt.toISOString().slice(0, 10))
    .sort();
}

describe('which backups pruning keeps', () => {
  it('a year and a half of daily backups keeps 7 days, 4 weeks and 12 months (the newest of each), as the default policy says', () => {
    const start = Date.parse('2025-06-01T20:00:00Z');
    const backups = Array.from({ length: 550 }, (_, day) => {
      const createdAt = new Date(start + day * DAY);
      return { name: backupFolderName(createdAt), createdAt };
    });
    // The last backup: Wednesday 2026-12-02. Days: 26 Nov to 2 Dec. Weeks (ISO, Monday to Sunday): their
    // newest days are 2 Dec, Sunday 29 Nov, 22 Nov and 15 Nov. Months: the last day of each month, or this one's newest.
    expect(kept(backups)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-15',
      '2026-11-22',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('several backups on one day: the day keeps its newest', () => {
    const backups = backupsAt('2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', '2026-03-02T18:00:00Z', '2026-03-01T18:00:00Z');
    const pruned = backupsToPrune(backups, { daily: 7, weekly: 0, monthly: 0 }, 'UTC');
    expect(pruned.sort()).toEqual(
      [backupFolderName(new Date('2026-03-02T08:00:00Z')), backupFolderName(new Date('2026-03-02T12:00:00Z'))].sort(),
    );
  });

  it('days are the practice’s days: 23:30 and 00:30 in New York are two days, though one in UTC', () => {
    const backups = backupsAt('2026-03-03T04:30:00Z', '2026-03-03T05:30:00Z');
    expect(backupsToPrune(backups, { daily: 7, weekly: 0, monthly: 0 }, 'America/New_York')).toEqual([]);
    expect(backupsToPrune(backups, { daily: 7, weekly: 0, monthly: 0 }, 'UTC')).toHaveLength(1);
  });

  it('a policy that keeps nothing still keeps the newest backup, and a lone backup is never pruned', () => {
    const backups = backupsAt('2026-01-01T10:00:00Z', '2026-02-01T10:00:00Z', '2026-03-01T10:00:00Z');
    const none = { daily: 0, weekly: 0, monthly: 0 };
    expect(kept(backups, none)).toEqual(['2026-03-01']);
    expect(backupsToPrune(backupsAt('2020-01-01T10:00:00Z'), none, 'UTC')).toEqual([]);
  });

  it('reads a backup’s time from its folder name only when the name is a finished backup’s', () => {
    expect(backupTimeOf('alliance-backup-2026-12-01T18-15-00Z')?.toISOString()).toBe('2026-12-01T18:15:00.000Z');
    expect(backupTimeOf('alliance-backup-2026-12-01T18-15-00Z.partial')).toBeNull();
    expect(backupTimeOf('alliance-backup-2026-13-45T18-15-00Z')).toBeNull();
    expect(backupTimeOf('holiday photos')).toBeNull();
  });
});

describe('the reminder', () => {
  const now = Date.parse('2026-03-31T12:00:00Z');
  const daysAgo = (days: number) => new Date(now - days * DAY).toISOString();
  it('is quiet within the reminder’s days, calm after them, unmissable at 30 days', () => {
    expect(backupReminder(daysAgo(6.9), now, 7, true)).toBe('none');
    expect(backupReminder(daysAgo(7), now, 7, true)).toBe('calm');
    expect(backupReminder(daysAgo(29), now, 7, true)).toBe('calm');
    expect(backupReminder(daysAgo(30), now, 7, true)).toBe('urgent');
    expect(backupReminder(daysAgo(2), now, 1, true)).toBe('calm');
  });
  it('with no backup ever: nothing to say for an empty vault, unmissable once it holds records', () => {
    expect(backupReminder(null, now, 7, false)).toBe('none');
    expect(backupReminder(null, now, 7, true)).toBe('urgent');
  });
});

describe('pruning the backup folder', () => {
  const opened: TempVault[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const vault of opened.splice(0)) await vault.dispose();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  it('after a verified backup, removes the backups the policy does not keep and nothing else', async () => {
    const vault = await openTempVault({ now: () => Date.parse('2026-03-10T09:00:00Z') });
    opened.push(vault);
    await setUp(vault);
    const folder = await tempBackupFolder();
    folders.push(folder);
    const older = ['2026-03-09T20:00:00Z', '2026-03-08T20:00:00Z', '2026-03-08T10:00:00Z', '2026-01-05T20:00:00Z'];
    for (const time of older) await mkdir(path.join(folder, backupFolderName(new Date(time))));
    await mkdir(path.join(folder, 'Tax returns'));
    await chooseBackupFolder(vault, folder);
    await vault.call('preferences:update', { backupKeepDaily: 2, backupKeepWeekly: 0, backupKeepMonthly: 0 });

    await backUpNow(vault);
    expect((await readdir(folder)).sort()).toEqual(
      ['Tax returns', backupFolderName(new Date('2026-03-09T20:00:00Z')), backupFolderName(new Date('2026-03-10T09:00:00Z'))].sort(),
    );
  });
});
