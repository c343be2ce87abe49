import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export type AimsAnswers = {
  /** Items 1–7, each 0–4. */
  movements: [number, number, number, number, number, number, number];
  severity: number;
  incapacitation: number;
  awareness: number;
  dentalProblems: boolean;
  wearsDentures: boolean;
  examinedBy: string;
  note?: string;
};

/** The chart's AIMS section: a new examination on the form, and the history beneath. */
export class AimsSection {
  readonly form: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'New AIMS examination' });
    this.history = page.getByRole('table', { name: 'Every AIMS examination, newest first' });
  }

  item(number: number): Locator {
    return this.form.getByRole('group', { name: new RegExp(`^${number}\\. `) });
  }

  async rate(number: number, rating: number): Promise<void> {
    await this.item(number)
      .getByRole('radio', { name: new RegExp(`^${rating} `) })
      .check();
  }

  async answer(number: number, yes: boolean): Promise<void> {
    await this.item(number)
      .getByRole('radio', { name: yes ? 'Yes' : 'No', exact: true })
      .check();
  }

  async start(): Promise<void> {
    await this.page.getByRole('button', { name: 'New examination' }).click();
    await expect(this.form).toBeVisible();
  }

  async fill(answers: AimsAnswers): Promise<void> {
    for (const [index, rating] of answers.movements.entries()) await this.rate(index + 1, rating);
    await this.rate(8, answers.severity);
    await this.rate(9, answers.incapacitation);
    await this.rate(10, answers.awareness);
    await this.answer(11, answers.dentalProblems);
    await this.answer(12, answers.wearsDentures);
    await this.form.getByLabel('Examined by').fill(answers.examinedBy);
    if (answers.note) await this.form.getByLabel(/^Note/).fill(answers.note);
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save examination' }).click();
  }
}
