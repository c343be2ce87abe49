/**
 * A taper end to end: planned from a medication in the chart with a pattern ("reduce by 25 % every
 * 2 weeks to zero", quarter tablets of 25 mg), saved, its due steps confirmed into the medication
 * history, and printed for the patient in large type, read back with pdftotext.
 */
import { openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen } from './chart-pages';
import { expect, printPdf, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'heron ledger copper meadow';
const ines: PatientDetails = { givenName: 'Inès', familyName: 'Marchetti-Kowalski', dateOfBirth: '1979-07-23', phone: '+44 20 7946 0456' };

test('a psychiatrist plans a sertraline taper, confirms the steps that have come, and prints the patient’s schedule', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, new Date('2026-03-10T09:00:00'));
  await seed.setUp(PASSPHRASE);
  await seed.call('preferences:update', { practiceName: 'Harbour Street Psychiatry', practicePhone: '0131 496 0000' });
  const patient = await seed.patient(ines);
  await seed.call('medications:record', {
    patientId: patient.id,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-01-05',
      reason: 'Low mood',
    },
  });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await (await openPatientsFromNavigation(page)).open(listedName(ines));
  const chart = new ChartScreen(page);
  await chart.openTab('Medications');
  await page.getByRole('link', { name: 'Plan a titration/taper… of Sertraline' }).click();

  const builder = page.getByRole('form', { name: /Plan a titration or taper/ });
  await builder.getByLabel('Tablet strength').fill('25');
  await builder.getByLabel('Tablets can be').selectOption('quartered');
  await builder.getByLabel('First step on').fill('2026-02-24');
  await builder.getByLabel('Reduce by (%)').fill('25');
  await builder.getByRole('button', { name: 'Make the steps' }).click();
  const steps = builder.getByRole('table', { name: 'Steps' });
  await expect(steps.getByRole('row')).toHaveCount(11);
  await expect(steps.getByRole('row').nth(3)).toContainText('24 Mar 2026');
  await expect(steps.getByLabel('Dose of step 3')).toHaveValue('56.25');
  await expect(builder).toContainText('Tablets needed in all: 206½');
  await screenshot(page, 'titration-builder');
  await builder.getByRole('button', { name: 'Save the schedule' }).click();

  await expect(page.getByRole('heading', { name: 'Taper: Sertraline' })).toBeVisible();
  const scheduleSteps = page.getByRole('table', { name: 'Steps of the schedule' });
  await expect(scheduleSteps.getByRole('row').nth(2)).toContainText('Due: confirm at the session');
  await expect(scheduleSteps.getByRole('row').nth(3)).toContainText('Planned');
  await screenshot(page, 'titration-schedule');

  await test.step('the steps whose dates have come are confirmed into the medication history', async () => {
    await page.getByRole('link', { name: 'Back to medications' }).click();
    const planned = page.getByRole('list', { name: 'Planned changes' });
    await expect(planned.getByRole('listitem')).toHaveCount(2);
    await planned.getByRole('button', { name: 'Confirm 100 mg, once daily of Sertraline' }).click();
    await expect(planned.getByRole('listitem')).toHaveCount(1);
    await planned.getByRole('button', { name: 'Confirm 75 mg, once daily of Sertraline' }).click();
    await expect(planned).toBeHidden();
    await expect(chart.medications.current).toContainText('Sertraline 75 mg, oral, once daily');
    await expect(chart.medications.history.getByRole('row').nth(1)).toContainText('Taper schedule, step 2');
    await screenshot(page, 'titration-confirmed');
  });

  await page.getByRole('link', { name: /Taper: Sertraline/ }).click();
  await page.getByRole('link', { name: 'Print for the patient' }).click();
  const document = page.getByRole('article', { name: 'Printable medication schedule' });
  await expect(document).toContainText('Your Sertraline schedule');
  await page.emulateMedia({ media: 'print' });
  const size = await document.getByRole('table').evaluate((table) => parseFloat(getComputedStyle(table).fontSize));
  expect(size).toBeGreaterThanOrEqual((14 * 96) / 72 - 0.01);
  await page.emulateMedia({ media: null });
  const printed = await printPdf(page, 'titration-print');
  const text = printed.pages.join('\n').replace(/[ \t]+/g, ' ');
  expect(text).toContain('Your Sertraline schedule');
  // One row a week, each with its dates, dose and tablets; the dates are calendar dates.
  expect(text).toMatch(/Take the dose in the row for each\s+day,\s+once daily\./);
  expect(text).toMatch(/Week 1 24 Feb to 2 Mar 2026 100 mg 4 tablets/);
  expect(text).toMatch(/Week 3 10 Mar to 16 Mar 2026 75 mg 3 tablets/);
  expect(text).toMatch(/Week 5 24 Mar to 30 Mar 2026 56\.25 mg 2¼ tablets/);
  expect(text).toMatch(/Week 11 5 May to 11 May 2026 25 mg 1 tablet\b/);
  expect(text).toMatch(/Week 15 2 Jun to 8 Jun 2026 12\.5 mg ½ tablet\b/);
  expect(text).toMatch(/Week 19 30 Jun 2026 Stop: take none/);
  expect(text.match(/Week \d+ /g)).toHaveLength(19);
  expect(text).toContain('Tablets you need for the whole schedule: 206½');
  expect(text).toContain('If you miss a dose');
  expect(text).toContain('Harbour Street Psychiatry, 0131 496 0000');
  expect(text).toContain('Marchetti-Kowalski');

  await test.step('a change to the plan is a new schedule; the printed one is kept as it was', async () => {
    await page.getByRole('link', { name: 'Back to the schedule' }).click();
    await page.getByRole('link', { name: 'Change the schedule…' }).click();
    const change = page.getByRole('form', { name: /Change the schedule/ });
    // The two confirmed steps are history: the change starts at step 3.
    await expect(change.getByRole('table', { name: 'Steps' }).getByRole('row')).toHaveCount(9);
    await change.getByLabel('Days of step 1').fill('28');
    await change.getByRole('button', { name: 'Save as a new schedule' }).click();
    await expect(page.getByText('This schedule replaced an earlier one')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Steps of the schedule' }).getByRole('row').nth(2)).toContainText('21 Apr 2026');
    await page.getByRole('link', { name: 'an earlier one' }).click();
    await expect(page.getByText(/Stopped · planned .* · ended on .*: Replaced by a new schedule/)).toBeVisible();
    await screenshot(page, 'titration-replaced');
  });
});
