import { z } from 'zod';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/*
 * Results and vitals: drug levels, blood tests, the ECG's QTc and the body's measurements. The
 * catalogue is data: each analyte's canonical unit (the one its chart and its band are drawn in), the
 * other units it is accepted in and how each converts, its default target or reference band where a
 * standard one exists, and the LOINC code of each unit where we know it for certain (the code names
 * its property, moles or mass, so it follows the unit). A unit the catalogue does not
 * list for the analyte is refused, never guessed at.
 */

/** A LOINC code and its long common name. */
export type Loinc = { code: string; display: string };

/** One unit an analyte is accepted in: how a value in it becomes the canonical unit's, and back. */
export type ResultUnit = {
  unit: string;
  /** Canonical value from a value in this unit. */
  toCanonical: (value: number) => number;
  /** Value in this unit from the canonical one. */
  fromCanonical: (value: number) => number;
  /**
   * The LOINC code of a value written in this unit, only where the code is certain. A LOINC code names
   * its property (moles or mass per volume, % or mmol/mol), so the unit decides the code.
   */
  loinc?: Loinc;
};

const same = (unit: string, loinc?: Loinc): ResultUnit => ({
  unit,
  toCanonical: (v) => v,
  fromCanonical: (v) => v,
  ...(loinc ? { loinc } : {}),
});
const times = (unit: string, factor: number, loinc?: Loinc): ResultUnit => ({
  unit,
  toCanonical: (v) => v * factor,
  fromCanonical: (v) => v / factor,
  ...(loinc ? { loinc } : {}),
});

/** A band: values below `low` or above `high` are out of range; either end may be open. */
export type Band = { low: number | null; high: number | null };

export type AnalyteGroup =
  'Drug levels' | 'Blood count' | 'Renal and electrolytes' | 'Thyroid and calcium' | 'Liver' | 'Metabolic' | 'Hormones' | 'ECG' | 'Vitals';

export type Analyte = {
  label: string;
  group: AnalyteGroup;
  /** The canonical unit first; every unit a value may be entered in. */
  units: readonly [ResultUnit, ...ResultUnit[]];
  /** The default band in the canonical unit, and what it is (target or reference). */
  band?: Band & { kind: 'target' | 'reference' };
  /** The values that can be real, in the canonical unit: outside them the value or its unit is wrong. */
  plausible: { min: number; max: number };
  /** Decimals shown in the canonical unit. */
  decimals: number;
};

const MMOL = 'mmol/L';

/** Every analyte that may be recorded (BMI is computed from weight and height, never typed). */
const CATALOGUE = {
  lithium: {
    label: 'Lithium',
    group: 'Drug levels',
    units: [same(MMOL, { code: '14334-7', display: 'Lithium [Moles/volume] in Serum or Plasma' }), same('mEq/L')],
    band: { low: 0.4, high: 1.0, kind: 'target' },
    plausible: { min: 0, max: 10 },
    decimals: 2,
  },
  valproate: {
    label: 'Valproate',
    group: 'Drug levels',
    units: [
      same('mg/L', { code: '4086-5', display: 'Valproate [Mass/volume] in Serum or Plasma' }),
      same('µg/mL'),
      times('µmol/L', 0.1442),
    ],
    band: { low: 50, high: 100, kind: 'target' },
    plausible: { min: 0, max: 1000 },
    decimals: 0,
  },
  clozapine: {
    label: 'Clozapine',
    group: 'Drug levels',
    units: [same('ng/mL'), same('µg/L')],
    band: { low: 350, high: 600, kind: 'target' },
    plausible: { min: 0, max: 10000 },
    decimals: 0,
  },
  norclozapine: {
    label: 'Norclozapine',
    group: 'Drug levels',
    units: [same('ng/mL'), same('µg/L')],
    plausible: { min: 0, max: 10000 },
    decimals: 0,
  },
  carbamazepine: {
    label: 'Carbamazepine',
    group: 'Drug levels',
    units: [
      same('mg/L', { code: '3432-2', display: 'Carbamazepine [Mass/volume] in Serum or Plasma' }),
      same('µg/mL'),
      times('µmol/L', 0.2363),
    ],
    band: { low: 4, high: 12, kind: 'target' },
    plausible: { min: 0, max: 200 },
    decimals: 1,
  },
  wbc: {
    label: 'White cell count (WBC)',
    group: 'Blood count',
    units: [same('×10⁹/L', { code: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count' }), same('×10³/µL')],
    band: { low: 4.0, high: 11.0, kind: 'reference' },
    plausible: { min: 0, max: 500 },
    decimals: 1,
  },
  anc: {
    label: 'Neutrophils (ANC)',
    group: 'Blood count',
    units: [same('×10⁹/L', { code: '751-8', display: 'Neutrophils [#/volume] in Blood by Automated count' }), same('×10³/µL')],
    band: { low: 2.0, high: 7.5, kind: 'reference' },
    plausible: { min: 0, max: 200 },
    decimals: 1,
  },
  creatinine: {
    label: 'Creatinine',
    group: 'Renal and electrolytes',
    units: [
      same('µmol/L', { code: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 88.42, { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma' }),
    ],
    plausible: { min: 0, max: 3000 },
    decimals: 0,
  },
  egfr: {
    label: 'eGFR',
    group: 'Renal and electrolytes',
    units: [same('mL/min/1.73m²')],
    band: { low: 60, high: null, kind: 'reference' },
    plausible: { min: 0, max: 250 },
    decimals: 0,
  },
  urea: {
    label: 'Urea',
    group: 'Renal and electrolytes',
    units: [same(MMOL), times('mg/dL (BUN)', 0.357)],
    band: { low: 2.5, high: 7.8, kind: 'reference' },
    plausible: { min: 0, max: 150 },
    decimals: 1,
  },
  sodium: {
    label: 'Sodium',
    group: 'Renal and electrolytes',
    units: [same(MMOL, { code: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma' }), same('mEq/L')],
    band: { low: 135, high: 145, kind: 'reference' },
    plausible: { min: 80, max: 200 },
    decimals: 0,
  },
  potassium: {
    label: 'Potassium',
    group: 'Renal and electrolytes',
    units: [same(MMOL, { code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma' }), same('mEq/L')],
    band: { low: 3.5, high: 5.0, kind: 'reference' },
    plausible: { min: 1, max: 12 },
    decimals: 1,
  },
  tsh: {
    label: 'TSH',
    group: 'Thyroid and calcium',
    units: [same('mIU/L', { code: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma' }), same('µIU/mL')],
    band: { low: 0.4, high: 4.0, kind: 'reference' },
    plausible: { min: 0, max: 500 },
    decimals: 2,
  },
  calcium: {
    label: 'Calcium',
    group: 'Thyroid and calcium',
    units: [
      same(MMOL, { code: '2000-8', display: 'Calcium [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 0.2495, { code: '17861-6', display: 'Calcium [Mass/volume] in Serum or Plasma' }),
    ],
    band: { low: 2.2, high: 2.6, kind: 'reference' },
    plausible: { min: 0.5, max: 6 },
    decimals: 2,
  },
  alt: {
    label: 'ALT',
    group: 'Liver',
    units: [
      same('U/L', { code: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma' }),
      same('IU/L'),
    ],
    plausible: { min: 0, max: 20000 },
    decimals: 0,
  },
  ast: {
    label: 'AST',
    group: 'Liver',
    units: [
      same('U/L', { code: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma' }),
      same('IU/L'),
    ],
    plausible: { min: 0, max: 20000 },
    decimals: 0,
  },
  ggt: {
    label: 'GGT',
    group: 'Liver',
    units: [
      same('U/L', { code: '2324-2', display: 'Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma' }),
      same('IU/L'),
    ],
    plausible: { min: 0, max: 20000 },
    decimals: 0,
  },
  fastingGlucose: {
    label: 'Fasting glucose',
    group: 'Metabolic',
    units: [
      same(MMOL, { code: '14771-0', display: 'Fasting glucose [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 1 / 18.016, { code: '1558-6', display: 'Fasting glucose [Mass/volume] in Serum or Plasma' }),
    ],
    band: { low: 3.9, high: 6.0, kind: 'reference' },
    plausible: { min: 0.5, max: 60 },
    decimals: 1,
  },
  hba1c: {
    label: 'HbA1c',
    group: 'Metabolic',
    // IFCC mmol/mol from NGSP %: (% − 2.15) × 10.929.
    // IFCC mmol/mol has its own LOINC code (59261-8); NGSP % is 4548-4.
    units: [
      same('mmol/mol', { code: '59261-8', display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol' }),
      {
        unit: '%',
        toCanonical: (v) => (v - 2.15) * 10.929,
        fromCanonical: (v) => v / 10.929 + 2.15,
        loinc: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
      },
    ],
    band: { low: null, high: 41, kind: 'reference' },
    plausible: { min: 10, max: 200 },
    decimals: 0,
  },
  totalCholesterol: {
    label: 'Total cholesterol',
    group: 'Metabolic',
    units: [
      same(MMOL, { code: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 1 / 38.67, { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma' }),
    ],
    band: { low: null, high: 5.0, kind: 'target' },
    plausible: { min: 0.5, max: 30 },
    decimals: 1,
  },
  ldlCholesterol: {
    label: 'LDL cholesterol',
    group: 'Metabolic',
    units: [same(MMOL), times('mg/dL', 1 / 38.67)],
    band: { low: null, high: 3.0, kind: 'target' },
    plausible: { min: 0, max: 25 },
    decimals: 1,
  },
  hdlCholesterol: {
    label: 'HDL cholesterol',
    group: 'Metabolic',
    units: [
      same(MMOL, { code: '14646-4', display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 1 / 38.67, { code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma' }),
    ],
    band: { low: 1.0, high: null, kind: 'target' },
    plausible: { min: 0, max: 10 },
    decimals: 1,
  },
  triglycerides: {
    label: 'Triglycerides',
    group: 'Metabolic',
    units: [
      same(MMOL, { code: '14927-8', display: 'Triglyceride [Moles/volume] in Serum or Plasma' }),
      times('mg/dL', 1 / 88.57, { code: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma' }),
    ],
    band: { low: null, high: 1.7, kind: 'target' },
    plausible: { min: 0, max: 100 },
    decimals: 1,
  },
  prolactin: {
    label: 'Prolactin',
    group: 'Hormones',
    units: [same('ng/mL', { code: '2842-3', display: 'Prolactin [Mass/volume] in Serum or Plasma' }), same('µg/L')],
    plausible: { min: 0, max: 20000 },
    decimals: 1,
  },
  qtc: {
    label: 'ECG QTc',
    group: 'ECG',
    units: [same('ms', { code: '8636-3', display: 'Q-T interval corrected' })],
    band: { low: null, high: 450, kind: 'reference' },
    plausible: { min: 200, max: 800 },
    decimals: 0,
  },
  weight: {
    label: 'Weight',
    group: 'Vitals',
    units: [same('kg', { code: '29463-7', display: 'Body weight' }), times('lb', 0.45359237)],
    plausible: { min: 1, max: 500 },
    decimals: 1,
  },
  height: {
    label: 'Height',
    group: 'Vitals',
    units: [same('cm', { code: '8302-2', display: 'Body height' }), times('in', 2.54)],
    plausible: { min: 30, max: 260 },
    decimals: 1,
  },
  waist: {
    label: 'Waist circumference',
    group: 'Vitals',
    units: [same('cm', { code: '8280-0', display: 'Waist Circumference at umbilicus by Tape measure' }), times('in', 2.54)],
    plausible: { min: 20, max: 300 },
    decimals: 1,
  },
  systolic: {
    label: 'Blood pressure, systolic',
    group: 'Vitals',
    units: [same('mmHg', { code: '8480-6', display: 'Systolic blood pressure' })],
    band: { low: 90, high: 139, kind: 'reference' },
    plausible: { min: 40, max: 300 },
    decimals: 0,
  },
  diastolic: {
    label: 'Blood pressure, diastolic',
    group: 'Vitals',
    units: [same('mmHg', { code: '8462-4', display: 'Diastolic blood pressure' })],
    band: { low: 60, high: 89, kind: 'reference' },
    plausible: { min: 20, max: 200 },
    decimals: 0,
  },
  pulse: {
    label: 'Pulse',
    group: 'Vitals',
    units: [same('/min', { code: '8867-4', display: 'Heart rate' })],
    band: { low: 60, high: 100, kind: 'reference' },
    plausible: { min: 15, max: 300 },
    decimals: 0,
  },
} as const satisfies Record<string, Analyte>;

export type AnalyteCode = keyof typeof CATALOGUE;
export const ANALYTES: Readonly<Record<AnalyteCode, Analyte>> = CATALOGUE;
export const ANALYTE_CODES = Object.keys(CATALOGUE) as [AnalyteCode, ...AnalyteCode[]];
export const analyteCodeSchema = z.enum(ANALYTE_CODES, { error: 'Choose what was measured' });

export function analyte(code: AnalyteCode): Analyte {
  return ANALYTES[code];
}

/** BMI is computed, never typed: each weight with the height in force on its day. */
export const BMI = {
  label: 'BMI',
  unit: 'kg/m²',
  band: { low: 18.5, high: 24.9, kind: 'reference' as const },
  loinc: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]' },
  decimals: 1,
};

export function canonicalUnit(code: AnalyteCode): string {
  return analyte(code).units[0].unit;
}

/** The unit as the catalogue lists it for the analyte, or undefined when it is not one the analyte takes. */
export function findUnit(code: AnalyteCode, unit: string): ResultUnit | undefined {
  return analyte(code).units.find((u) => u.unit === unit);
}

/**
 * How a result is coded for export: under the LOINC code of the unit it was entered in; when that unit
 * has none (lithium in mEq/L, valproate in µmol/L), converted to the first of the analyte's units that
 * has one; when none has, in the canonical unit with no LOINC code (only Alliance's own analyte code).
 */
export function exportCoding(code: AnalyteCode, enteredUnit: string): { unit: ResultUnit; loinc: Loinc | null } {
  const units = analyte(code).units;
  const entered = findUnit(code, enteredUnit);
  if (entered?.loinc) return { unit: entered, loinc: entered.loinc };
  const coded = units.find((u) => u.loinc !== undefined);
  return coded?.loinc ? { unit: coded, loinc: coded.loinc } : { unit: units[0], loinc: null };
}

/** A result's value as exported: in the unit of its LOINC code (as entered when that is its unit), eight significant digits. */
export function codedValue(result: Pick<Result, 'analyte' | 'unit' | 'value' | 'canonicalValue'>): {
  unit: ResultUnit;
  loinc: Loinc | null;
  value: number;
} {
  const coding = exportCoding(result.analyte, result.unit);
  const value = coding.unit.unit === result.unit ? result.value : Number(coding.unit.fromCanonical(result.canonicalValue).toPrecision(8));
  return { ...coding, value };
}

export function unitRefusal(code: AnalyteCode, unit: string): string {
  const a = analyte(code);
  const accepted = a.units.map((u) => u.unit);
  const list = accepted.length === 1 ? accepted[0] : `${accepted.slice(0, -1).join(', ')} or ${accepted.at(-1)}`;
  return `${unit} is not a unit Alliance takes for ${a.label.toLocaleLowerCase()}: enter it in ${list}.`;
}

/** The value in the analyte's canonical unit; throws for a unit the analyte does not take (the schema refuses it first). */
export function toCanonical(code: AnalyteCode, value: number, unit: string): number {
  const found = findUnit(code, unit);
  if (!found) throw new Error(unitRefusal(code, unit));
  return roundTo(found.toCanonical(value), 6);
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function formatValue(value: number, decimals: number): string {
  return roundTo(value, decimals).toFixed(decimals);
}

export const RESULT_LIMITS = { note: 500 } as const;

export const RESULT_MESSAGES = {
  analyte: 'Choose what was measured',
  value: 'Enter the value as a number',
  unit: 'Choose the unit',
  takenOn: 'Choose the date it was taken: today or earlier',
  range: 'The lab’s low end is above its high end',
  note: `At most ${RESULT_LIMITS.note} characters`,
} as const;

const optionalBound = z.number({ error: 'Enter a number, or leave it empty' }).finite().nullable();

export const resultInputSchema = z
  .strictObject({
    analyte: analyteCodeSchema,
    value: z.number({ error: RESULT_MESSAGES.value }).finite(RESULT_MESSAGES.value),
    unit: singleLineString().trim().min(1, RESULT_MESSAGES.unit).max(40, RESULT_MESSAGES.unit),
    takenOn: calendarDateSchema.refine((date) => date >= '1900-01-01' && date <= localToday(), RESULT_MESSAGES.takenOn),
    rangeLow: optionalBound,
    rangeHigh: optionalBound,
    note: z.string().trim().max(RESULT_LIMITS.note, RESULT_MESSAGES.note),
  })
  .superRefine((input, ctx) => {
    // A unit already refused for its length is not quoted back.
    if (input.unit.length > 40) return;
    const a = analyte(input.analyte);
    const unit = findUnit(input.analyte, input.unit);
    if (!unit) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: unitRefusal(input.analyte, input.unit) });
      return;
    }
    const canonical = unit.toCanonical(input.value);
    if (canonical < a.plausible.min || canonical > a.plausible.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `A ${a.label.toLocaleLowerCase()} of ${input.value} ${input.unit} cannot be right: check the value and its unit.`,
      });
    }
    if (input.rangeLow !== null && input.rangeHigh !== null && input.rangeLow > input.rangeHigh)
      ctx.addIssue({ code: 'custom', path: ['rangeHigh'], message: RESULT_MESSAGES.range });
  });
export type ResultInput = z.infer<typeof resultInputSchema>;

export const resultSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  analyte: analyteCodeSchema,
  /** As entered, in the unit entered. */
  value: z.number(),
  unit: z.string(),
  /** In the analyte's canonical unit. */
  canonicalValue: z.number(),
  takenOn: calendarDateSchema,
  /** The lab's range, in the unit entered, where given. */
  rangeLow: z.number().nullable(),
  rangeHigh: z.number().nullable(),
  note: z.string(),
  createdAt: timestampSchema,
  enteredInError: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export type Result = z.infer<typeof resultSchema>;

/** Every result of a patient, the oldest taken first. */
export const resultListSchema = z.object({ results: z.array(resultSchema) });
export type ResultList = z.infer<typeof resultListSchema>;

export type RangeFlag = 'low' | 'high' | null;

/** The practice's own target bands (a lithium target of 0.6–0.8 mmol/L), in the canonical unit, where it set one. */
export type PracticeBands = Partial<Readonly<Record<AnalyteCode, Band>>>;

/**
 * The band a result is judged against, in the canonical unit: the lab's range where given, else the
 * practice's target where it set one, else the analyte's.
 */
export function bandFor(
  result: Pick<Result, 'analyte' | 'unit' | 'rangeLow' | 'rangeHigh'>,
  practiceBands: PracticeBands = {},
): (Band & { source: 'lab' | 'practice' | 'default' }) | null {
  if (result.rangeLow !== null || result.rangeHigh !== null) {
    const unit = findUnit(result.analyte, result.unit);
    const convert = (v: number | null) => (v === null || !unit ? v : roundTo(unit.toCanonical(v), 6));
    return { low: convert(result.rangeLow), high: convert(result.rangeHigh), source: 'lab' };
  }
  const practice = practiceBands[result.analyte];
  if (practice) return { low: practice.low, high: practice.high, source: 'practice' };
  const band = analyte(result.analyte).band;
  return band ? { low: band.low, high: band.high, source: 'default' } : null;
}

export function flagAgainst(value: number, band: Band | null): RangeFlag {
  if (!band) return null;
  if (band.low !== null && value < band.low) return 'low';
  if (band.high !== null && value > band.high) return 'high';
  return null;
}

/** Low, high, or null when in range or there is no range to judge by. */
export function rangeFlag(
  result: Pick<Result, 'analyte' | 'unit' | 'canonicalValue' | 'rangeLow' | 'rangeHigh'>,
  practiceBands: PracticeBands = {},
): RangeFlag {
  return flagAgainst(result.canonicalValue, bandFor(result, practiceBands));
}

export const RANGE_FLAG_LABELS = { low: 'Below range', high: 'Above range' } as const;

export function counts(result: Pick<Result, 'enteredInError'>): boolean {
  return result.enteredInError === null;
}

/** The results that count, of one analyte, the oldest taken first (then the first recorded). */
export function series(results: readonly Result[], code: AnalyteCode): Result[] {
  return results
    .filter((r) => r.analyte === code && counts(r))
    .sort((a, b) => a.takenOn.localeCompare(b.takenOn) || a.createdAt.localeCompare(b.createdAt));
}

export type BmiPoint = { weightId: string; heightId: string; takenOn: string; value: number };

/**
 * A BMI for every weight: the weight over the square of the height in force on its day (the latest
 * height taken on or before it, else the first height taken after it, since adults' height holds).
 */
export function bmiSeries(results: readonly Result[]): BmiPoint[] {
  const heights = series(results, 'height');
  if (heights.length === 0) return [];
  return series(results, 'weight').map((weight) => {
    const height = heights.filter((h) => h.takenOn <= weight.takenOn).at(-1) ?? heights[0];
    const metres = (height?.canonicalValue ?? 0) / 100;
    return {
      weightId: weight.id,
      heightId: height?.id ?? '',
      takenOn: weight.takenOn,
      value: roundTo(weight.canonicalValue / (metres * metres), 1),
    };
  });
}

/** The clinically significant weight gain from the first weight: 5 %. */
export const WEIGHT_CHANGE_THRESHOLD = 5;

/** Each weight's change from the first weight counted, in percent (one decimal). */
export function weightChanges(results: readonly Result[]): Array<{ id: string; takenOn: string; percent: number }> {
  const weights = series(results, 'weight');
  const first = weights[0];
  if (!first) return [];
  return weights.map((w) => ({
    id: w.id,
    takenOn: w.takenOn,
    percent: roundTo(((w.canonicalValue - first.canonicalValue) / first.canonicalValue) * 100, 1),
  }));
}
