/** The import screens, with what a person does there. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ImportPatientsPage {
  readonly heading: Locator;
  readonly file: Locator;
  readonly problems: Locator;
  readonly importButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Import patients from a CSV file' });
    this.file = page.getByLabel('CSV file');
    this.problems = page.getByRole('list', { name: 'Rows with problems' });
    this.importButton = page.getByRole('button', { name: /^Import \d+ patients?$/ });
  }

  /** From the patient list, as a person coming from another system finds it. */
  static async fromPatientList(page: Page): Promise<ImportPatientsPage> {
    await page.getByRole('link', { name: 'Import from another system' }).click();
    await page.getByRole('link', { name: 'Import patients' }).click();
    const screen = new ImportPatientsPage(page);
    await expect(screen.heading).toBeVisible();
    return screen;
  }

  /** Picks a file as the file dialog would hand it over. */
  async choose(name: string, content: string): Promise<void> {
    await this.file.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await expect(this.page.getByRole('status').filter({ hasText: `Read ${name}` })).toBeVisible();
  }

  problemsOfRow(row: number): Locator {
    return this.problems.getByRole('listitem').filter({ hasText: `Row ${row}` });
  }
}
