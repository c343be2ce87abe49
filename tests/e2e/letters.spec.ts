/**
 * A letter to the primary care physician, end to end: written from the template under the patient's
 * consent (seeded), pre-filled from the chart, signed, printed and read back with pdftotext, then sent and
 * found in the Sharing tab's accounting of disclosures.
 */
import { expect, printPdf, screenshot, test } from './fixtures';
import { unlockSeededVault } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'letters harbour lantern violet';
const patientDetails = { givenName: 'Ingrid', familyName: 'Solberg', dateOfBirth: '1979-11-05' };

test('a letter to the PCP is written from the template with the chart’s diagnoses and medications, signed, printed, sent and accounted for', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient(patientDetails);
  await seed.call('diagnoses:add', {
    patientId: patient.id,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
  });
  await seed.call('medications:record', {
    patientId: patient.id,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-01-10',
      reason: 'Depression',
    },
  });
  await seed.call('consents:record', {
    patientId: patient.id,
    recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: 'Elm Street Practice' },
    parts: ['diagnoses', 'medications'],
    purpose: 'Shared care of the antidepressant',
    validFrom: '2026-01-05',
    validUntil: null,
    givenAs: 'signed-form',
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/patients/${patient.id}/documents`);

  await page.getByRole('button', { name: 'New letter' }).click();
  const dialog = page.getByRole('dialog', { name: 'New letter' });
  await dialog.getByRole('radio', { name: 'To the primary care physician' }).check();
  await dialog.getByRole('radio', { name: /Dr Amira Haddad/ }).check();
  await screenshot(page, 'letters-new');
  await dialog.getByRole('button', { name: 'Write the letter' }).click();

  await expect(page.getByRole('textbox', { name: 'Diagnoses' })).toHaveValue(
    /F33\.1 Major depressive disorder, recurrent, moderate \(primary\)/,
  );
  await expect(page.getByRole('textbox', { name: 'Current medications' })).toHaveValue(/Sertraline 100 mg, oral, once daily/);
  await expect(
    page.getByText(
      'Session notes are not included: \u2068Dr Amira Haddad\u2069’s consent of 5 January 2026 covers diagnoses and medications.',
    ),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'What I would ask of you' }).fill('Please check her sodium level in four weeks.');
  await screenshot(page, 'letters-editor');

  await page.getByRole('button', { name: 'Sign the letter…' }).click();
  const sign = page.getByRole('dialog', { name: 'Sign this letter?' });
  await sign.getByLabel('Signed by').fill('Ana Reyes, MD');
  await sign.getByRole('button', { name: 'Sign' }).click();
  await expect(page.getByText('Signed by Ana Reyes, MD')).toBeVisible();
  await expect(page.getByText('Please check her sodium level in four weeks.')).toBeVisible();
  await screenshot(page, 'letters-signed');

  await page.getByRole('link', { name: 'Print…' }).click();
  await expect(page.getByRole('article', { name: 'Printable letter' })).toContainText('F33.1');
  const printed = await printPdf(page, 'letters-printed');
  const words = printed.pages.join('\n').replace(/\s+/g, ' ');
  expect(words).toContain('Solberg, Ingrid');
  expect(words).toContain('Dr Amira Haddad');
  expect(words).toContain('F33.1 Major depressive disorder, recurrent, moderate (primary)');
  expect(words).toContain('Sertraline 100 mg, oral, once daily');
  for (const [index, pageWords] of printed.pages.entries())
    expect(pageWords.replace(/\s+/g, ' '), `page ${index + 1}`).toContain('Solberg, Ingrid');

  await page.getByRole('link', { name: 'Back to the letter' }).click();
  await page.getByRole('button', { name: 'Mark as sent to Dr Amira Haddad' }).click();
  await expect(page.getByText(/Sent to Dr Amira Haddad, .*recorded in the accounting of disclosures/)).toBeVisible();
  // The sending is in the patient's accounting of disclosures, in the Sharing tab.
  await page.getByRole('link', { name: 'Sharing' }).click();
  const accounting = page.getByRole('region', { name: 'Accounting of disclosures' });
  const row = accounting.getByRole('row').filter({ hasText: 'Dr Amira Haddad' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Letter');
  await screenshot(page, 'letters-accounting');
});
