import { expect, screenshot, test } from './fixtures';
import { addPatient, listedName, PatientPage, setUpVault, type PatientDetails } from './pages';

const PASSPHRASE = 'violet harbour quietly unfolds';
const patient: PatientDetails = {
  givenName: 'Marguerite',
  familyName: 'Quillfeather',
  preferredName: 'Daisy',
  dateOfBirth: '1971-06-30',
  phone: '020 7946 0958',
};

test('Ctrl+L locks the vault and no patient detail is left in the page', async ({ page, harness }) => {
  const { patients } = await setUpVault(page, harness.url, PASSPHRASE);
  await addPatient(patients, patient);
  await expect(patients.table).toContainText('Quillfeather');

  await patients.lockWithShortcut();
  // What the app draws and the window's title; the head's random harness token could hold "1971".
  const drawn = `${await page.title()}\n${await page.locator('body').innerHTML()}`;
  expect(drawn).toContain('Unlock Alliance');
  for (const detail of ['Quillfeather', 'Marguerite', 'Daisy', '7946 0958', '1971']) expect(drawn).not.toContain(detail);
});

test('after unlocking, the psychiatrist is back on the patient page they were on', async ({ page, harness }) => {
  const { patients } = await setUpVault(page, harness.url, PASSPHRASE);
  const list = await addPatient(patients, patient);
  const record = await list.open(listedName(patient));
  const where = page.url();

  const unlock = await record.lock();
  await expect(record.heading(listedName(patient))).toBeHidden();
  await unlock.unlock(PASSPHRASE);

  await expect(new PatientPage(page).heading(listedName(patient))).toBeVisible();
  await expect(record.details).toContainText('020 7946 0958');
  expect(page.url()).toBe(where);
});

test('after unlocking, the psychiatrist is back in settings if that is where they locked', async ({ page, harness }) => {
  const { patients } = await setUpVault(page, harness.url, PASSPHRASE);
  const settings = await patients.openSettings();
  await screenshot(page, 'settings');
  const unlock = await settings.lock();
  await unlock.unlock(PASSPHRASE);
  await expect(settings.heading).toBeVisible();
});
