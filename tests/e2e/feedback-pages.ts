/**
 * Page models for session feedback and outcome measures: handing the laptop over from a session,
 * the patient's screen with its forms, leaving with the passphrase, the clinician's item-9 notice,
 * the chart's Feedback section and the practice view. Found by role and accessible name, as a
 * screen reader finds them.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type PatientFormChoice = 'Session feedback' | 'PHQ-9' | 'GAD-7' | 'Goal ratings';

/** "Hand to patient…" in a session's dialog. */
export class HandOverDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Hand the laptop to the patient' });
  }

  static async open(sessionDialog: Locator): Promise<HandOverDialog> {
    await sessionDialog.getByRole('button', { name: 'Hand to patient…' }).click();
    const dialog = new HandOverDialog(sessionDialog.page());
    await expect(dialog.dialog).toBeVisible();
    // Goals due by the plan are ticked when the plan's answer arrives: the choice is made after it.
    await expect(dialog.dialog.getByText('Looking for the plan’s goals…')).toHaveCount(0);
    return dialog;
  }

  form(choice: PatientFormChoice): Locator {
    return this.dialog.getByRole('checkbox', { name: new RegExp(`^${choice.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\b`) });
  }

  async choose(forms: PatientFormChoice[]): Promise<void> {
    for (const choice of ['Session feedback', 'PHQ-9', 'GAD-7', 'Goal ratings'] as const)
      await this.form(choice).setChecked(forms.includes(choice));
  }

  async handOver(): Promise<PatientModeScreen> {
    await this.dialog.getByRole('button', { name: 'Hand over' }).click();
    const screen = new PatientModeScreen(this.page);
    await expect(screen.heading).toBeVisible();
    return screen;
  }
}

/** The whole window while the patient holds the laptop. */
export class PatientModeScreen {
  readonly heading: Locator;
  readonly progress: Locator;
  readonly forTheClinician: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.progress = page.getByText(/^Form \d of \d$/);
    this.forTheClinician = page.getByRole('button', { name: 'For the clinician' });
  }

  /** One of the four ratings, by the start of its sentence, from 0 to 10. */
  async rate(question: string, value: number): Promise<void> {
    const group = this.page.getByRole('group', { name: new RegExp(question) });
    await group.getByRole('radio', { name: new RegExp(`^${value}(,|$)`) }).check();
  }

  async write(question: string, text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: new RegExp(question) }).fill(text);
  }

  /** A PHQ-9 or GAD-7: one answer per item, in order (0 = "Not at all" … 3 = "Nearly every day"). */
  async answerMeasure(answers: number[], difficulty: string | null): Promise<void> {
    const labels = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
    const form = this.page.getByRole('form');
    for (const [index, answer] of answers.entries()) {
      const group = form.getByRole('group', { name: new RegExp(`^${index + 1}\\. `) });
      await group.getByRole('radio', { name: labels[answer], exact: true }).check();
    }
    if (difficulty)
      await form
        .getByRole('group', { name: /^If you checked off any problems/ })
        .getByRole('radio', { name: difficulty, exact: true })
        .check();
  }

  async send(label: 'Send and continue' | 'Send my answers'): Promise<void> {
    const before = await this.heading.textContent();
    await this.page.getByRole('button', { name: label }).click();
    await expect(this.heading).not.toHaveText(before ?? '');
  }

  async openLeaveDialog(): Promise<LeaveDialog> {
    await this.forTheClinician.click();
    const dialog = new LeaveDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }
}

/** "For the clinician": the passphrase ends patient mode. */
export class LeaveDialog {
  readonly dialog: Locator;
  readonly passphrase: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'For the clinician' });
    this.passphrase = this.dialog.getByLabel('Passphrase', { exact: true });
    this.error = this.dialog.getByRole('alert');
  }

  async submit(passphrase: string): Promise<void> {
    await this.passphrase.fill(passphrase);
    await this.dialog.getByRole('button', { name: 'End patient mode' }).click();
  }

  async back(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Back to the form' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

/** The notice the clinician alone sees when the laptop comes back with PHQ-9 item 9 above "Not at all". */
export class SelfHarmNotice {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('alertdialog', { name: /Thoughts of death or self-harm/ });
  }

  async openSafetyPlan(): Promise<void> {
    await this.dialog.getByRole('link', { name: 'Open the safety plan' }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** Acknowledge…, then what was done: the steps ticked and a note, as a clinician records them. */
  async acknowledge(actions: AcknowledgementChoice[], note = ''): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Acknowledge…' }).click();
    await recordWhatWasDone(this.dialog.getByRole('form', { name: 'What was done' }), actions, note);
    await expect(this.dialog).toBeHidden();
  }
}

export type AcknowledgementChoice =
  'Discussed in session' | 'Safety plan reviewed' | 'Contacted the patient' | 'Urgent assessment arranged';

/** The form Acknowledge… opens (in the notice, or in a dialog from a banner): ticks, a note, and the button. */
export async function recordWhatWasDone(form: Locator, actions: AcknowledgementChoice[], note: string): Promise<void> {
  await expect(form).toBeVisible();
  for (const action of actions) await form.getByRole('checkbox', { name: action }).check();
  if (note) await form.getByRole('textbox', { name: /^Note/ }).fill(note);
  await form.getByRole('button', { name: 'Record and acknowledge' }).click();
}

/** The chart's Feedback section. */
export class FeedbackSection {
  readonly heading: Locator;
  readonly dropBanner: Locator;
  readonly ratingsChart: Locator;
  readonly feedbackList: Locator;
  readonly measures: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 2, name: 'Feedback and measures' });
    this.dropBanner = page.getByRole('status').filter({ hasText: /^The ratings fell at the session of/ });
    this.ratingsChart = page.getByRole('figure', { name: 'Session ratings' });
    this.feedbackList = page.getByRole('list', { name: 'Session feedback, newest first' });
    this.measures = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Band' }) });
  }

  chart(name: 'PHQ-9' | 'GAD-7'): Locator {
    return this.page.getByRole('figure', { name, exact: true });
  }

  feedback(sessionDate: string): Locator {
    return this.feedbackList.getByRole('listitem', { name: new RegExp(`^Session of ${sessionDate}`) });
  }

  async enterAnswers(): Promise<EnterAnswersDialog> {
    await this.page.getByRole('button', { name: 'Enter the patient’s answers…' }).click();
    const dialog = new EnterAnswersDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  async startRevision(): Promise<Locator> {
    await this.dropBanner.getByRole('button', { name: 'Start a plan revision' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Start a plan revision' });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}

/** The clinician enters what the patient said or wrote. */
export class EnterAnswersDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Enter the patient’s answers' });
  }

  async chooseForm(form: PatientFormChoice): Promise<void> {
    await this.dialog.getByRole('group', { name: 'Which form' }).getByRole('button', { name: form }).click();
  }

  async chooseSession(label: RegExp): Promise<void> {
    const select = this.dialog.getByLabel('Session', { exact: true });
    const option = await select.locator('option').filter({ hasText: label }).first().getAttribute('value');
    await select.selectOption(option ?? '');
  }

  async rate(question: string, value: number): Promise<void> {
    await this.dialog
      .getByRole('group', { name: new RegExp(question) })
      .getByRole('radio', { name: new RegExp(`^${value}(,|$)`) })
      .check();
  }

  async write(question: string, text: string): Promise<void> {
    await this.dialog.getByRole('textbox', { name: new RegExp(question) }).fill(text);
  }

  async save(label: string): Promise<void> {
    await this.dialog.getByRole('button', { name: label }).click();
    await expect(this.dialog.getByText(/marked as entered by the clinician\.$/)).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await expect(this.dialog).toBeHidden();
  }
}

/** #/feedback: completion per month and the patients whose ratings fell. */
export class PracticeFeedbackScreen {
  readonly heading: Locator;
  readonly falling: Locator;
  /** Ruptures in the alliance not yet discussed (a fall that is one is listed here, not among the ratings that fell). */
  readonly ruptures: Locator;
  readonly months: Locator;
  /** Item-9 answers not yet acknowledged, across the practice. */
  readonly selfHarm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Session feedback across the practice' });
    this.selfHarm = page.getByRole('alert').filter({ hasText: 'Thoughts of death or self-harm reported on the PHQ-9' });
    this.falling = page.getByRole('table', { name: /whose latest session ratings fell/ });
    this.ruptures = page.getByRole('table', { name: /^Ruptures not yet discussed/ });
    this.months = page.getByRole('table', { name: 'Feedback completion per month' });
  }

  static async open(page: Page): Promise<PracticeFeedbackScreen> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feedback' }).click();
    const screen = new PracticeFeedbackScreen(page);
    await expect(screen.heading).toBeVisible();
    return screen;
  }

  async chooseRange(from: string, to: string): Promise<void> {
    await this.page.getByLabel('From', { exact: true }).fill(from);
    await this.page.getByLabel('To', { exact: true }).fill(to);
  }

  month(label: string): Locator {
    return this.months.getByRole('row', { name: new RegExp(`^${label}\\b`) });
  }
}
