/**
 * Page models for the treatment plan: the Plan tab with its draft editor, the agreement and revision
 * dialogs, the plan in force (objectives' status, progress), the versions and their comparison, the
 * note's "Progress on the plan", and the printable summary. Found by role and accessible name.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { printPdf, type PrintedPdf } from './fixtures';

export class PlanTab {
  readonly section: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Treatment plan', exact: true });
    this.status = this.section.locator('.plan-status').first();
  }

  /** Opens the Plan tab of the chart on screen. */
  static async open(page: Page): Promise<PlanTab> {
    const link = page.getByRole('navigation', { name: 'Chart sections' }).getByRole('link', { name: /^Plan\b/ });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
    const tab = new PlanTab(page);
    await expect(tab.section.getByRole('heading', { level: 2, name: 'Treatment plan' })).toBeVisible();
    return tab;
  }

  async begin(): Promise<PlanEditor> {
    await this.section.getByRole('button', { name: 'Begin a treatment plan' }).click();
    const editor = new PlanEditor(this.page);
    await expect(editor.article).toBeVisible();
    return editor;
  }

  get editor(): PlanEditor {
    return new PlanEditor(this.page);
  }

  /** The plan as it reads once agreed. */
  get document(): Locator {
    return this.section.getByRole('article', { name: /^The plan, version \d+$/ });
  }

  goal(number: number): Locator {
    return this.document.getByRole('region', { name: `Goal ${number}`, exact: true });
  }

  async changeObjectiveStatus(label: string, status: string, note: string): Promise<void> {
    await this.document.getByRole('button', { name: `Change the status of objective ${label}` }).click();
    const form = this.page.getByRole('form', { name: `Change the status of objective ${label}` });
    await form.getByLabel('Status from today').selectOption({ label: status });
    await form.getByLabel(/^Note/).fill(note);
    await form.getByRole('button', { name: 'Record status' }).click();
    await expect(form).toBeHidden();
  }

  objectiveHistory(label: string): Locator {
    return this.document.getByRole('list', { name: `Status history of objective ${label}` });
  }

  progress(goal: number): Locator {
    return this.page.getByRole('region', { name: `Progress on goal ${goal}`, exact: true });
  }

  async addProgress(goal: number, update: ProgressUpdate & { date: string }): Promise<void> {
    const region = this.progress(goal);
    await region.getByRole('button', { name: 'Add a progress update' }).click();
    const form = region.getByRole('form', { name: `Progress update on goal ${goal}` });
    await form.getByLabel('Date').fill(update.date);
    await fillProgress(form, update);
    await form.getByRole('button', { name: 'Add update' }).click();
    await expect(region.getByText('The progress update was added.')).toBeVisible();
  }

  async revise(reason: string): Promise<PlanEditor> {
    await this.section.getByRole('button', { name: 'Revise the plan…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Revise the plan' });
    await dialog.getByRole('button', { name: 'Begin the revision' }).click();
    await expect(dialog.getByText('Say why the plan is revised.')).toBeVisible();
    await dialog.getByLabel('Why is the plan revised?').fill(reason);
    await dialog.getByRole('button', { name: 'Begin the revision' }).click();
    await expect(dialog).toBeHidden();
    const editor = new PlanEditor(this.page);
    await expect(editor.article).toBeVisible();
    return editor;
  }

  async openVersions(): Promise<VersionsScreen> {
    await this.section
      .getByRole('navigation', { name: 'Treatment plan' })
      .getByRole('link', { name: /^Versions and changes/ })
      .click();
    const versions = new VersionsScreen(this.page);
    await expect(versions.table).toBeVisible();
    return versions;
  }

  async openPrint(): Promise<PrintPlanScreen> {
    await this.section.getByRole('link', { name: 'Print or save as PDF' }).click();
    const print = new PrintPlanScreen(this.page);
    await expect(print.document).toBeVisible();
    return print;
  }
}

export type ProgressUpdate = { rating: number; working: string; notWorking: string };

async function fillProgress(form: Locator, update: ProgressUpdate): Promise<void> {
  await form.getByRole('radio', { name: `${update.rating} out of 10` }).check();
  await form.getByLabel(/^What is working/).fill(update.working);
  await form.getByLabel(/^What is not working/).fill(update.notWorking);
}

export type ObjectiveDraft = { description: string; measure: string; targetDate: string };

export class PlanEditor {
  readonly article: Locator;
  readonly saveStatus: Locator;

  constructor(readonly page: Page) {
    this.article = page.getByRole('article', { name: 'Writing the plan' });
    this.saveStatus = this.article.getByRole('status').filter({ hasText: /^(Saved|Saving|Unsaved|Not saved)/ });
  }

  section(name: string): Locator {
    return this.article.getByRole('region', { name, exact: true });
  }

  goal(number: number): Locator {
    return this.article.getByRole('region', { name: `Goal ${number}`, exact: true });
  }

  async expectSaved(): Promise<void> {
    await expect(this.saveStatus).toHaveText(/^Saved \d{1,2}:\d{2}:\d{2}/);
  }

  async addGoal(number: number, patientWords: string, formulation: string): Promise<Locator> {
    await this.section('Goals and objectives').getByRole('button', { name: 'Add a goal' }).click();
    const goal = this.goal(number);
    const words = goal.getByLabel('What I hope to achieve');
    await expect(words).toBeFocused();
    await words.fill(patientWords);
    await goal.getByLabel(/^Clinician’s formulation/).fill(formulation);
    return goal;
  }

  async addObjective(goalNumber: number, objectiveNumber: number, objective: ObjectiveDraft): Promise<void> {
    const goal = this.goal(goalNumber);
    await goal.getByRole('button', { name: `Add an objective to goal ${goalNumber}` }).click();
    const group = goal.getByRole('group', { name: new RegExp(`^Objective ${goalNumber}\\.${objectiveNumber}\\b`) });
    await expect(group.getByLabel('What will be different')).toBeFocused();
    await group.getByLabel('What will be different').fill(objective.description);
    await group.getByLabel(/^How it is measured/).fill(objective.measure);
    await group.getByLabel('Target date').fill(objective.targetDate);
  }

  /** A field of the plan itself by its label ("Strengths", "Discharge criteria"). */
  async fill(label: string | RegExp, value: string): Promise<void> {
    await this.article.getByRole('textbox', typeof label === 'string' ? { name: label, exact: true } : { name: label }).fill(value);
  }

  async recordAgreement(agreement: {
    method: 'Signed by the patient' | 'Agreed verbally' | 'Declined by the patient';
    recordedBy?: string;
    date?: string;
  }): Promise<AgreementDialog> {
    await this.article.getByRole('button', { name: 'Record the patient’s agreement…' }).click();
    const dialog = new AgreementDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    if (agreement.date) await dialog.dialog.getByLabel('Date').fill(agreement.date);
    await dialog.dialog.getByRole('radio', { name: new RegExp(`^${agreement.method}`) }).check();
    if (agreement.recordedBy) await dialog.dialog.getByLabel('Recorded by').fill(agreement.recordedBy);
    return dialog;
  }
}

export class AgreementDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Record the patient’s agreement' });
  }

  async submit(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Record (agreement|that the patient declined)$/ }).click();
    await expect(this.dialog).toBeHidden();
  }
}

export class VersionsScreen {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Versions of the plan, newest first' });
  }

  /** Chooses a version in the From or To list by its number, as a person reads the list. */
  async choose(list: 'From' | 'To', number: number): Promise<void> {
    const select = this.page.getByLabel(list, { exact: true });
    const value = await select.locator('option', { hasText: new RegExp(`^Version ${number} ·`) }).getAttribute('value');
    await select.selectOption(value ?? '');
  }

  async compare(from: number, to: number): Promise<Locator> {
    await this.choose('From', from);
    await this.choose('To', to);
    const changes = this.page.getByRole('region', { name: `Changes from version ${from} to version ${to}` });
    await expect(changes).toBeVisible();
    return changes;
  }
}

export class PrintPlanScreen {
  readonly document: Locator;
  readonly options: Locator;

  constructor(readonly page: Page) {
    this.document = page.getByRole('article', { name: 'Printable treatment plan' });
    this.options = page.getByRole('group', { name: 'Print options' });
  }

  async choosePaper(paper: 'A4' | 'US Letter'): Promise<void> {
    await this.options.getByRole('radio', { name: paper }).check();
  }

  async include(section: string, included: boolean): Promise<void> {
    await this.options.getByRole('checkbox', { name: new RegExp(`^${section}`) }).setChecked(included);
  }
}

/** The session note's "Progress on the plan". */
export class NoteProgressSection {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Progress on the plan' });
  }

  async rate(goal: number, update: ProgressUpdate): Promise<void> {
    await this.region.getByRole('button', { name: `Rate progress on goal ${goal}` }).click();
    const form = this.region.getByRole('form', { name: `Progress on goal ${goal}` });
    await fillProgress(form, update);
    await form.getByRole('button', { name: 'Add update' }).click();
    await expect(form).toBeHidden();
    await expect(this.region.getByRole('list', { name: `Recorded from this note on goal ${goal}` })).toContainText(
      `${update.rating}/10 in this session`,
    );
  }
}

/**
 * Prints the plan summary as Electron will once nothing in it is still loading, reads each page's
 * words back and renders each page under screenshots/<name>-<n>.png (see printPdf).
 */
export async function printPlan(page: Page, name: string): Promise<PrintedPdf> {
  // Nothing in the document still loading (a section with data of its own says so in a status line).
  await expect(page.getByRole('article', { name: 'Printable treatment plan' }).getByRole('status')).toHaveCount(0);
  return printPdf(page, name);
}
