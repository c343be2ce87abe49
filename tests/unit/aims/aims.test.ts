import type { Bundle, Observation, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AIMS_FLAG_LABEL, type AimsInput } from '../../../shared/aims';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { validateAll } from '../exports/fhir-validation';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const EXAMINER = 'Dr Ana Reyes, MD';

function examination(overrides: Partial<AimsInput> = {}): AimsInput {
  return {
    examinedOn: '2026-03-10',
    movements: [0, 2, 1, 2, 0, 0, 0],
    severity: 2,
    incapacitation: 1,
    awareness: 2,
    dentalProblems: true,
    wearsDentures: false,
    note: 'Lip smacking at rest, worse on finger tapping',
    examinedBy: EXAMINER,
    ...overrides,
  };
}

describe('AIMS examinations in the vault', () => {
  it('records an examination with its total and flag, lists the patient’s newest first, and audits each write', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const first = await vault.call('aims:record', {
      patientId,
      examination: examination({ examinedOn: '2025-09-01', movements: [0, 1, 0, 0, 0, 0, 0] }),
    });
    expect(first).toMatchObject({ total: 1, flag: 'none', examinedBy: EXAMINER, enteredInError: null });
    const second = await vault.call('aims:record', { patientId, examination: examination() });
    expect(second).toMatchObject({
      examinedOn: '2026-03-10',
      movements: [0, 2, 1, 2, 0, 0, 0],
      severity: 2,
      incapacitation: 1,
      awareness: 2,
      dentalProblems: true,
      wearsDentures: false,
      total: 5,
      flag: 'possible-td',
      note: 'Lip smacking at rest, worse on finger tapping',
    });

    const list = await vault.call('aims:list', { patientId });
    expect(list.map((e) => [e.examinedOn, e.total])).toEqual([
      ['2026-03-10', 5],
      ['2025-09-01', 1],
    ]);
    expect(await vault.call('aims:list', { patientId: vault.tomas.id })).toEqual([]);

    const audit = await vault.call('audit:forPatient', { patientId });
    const aimsEntries = audit.filter((entry) => entry.recordType === 'aims');
    expect(aimsEntries.map((entry) => [entry.action, entry.recordId]).sort()).toEqual(
      [
        ['aims.record', first.id],
        ['aims.record', second.id],
      ].sort(),
    );
    expect(await vault.call('audit:verify', {})).toMatchObject({ firstBroken: null });
  });

  it('refuses an examination dated after today in the practice’s time zone, and one for no patient, and keeps nothing', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const error = await vault.refuse('aims:record', { patientId: vault.maren.id, examination: examination({ examinedOn: '2026-03-11' }) });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues?.[0]).toEqual({ path: 'examination.examinedOn', message: 'On or before today' });
    const missing = await vault.refuse('aims:record', { patientId: '6f9619ff-8b86-4011-b42d-00c04fc964ff', examination: examination() });
    expect(missing.code).toBe('NOT_FOUND');
    const bad = await vault.refuse('aims:record', {
      patientId: vault.maren.id,
      examination: { ...examination(), movements: [0, 0, 0, 9, 0, 0, 0] },
    });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(await vault.call('aims:list', { patientId: vault.maren.id })).toEqual([]);
  });

  it('marks an examination entered in error once, keeps it in the list, and the table refuses any other change', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const wrong = await vault.call('aims:record', { patientId, examination: examination() });
    const after = await vault.call('aims:markEnteredInError', { id: wrong.id, reason: 'Recorded in the wrong chart' });
    expect(after).toHaveLength(1);
    expect(after[0]?.enteredInError).toEqual({ at: '2026-03-10T12:00:00.000Z', reason: 'Recorded in the wrong chart' });
    vault.setNow('2026-03-11T09:00:00.000Z');
    const again = await vault.call('aims:markEnteredInError', { id: wrong.id, reason: 'Another reason' });
    expect(again[0]?.enteredInError?.reason).toBe('Recorded in the wrong chart');
    const audit = await vault.call('audit:forPatient', { patientId });
    expect(audit.filter((entry) => entry.action === 'aims.entered-in-error')).toHaveLength(1);
    expect((await vault.refuse('aims:markEnteredInError', { id: '6f9619ff-8b86-4011-b42d-00c04fc964ff', reason: 'Typo' })).code).toBe(
      'NOT_FOUND',
    );

    await vault.call('vault:lock', {});
    const { openVaultDatabase } = await import('../../fixtures/import');
    const db = openVaultDatabase(`${vault.dir}/alliance.db`, vault.databaseKeyHex);
    try {
      expect(() => db.prepare('UPDATE aims_examinations SET item_1 = 4 WHERE id = $id').run({ id: wrong.id })).toThrow(
        /HISTORY_APPEND_ONLY/,
      );
      expect(() => db.prepare('DELETE FROM aims_examinations WHERE id = $id').run({ id: wrong.id })).toThrow(/HISTORY_APPEND_ONLY/);
    } finally {
      db.close();
    }
  });

  it('is in the patient’s FHIR copy and the practice export as a valid QuestionnaireResponse and an Observation of the total', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const kept = await vault.call('aims:record', { patientId, examination: examination() });
    const wrong = await vault.call('aims:record', { patientId, examination: examination({ movements: [0, 0, 0, 0, 0, 0, 1], note: '' }) });
    await vault.call('aims:markEnteredInError', { id: wrong.id, reason: 'Wrong patient' });

    const { json } = await vault.call('exports:patientBundle', { patientId });
    const resources = ((JSON.parse(json) as Bundle).entry ?? []).map((entry) => entry.resource as Resource);
    await validateAll(resources);
    const responses = resources.filter(
      (r): r is QuestionnaireResponse =>
        r.resourceType === 'QuestionnaireResponse' && r.questionnaire === 'urn:alliance:questionnaire:aims',
    );
    expect(responses.map((r) => [r.id, r.status]).sort()).toEqual(
      [
        [kept.id, 'completed'],
        [wrong.id, 'entered-in-error'],
      ].sort(),
    );
    const response = responses.find((r) => r.id === kept.id);
    expect(response?.item?.map((item) => item.linkId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      'total',
      'note',
    ]);
    expect(response?.item?.[1]?.answer?.[0]?.valueCoding).toMatchObject({ code: '2', display: 'Mild' });
    expect(response?.item?.[9]?.answer?.[0]?.valueCoding).toMatchObject({ code: '2', display: 'Aware, mild distress' });
    expect(response?.item?.[10]?.answer).toEqual([{ valueBoolean: true }]);

    const observations = resources.filter(
      (r): r is Observation => r.resourceType === 'Observation' && r.code.text?.startsWith('AIMS') === true,
    );
    const total = observations.find((o) => o.id === kept.id);
    expect(total).toMatchObject({
      status: 'final',
      effectiveDateTime: '2026-03-10',
      valueInteger: 5,
      interpretation: [{ text: AIMS_FLAG_LABEL }],
      derivedFrom: [{ reference: `QuestionnaireResponse/${kept.id}` }],
    });
    expect(total?.code.coding?.[0]?.system).not.toBe('http://loinc.org');
    expect(observations.find((o) => o.id === wrong.id)?.status).toBe('entered-in-error');

    const chosen = await mkdtemp(path.join(os.tmpdir(), 'alliance-aims-export-'));
    try {
      vault.chooseFolders(chosen);
      const result = await vault.call('exports:practice', {});
      if (result.outcome !== 'exported') throw new Error('The export was cancelled');
      const read = async (type: string) =>
        (await readFile(path.join(chosen, result.folderName, `${type}.ndjson`), 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Resource);
      const written = [...(await read('QuestionnaireResponse')), ...(await read('Observation'))].filter((r) => r.id === kept.id);
      expect(written.map((r) => r.resourceType).sort()).toEqual(['Observation', 'QuestionnaireResponse']);
      await validateAll(written);
    } finally {
      await rm(chosen, { recursive: true, force: true });
    }
  });
});
