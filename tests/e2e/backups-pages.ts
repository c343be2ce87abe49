import { expect, type Locator, type Page } from '@playwright/test';

/** Settings' Backups section, with what a person does there. */
export class BackupSettingsSection {
  readonly section: Locator;
  readonly folder: Locator;
  readonly lastVerified: Locator;
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Backups' });
    this.folder = this.section.getByRole('definition').first();
    this.lastVerified = this.section.getByTestId('last-verified-backup');
    this.progress = this.section.getByRole('progressbar', { name: 'Backup progress' });
  }

  /** Chooses a folder in the folder dialog (the test queues the answer with harness.chooseFolders). */
  async chooseFolder(): Promise<void> {
    await this.section.getByRole('button', { name: /^Choose (a backup|another) folder…$/ }).click();
  }

  async backUpNow(): Promise<void> {
    await this.section.getByRole('button', { name: 'Back up now' }).click();
  }

  async expectVerified(): Promise<void> {
    await expect(this.section.getByText('Backup written and verified')).toBeVisible();
  }
}
