/**
 * Printed documents name their patient on every page, a long note starts on page 1, and a patient's
 * words cannot turn the app's own text around. Data goes in through the harness; the documents are
 * printed with page.pdf() as Electron's printToPDF prints the same routes, and read back with pdftotext.
 */
import type { Page } from '@playwright/test';
import type { PlanContent } from '../../shared/plan';
import { expect, printPdf, screenshot, test, type Seed } from './fixtures';
import { unlockSeededVault } from './pages';
import { printPlan } from './plan-pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'printing harbour lantern violet';
const patientDetails = { givenName: 'Adaeze', familyName: 'Okonkwo', dateOfBirth: '1984-03-17' };
const NAME = 'Okonkwo, Adaeze';
const BORN = '17 March 1984';
/** A right-to-left override typed inside the patient's words, never closed. */
const RLO = '\u202E';

function isoDay(offsetDays: number): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Sentences of a long interval history, each numbered so a page's words say where they came from. */
function prose(label: string, characters: number): string {
  const sentences: string[] = [];
  for (let n = 1; sentences.join(' ').length < characters; n += 1)
    sentences.push(`${label} ${n}: sleep, appetite and mood were discussed at length with the patient today.`);
  return sentences.join(' ');
}

async function openRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}

/** Every page carries the patient's name, date of birth and chart number, "Confidential" and "Page x of y". */
function expectRunningHeaders(pages: string[]): void {
  expect(pages.length).toBeGreaterThanOrEqual(2);
  pages.forEach((words, index) => {
    const line = words.replace(/\s+/g, ' ');
    const where = `page ${index + 1}`;
    expect(line, where).toContain(NAME);
    expect(line, where).toContain(BORN);
    expect(line, where).toContain('Chart no. 1');
    expect(line.toUpperCase(), where).toContain('CONFIDENTIAL');
    expect(line, where).toContain(`Page ${index + 1} of ${pages.length}`);
  });
}

async function seedPlan(seed: Seed, patientId: string, goalWords: string[]): Promise<string> {
  const begun = await seed.call('plans:create', { patientId });
  const content: PlanContent = {
    ...begun.current.content,
    presentingProblems: 'Low mood for five months, poor sleep, withdrawal from friends.',
    dailyLifeEffect: 'Part-time at work.',
    strengths: 'A supportive partner.',
    goals: goalWords.map((patientWords, g) => ({
      id: crypto.randomUUID(),
      patientWords,
      formulation: 'Behavioural activation with graded steps.',
      objectives: [0, 1].map((o) => ({
        id: crypto.randomUUID(),
        description: `Objective ${g + 1}.${o + 1}: a measurable step, three times a week`,
        measure: 'Diary',
        targetDate: isoDay(60),
        status: 'in-progress' as const,
      })),
    })),
    safetyPlan: { ...begun.current.content.safetyPlan, warningSigns: 'Staying in bed past noon', peopleToAsk: 'My partner' },
  };
  const saved = await seed.call('plans:saveDraft', { versionId: begun.current.id, version: begun.current.version, content });
  const agreed = await seed.call('plans:agree', {
    versionId: saved.id,
    version: saved.version,
    agreement: { date: isoDay(0), method: 'signed', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
  });
  return agreed.current.id;
}

test('a long note prints its text from page 1, and every page names the patient, says “Confidential” and “Page x of y”', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient(patientDetails);
  const draft = await seed.call('notes:create', {
    patientId: patient.id,
    template: 'psychiatric-follow-up',
    session: null,
    serviceDate: null,
  });
  const fields = { intervalHistory: prose('History', 4200), assessment: prose('Assessment', 1000), plan: prose('Plan', 1000) };
  expect(Object.values(fields).join('').length).toBeGreaterThan(6000);
  const saved = await seed.call('notes:saveDraft', { id: draft.id, version: draft.version, fields, serviceDate: draft.serviceDate });
  await seed.call('notes:sign', { id: draft.id, version: saved.version, signedBy: 'Dr Ana Reyes, MD' });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await openRoute(page, `#/print/note/${draft.id}`);
  await expect(page.getByRole('article', { name: 'Printable note' })).toContainText('History 1:');
  const printed = await printPdf(page, 'printing-long-note');
  // The note's first section begins on page 1, below the title block, not on a page of its own.
  expect(printed.pages[0]!.replace(/\s+/g, ' ')).toContain('History 1: sleep, appetite');
  expectRunningHeaders(printed.pages);
  // The running header is for paper: once the print view is left, no trace of the patient stays in the page's styles.
  await openRoute(page, `#/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
});

test('a goal with a right-to-left override keeps the closing quotation mark and the app’s words in place, on screen and in print', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient(patientDetails);
  const versionId = await seedPlan(seed, patient.id, [
    `I sleep ${RLO}badly`,
    'Get back to work three days a week',
    'See my friends again at the weekend',
  ]);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await openRoute(page, `#/patients/${patient.id}/plan`);
  const onScreen = page.getByText(`I sleep ${RLO}badly`, { exact: true });
  await expect(onScreen).toBeVisible();
  // The patient's words sit in an isolate: their override ends where their words end.
  expect(await onScreen.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe('isolate');
  await onScreen.scrollIntoViewIfNeeded();
  await screenshot(page, 'printing-plan-override-on-screen');

  await openRoute(page, `#/print/plan/${versionId}`);
  const inPrint = page.getByRole('article', { name: 'Printable treatment plan' }).getByText(`I sleep ${RLO}badly`, { exact: true });
  await expect(inPrint).toBeVisible();
  expect(await inPrint.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe('isolate');
  const printed = await printPlan(page, 'printing-plan');
  // pdftotext marks the direction of what it reads with bidi controls of its own; the order is in the letters.
  const text = printed.pages.join('\n').replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
  // The override turns only the patient's own word around ("badly" shows as "yldab"); the closing
  // quotation mark the app puts after it stays after it. Unisolated, it would print as “I sleep ”yldab.
  expect(text).toContain('“I sleep yldab”');
  expect(text).not.toContain('”yldab');
  expectRunningHeaders(printed.pages);
});
