import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BackupSettingsSection } from './backups-pages';
import { expect, screenshot, test } from './fixtures';
import { unlockSeededVault } from './pages';

const PASSPHRASE = 'harbour lantern quietly folds';

test('a practice never backed up is told so, sets a backup folder, backs up and sees the progress and the verified time', async ({
  page,
  harness,
  seed,
}) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-backups-'));
  try {
    await seed.setUp(PASSPHRASE);
    await seed.patient({ givenName: 'Isolde', familyName: 'Parrish', dateOfBirth: '1979-04-02' });
    await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

    const reminder = page.getByRole('alert', { name: 'Backup reminder' });
    await expect(reminder).toContainText('These records have never been backed up.');
    await screenshot(page, 'backup-reminder-never');
    await reminder.getByRole('link', { name: 'Choose a backup folder' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

    const backups = new BackupSettingsSection(page);
    await expect(backups.lastVerified).toHaveText('None yet');
    harness.chooseFolders(folder);
    await backups.chooseFolder();
    await expect(backups.folder).toHaveText(folder);

    await backups.backUpNow();
    await expect(backups.progress).toBeVisible();
    await backups.expectVerified();
    await expect(backups.progress).toHaveAttribute('value', '100');
    const [name, ...others] = (await readdir(folder)).filter((entry) => entry.startsWith('alliance-backup-'));
    expect(others).toEqual([]);
    expect(name).not.toContain('.partial');
    await expect(backups.lastVerified).toContainText('made by hand');
    await expect(backups.lastVerified).toContainText(path.join(folder, name ?? ''));
    await expect(backups.lastVerified).toContainText(String(new Date().getFullYear()));
    await screenshot(page, 'backup-settings-verified');

    // The reminder is gone from the other views.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    await expect(page.getByRole('alert', { name: 'Backup reminder' })).toBeHidden();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
