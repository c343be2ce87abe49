import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import { expect, screenshot, test } from './fixtures';
import { listedName, PatientsPage, unlockSeededVault } from './pages';

const PASSPHRASE = 'granite willow echoes sideways';
const patient = { givenName: 'Ottoline', familyName: 'Brisbane-Hale', dateOfBirth: '1971-03-14' };

/** A write-ahead log of another SQLCipher database, with another key, as a stray copy would leave one. */
async function foreignLog(): Promise<{ dir: string; wal: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-foreign-'));
  const db = new Database(path.join(dir, 'other.db'));
  db.pragma(`key = "x'${'ab'.repeat(32)}'"`);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('someone else')");
  const wal = path.join(dir, 'stray.db-wal');
  await copyFile(path.join(dir, 'other.db-wal'), wal);
  db.close();
  return { dir, wal };
}

test('a log that is not the vault’s own is set aside at unlock, and the person is told where', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const unlock = await (await new PatientsPage(page).openPatients()).lock();

  const stray = await foreignLog();
  try {
    await copyFile(stray.wal, path.join(harness.dataDir, 'alliance.db-wal'));
  } finally {
    await rm(stray.dir, { recursive: true, force: true });
  }
  await unlock.unlock(PASSPHRASE);

  const notice = page.getByRole('alert').filter({ hasText: 'Alliance moved files it could not use' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('written for another database or with another key');
  await expect(notice).toContainText(path.join(harness.dataDir, 'set-aside'));
  await expect(notice).toContainText('alliance.db-wal');
  const list = new PatientsPage(page);
  await list.expectNames([listedName(patient)]);
  await screenshot(page, 'vault-set-aside-notice');
  await notice.getByRole('button', { name: 'I have read this' }).click();
  await expect(notice).toHaveCount(0);
});

test('an empty database file beside its key file shows what is wrong and what to do, and no unlock is offered', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  await seed.call('vault:lock', {});
  await writeFile(path.join(harness.dataDir, 'alliance.db'), Buffer.alloc(0));
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Alliance cannot open your records' })).toBeVisible();
  await expect(page.getByText(/The database file alliance\.db is empty \(0 bytes\)/)).toBeVisible();
  await expect(page.getByText('Restore the data folder from your most recent backup')).toBeVisible();
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
  await screenshot(page, 'vault-damaged-empty-database');
});
