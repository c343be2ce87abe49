import { expect, screenshot, test } from './fixtures';
import { listedName, PatientsPage, unlockSeededVault, UnlockPage } from './pages';

const ORIGINAL = 'granite willow echoes sideways';
const REPLACEMENT = 'saffron tugboat lingers nightly';
const patient = { givenName: 'Ignatius', familyName: 'Pemberton-Vale', dateOfBirth: '1962-09-08' };

test('unlocking with the recovery code requires a new passphrase, which then replaces the old one', async ({ page, harness, seed }) => {
  const { recoveryCode } = await seed.setUp(ORIGINAL);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, ORIGINAL);
  const unlock = await (await new PatientsPage(page).openPatients()).lock();

  await page.getByRole('button', { name: 'Use recovery code instead' }).click();
  const code = page.getByLabel('Recovery code', { exact: true });
  await code.fill(recoveryCode);
  await page.getByRole('button', { name: 'Recover and unlock' }).click();
  await expect(page.getByLabel('New passphrase', { exact: true })).toHaveAccessibleDescription('Choose a new passphrase.');
  await screenshot(page, 'recover-needs-new-passphrase');
  await page.getByRole('button', { name: 'Use passphrase instead' }).click();

  // Typed the way a person copies from paper: lower case, spaces instead of dashes.
  await unlock.unlockWithRecoveryCode(recoveryCode.toLowerCase().replace(/-/g, ' '), REPLACEMENT);
  const list = new PatientsPage(page);
  await expect(list.heading).toBeVisible();
  await list.expectNames([listedName(patient)]);

  await list.lock();
  await unlock.unlock(ORIGINAL);
  await expect(unlock.passphrase).toHaveAccessibleDescription('That passphrase is not right. Nothing was changed.');
  await unlock.unlock(REPLACEMENT);
  await expect(list.heading).toBeVisible();
});

test('a wrong recovery code is refused and the passphrase still unlocks', async ({ page, harness, seed }) => {
  const { recoveryCode } = await seed.setUp(ORIGINAL);
  await unlockSeededVault(page, harness.url, seed, ORIGINAL);
  const unlock = await (await new PatientsPage(page).openPatients()).lock();
  // Same shape, one character different.
  const wrong = (recoveryCode.startsWith('0') ? '1' : '0') + recoveryCode.slice(1);
  await unlock.unlockWithRecoveryCode(wrong, REPLACEMENT);
  await expect(page.getByLabel('Recovery code', { exact: true })).toHaveAccessibleDescription(/That recovery code is not right/);
  await screenshot(page, 'recover-wrong-code');
  await page.getByRole('button', { name: 'Use passphrase instead' }).click();
  await new UnlockPage(page).unlock(ORIGINAL);
  await expect(new PatientsPage(page).heading).toBeVisible();
});

test('a passphrase changed in settings unlocks, and the old one no longer does', async ({ page, harness, seed }) => {
  await seed.setUp(ORIGINAL);
  await unlockSeededVault(page, harness.url, seed, ORIGINAL);
  const settings = await new PatientsPage(page).openSettings();
  await settings.openSection('Security');
  await settings.currentPassphrase.fill('not the passphrase at all');
  await settings.newPassphrase.fill(REPLACEMENT);
  await settings.confirmNewPassphrase.fill(REPLACEMENT);
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(settings.currentPassphrase).toHaveAccessibleDescription('That passphrase is not right. Nothing was changed.');

  await settings.changePassphrase(ORIGINAL, REPLACEMENT);
  await screenshot(page, 'settings-passphrase-changed');
  const unlock = await settings.lock();
  await unlock.unlock(ORIGINAL);
  await expect(unlock.passphrase).toHaveAccessibleDescription('That passphrase is not right. Nothing was changed.');
  await unlock.unlock(REPLACEMENT);
  await expect(settings.heading).toBeVisible();
});
