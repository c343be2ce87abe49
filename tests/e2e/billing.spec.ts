/**
 * Superbills end to end: a month of kept sessions seeded through the harness, coded from the chart's
 * Billing tab by accepting the proposed codes, a payment recorded, and the month's superbill printed
 * and read back with pdftotext (NPI, codes, diagnoses, fees, total, balance).
 */
import { openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen } from './chart-pages';
import { expect, printPdf, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'ledger harbour quill meadow';
const noor: PatientDetails = { givenName: 'Noor', familyName: 'Haddad-Lindgren', dateOfBirth: '1986-11-02', phone: '+1 503 555 0142' };

test('a psychiatrist codes a month of sessions, records a payment and prints the month’s superbill', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, new Date('2026-03-10T09:00:00'));
  await seed.setUp(PASSPHRASE);
  await seed.call('preferences:update', {
    clinicianName: 'Dr Ana Reyes',
    clinicianCredentials: 'MD',
    practiceName: 'Harbour Street Psychiatry',
    practiceNpi: '1234567893',
    practiceTaxId: '12-3456789',
    practiceLicence: 'MD-204518',
    practiceLicenceState: 'Oregon',
  });
  await seed.call('billing:setFees', {
    fees: [
      { code: '90834', amount: 15000 },
      { code: '99214', amount: 18000 },
    ],
  });
  const patient = await seed.patient(noor);
  for (const [code, isPrimary] of [
    ['F33.1', true],
    ['F41.1', false],
  ] as const)
    await seed.call('diagnoses:add', { patientId: patient.id, diagnosis: { code, status: 'active', isPrimary, onsetDate: '', note: '' } });
  // Three weekly therapy sessions of 50 minutes and a 30-minute medication visit by video, all kept.
  const sessions = [
    { start: '2026-02-03T17:00:00.000Z', kind: 'therapy', durationMinutes: 50, isVideo: false },
    { start: '2026-02-10T17:00:00.000Z', kind: 'therapy', durationMinutes: 50, isVideo: false },
    { start: '2026-02-17T17:00:00.000Z', kind: 'therapy', durationMinutes: 50, isVideo: false },
    { start: '2026-02-24T17:00:00.000Z', kind: 'medication-management', durationMinutes: 30, isVideo: true },
  ] as const;
  for (const session of sessions) {
    const booked = await seed.call('appointments:create', {
      appointment: { patientId: patient.id, location: '', note: '', recurrence: null, ...session },
      acknowledgeWarnings: true,
    });
    await seed.call('appointments:setAttendance', { ref: booked.ref, attendance: 'attended', lateMinutes: null });
  }

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await (await openPatientsFromNavigation(page)).open(listedName(noor));
  const chart = new ChartScreen(page);
  await chart.openTab('Billing');
  const rows = page.getByTestId('billing-session');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('99214-95');
  await expect(rows.nth(1)).toContainText('90834');
  await expect(rows.nth(1)).toContainText('50 min (as scheduled)');
  await screenshot(page, 'billing-tab');

  for (let index = 0; index < 4; index += 1) {
    await rows.nth(index).getByRole('button', { name: 'Code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Code the session' });
    if (index === 0) await screenshot(page, 'billing-code-dialog');
    await dialog.getByRole('button', { name: 'Confirm codes' }).click();
    await expect(dialog).toBeHidden();
    await expect(rows.nth(index).getByRole('button', { name: 'Recode' })).toBeVisible();
  }
  await expect(page.getByTestId('billing-balance')).toHaveText('$630.00');

  await page.getByRole('button', { name: 'Record payment' }).click();
  const payment = page.getByRole('dialog', { name: 'Record a payment' });
  await payment.getByLabel('Date').fill('2026-02-28');
  await payment.getByLabel('Amount (USD)').fill('300.00');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByText('Payment of $300.00 on 28 Feb 2026 recorded.')).toBeVisible();
  await expect(page.getByTestId('billing-balance')).toHaveText('$330.00');
  await screenshot(page, 'billing-coded');

  await page.getByRole('link', { name: 'Superbill for the period' }).click();
  const superbill = page.getByRole('article', { name: 'Printable superbill' });
  await expect(superbill).toContainText('Superbill');
  const printed = await printPdf(page, 'billing-superbill');
  const text = printed.pages.join('\n').replace(/[ \t]+/g, ' ');
  expect(text).toContain('Haddad-Lindgren');
  expect(text).toMatch(/NPI\s+1234567893/);
  expect(text).toContain('12-3456789');
  expect(text).toContain('MD-204518, Oregon');
  expect(text).toMatch(/A F33\.1 /);
  expect(text).toMatch(/B F41\.1 /);
  expect(text.match(/ 90834 .* AB 1 \$150\.00/g)).toHaveLength(3);
  expect(text).toMatch(/24 Feb 2026 10 99214 95 .* AB 1 \$180\.00/);
  expect(text).toMatch(/28 Feb 2026 Payment Card \$300\.00/);
  expect(text).toMatch(/Total charges \$630\.00/);
  expect(text).toMatch(/Balance on 28 Feb 2026 \$330\.00/);
  expect(text).toContain('Dr Ana Reyes, MD');

  // The practice's money: February billed and paid, and the patient's open balance.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('row', { name: /February 2026/ })).toContainText('$630.00');
  await expect(page.getByRole('row', { name: /Haddad-Lindgren/ })).toContainText('$330.00');
  await screenshot(page, 'billing-practice');
});
