/**
 * Monitoring end to end, on Tuesday 10 March 2026 (the page and the harness share one clock): lithium
 * started a week ago in the chart puts its first level, due today, and its baselines on the chart's
 * header, the practice's list and the day's session; a level recorded above range and a dose lowered
 * after it set the next level a week after the change; the practice's own thyroid schedule moves the
 * patient's next TSH.
 */
import { openPatientsFromNavigation, SessionDialog } from './calendar-pages';
import { ChartScreen, MedicationsSection } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';
import { TodayScreen } from './today-pages';

const PASSPHRASE = 'willow beacon copper quietly';
const rosalind: PatientDetails = { givenName: 'Rosalind', familyName: 'Achterberg', dateOfBirth: '1988-09-23' };
const at = (date: string, time: string) => new Date(`${date}T${time}`);

test('lithium started in the chart puts its first level on the chart, the practice’s list and the day’s session; a dose change sets the next a week on', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-10', '09:00:00'));
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(rosalind);
  // A TSH the day before lithium is started: its baseline, so the next falls due six months on.
  await seed.call('results:record', {
    patientId,
    result: { analyte: 'tsh', value: 2.1, unit: 'mIU/L', takenOn: '2026-03-02', rangeLow: null, rangeHigh: null, note: '' },
  });
  await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: at('2026-03-10', '15:00:00').toISOString(),
      durationMinutes: 30,
      kind: 'medication-management',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });

  const chart = new ChartScreen(page);
  const due = chart.header.getByRole('region', { name: 'Monitoring due' });
  await test.step('lithium started a week ago: its level is due today, its baselines since the start', async () => {
    await (await openPatientsFromNavigation(page)).open(listedName(rosalind));
    await expect(due).toBeHidden();
    await chart.openTab('Medications');
    await new MedicationsSection(page).start({
      name: 'Lithium carbonate',
      dose: '400 mg',
      frequency: 'once daily at night',
      date: '2026-03-03',
      reason: 'Bipolar I disorder',
    });
    await expect(due.getByRole('link', { name: 'Lithium level due today' })).toBeVisible();
    await expect(due.getByRole('link', { name: 'Renal function (creatinine, eGFR) overdue since 3 Mar 2026' })).toBeVisible();
    await screenshot(page, 'monitoring-chart-header');
  });

  await test.step('the practice’s list has it, with why, and the protocol with its source', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitoring' }).click();
    const overdue = page.getByRole('region', { name: 'Overdue' });
    const line = overdue
      .getByRole('listitem')
      .filter({ hasText: listedName(rosalind) })
      .first();
    await expect(line).toContainText('Lithium level due today');
    await expect(line).toContainText('1 week after starting on 3 Mar 2026');
    await expect(line).toContainText('Calcium overdue since 3 Mar 2026');
    await page.getByText('Lithium', { exact: true }).click();
    await expect(page.getByText(/Source: NICE CG185 Bipolar disorder \(1\.10\.17/)).toBeVisible();
    await screenshot(page, 'monitoring-practice');
  });

  await test.step('the day’s session raises it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    await new TodayScreen(page).line('Sessions', listedName(rosalind)).click();
    const session = new SessionDialog(page);
    await expect(
      session.dialog.getByRole('region', { name: 'Monitoring due' }).getByRole('link', { name: 'Lithium level due today' }),
    ).toBeVisible();
    await screenshot(page, 'monitoring-session');
    // The line opens the results, where the level is recorded.
    await session.dialog.getByRole('link', { name: 'Lithium level due today' }).click();
    await expect(page.getByRole('button', { name: 'Record a result' })).toBeVisible();
  });

  await test.step('a check given this patient’s own interval, with its reason', async () => {
    const panel = page.getByRole('region', { name: 'Monitoring for the medications taken' });
    await panel.getByRole('button', { name: 'Adjust Calcium for this patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Calcium: this patient’s schedule' });
    await dialog.getByLabel('Not for this patient').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Say why, in a few words (at most 300 characters)')).toBeVisible();
    await dialog.getByLabel('Why').fill('Calcium checked by the endocrinologist every month');
    await screenshot(page, 'monitoring-adjust');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel).toContainText('Calcium: set aside for this patient');
    await expect(panel).toContainText(/Thyroid function \(TSH\) due 1 Sept? 2026/);
    await expect(due.getByRole('link', { name: /^Calcium/ })).toBeHidden();
  });

  await test.step('a level above range, then the dose lowered: the next level is due a week after the change', async () => {
    await page.getByRole('button', { name: 'Record a result' }).click();
    const form = page.getByRole('form', { name: 'Record a result' });
    await form.getByLabel('Measure').selectOption({ label: 'Lithium' });
    await form.getByLabel('Value').fill('1.3');
    await form.getByLabel('Unit').selectOption('mmol/L');
    await form.getByLabel('Taken on').fill('2026-03-10');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect(
      page
        .getByRole('region', { name: /Lithium/ })
        .getByRole('row')
        .nth(1),
    ).toContainText('Above range');
    // Above range: another level in a week, until two in a row are in range.
    await expect(due.getByRole('link', { name: 'Lithium level due 17 Mar 2026' })).toBeVisible();

    await chart.openTab('Medications');
    await new MedicationsSection(page).changeDose('Lithium carbonate', {
      dose: '300 mg',
      frequency: 'once daily at night',
      date: '2026-03-10',
      reason: 'Level 1.3 mmol/L',
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitoring' }).click();
    const line = page
      .getByRole('listitem')
      .filter({ hasText: listedName(rosalind) })
      .first();
    await expect(line).toContainText('Lithium level due 17 Mar 2026');
    await expect(line).toContainText('1 week after the dose change on 10 Mar 2026');
  });

  await test.step('the practice follows its own thyroid schedule, with its source: the patient’s next TSH moves', async () => {
    await page.getByText('Lithium', { exact: true }).click();
    await page.getByRole('button', { name: 'Edit Lithium for this practice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lithium: this practice’s schedule' });
    await dialog.getByLabel('Check').selectOption({ label: 'Thyroid function (TSH)' });
    await dialog.getByLabel('The practice’s own schedule').check();
    await dialog.getByLabel('Step 1 interval', { exact: true }).fill('3');
    await dialog.getByLabel('Step 1 interval: unit').selectOption('months');
    await dialog.getByLabel('Why').fill('Thyroid checked quarterly in this practice');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Name the practice’s source, such as a policy and its year')).toBeVisible();
    await dialog.getByLabel('The practice’s source').fill('Trust policy MM-12, 2025');
    await screenshot(page, 'monitoring-practice-protocol');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText('Practice schedule since 10 Mar 2026 (Trust policy MM-12, 2025): Before starting, then every 3 months'),
    ).toBeVisible();
    await expect(page.getByText(/^Published: Before starting, then every 6 months/).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Lithium: changes for this practice' })).toContainText(
      'Why: Thyroid checked quarterly in this practice',
    );
    await screenshot(page, 'monitoring-practice-protocols');
    // The line opens the results, where the patient's checks are listed with their dates.
    await page.getByRole('link', { name: 'Lithium level due 17 Mar 2026' }).click();
    await expect(page.getByRole('region', { name: 'Monitoring for the medications taken' })).toContainText(
      'Thyroid function (TSH) due 2 Jun 2026',
    );
  });
});
