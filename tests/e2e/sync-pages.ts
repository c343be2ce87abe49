import { expect, type Locator, type Page } from '@playwright/test';
import type { PostgresCluster } from '../unit/support/postgres';

/** Settings' "Practice server" section, with what a person does there. */
export class PracticeServerSection {
  readonly section: Locator;
  readonly devices: Locator;
  readonly conflicts: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Practice server' });
    this.devices = this.section.getByRole('region', { name: 'Devices of this vault' });
    this.conflicts = this.section.getByRole('region', { name: 'Changes to look at' });
  }

  /** Fills the connect form for a server on this computer (TLS may be off only there) and connects. */
  async connect(server: PostgresCluster, deviceName: string): Promise<void> {
    const form = this.section.getByRole('form', { name: 'Connect to the practice server' });
    await form.getByLabel('Host').fill(server.host);
    await form.getByLabel('Port').fill(String(server.port));
    await form.getByLabel('Database').fill(server.database);
    await form.getByLabel('User').fill(server.user);
    await form.getByLabel('Password').fill(server.password);
    await form.getByLabel('Require an encrypted connection (TLS)').uncheck();
    await form.getByLabel('This device’s name').fill(deviceName);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(this.section.getByRole('button', { name: 'Sync now' })).toBeVisible();
  }

  conflict(text: string | RegExp): Locator {
    return this.conflicts.getByRole('listitem').filter({ hasText: text });
  }
}

/** The shell's quiet status. */
export function syncStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Practice server' });
}
