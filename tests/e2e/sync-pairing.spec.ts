/**
 * Two devices of one vault through a real PostgreSQL, paired as a person pairs them: "Add a device"
 * in Settings on the first shows a code; "Join a vault from another device" on the second's first-run
 * screen takes it, with the server's details and a passphrase of its own, and shows its recovery
 * sheet. A change made on the first then shows on the second within five seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../harness/server';
import { TEST_SCRYPT } from '../unit/support/vault-constants';
import { expect, screenshot, test } from './practice-server';
import { openSettingsSection, RecoverySheetPage, unlockSeededVault } from './pages';

const PASSPHRASE = 'lantern orchard quietly violet harbor';
const LAPTOP_PASSPHRASE = 'copper meadow whistle thunder ledger';

test('pairs a second device through the screens, and a change on one shows on the other within 5 s', async ({
  page,
  harness,
  seed,
  browser,
  practiceServer: cluster,
}) => {
  const server = {
    host: cluster.host,
    port: cluster.port,
    database: cluster.database,
    user: cluster.user,
    password: cluster.password,
    tls: 'off' as const,
    caCertificate: null,
  };
  await seed.setUp(PASSPHRASE);
  await seed.patient({ givenName: 'Maren', familyName: 'Holloway', dateOfBirth: '1984-06-12' });
  await seed.call('sync:connect', { server, deviceName: 'Office desktop' });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });

  await openSettingsSection(page, 'Devices and practice server');
  await page.getByRole('button', { name: 'Add a device' }).click();
  // While the copy is made and uploaded, the offering device shows how far it has come.
  await expect(page.getByRole('progressbar', { name: 'Copying the vault to the server' })).toBeVisible();
  await page.locator('.add-device').scrollIntoViewIfNeeded();
  await screenshot(page, 'sync-add-device-progress');
  const shown = page.getByTestId('pairing-code');
  await expect(shown).toBeVisible({ timeout: 30_000 });
  const code = (await shown.getAttribute('aria-label')) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4} [0-9A-Z]{4} [0-9A-Z]{4}$/);
  await expect(page.getByText(/Works once, until/)).toBeVisible();
  await page.locator('.add-device').scrollIntoViewIfNeeded();
  await screenshot(page, 'sync-add-device');

  const laptopDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-laptop-'));
  let laptop: Harness | undefined;
  const laptopPage = await browser.newPage();
  try {
    laptop = await startHarness({ dataDir: laptopDir, build: false, scrypt: TEST_SCRYPT, memorySecurity: 'off' });
    await laptopPage.goto(laptop.url);
    await laptopPage.getByRole('button', { name: 'Join a vault from another device' }).click();
    await laptopPage.getByLabel('Host').fill(server.host);
    await laptopPage.getByLabel('Port').fill(String(server.port));
    await laptopPage.getByLabel('Database').fill(server.database);
    await laptopPage.getByLabel('User').fill(server.user);
    await laptopPage.getByLabel('Password', { exact: true }).fill(server.password);
    await laptopPage.getByRole('checkbox', { name: /Require TLS/ }).uncheck();
    await laptopPage.getByLabel('Pairing code').fill(code.toLowerCase());
    await laptopPage.getByLabel('Name of this device').fill('Laptop');
    await laptopPage.getByLabel('Passphrase for this device').fill(LAPTOP_PASSPHRASE);
    await laptopPage.getByLabel('Confirm passphrase').fill(LAPTOP_PASSPHRASE);
    await screenshot(laptopPage, 'sync-join');
    await laptopPage.getByRole('button', { name: 'Join the vault' }).click();

    const sheet = new RecoverySheetPage(laptopPage);
    await expect(sheet.heading).toBeVisible({ timeout: 30_000 });
    await sheet.kept.check();
    await sheet.openButton.click();
    await expect(laptopPage.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await laptopPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    const patients = laptopPage.getByRole('table', { name: /^Patients/ });
    await expect(patients.getByRole('link', { name: 'Holloway, Maren' })).toBeVisible();

    await seed.patient({ givenName: 'Idris', familyName: 'Okonkwo', dateOfBirth: '1990-02-03' });
    await expect(patients.getByRole('link', { name: 'Okonkwo, Idris' })).toBeVisible({ timeout: 5_000 });
  } finally {
    await laptopPage.close();
    await laptop?.close();
    await rm(laptopDir, { recursive: true, force: true });
  }
});
