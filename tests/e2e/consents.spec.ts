/**
 * Consents to share and the accounting of disclosures, in one short journey: a consent recorded in the
 * Sharing tab, the record's PDF refused for a recipient whose consent does not cover it, then sent as
 * an emergency exception with its reason, and the accounting printed for the patient and read back.
 */
import type { Page } from '@playwright/test';
import { expect, printPdf, screenshot, test } from './fixtures';
import { unlockSeededVault } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'sharing harbour lantern violet';
const NAME = 'Okonkwo, Adaeze';
const REASON = 'Admitted to A&E after an overdose; the duty psychiatrist asked for the record';

async function openRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}

test('a consent is recorded, a copy it does not cover is refused with the reason, an emergency copy is accounted for and printed', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient({ givenName: 'Adaeze', familyName: 'Okonkwo', dateOfBirth: '1984-03-17' });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await openRoute(page, `#/patients/${patient.id}/sharing`);

  await page.getByRole('button', { name: 'Record consent' }).click();
  const form = page.getByRole('dialog', { name: 'Record consent to share' });
  await form.getByLabel('Recipient').fill('Dr Amira Haddad');
  await form.getByLabel('Role or organisation').fill('Primary care physician');
  await form.getByRole('checkbox', { name: 'Diagnoses' }).check();
  await form.getByRole('checkbox', { name: 'Medications' }).check();
  await form.getByLabel('Purpose').fill('Shared care of the antidepressant');
  await form.getByRole('checkbox', { name: 'Until the patient revokes it' }).check();
  await screenshot(page, 'consents-record-dialog');
  await form.getByRole('button', { name: 'Record consent' }).click();
  const card = page.getByRole('listitem', { name: 'Consent to share with Dr Amira Haddad' });
  await expect(card.getByText('Active', { exact: true })).toBeVisible();
  await expect(card.getByText('Diagnoses, Medications')).toBeVisible();

  await page.getByRole('button', { name: 'Export record…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export this record' });
  await dialog.getByRole('radio', { name: 'Someone the patient has consented to share with' }).check();
  await dialog.getByRole('radio', { name: /Dr Amira Haddad/ }).check();
  await expect(dialog.getByText('Does not cover: Session notes, Treatment plan, Measures (PHQ-9, GAD-7 and others)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save PDF' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    // The recipient's name is bidi-isolated (FSI … PDI) in the sentence.
    'the consent to \u2068Dr Amira Haddad\u2069 does not include Session notes, Treatment plan, Measures (PHQ-9, GAD-7 and others)',
  );
  await screenshot(page, 'consents-export-refused');

  await dialog.getByRole('radio', { name: 'Someone else, under an exception the law allows' }).check();
  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByLabel('Recipient').fill('St Mary’s A&E');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save PDF' }).click();
  await download;
  await expect(dialog.getByText(/^The PDF was saved/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  const accounting = page.getByRole('table').filter({ hasText: 'St Mary’s A&E' });
  await expect(accounting.getByText('Copy of the record (PDF)')).toBeVisible();
  await expect(accounting.getByText(`Reason: ${REASON}`)).toBeVisible();
  await screenshot(page, 'consents-sharing-tab');

  await page.getByRole('link', { name: 'Print accounting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounting of disclosures' })).toBeVisible();
  const printed = await printPdf(page, 'consents-accounting');
  const text = printed.pages.join('\n').replace(/\s+/g, ' ');
  // Cells wrap into each other's lines in pdftotext's layout: each is read by its first words.
  for (const words of [
    'Accounting of disclosures',
    'St Mary’s A&E',
    'Copy of the record',
    'Without consent:',
    'Emergency: serious',
    'Reason: Admitted to A&E',
  ])
    expect(text).toContain(words);
  printed.pages.forEach((words, index) => {
    const line = words.replace(/\s+/g, ' ');
    expect(line, `page ${index + 1}`).toContain(NAME);
    expect(line, `page ${index + 1}`).toContain(`Chart no. ${patient.chartNumber}`);
  });
});
