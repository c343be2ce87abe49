import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANALYTES,
  ANALYTE_CODES,
  bmiSeries,
  exportCoding,
  rangeFlag,
  resultInputSchema,
  toCanonical,
  weightChanges,
  type Result,
  type ResultInput,
} from '../../../shared/results';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { validateAll } from '../exports/fhir-validation';

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
let sequence = 0;

function input(extra: Partial<ResultInput>): ResultInput {
  return { analyte: 'lithium', value: 0.7, unit: 'mmol/L', takenOn: '2026-02-01', rangeLow: null, rangeHigh: null, note: '', ...extra };
}

function result(extra: Partial<Result>): Result {
  sequence += 1;
  const base = input({});
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    patientId: PATIENT,
    ...base,
    canonicalValue: extra.value ?? base.value,
    createdAt: `2026-02-01T00:00:${String(sequence % 60).padStart(2, '0')}.000Z`,
    enteredInError: null,
    ...extra,
  };
}

function refusal(extra: Partial<ResultInput>): Record<string, string> {
  const parsed = resultInputSchema.safeParse(input(extra));
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('units and conversions', () => {
  it('converts each accepted unit to the analyte’s canonical one', () => {
    expect(toCanonical('lithium', 0.8, 'mEq/L')).toBe(0.8);
    expect(toCanonical('valproate', 500, 'µmol/L')).toBeCloseTo(72.1, 6);
    expect(toCanonical('carbamazepine', 30, 'µmol/L')).toBeCloseTo(7.089, 6);
    expect(toCanonical('clozapine', 420, 'µg/L')).toBe(420);
    expect(toCanonical('creatinine', 1.0, 'mg/dL')).toBeCloseTo(88.42, 6);
    expect(toCanonical('fastingGlucose', 99, 'mg/dL')).toBeCloseTo(5.495, 3);
    // IFCC: (6.5 % − 2.15) × 10.929 = 47.5 mmol/mol, the diagnostic threshold of 48 when rounded.
    expect(toCanonical('hba1c', 6.5, '%')).toBeCloseTo(47.54, 2);
    expect(toCanonical('weight', 154, 'lb')).toBeCloseTo(69.85, 2);
    expect(toCanonical('height', 70, 'in')).toBeCloseTo(177.8, 6);
  });

  it('lists the canonical unit first for every analyte, converting it to itself, and round-trips every other', () => {
    for (const code of ANALYTE_CODES) {
      const [canonical, ...others] = ANALYTES[code].units;
      expect(canonical.toCanonical(3.3), code).toBe(3.3);
      for (const unit of others) expect(unit.fromCanonical(unit.toCanonical(12.5)), `${code} ${unit.unit}`).toBeCloseTo(12.5, 9);
    }
  });

  it('refuses a unit the analyte does not take, naming the ones it does, and never mixes it in', () => {
    expect(refusal({ unit: 'µmol/L' })).toEqual({ unit: 'µmol/L is not a unit Alliance takes for lithium: enter it in mmol/L or mEq/L.' });
    expect(refusal({ analyte: 'valproate', value: 80, unit: 'mmol/L' })).toEqual({
      unit: 'mmol/L is not a unit Alliance takes for valproate: enter it in mg/L, µg/mL or µmol/L.',
    });
    expect(() => toCanonical('lithium', 1, 'mg/L')).toThrow(/not a unit/);
  });

  it('refuses a value that cannot be real in its unit, a range upside down, a date not chosen or in the future, a long note', () => {
    expect(refusal({ value: 70 })).toEqual({ value: 'A lithium of 70 mmol/L cannot be right: check the value and its unit.' });
    expect(refusal({ rangeLow: 1, rangeHigh: 0.5 })).toEqual({ rangeHigh: 'The lab’s low end is above its high end' });
    expect(Object.keys(refusal({ takenOn: '' }))).toEqual(['takenOn']);
    expect(refusal({ takenOn: '2999-01-01' })).toEqual({ takenOn: 'Choose the date it was taken: today or earlier' });
    expect(refusal({ note: 'x'.repeat(501) })).toEqual({ note: 'At most 500 characters' });
    expect(refusal({ value: Number.NaN })).toHaveProperty('value');
    expect(refusal({ analyte: 'unobtainium' as never })).toEqual({ analyte: 'Choose what was measured' });
    expect(refusal({ note: '  12 h after the dose ' })).toEqual({});
  });
});

describe('LOINC codes by unit', () => {
  const coded = (code: Parameters<typeof exportCoding>[0], unit: string) => {
    const { unit: written, loinc } = exportCoding(code, unit);
    return [loinc?.code ?? null, written.unit];
  };

  it('codes a value under the LOINC code of the unit it was entered in: moles and mass, IFCC and NGSP have codes of their own', () => {
    expect(coded('hba1c', 'mmol/mol')).toEqual(['59261-8', 'mmol/mol']);
    expect(coded('hba1c', '%')).toEqual(['4548-4', '%']);
    expect(coded('creatinine', 'µmol/L')).toEqual(['14682-9', 'µmol/L']);
    expect(coded('creatinine', 'mg/dL')).toEqual(['2160-0', 'mg/dL']);
    expect(coded('fastingGlucose', 'mmol/L')).toEqual(['14771-0', 'mmol/L']);
    expect(coded('fastingGlucose', 'mg/dL')).toEqual(['1558-6', 'mg/dL']);
    expect(coded('calcium', 'mg/dL')).toEqual(['17861-6', 'mg/dL']);
    expect(coded('totalCholesterol', 'mg/dL')).toEqual(['2093-3', 'mg/dL']);
    expect(coded('hdlCholesterol', 'mg/dL')).toEqual(['2085-9', 'mg/dL']);
    expect(coded('triglycerides', 'mg/dL')).toEqual(['2571-8', 'mg/dL']);
  });

  it('converts a unit without a code of its own to one that has one, and leaves an analyte without any uncoded', () => {
    expect(coded('valproate', 'µmol/L')).toEqual(['4086-5', 'mg/L']);
    expect(coded('lithium', 'mEq/L')).toEqual(['14334-7', 'mmol/L']);
    expect(coded('weight', 'lb')).toEqual(['29463-7', 'kg']);
    expect(coded('clozapine', 'µg/L')).toEqual([null, 'ng/mL']);
  });

  it('never gives one LOINC code to two units that convert differently', () => {
    for (const code of ANALYTE_CODES) {
      const codes = ANALYTES[code].units.flatMap((unit) => (unit.loinc ? [unit.loinc.code] : []));
      expect(new Set(codes).size, code).toBe(codes.length);
    }
  });
});

describe('out-of-range marking', () => {
  it('judges by the lab’s range where given (in the unit entered), else by the analyte’s band', () => {
    expect(rangeFlag(result({ value: 1.2 }))).toBe('high');
    expect(rangeFlag(result({ value: 0.3 }))).toBe('low');
    expect(rangeFlag(result({ value: 0.4 }))).toBeNull();
    expect(rangeFlag(result({ value: 1.0 }))).toBeNull();
    // The lab's own range wins over the default band.
    expect(rangeFlag(result({ value: 1.1, rangeLow: 0.5, rangeHigh: 1.2 }))).toBeNull();
    expect(rangeFlag(result({ value: 0.45, rangeLow: 0.5, rangeHigh: null }))).toBe('low');
    // A valproate level and its lab range in µmol/L, judged in mg/L.
    const valproate = result({ analyte: 'valproate', value: 300, unit: 'µmol/L', canonicalValue: 43.26, rangeLow: 350, rangeHigh: 700 });
    expect(rangeFlag(valproate)).toBe('low');
    expect(rangeFlag({ ...valproate, rangeLow: null, rangeHigh: null })).toBe('low');
    // No band and no lab range: nothing to judge by.
    expect(rangeFlag(result({ analyte: 'alt', value: 300, unit: 'U/L' }))).toBeNull();
  });
});

describe('BMI and weight change', () => {
  it('computes BMI from the height in force on each weight’s day, leaving out what was entered in error', () => {
    const results = [
      result({ analyte: 'height', unit: 'cm', value: 180, takenOn: '2025-01-01' }),
      result({ analyte: 'weight', unit: 'kg', value: 81, takenOn: '2025-01-01' }),
      result({ analyte: 'weight', unit: 'kg', value: 90, takenOn: '2025-06-01' }),
      result({ analyte: 'height', unit: 'cm', value: 150, takenOn: '2025-05-01', enteredInError: { at: 'x', reason: 'Typo' } }),
      result({ analyte: 'weight', unit: 'kg', value: 200, takenOn: '2025-07-01', enteredInError: { at: 'x', reason: 'Typo' } }),
    ];
    expect(bmiSeries(results).map((p) => [p.takenOn, p.value])).toEqual([
      ['2025-01-01', 25],
      ['2025-06-01', 27.8],
    ]);
    // A weight before any height takes the first height there is; no height, no BMI.
    expect(
      bmiSeries([
        result({ analyte: 'weight', value: 72, takenOn: '2024-01-01' }),
        result({ analyte: 'height', value: 170, takenOn: '2025-01-01' }),
      ])[0]?.value,
    ).toBe(24.9);
    expect(bmiSeries([result({ analyte: 'weight', value: 72 })])).toEqual([]);
    expect(weightChanges(results).map((w) => w.percent)).toEqual([0, 11.1]);
  });
});

let vault: CalendarVault | undefined;
afterEach(async () => {
  await vault?.dispose();
  vault = undefined;
});

describe('recorded results', () => {
  it('are appended with their canonical value and an audit entry, refused in a unit the analyte does not take, and marked entered in error once', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const first = await vault.call('results:record', {
      patientId,
      result: input({ analyte: 'valproate', value: 600, unit: 'µmol/L', takenOn: '2026-03-01', note: 'Trough' }),
    });
    expect(first.results).toEqual([
      expect.objectContaining({
        analyte: 'valproate',
        value: 600,
        unit: 'µmol/L',
        canonicalValue: 86.52,
        takenOn: '2026-03-01',
        note: 'Trough',
        enteredInError: null,
      }),
    ]);
    const refused = await vault.refuse('results:record', { patientId, result: input({ unit: 'mg/L' }) });
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.issues).toEqual([
      { path: 'result.unit', message: expect.stringMatching(/^mg\/L is not a unit Alliance takes for lithium/) },
    ]);

    const second = await vault.call('results:record', { patientId, result: input({ value: 1.3, takenOn: '2026-02-20' }) });
    expect(second.results.map((r) => `${r.takenOn} ${r.analyte}`)).toEqual(['2026-02-20 lithium', '2026-03-01 valproate']);
    const lithium = second.results[0]!;
    const marked = await vault.call('results:markEnteredInError', { id: lithium.id, reason: 'Wrong patient' });
    expect(marked.results[0]?.enteredInError).toEqual({ at: '2026-03-10T12:00:00.000Z', reason: 'Wrong patient' });
    // Marking twice changes nothing and writes no second entry.
    await vault.call('results:markEnteredInError', { id: lithium.id, reason: 'Again' });
    expect((await vault.call('results:list', { patientId })).results[0]?.enteredInError?.reason).toBe('Wrong patient');
    expect((await vault.refuse('results:markEnteredInError', { id: PATIENT, reason: 'Wrong patient' })).code).toBe('NOT_FOUND');
    expect((await vault.refuse('results:list', { patientId: PATIENT })).code).toBe('NOT_FOUND');

    const audit = await vault.call('audit:forPatient', { patientId });
    expect(audit.filter((e) => e.recordType === 'result').map((e) => e.action)).toEqual([
      'result.entered-in-error',
      'result.record',
      'result.record',
    ]);

    await vault.call('vault:lock', {});
    const { openVaultDatabase } = await import('../../fixtures/import');
    const db = openVaultDatabase(`${vault.dir}/alliance.db`, vault.databaseKeyHex);
    try {
      expect(() => db.prepare('UPDATE results SET value = 0.9 WHERE id = $id').run({ id: lithium.id })).toThrow(/HISTORY_APPEND_ONLY/);
      expect(() => db.prepare('DELETE FROM results WHERE id = $id').run({ id: lithium.id })).toThrow(/HISTORY_APPEND_ONLY/);
    } finally {
      db.close();
    }
  });

  it('go into the patient’s FHIR Bundle as valid Observations with LOINC codes, a derived BMI, and those entered in error marked', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const record = (extra: Partial<ResultInput>) => vault!.call('results:record', { patientId, result: input(extra) });
    await record({ value: 1.2, takenOn: '2026-03-01', note: '12 h after the evening dose' });
    await record({ analyte: 'hba1c', value: 48, unit: 'mmol/mol', takenOn: '2026-03-01' });
    await record({ analyte: 'hba1c', value: 6.1, unit: '%', takenOn: '2026-02-01' });
    await record({ analyte: 'creatinine', value: 1.1, unit: 'mg/dL', takenOn: '2026-03-01' });
    await record({ analyte: 'height', value: 180, unit: 'cm', takenOn: '2026-03-01' });
    await record({ analyte: 'weight', value: 180, unit: 'lb', takenOn: '2026-03-02' });
    await record({ analyte: 'valproate', value: 400, unit: 'µmol/L', takenOn: '2026-03-02', rangeLow: 350, rangeHigh: 700 });
    const clozapine = await record({ analyte: 'clozapine', value: 300, unit: 'ng/mL', takenOn: '2026-03-03' });
    await vault.call('results:markEnteredInError', {
      id: clozapine.results.find((r) => r.analyte === 'clozapine')!.id,
      reason: 'Other patient',
    });

    const { json } = await vault.call('exports:patientBundle', { patientId });
    const bundle = JSON.parse(json) as Bundle;
    const resources = (bundle.entry ?? []).map((entry) => entry.resource!);
    await validateAll([bundle, ...resources]);
    const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
    const byCode = (code: string) => observations.find((o) => o.code.coding?.some((c) => c.code === code));
    expect(byCode('14334-7')).toMatchObject({
      status: 'final',
      effectiveDateTime: '2026-03-01',
      valueQuantity: { value: 1.2, unit: 'mmol/L' },
      interpretation: [{ coding: [{ code: 'H' }] }],
      referenceRange: [{ low: { value: 0.4 }, high: { value: 1 } }],
      note: [{ text: '12 h after the evening dose' }],
      category: [{ coding: [{ code: 'laboratory' }] }],
    });
    // HbA1c in mmol/mol goes out under the IFCC code as entered, in % under the NGSP code; neither under the other's.
    expect(byCode('59261-8')).toMatchObject({
      valueQuantity: { value: 48, unit: 'mmol/mol' },
      interpretation: [{ coding: [{ code: 'H' }] }],
    });
    expect(byCode('59261-8')?.code.coding?.map((c) => c.code)).toEqual(['59261-8', 'hba1c']);
    expect(byCode('4548-4')).toMatchObject({ valueQuantity: { value: 6.1, unit: '%' }, interpretation: [{ coding: [{ code: 'H' }] }] });
    expect(byCode('4548-4')?.referenceRange?.[0]?.high?.value).toBeCloseTo(5.9, 1);
    expect(byCode('4548-4')?.note).toBeUndefined();
    // Creatinine in mg/dL is a mass concentration, so not under the moles code.
    expect(byCode('2160-0')).toMatchObject({ valueQuantity: { value: 1.1, unit: 'mg/dL' } });
    expect(byCode('14682-9')).toBeUndefined();
    expect(byCode('29463-7')).toMatchObject({
      valueQuantity: { unit: 'kg' },
      category: [{ coding: [{ code: 'vital-signs' }] }],
      note: [{ text: 'Entered as 180 lb.' }],
    });
    expect(byCode('39156-5')).toMatchObject({
      valueQuantity: { value: 25.2, unit: 'kg/m²' },
      interpretation: [{ coding: [{ code: 'H' }] }],
    });
    expect(byCode('39156-5')?.derivedFrom).toHaveLength(2);
    expect(byCode('4086-5')).toMatchObject({
      valueQuantity: { value: 57.68 },
      referenceRange: [{ low: { value: 50.47 }, high: { value: 100.94 } }],
    });
    // Clozapine has no LOINC code here, only Alliance's own; entered in error, it says so.
    expect(byCode('clozapine')).toMatchObject({ status: 'entered-in-error', code: { coding: [{ system: 'urn:alliance:analyte' }] } });
  });
});
