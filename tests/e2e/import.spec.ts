import { expect, screenshot, test } from './fixtures';
import { ImportPatientsPage } from './import-pages';
import { PatientsPage, unlockSeededVault } from './pages';

const PASSPHRASE = 'amber kestrel folding tidewater';

/** A client list as another system exports it: row 3's email is not an address. */
const WITH_A_BAD_ROW = [
  'Client First Name,Client Last Name,Date of Birth,Mobile Phone,Email',
  'Ingrid,Berg,04/23/1979,555 201 3344,ingrid@example.org',
  'Kofi,Mensah,02/01/1970,,kofi at example.org',
  'Yui,Nakamura,11/30/1992,,',
].join('\r\n');
const FIXED = WITH_A_BAD_ROW.replace('kofi at example.org', 'kofi@example.org');

test('a client list with a bad row shows the row’s problem, imports nothing, and once fixed imports every patient', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });
  await new PatientsPage(page).openPatients();
  const screen = await ImportPatientsPage.fromPatientList(page);

  await screen.choose('clients.csv', WITH_A_BAD_ROW);
  await expect(page.getByRole('combobox', { name: 'Field for the column “Client Last Name”' })).toHaveValue('familyName');
  await expect(screen.problemsOfRow(3)).toContainText('Email: This is not an email address');
  await expect(screen.importButton).toBeDisabled();
  await expect(page.getByText('Fix 1 row in the file and choose it again, or leave it out.')).toBeVisible();
  await screenshot(page, 'import-patients-bad-row');

  await screen.choose('clients.csv', FIXED);
  await expect(screen.problems).toBeHidden();
  await expect(screen.importButton).toHaveText('Import 3 patients');
  await screenshot(page, 'import-patients-ready');
  await screen.importButton.click();
  await expect(page.getByText('Imported 3 patients.')).toBeVisible();

  await page.getByRole('link', { name: 'See them in the patient list' }).click();
  await new PatientsPage(page).expectNames(['Berg, Ingrid', 'Mensah, Kofi', 'Nakamura, Yui']);
});
