/**
 * Page models for the chart: the search palette, the chart with its sections, the note editor, the
 * signed note, the printable note and the clinician's settings. Found by role and accessible name,
 * as a screen reader finds them.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { UnlockPage } from './pages';

export type ChartTab = 'Notes' | 'Timeline' | 'Diagnoses' | 'Medications' | 'AIMS' | 'Details' | 'Attendance' | 'Billing' | 'History';

/** Ctrl/Cmd+K, from anywhere in the unlocked window. */
export class SearchPalette {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Find a patient' });
    this.input = this.dialog.getByRole('combobox', { name: 'Find a patient' });
    this.results = this.dialog.getByRole('listbox', { name: 'Patients found' }).getByRole('option');
  }

  static async open(page: Page): Promise<SearchPalette> {
    await page.keyboard.press('Control+K');
    const palette = new SearchPalette(page);
    await expect(palette.dialog).toBeVisible();
    await expect(palette.input).toBeFocused();
    return palette;
  }

  async search(text: string): Promise<void> {
    await this.input.fill(text);
  }

  result(name: string): Locator {
    return this.results.filter({ hasText: name });
  }

  /** Moves down to the result with the keyboard and opens it with Enter, as a person in a hurry does. */
  async openWithKeyboard(index: number): Promise<void> {
    for (let i = 0; i < index; i += 1) await this.input.press('ArrowDown');
    await this.input.press('Enter');
    await expect(this.dialog).toBeHidden();
  }
}

export class ChartScreen {
  readonly header: Locator;
  readonly sidePanel: Locator;
  readonly tabs: Locator;

  constructor(readonly page: Page) {
    // The chart's header is the region named by the patient's name, the page's one level-1 heading.
    this.header = page.getByRole('region').filter({ has: page.getByRole('heading', { level: 1 }) });
    this.sidePanel = page.getByRole('complementary', { name: 'Clinical summary' });
    this.tabs = page.getByRole('navigation', { name: 'Chart sections' });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  async openTab(tab: ChartTab): Promise<void> {
    const link = this.tabs.getByRole('link', { name: new RegExp(`^${tab}\\b`) });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }

  async newNote(): Promise<NewNoteDialog> {
    await this.header.getByRole('button', { name: 'New note' }).click();
    const dialog = new NewNoteDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  get diagnoses(): DiagnosesSection {
    return new DiagnosesSection(this.page);
  }

  get medications(): MedicationsSection {
    return new MedicationsSection(this.page);
  }

  get timeline(): TimelineSection {
    return new TimelineSection(this.page);
  }

  /** The Notes section's list, newest first. */
  get noteList(): Locator {
    return this.page.getByRole('list', { name: 'Notes, newest first' });
  }

  async recordNoKnownAllergies(): Promise<void> {
    await this.openTab('Medications');
    await this.page.getByRole('button', { name: 'Record no known allergies' }).click();
    await expect(this.header).toContainText('No known allergies');
  }

  async lockWithShortcut(): Promise<UnlockPage> {
    await this.page.keyboard.press('Control+L');
    const unlock = new UnlockPage(this.page);
    await expect(unlock.heading).toBeVisible();
    return unlock;
  }
}

export class NewNoteDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'New note' });
  }

  async chooseTemplate(label: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: label, exact: true }).check();
  }

  async start(): Promise<NoteEditorScreen> {
    await this.dialog.getByRole('button', { name: 'Start note' }).click();
    await expect(this.dialog).toBeHidden();
    const editor = new NoteEditorScreen(this.page);
    await expect(editor.article).toBeVisible();
    return editor;
  }
}

export type Diagnosis = { search: string; option: string; onset?: string; comment?: string; primary?: boolean };

export class DiagnosesSection {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Diagnoses' });
  }

  /**
   * Types words of the diagnosis, picks it from the ICD-10-CM suggestions by keyboard (Down to it,
   * Enter), as a person who keeps their hands on the keys does, and adds it.
   */
  async add(diagnosis: Diagnosis): Promise<void> {
    await this.page.getByRole('button', { name: 'Add diagnosis' }).click();
    const form = this.page.getByRole('form', { name: 'Add a diagnosis' });
    const box = form.getByRole('combobox', { name: 'Diagnosis' });
    await box.fill(diagnosis.search);
    const target = form.getByRole('option', { name: diagnosis.option });
    await expect(target).toHaveCount(1);
    const targetId = await target.getAttribute('id');
    const index = (await form.getByRole('option').evaluateAll((options) => options.map((option) => option.id))).indexOf(targetId ?? '');
    for (let i = 0; i < index; i += 1) await box.press('ArrowDown');
    await expect(target).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', targetId ?? '');
    await box.press('Enter');
    await expect(box).toHaveValue(diagnosis.option);
    if (diagnosis.onset) await form.getByLabel('Onset').fill(diagnosis.onset);
    if (diagnosis.comment) await form.getByLabel('Comment').fill(diagnosis.comment);
    const primary = form.getByRole('checkbox', { name: /^Primary diagnosis/ });
    if (diagnosis.primary !== undefined) await primary.setChecked(diagnosis.primary);
    await form.getByRole('button', { name: 'Add diagnosis' }).click();
    await expect(form).toBeHidden();
  }

  async changeStatus(code: string, status: 'Active' | 'In remission' | 'Resolved'): Promise<void> {
    await this.list.getByRole('button', { name: `Change ${code}` }).click();
    const form = this.page.getByRole('form', { name: `Change ${code}` });
    await form.getByLabel('Status').selectOption({ label: status });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toBeHidden();
  }

  async markEnteredInError(code: string, reason: string): Promise<void> {
    await this.list.getByRole('button', { name: `Mark ${code} entered in error` }).click();
    await confirmEnteredInError(this.page, 'Mark this diagnosis as entered in error?', reason);
  }
}

/** The reason, then the confirmation: a record marked so leaves its list and stays in the history. */
async function confirmEnteredInError(page: Page, title: string, reason: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Mark entered in error' }).click();
  await expect(dialog).toBeHidden();
}

export type MedicationStart = { name: string; dose: string; route?: string; frequency: string; date: string; reason: string };
export type DoseChange = { dose: string; frequency: string; date: string; reason: string };

export class MedicationsSection {
  constructor(readonly page: Page) {}

  get current(): Locator {
    return this.page.getByRole('list', { name: 'Current medications' });
  }

  get history(): Locator {
    return this.page.getByRole('table', { name: 'Every medication entry, newest first' });
  }

  async start(medication: MedicationStart): Promise<void> {
    await this.page.getByRole('button', { name: 'Start a medication' }).click();
    const form = this.page.getByRole('form', { name: 'Start a medication' });
    await form.getByLabel('Medication').fill(medication.name);
    await form.getByLabel('Dose').fill(medication.dose);
    await form.getByLabel('Frequency').fill(medication.frequency);
    if (medication.route) await form.getByLabel('Route').selectOption({ label: medication.route });
    await form.getByLabel('Started on').fill(medication.date);
    await form.getByLabel('Reason').fill(medication.reason);
    await form.getByRole('button', { name: 'Start medication' }).click();
    await expect(form).toBeHidden();
  }

  async changeDose(name: string, change: DoseChange): Promise<void> {
    await this.current.getByRole('button', { name: `Change dose of ${name}` }).click();
    const form = this.page.getByRole('form', { name: `Change the dose of ${name}` });
    await form.getByLabel('Dose').fill(change.dose);
    await form.getByLabel('Frequency').fill(change.frequency);
    await form.getByLabel('Changed on').fill(change.date);
    await form.getByLabel('Reason').fill(change.reason);
    await form.getByRole('button', { name: 'Record dose change' }).click();
    await expect(form).toBeHidden();
  }

  async stop(name: string, stop: { date: string; reason: string }): Promise<void> {
    await this.current.getByRole('button', { name: `Stop ${name}` }).click();
    const form = this.page.getByRole('form', { name: `Stop ${name}` });
    await form.getByLabel('Stopped on').fill(stop.date);
    await form.getByLabel('Reason').fill(stop.reason);
    await form.getByRole('button', { name: 'Stop medication' }).click();
    await expect(form).toBeHidden();
  }

  /** Marks an entry of the full history, found by its words ("Started: Quetiapine"), as entered in error. */
  async markEntryInError(entry: string, reason: string): Promise<void> {
    await this.history.getByRole('button', { name: new RegExp(`^Mark “${entry}`) }).click();
    await confirmEnteredInError(this.page, 'Mark this entry as entered in error?', reason);
  }

  get allergies(): Locator {
    return this.page.getByRole('region', { name: 'Allergies and adverse reactions' });
  }

  async addAllergy(allergy: { substance: string; reaction: string; severity: 'Mild' | 'Moderate' | 'Severe' }): Promise<void> {
    await this.allergies.getByRole('button', { name: 'Add allergy or reaction' }).click();
    const form = this.page.getByRole('form', { name: 'Add an allergy or adverse reaction' });
    await form.getByLabel('Substance or medication').fill(allergy.substance);
    await form.getByLabel('Reaction').fill(allergy.reaction);
    await form.getByLabel('Severity').selectOption({ label: allergy.severity });
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(form).toBeHidden();
  }

  async markAllergyInError(substance: string, reason: string): Promise<void> {
    await this.allergies.getByRole('button', { name: `Mark ${substance} entered in error` }).click();
    await confirmEnteredInError(this.page, 'Mark this allergy as entered in error?', reason);
  }
}

export class TimelineSection {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Timeline, newest first' });
  }

  filter(kind: 'Sessions' | 'Notes' | 'Medications' | 'Diagnoses'): Locator {
    return this.page.getByRole('group', { name: 'Show on the timeline' }).getByRole('button', { name: new RegExp(`^${kind}`) });
  }
}

export class NoteEditorScreen {
  readonly article: Locator;
  readonly saveStatus: Locator;

  constructor(readonly page: Page) {
    this.article = page.getByRole('article').filter({ hasText: 'Draft note · not signed' });
    this.saveStatus = this.article.getByRole('status').filter({ hasText: /^(Saved|Saving|Unsaved|Not saved)/ });
  }

  /** A field of the template by its label; a section of one field is labelled by its heading. */
  field(label: string): Locator {
    return this.article.getByRole('textbox', { name: label, exact: true });
  }

  section(heading: string): Locator {
    return this.article.getByRole('region', { name: heading, exact: true });
  }

  async choose(group: string, option: string): Promise<void> {
    await this.article.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true }).check();
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveStatus).toHaveText(/^Saved \d{1,2}:\d{2}:\d{2}/);
  }

  /** Signs through the confirmation; when Settings has no name, types it and its credentials, and keeps them there. */
  async sign(signer?: { name: string; credentials?: string }): Promise<SignedNoteScreen> {
    await this.article.getByRole('button', { name: 'Sign note…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Sign this note?' });
    await expect(dialog).toBeVisible();
    if (signer !== undefined) {
      await dialog.getByLabel('Signed by').fill(signer.name);
      await dialog.getByLabel('Credentials', { exact: true }).fill(signer.credentials ?? '');
    }
    await dialog.getByRole('button', { name: 'Sign note' }).click();
    await expect(dialog).toBeHidden();
    const signed = new SignedNoteScreen(this.page);
    await expect(signed.article).toBeVisible();
    return signed;
  }
}

export class SignedNoteScreen {
  readonly article: Locator;
  readonly addenda: Locator;

  constructor(readonly page: Page) {
    this.article = page.getByRole('article').filter({ hasText: 'This note is signed and final.' });
    this.addenda = page.getByRole('region', { name: 'Addenda' });
  }

  get signature(): Locator {
    return this.article.getByText(/^Signed by .+ on /);
  }

  async addAddendum(text: string): Promise<void> {
    await this.addenda.getByRole('button', { name: 'Add addendum' }).click();
    await this.addenda.getByLabel('Addendum', { exact: true }).fill(text);
    await this.addenda.getByRole('button', { name: 'Sign and add addendum' }).click();
    await expect(this.addenda.getByText('The addendum was added and signed.')).toBeVisible();
  }

  async openPrintView(): Promise<PrintNoteScreen> {
    await this.article.getByRole('link', { name: 'Print or save as PDF' }).click();
    const print = new PrintNoteScreen(this.page);
    await expect(print.document).toBeVisible();
    return print;
  }
}

export class PrintNoteScreen {
  readonly document: Locator;

  constructor(readonly page: Page) {
    this.document = page.getByRole('article', { name: 'Printable note' });
  }

  async saveAsPdf(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save as PDF' }).click();
  }
}

export type PracticeDetails = {
  practiceName: string;
  practiceAddress: string;
  practicePhone: string;
  clinicianName?: string;
  credentials?: string;
};

/** Settings' "Clinician and practice": who signs, and the letterhead of printed notes. */
export async function savePracticeDetails(page: Page, details: PracticeDetails): Promise<void> {
  const section = page.getByRole('region', { name: 'Clinician and practice' });
  if (details.clinicianName !== undefined) await section.getByLabel('Your name').fill(details.clinicianName);
  if (details.credentials !== undefined) await section.getByLabel(/^Credentials/).fill(details.credentials);
  await section.getByLabel(/^Practice name/).fill(details.practiceName);
  await section.getByLabel(/^Practice address/).fill(details.practiceAddress);
  await section.getByLabel(/^Practice phone/).fill(details.practicePhone);
  await section.getByRole('button', { name: 'Save clinician and practice' }).click();
  await expect(section.getByText('Saved. New signatures and printed notes use these details.')).toBeVisible();
}
