import { expect, type Locator, type Page } from '@playwright/test';
import { openSettingsSection } from './pages';

/** Settings' area for reading backups: the restore drill and the restore. */
export class BackupReadingArea {
  readonly area: Locator;
  readonly checkABackup: Locator;
  readonly restoreFromABackup: Locator;
  /** What an opened backup shows. */
  readonly opened: Locator;
  readonly latestNotes: Locator;
  readonly closeBackup: Locator;
  readonly restoreThisBackup: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.area = page.getByRole('region', { name: 'Check or restore a backup' });
    this.checkABackup = this.area.getByRole('button', { name: 'Check a backup…' });
    this.restoreFromABackup = this.area.getByRole('button', { name: 'Restore from a backup…' });
    this.opened = this.area.locator('.backup-reading');
    this.latestNotes = this.area.getByRole('list', { name: 'Latest notes in the backup' });
    this.closeBackup = this.area.getByRole('button', { name: 'Close backup' });
    this.restoreThisBackup = this.area.getByRole('button', { name: 'Restore this backup…' });
    this.confirmDialog = page.getByRole('dialog', { name: 'Replace your records with this backup?' });
  }

  /** Opens Settings from the main navigation, then its Backups section, and finds the area. */
  async open(): Promise<this> {
    await openSettingsSection(this.page, 'Backups');
    await expect(this.area).toBeVisible();
    return this;
  }
}
