/**
 * Page models: one class per screen, with the actions a person takes there. Everything is found
 * by role and accessible name, the way a screen reader finds it; no CSS selectors.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Seed } from './fixtures';

export type PatientDetails = {
  givenName: string;
  familyName: string;
  preferredName?: string;
  /** YYYY-MM-DD, as a date input takes it. */
  dateOfBirth: string;
  phone?: string;
  email?: string;
};

/** "Family, Given (Preferred)", the way the patient list and the patient's page name them. */
export function listedName(patient: PatientDetails): string {
  const preferred = patient.preferredName && patient.preferredName !== patient.givenName ? ` (${patient.preferredName})` : '';
  return `${patient.familyName}, ${patient.givenName}${preferred}`;
}

export class SetupPage {
  readonly heading: Locator;
  readonly passphrase: Locator;
  readonly confirmation: Locator;
  readonly strength: Locator;
  readonly continueButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Welcome to Alliance' });
    this.passphrase = page.getByLabel('Passphrase', { exact: true });
    this.confirmation = page.getByLabel('Confirm passphrase', { exact: true });
    this.strength = page.getByRole('meter', { name: 'Passphrase strength' });
    this.continueButton = page.getByRole('button', { name: 'Continue' });
  }

  async choosePassphrase(passphrase: string, confirmation = passphrase): Promise<void> {
    await this.passphrase.fill(passphrase);
    await this.confirmation.fill(confirmation);
    await this.continueButton.click();
  }
}

export class RecoverySheetPage {
  readonly heading: Locator;
  readonly recoveryCodeGroup: Locator;
  readonly keyPragmaLine: Locator;
  readonly kept: Locator;
  readonly openButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Recovery sheet' });
    this.recoveryCodeGroup = page.getByRole('group', { name: 'Recovery code' });
    this.keyPragmaLine = page.getByText(/^PRAGMA key = "x'[0-9a-f]{64}'";$/);
    this.kept = page.getByRole('checkbox', { name: /I have printed or saved this sheet/ });
    this.openButton = page.getByRole('button', { name: 'Open Alliance' });
  }

  /** The code as the sheet shows it, groups joined by dashes. */
  async recoveryCode(): Promise<string> {
    const text = (await this.recoveryCodeGroup.textContent()) ?? '';
    return text.replace(/\s/g, '');
  }

  /** The one line a SQLCipher 4 tool needs, as the sheet shows it. */
  async keyPragma(): Promise<string> {
    return (await this.keyPragmaLine.innerText()).trim();
  }

  async print(): Promise<void> {
    await this.page.getByRole('button', { name: 'Print…' }).click();
    await expect(this.page.getByText('The recovery sheet was sent to the printer.')).toBeVisible();
    // The fixtures stub the print dialog and count its openings.
    await expect(this.page.locator('html')).toHaveAttribute('data-print-requests', '1');
  }

  async confirmKeptAndOpen(): Promise<void> {
    await this.kept.check();
    await this.openButton.click();
  }
}

export class UnlockPage {
  readonly heading: Locator;
  readonly passphrase: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Unlock Alliance' });
    this.passphrase = page.getByLabel('Passphrase', { exact: true });
  }

  async unlock(passphrase: string): Promise<void> {
    await this.passphrase.fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock', exact: true }).click();
  }

  /** The recovery screen: the code from the sheet, then a new passphrase that replaces the forgotten one. */
  async unlockWithRecoveryCode(recoveryCode: string, newPassphrase: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Use recovery code instead' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Unlock with your recovery code' })).toBeVisible();
    await this.page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
    await this.page.getByLabel('New passphrase', { exact: true }).fill(newPassphrase);
    await this.page.getByLabel('Confirm new passphrase', { exact: true }).fill(newPassphrase);
    await this.page.getByRole('button', { name: 'Recover and unlock' }).click();
  }
}

/** What every unlocked screen shares: the main navigation and the Lock button. */
abstract class UnlockedScreen {
  constructor(readonly page: Page) {}

  async lock(): Promise<UnlockPage> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).click();
    return this.expectLocked();
  }

  async lockWithShortcut(): Promise<UnlockPage> {
    await this.page.keyboard.press('Control+L');
    return this.expectLocked();
  }

  async openPatients(): Promise<PatientsPage> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    const patients = new PatientsPage(this.page);
    await expect(patients.heading).toBeVisible();
    return patients;
  }

  async openSettings(): Promise<SettingsPage> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const settings = new SettingsPage(this.page);
    await expect(settings.heading).toBeVisible();
    return settings;
  }

  private async expectLocked(): Promise<UnlockPage> {
    const unlock = new UnlockPage(this.page);
    await expect(unlock.heading).toBeVisible();
    return unlock;
  }
}

export class PatientsPage extends UnlockedScreen {
  readonly heading: Locator;
  readonly table: Locator;
  readonly showArchived: Locator;
  readonly emptyState: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Patients' });
    this.table = page.getByRole('table', { name: /^Patients/ });
    this.showArchived = page.getByRole('checkbox', { name: 'Show archived' });
    this.emptyState = page.getByRole('heading', { name: 'No patients yet' });
  }

  async addPatient(): Promise<PatientFormPage> {
    await this.page.getByRole('button', { name: 'Add patient', exact: true }).click();
    const form = new PatientFormPage(this.page, 'Add patient');
    await expect(form.heading).toBeVisible();
    return form;
  }

  /** Waits until the list shows exactly these names, in this order. */
  async expectNames(names: string[]): Promise<void> {
    await expect(this.table.getByRole('link')).toHaveText(names);
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async open(name: string): Promise<PatientPage> {
    await this.table.getByRole('link', { name, exact: true }).click();
    const patient = new PatientPage(this.page);
    await expect(patient.heading(name)).toBeVisible();
    return patient;
  }
}

export class PatientFormPage extends UnlockedScreen {
  readonly heading: Locator;
  readonly givenName: Locator;
  readonly familyName: Locator;
  readonly preferredName: Locator;
  readonly dateOfBirth: Locator;
  readonly phone: Locator;
  readonly email: Locator;
  readonly saveButton: Locator;

  constructor(page: Page, title: 'Add patient' | 'Edit patient') {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: title });
    this.givenName = page.getByLabel('Given name');
    this.familyName = page.getByLabel('Family name');
    this.preferredName = page.getByLabel('Preferred name');
    this.dateOfBirth = page.getByLabel('Date of birth');
    // From the start of the label: "Emergency contact’s phone" is a field of its own.
    this.phone = page.getByLabel(/^Phone/);
    this.email = page.getByLabel(/^Email/);
    this.saveButton = page.getByRole('button', { name: title === 'Add patient' ? 'Save patient' : 'Save changes' });
  }

  async fill(patient: PatientDetails): Promise<void> {
    await this.givenName.fill(patient.givenName);
    await this.familyName.fill(patient.familyName);
    await this.preferredName.fill(patient.preferredName ?? '');
    await this.dateOfBirth.fill(patient.dateOfBirth);
    await this.phone.fill(patient.phone ?? '');
    await this.email.fill(patient.email ?? '');
  }

  /** Saves a valid form and lands on the patient's page. */
  async save(patient: PatientDetails): Promise<PatientPage> {
    await this.saveButton.click();
    const page = new PatientPage(this.page);
    await expect(page.heading(listedName(patient))).toBeVisible();
    return page;
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel' }).click();
  }
}

export class PatientPage extends UnlockedScreen {
  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** The page's main content: the patient's name, date of birth and contact details. */
  get details(): Locator {
    return this.page.getByRole('main');
  }

  async edit(): Promise<PatientFormPage> {
    await this.page.getByRole('button', { name: 'Edit' }).click();
    const form = new PatientFormPage(this.page, 'Edit patient');
    await expect(form.heading).toBeVisible();
    return form;
  }

  async archive(): Promise<void> {
    await this.page.getByRole('button', { name: 'Archive', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Archive this patient?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Archive patient' }).click();
    await expect(dialog).toBeHidden();
  }

  async backToPatients(): Promise<PatientsPage> {
    await this.page.getByRole('link', { name: 'All patients' }).click();
    const patients = new PatientsPage(this.page);
    await expect(patients.heading).toBeVisible();
    return patients;
  }
}

/** Settings' sections, as its side index names them. */
export type SettingsSectionName =
  | 'Practice'
  | 'Clinical rules'
  | 'Calendar'
  | 'Notes and letters'
  | 'Security'
  | 'Backups'
  | 'Devices and practice server'
  | 'Import and export'
  | 'Appearance';

/** Opens Settings from the main navigation, then one of its sections from the side index. */
export async function openSettingsSection(page: Page, section: SettingsSectionName): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const link = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: section, exact: true });
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
}

export class SettingsPage extends UnlockedScreen {
  readonly heading: Locator;
  readonly currentPassphrase: Locator;
  readonly newPassphrase: Locator;
  readonly confirmNewPassphrase: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Settings' });
    this.currentPassphrase = page.getByLabel('Current passphrase', { exact: true });
    this.newPassphrase = page.getByLabel('New passphrase', { exact: true });
    this.confirmNewPassphrase = page.getByLabel('Confirm new passphrase', { exact: true });
  }

  /** Shows one of Settings' sections, chosen from the side index. */
  async openSection(section: SettingsSectionName): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: section, exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    await this.currentPassphrase.fill(current);
    await this.newPassphrase.fill(next);
    await this.confirmNewPassphrase.fill(next);
    await this.page.getByRole('button', { name: 'Change passphrase' }).click();
    await expect(this.page.getByText(/^Passphrase changed /)).toBeVisible();
  }
}

/** Adds a patient from the patient list and comes back to the list. */
export async function addPatient(patients: PatientsPage, patient: PatientDetails): Promise<PatientsPage> {
  const form = await patients.addPatient();
  await form.fill(patient);
  const record = await form.save(patient);
  return record.backToPatients();
}

/**
 * Opens a vault the test set up and filled through the harness (`seed` in fixtures.ts) the way a
 * person starts the day: locked, then unlocked with the passphrase, on Today; then, unless the test
 * wants to stay there, on to the calendar.
 */
export async function unlockSeededVault(
  page: Page,
  url: string,
  seed: Pick<Seed, 'call'>,
  passphrase: string,
  { then = 'calendar' }: { then?: 'calendar' | 'today' } = {},
): Promise<void> {
  await seed.call('vault:lock', {});
  await page.goto(url);
  const unlock = new UnlockPage(page);
  await expect(unlock.heading).toBeVisible();
  await unlock.unlock(passphrase);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  if (then === 'today') return;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
}
