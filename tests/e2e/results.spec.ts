/**
 * Results end to end: a lithium level above the target band, recorded in the chart for a patient on
 * lithium, is marked in words in the list and on the chart, with the dose history drawn beneath.
 */
import { openPatientsFromNavigation } from './calendar-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'heron ledger copper meadow';
const ines: PatientDetails = { givenName: 'Inès', familyName: 'Marchetti-Kowalski', dateOfBirth: '1979-07-23', phone: '+44 20 7946 0456' };

/** A local date this many days before today, as YYYY-MM-DD. */
function daysAgo(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

test('a lithium level above its band is marked on the chart with the dose beneath', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(ines);
  const started = await seed.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Lithium carbonate',
      dose: '400 mg',
      route: 'oral',
      frequency: 'at night',
      date: daysAgo(60),
      reason: 'Bipolar I',
    },
  });
  await seed.call('medications:record', {
    patientId,
    entry: {
      kind: 'change',
      medicationId: started.medicationId,
      dose: '800 mg',
      frequency: 'at night',
      date: daysAgo(30),
      reason: 'Level low',
    },
  });
  await seed.call('results:record', {
    patientId,
    result: { analyte: 'lithium', value: 0.35, unit: 'mmol/L', takenOn: daysAgo(40), rangeLow: null, rangeHigh: null, note: '' },
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await (await openPatientsFromNavigation(page)).open(listedName(ines));
  await page.getByRole('navigation', { name: 'Chart sections' }).getByRole('link', { name: 'Results' }).click();

  await page.getByRole('button', { name: 'Record a result' }).click();
  const form = page.getByRole('form', { name: 'Record a result' });
  await form.getByLabel('Measure').selectOption({ label: 'Lithium' });
  await form.getByLabel('Value').fill('1.3');
  await form.getByLabel('Unit').selectOption('mEq/L');
  await form.getByLabel('Taken on').fill(daysAgo(7));
  // A unit the analyte does not take cannot be chosen; a value that cannot be real is refused beside its field.
  await expect(form.getByLabel('Unit').locator('option')).toHaveText(['mmol/L', 'mEq/L']);
  await form.getByLabel('Value').fill('13');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(form.getByText('A lithium of 13 mEq/L cannot be right: check the value and its unit.')).toBeVisible();
  await form.getByLabel('Value').fill('1.3');
  await form.getByLabel('Note', { exact: false }).fill('12 hours after the evening dose');
  await screenshot(page, 'results-form');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByText(/Recorded lithium 1\.3 mEq\/L of .* \(above range\)\./)).toBeVisible();

  const section = page.getByRole('region', { name: /Lithium/ });
  const rows = section.getByRole('row');
  await expect(rows.nth(1)).toContainText('1.3 mEq/L (1.30 mmol/L)');
  await expect(rows.nth(1)).toContainText('Above range');
  await expect(rows.nth(2)).toContainText('Below range');
  const chart = section.getByRole('img');
  await expect(chart).toHaveAccessibleName(
    /Lithium in mmol\/L from .*: 0\.35 \(below range\), 1\.30 \(above range\)\. Target 0\.4–1 mmol\/L\. Lithium carbonate: 400 mg on .*, 800 mg on /,
  );
  await expect(chart.getByText('High 1.30')).toBeVisible();
  await expect(chart.getByText('Lithium carbonate 400 mg')).toBeVisible();
  await expect(chart.getByText('800 mg', { exact: true })).toBeVisible();
  await screenshot(page, 'results-lithium');
});
