/**
 * A patient's copy of their record, from the chart: the warning that it is not encrypted, the FHIR
 * file and the PDF (the browser's downloads, as Electron's save dialog), the PDF read back with
 * pdftotext, the chart's history; then the whole practice from Settings with its progress. Data
 * goes in through the harness.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Bundle } from '@medplum/fhirtypes';
import { expect, readPdf, screenshot, test, type Seed } from './fixtures';
import { unlockSeededVault } from './pages';

const PASSPHRASE = 'exporting harbour lantern violet';
const NAME = 'Okonkwo, Adaeze';
const SIGNER = 'Dr Ana Reyes, MD';

function localToday(): string {
  const date = new Date();
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

async function openRoute(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}

async function seedChart(seed: Seed, patientId: string): Promise<void> {
  await seed.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
  });
  await seed.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-01-05',
      reason: 'Depression',
    },
  });
  await seed.call('allergies:add', {
    patientId,
    allergy: { substance: 'Penicillin', kind: 'allergy', reaction: 'Hives', severity: 'moderate', notedOn: '' },
  });
  const session = await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      durationMinutes: 50,
      kind: 'therapy',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  await seed.call('appointments:setAttendance', { ref: session.ref, attendance: 'attended', lateMinutes: null });
  await seed.call('results:record', {
    patientId,
    result: { analyte: 'lithium', value: 1.3, unit: 'mmol/L', takenOn: '2026-01-19', rangeLow: null, rangeHigh: null, note: 'Trough' },
  });
  await seed.call('feedback:record', {
    ref: session.ref,
    answers: { heard: 9, focus: 8, approach: 9, overall: 8, helpful: 'The sleep diary', notHelpful: '', unproductiveTopic: '' },
  });
  const note = await seed.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: null, serviceDate: null });
  const saved = await seed.call('notes:saveDraft', {
    id: note.id,
    version: note.version,
    fields: { intervalHistory: 'Sleeping better since the dose change.' },
    serviceDate: note.serviceDate,
  });
  await seed.call('notes:sign', { id: note.id, version: saved.version, signedBy: SIGNER });
  await seed.call('notes:addAddendum', { noteId: note.id, text: 'Lithium level came back at 0.7 mmol/L.', signedBy: SIGNER });
  const plan = await seed.call('plans:create', { patientId });
  const saved2 = await seed.call('plans:saveDraft', {
    versionId: plan.current.id,
    version: plan.current.version,
    content: {
      ...plan.current.content,
      presentingProblems: 'Low mood for five months, poor sleep.',
      goals: [
        {
          id: crypto.randomUUID(),
          patientWords: 'I want to sleep through the night',
          formulation: 'Insomnia with early waking.',
          objectives: [
            {
              id: crypto.randomUUID(),
              description: 'Sleeps 7 hours on 5 nights a week',
              measure: 'Sleep diary',
              targetDate: '2027-03-01',
              status: 'in-progress',
            },
          ],
        },
      ],
    },
  });
  await seed.call('plans:agree', {
    versionId: saved2.id,
    version: saved2.version,
    agreement: {
      date: localToday(),
      method: 'signed',
      declineReason: '',
      recordedBy: SIGNER,
    },
  });
  for (const answers of [
    [2, 2, 2, 1, 1, 1, 1, 1, 0],
    [1, 1, 1, 1, 0, 1, 0, 0, 0],
  ])
    await seed.call('measures:record', { patientId, ref: null, measure: { instrument: 'phq9', answers, difficulty: null } });
}

test('a patient’s record is exported from the chart after a plain warning: the FHIR file, and the PDF read back', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient({ givenName: 'Adaeze', familyName: 'Okonkwo', dateOfBirth: '1984-03-17' });
  await seedChart(seed, patient.id);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await openRoute(page, `#/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();

  await page.getByRole('button', { name: 'Export record…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export this record' });
  await expect(dialog.getByText('The exported files are not encrypted. Anyone who has them can read them')).toBeVisible();
  await screenshot(page, 'exports-record-dialog');

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save FHIR file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Alliance record (FHIR).json');
  await expect(dialog.getByText('The FHIR file was saved.')).toBeVisible();
  const bundle = JSON.parse(await readFile(await file.path(), 'utf8')) as Bundle;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  const resources = (bundle.entry ?? []).map((entry) => entry.resource);
  expect(resources.find((r) => r?.resourceType === 'Patient')).toMatchObject({ birthDate: '1984-03-17', name: [{ family: 'Okonkwo' }] });
  expect(resources.find((r) => r?.resourceType === 'Condition')).toMatchObject({
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F33.1' }] },
  });
  expect(resources.filter((r) => r?.resourceType === 'DocumentReference')).toHaveLength(2);

  const pdfDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save PDF' }).click();
  const pdfFile = await pdfDownload;
  expect(pdfFile.suggestedFilename()).toBe('Alliance record.pdf');
  await expect(dialog.getByText(/^The PDF was saved \(\d+ pages?\)\.$/)).toBeVisible();
  await screenshot(page, 'exports-record-saved');
  const printed = await readPdf(await readFile(await pdfFile.path()), 'exports-record');
  const text = printed.pages.join('\n').replace(/\s+/g, ' ');
  for (const words of [
    'Copy of the health record',
    'F33.1',
    'Sertraline',
    'Penicillin',
    'Sleeping better since the dose change.',
    'Lithium level came back at 0.7 mmol/L.',
    `Signed by ${SIGNER}`,
    'Lithium 1.3 mmol/L ↑ Above',
    'Treatment plan, every version',
    'I want to sleep through the night',
    'PHQ-9 total (0 to 27) by date',
    'Session feedback',
    'The sleep diary',
  ])
    expect(text).toContain(words);
  printed.pages.forEach((words, index) => {
    const line = words.replace(/\s+/g, ' ');
    expect(line, `page ${index + 1}`).toContain(NAME);
    expect(line, `page ${index + 1}`).toContain('17 March 1984');
    expect(line, `page ${index + 1}`).toContain(`Chart no. ${patient.chartNumber}`);
    expect(line.toUpperCase(), `page ${index + 1}`).toContain('CONFIDENTIAL');
    expect(line, `page ${index + 1}`).toContain(`Page ${index + 1} of ${printed.pages.length}`);
  });

  // Both copies are in the chart's history.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await openRoute(page, `#/patients/${patient.id}/history`);
  await expect(page.getByText('Record exported as FHIR (not encrypted)')).toBeVisible();
  await expect(page.getByText('Record exported as a PDF (not encrypted)')).toBeVisible();

  await test.step('the whole practice, from Settings, into a dated folder inside the one chosen', async () => {
    const chosen = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-export-'));
    try {
      harness.chooseFolders(chosen);
      await openRoute(page, '#/settings/records');
      await page.getByRole('button', { name: 'Export the whole practice…' }).click();
      const confirm = page.getByRole('dialog', { name: 'Export the whole practice' });
      await expect(confirm.getByText('The exported files are not encrypted.')).toBeVisible();
      await confirm.getByRole('button', { name: 'Choose a folder' }).click();
      await expect(page.getByText('The practice was exported')).toBeVisible();
      await screenshot(page, 'exports-practice-done');
      const [folder] = await readdir(chosen);
      expect(folder).toMatch(/^Alliance export \d{4}-\d{2}-\d{2} \d{4}$/);
      expect(await readdir(path.join(chosen, folder ?? ''))).toContain('README.txt');
    } finally {
      await rm(chosen, { recursive: true, force: true });
    }
  });
});
