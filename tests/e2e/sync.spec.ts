/**
 * A vault connected to the practice's PostgreSQL through Settings, its status in the shell, and a
 * conflict kept for the person to decide. The other device is played by the test: it registers on
 * the same server and pushes a batch sealed under the vault's key, as a laptop of the vault would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import pg from 'pg';
import { deriveReplicationKey, sealBatch } from '../../electron/features/sync/batch-crypto';
import { pushBatch, registerDevice } from '../../electron/features/sync/server';
import type { Change } from '../../electron/features/sync/apply';
import { encodeHlc } from '../../shared/sync/hlc';
import { openSettingsSection, unlockSeededVault } from './pages';
import { expect, screenshot, test } from './practice-server';
import { PracticeServerSection, syncStatus } from './sync-pages';

const PASSPHRASE = 'juniper harbour lantern quietly';

test('connects through Settings, is up to date, replaces a value another device changed at the same time, revokes that device and disconnects', async ({
  page,
  harness,
  seed,
  practiceServer,
}) => {
  const sheet = await seed.setUp(PASSPHRASE);
  const ada = await seed.patient({ givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1980-02-03', phone: '555 0100' });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });
  await openSettingsSection(page, 'Devices and practice server');

  const server = new PracticeServerSection(page);
  await screenshot(page, 'sync-connect-form');
  await server.connect(practiceServer, 'Office desktop');
  await expect(syncStatus(page)).toHaveText('Up to date');
  await expect(server.devices.getByRole('listitem')).toHaveText([/Office desktop\s*This device/]);

  // The desktop changes Ada's phone; the laptop, not having heard, changes it too, a moment later.
  const { host, port, user, password, database } = practiceServer;
  const client = new pg.Client({ host, port, user, password, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ vault_id: string }>('SELECT vault_id FROM alliance.vaults');
    const vaultId = rows[0]?.vault_id ?? '';
    await seed.call('patients:update', {
      id: ada.id,
      version: ada.version,
      patient: { givenName: 'Ada', familyName: 'Lovelace', preferredName: '', dateOfBirth: '1980-02-03', phone: '555 0199', email: '' },
    });
    await expect(syncStatus(page)).toHaveText('Up to date');

    const laptop = randomBytes(16).toString('hex');
    await registerDevice(client, vaultId, laptop);
    const stamp = encodeHlc({ wallMs: Date.now() + 1_000, counter: 0, deviceId: laptop });
    const changes: Change[] = [
      {
        table: 'sync_devices',
        key: laptop,
        operation: 'insert',
        changes: {
          device_id: [laptop, null],
          name: ['Laptop', null],
          added_at: [new Date().toISOString(), null],
          revoked_at: [null, null],
        },
        stamp,
      },
      { table: 'patients', key: ada.id, operation: 'update', changes: { phone: ['555 0142', null] }, stamp },
    ];
    const key = deriveReplicationKey(Buffer.from(sheet.databaseKeyHex, 'hex'), vaultId);
    const ciphertext = sealBatch(key, { vaultId, deviceId: laptop, deviceSeq: 1 }, Buffer.from(JSON.stringify(changes), 'utf8'));
    await pushBatch(client, vaultId, laptop, { batchId: randomUUID(), deviceSeq: 1, ciphertext });
  } finally {
    await client.end();
  }

  // The later edit wins on every device; the desktop's own value is kept to look at.
  const conflicts = syncStatus(page).getByRole('link', { name: '1 change to look at' });
  await expect(conflicts).toBeVisible({ timeout: 15_000 });
  await conflicts.click();
  const conflict = server.conflict('Ada Lovelace’s details');
  await expect(conflict).toContainText('Phone');
  await expect(conflict).toContainText('Now “555 0142”, set on Laptop');
  await expect(conflict).toContainText(/Changed on Office desktop at \d{1,2}:\d{2} to “555 0199”; keep or replace\?/);
  await expect(server.devices.getByRole('listitem')).toHaveText([/Office desktop/, /Laptop/]);

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await screenshot(page, `sync-settings-${theme}`);
    const found = await new AxeBuilder({ page }).include('#practice-server').include('.shell__header').analyze();
    const serious = found.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(
      serious.map((violation) => `${theme}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }

  await conflict.getByRole('button', { name: 'Replace with “555 0199”' }).click();
  await expect(server.conflicts.getByText('None.', { exact: false })).toBeVisible();
  const patient = await seed.call('patients:get', { id: ada.id });
  expect(patient.phone).toBe('555 0199');
  await expect(syncStatus(page)).toHaveText('Up to date');
  await expect(syncStatus(page).getByRole('link', { name: /to look at/ })).toHaveCount(0);

  // The laptop is revoked from here, after a question that names it; the server refuses it from now on.
  await server.devices.getByRole('button', { name: 'Revoke Laptop' }).click();
  const question = page.getByRole('dialog', { name: 'Revoke Laptop?' });
  await screenshot(page, 'sync-revoke-question');
  await question.getByRole('button', { name: 'Revoke' }).click();
  await expect(question).toBeHidden();
  await expect(server.devices.getByRole('listitem').filter({ hasText: 'Laptop' })).toContainText('Revoked');

  // Disconnecting asks first, then forgets the server: the form is back and the shell says nothing of a server.
  await server.section.getByRole('button', { name: 'Disconnect…' }).click();
  await page.getByRole('dialog', { name: 'Disconnect from the practice server?' }).getByRole('button', { name: 'Disconnect' }).click();
  await expect(server.section.getByRole('form', { name: 'Connect to the practice server' })).toBeVisible();
  await expect(syncStatus(page)).toHaveCount(0);
  expect((await seed.call('patients:get', { id: ada.id })).phone).toBe('555 0199');
});
