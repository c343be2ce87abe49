import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeBackup } from '../unit/support/backup-fixture';
import { expect, screenshot, test, type Seed } from './fixtures';
import { UnlockPage, unlockSeededVault, type PatientDetails } from './pages';
import { BackupReadingArea } from './restore-pages';

const PASSPHRASE = 'violet harbour quietly unfolds';
const older: PatientDetails = { givenName: 'Odile', familyName: 'Marchbank', dateOfBirth: '1969-02-14' };
const newer: PatientDetails = { givenName: 'Tobias', familyName: 'Wrenfield', dateOfBirth: '1990-09-03' };

async function signedNote(seed: Seed, patientId: string, serviceDate: string, text: string): Promise<void> {
  const draft = await seed.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: null, serviceDate });
  const saved = await seed.call('notes:saveDraft', {
    id: draft.id,
    version: draft.version,
    fields: { intervalHistory: text },
    serviceDate,
  });
  await seed.call('notes:sign', { id: draft.id, version: saved.version, signedBy: 'Dr Ana Reyes, MD' });
}

test('a restore drill shows an older backup, and restoring it brings back its records with the replaced vault kept aside', async ({
  page,
  harness,
  seed,
}) => {
  const backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-backups-'));
  try {
    const sheet = await seed.setUp(PASSPHRASE);
    const kept = await seed.patient(older);
    await signedNote(seed, kept.id, '2026-10-01', 'Settling in.');
    const folder = await makeBackup({ dataDir: harness.dataDir, databaseKeyHex: sheet.databaseKeyHex, destination: backups });
    await signedNote(seed, kept.id, '2026-11-20', 'Written after the backup.');
    await seed.patient(newer);
    await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });

    // The drill: open it read-only, see what it holds, close it.
    const settings = await new BackupReadingArea(page).open();
    harness.chooseFolders(folder);
    await settings.checkABackup.click();
    await expect(settings.opened).toContainText(/tables hold the \d+ rows its manifest records/);
    await expect(settings.latestNotes).toContainText('Odile Marchbank');
    await expect(settings.latestNotes).not.toContainText('Wrenfield');
    await expect(settings.latestNotes.getByRole('listitem')).toHaveCount(1);
    await screenshot(page, 'restore-drill');
    await settings.closeBackup.click();
    await expect(settings.checkABackup).toBeVisible();

    // The restore: choose, see, confirm; the vault locks and opens with the backup's passphrase.
    harness.chooseFolders(folder);
    await settings.restoreFromABackup.click();
    await expect(settings.opened).toContainText('Odile Marchbank');
    await settings.restoreThisBackup.click();
    await expect(settings.confirmDialog).toContainText(`${path.join(harness.dataDir, 'set-aside')} (named …-replaced-by-restore)`);
    await expect(settings.confirmDialog).toContainText('newest note is of');
    await screenshot(page, 'restore-confirm');
    await settings.confirmDialog.getByRole('button', { name: 'Restore', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Unlock the restored backup' })).toBeVisible();
    await expect(page.getByText(/The records it replaced are kept, unchanged, in/)).toContainText('replaced-by-restore');
    await screenshot(page, 'restore-unlock');
    await new UnlockPage(page).unlock(PASSPHRASE);
    // Unlocking returns the person to where they were.
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(settings.checkABackup).toBeVisible();

    const patients = await seed.call('patients:list', { includeArchived: true });
    expect(patients.map((patient) => patient.familyName)).toEqual(['Marchbank']);
    const notes = await seed.call('notes:list', { patientId: kept.id });
    expect(notes.notes.map((note) => note.serviceDate)).toEqual(['2026-10-01']);

    const setAside = await readdir(path.join(harness.dataDir, 'set-aside'));
    const replaced = setAside.filter((name) => name.endsWith('-replaced-by-restore'));
    expect(replaced).toHaveLength(1);
    expect((await readdir(path.join(harness.dataDir, 'set-aside', replaced[0] ?? ''))).sort()).toEqual([
      'alliance.db',
      'alliance.keys.json',
    ]);
  } finally {
    await rm(backups, { recursive: true, force: true });
  }
});
