import { localToday } from '../../shared/dates';
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

test('a corrected form saves the patient once', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await new PatientsPage(page).openPatients();
  const form = await patients.addPatient();
  const patient = { givenName: 'Wilhelmina', familyName: 'Strand', dateOfBirth: tomorrow() };
  await form.fill(patient);
  await form.saveButton.click();
  await expect(form.dateOfBirth).toHaveAttribute('aria-invalid', 'true');

  const corrected = { ...patient, dateOfBirth: '1990-01-31' };
  await form.dateOfBirth.fill(corrected.dateOfBirth);
  const record = await form.save(corrected);
  const list = await record.backToPatients();
  await list.expectNames([listedName(corrected)]);
});
