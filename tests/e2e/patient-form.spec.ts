import { localToday } from '../../shared/dates';
import { PHONE_MESSAGE } from '../../shared/phone';
import { expect, screenshot, test } from './fixtures';
import { listedName, PatientsPage, unlockSeededVault } from './pages';

const PASSPHRASE = 'amber kestrel folding tidewater';

function tomorrow(): string {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  return localToday(date);
}

test('a date of birth in the future and a missing family name are refused in the form, and nothing is saved', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await new PatientsPage(page).openPatients();
  const form = await patients.addPatient();
  await form.fill({ givenName: 'Wilhelmina', familyName: '', dateOfBirth: tomorrow(), email: 'not an address' });
  await form.saveButton.click();

  await expect(form.familyName).toHaveAttribute('aria-invalid', 'true');
  await expect(form.familyName).toHaveAccessibleDescription('Enter the family name');
  await expect(form.dateOfBirth).toHaveAttribute('aria-invalid', 'true');
  await expect(form.dateOfBirth).toHaveAccessibleDescription('The date of birth must be between 1900 and today');
  await expect(form.email).toHaveAccessibleDescription('This is not an email address');
  await expect(form.givenName).not.toHaveAttribute('aria-invalid', 'true');
  await expect(form.heading).toBeVisible();
  await screenshot(page, 'patient-form-errors');

  await form.cancel();
  // A fresh window asks the vault again rather than trusting what the page had cached.
  await page.reload();
  const list = new PatientsPage(page);
  await expect(list.heading).toBeVisible();
  await expect(list.emptyState).toBeVisible();
});

test('a corrected form saves the patient once, with the demographics a psychiatrist needs', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await new PatientsPage(page).openPatients();
  const form = await patients.addPatient();
  const patient = { givenName: 'Wilhelmina', familyName: 'Strand', dateOfBirth: tomorrow() };
  await form.fill(patient);
  await page.getByLabel(/^Sex assigned at birth/).selectOption({ label: 'Female' });
  await page.getByLabel(/^Gender identity/).fill('Non-binary');
  await page.getByLabel('Pharmacy (optional)', { exact: true }).fill('Leith Walk Pharmacy');
  const pharmacyPhone = page.getByLabel(/^Pharmacy’s phone/);
  await pharmacyPhone.fill('abc');
  await page.getByLabel(/^Physician’s fax/).fill('0131 496 0099');
  await page.getByLabel(/^Member id/).fill('W123456789');
  await form.saveButton.click();
  await expect(form.dateOfBirth).toHaveAttribute('aria-invalid', 'true');
  await expect(pharmacyPhone).toHaveAccessibleDescription(PHONE_MESSAGE);

  const corrected = { ...patient, dateOfBirth: '1990-01-31' };
  await form.dateOfBirth.fill(corrected.dateOfBirth);
  await pharmacyPhone.fill('0131 496 0018 ext. 2');
  const record = await form.save(corrected);
  await page.getByRole('navigation', { name: 'Chart sections' }).getByRole('link', { name: 'Details' }).click();
  for (const shown of ['Female', 'Non-binary', 'Leith Walk Pharmacy', '0131 496 0018 ext. 2', '0131 496 0099', 'W123456789'])
    await expect(page.getByRole('definition').filter({ hasText: shown }).first()).toBeVisible();
  await screenshot(page, 'patient-details-demographics');
  const list = await record.backToPatients();
  await list.expectNames([listedName(corrected)]);
});
