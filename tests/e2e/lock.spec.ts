import { expect, screenshot, test } from './fixtures';
import { listedName, PatientPage, PatientsPage, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'violet harbour quietly unfolds';
const patient: PatientDetails = {
  givenName: 'Marguerite',
  familyName: 'Quillfeather',
  preferredName: 'Daisy',
  dateOfBirth: '1971-06-30',
  phone: '020 7946 0958',
};

test('Ctrl+L locks the vault and no patient detail is left in the page', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await new PatientsPage(page).openPatients();
  await expect(patients.table).toContainText('Quillfeather');

  await patients.lockWithShortcut();
  // What the app draws and the window's title; the head's random harness token could hold "1971".
  const drawn = `${await page.title()}\n${await page.locator('body').innerHTML()}`;
  expect(drawn).toContain('Unlock Alliance');
  for (const detail of ['Quillfeather', 'Marguerite', 'Daisy', '7946 0958', '1971']) expect(drawn).not.toContain(detail);
});

test('after unlocking, the psychiatrist is back on the patient page they were on', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const list = await new PatientsPage(page).openPatients();
  const record = await list.open(listedName(patient));
  const where = page.url();

  const unlock = await record.lock();
  await expect(record.heading(listedName(patient))).toBeHidden();
  await unlock.unlock(PASSPHRASE);

  await expect(new PatientPage(page).heading(listedName(patient))).toBeVisible();
  await expect(record.details).toContainText('020 7946 0958');
  expect(page.url()).toBe(where);
});

test('after unlocking, the psychiatrist is back in settings if that is where they locked', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const settings = await new PatientsPage(page).openSettings();
  await screenshot(page, 'settings');
  const unlock = await settings.lock();
  await unlock.unlock(PASSPHRASE);
  await expect(settings.heading).toBeVisible();
});
