/**
 * A backup onto a disk that fills up part-way: a small tmpfs, which only root may mount (CI runs as
 * root). The first backup fits; the second meets a full disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackupManifest } from '../../../electron/features/backups/manifest';
import { openTempVault, patientInput, setUp } from '../support/temp-vault';
import { backupEntries, backupSettled, backUpNow, chooseBackupFolder } from './backup-support';

let mountPoint = '';

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The full-disk backup test mounts a small tmpfs, which needs root (CI runs as root). Run it as root, or with sudo: sudo npx vitest run tests/unit/backups/full-disk.test.ts',
    );
  }
  mountPoint = await mkdtemp(path.join(os.tmpdir(), 'alliance-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
});

afterAll(async () => {
  if (!mountPoint) return;
  execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(folder)) total += (await stat(path.join(folder, name))).size;
  return total;
}

describe('a full backup disk', () => {
  it('gives DISK_FULL in words, leaves no partial backup, keeps the earlier backup intact and the vault unchanged', async () => {
    const vault = await openTempVault();
    try {
      await setUp(vault);
      for (let i = 0; i < 20; i += 1) await vault.call('patients:create', { patient: patientInput({ familyName: `Filler${i}` }) });
      const folder = path.join(mountPoint, 'backups');
      await mkdir(folder);
      await chooseBackupFolder(vault, folder);

      const first = await backUpNow(vault);
      const [kept] = await backupEntries(folder);
      const keptFolder = path.join(folder, kept ?? '');
      expect(first.lastVerified?.folder).toBe(keptFolder);
      // Leave room for about half a backup, then back up again.
      const free = Number(execFileSync('df', ['--output=avail', '-B1', mountPoint]).toString().trim().split('\n')[1]);
      await writeFile(path.join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, free - Math.floor((await folderBytes(keptFolder)) / 2))));

      await vault.call('backups:backUpNow', {}).catch(() => undefined);
      const status = await backupSettled(vault);
      expect(status.lastFailure).toMatchObject({ code: 'DISK_FULL' });
      expect(status.lastFailure?.message).toContain(`The disk holding the backup folder ${folder} is full`);
      expect(status.lastVerified?.folder).toBe(keptFolder);
      expect(await backupEntries(folder)).toEqual([kept]);
      expect((await readBackupManifest(keptFolder)).tables.patients).toBe(20);
      expect(await vault.call('patients:list', {})).toHaveLength(20);
    } finally {
      await vault.dispose();
    }
  });
});
