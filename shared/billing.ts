import { z } from 'zod';
import { appointmentKindSchema, attendanceSchema, instantSchema, type AppointmentKind } from './appointment';
import { calendarDateSchema, timestampSchema } from './dates';
import { errorReasonSchema } from './diagnosis';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/*
 * Superbills, fees and payments. The service codes are CPT® code numbers (American Medical
 * Association); the descriptions below are our own short words, never the AMA's text. The time
 * rules are those of CPT 2021 for office E/M visits (total time on the day) and of the psychotherapy
 * codes (a unit of time is attained when the midpoint is passed), as CMS restates them in its
 * "Evaluation and Management Services Guide" (MLN006764, 2023) and in Medicare's Learning Network
 * article MM12071 (psychotherapy and E/M, 2021).
 */

export const SERVICE_CODE_SOURCE =
  'CPT® code numbers © American Medical Association; descriptions are Alliance’s own. Time rules: CPT 2021 office E/M by total time; psychotherapy midpoint rule (CMS MLN006764).';

export const SERVICE_CODE_GROUPS = [
  'evaluation',
  'new-visit',
  'established-visit',
  'psychotherapy-add-on',
  'psychotherapy',
  'family',
] as const;
export type ServiceCodeGroup = (typeof SERVICE_CODE_GROUPS)[number];

/** One code with our own description, and the minutes it needs (inclusive), where time decides it. */
export type ServiceCode = {
  code: string;
  group: ServiceCodeGroup;
  description: string;
  minutes: { min: number; max: number | null } | null;
};

export const SERVICE_CODES = [
  { code: '90791', group: 'evaluation', description: 'Psychiatric assessment, without medical care', minutes: null },
  { code: '90792', group: 'evaluation', description: 'Psychiatric assessment, with medical care', minutes: null },
  { code: '99202', group: 'new-visit', description: 'Office visit, new patient, straightforward', minutes: { min: 15, max: 29 } },
  { code: '99203', group: 'new-visit', description: 'Office visit, new patient, low complexity', minutes: { min: 30, max: 44 } },
  { code: '99204', group: 'new-visit', description: 'Office visit, new patient, moderate complexity', minutes: { min: 45, max: 59 } },
  { code: '99205', group: 'new-visit', description: 'Office visit, new patient, high complexity', minutes: { min: 60, max: null } },
  {
    code: '99212',
    group: 'established-visit',
    description: 'Office visit, returning patient, straightforward',
    minutes: { min: 10, max: 19 },
  },
  {
    code: '99213',
    group: 'established-visit',
    description: 'Office visit, returning patient, low complexity',
    minutes: { min: 20, max: 29 },
  },
  {
    code: '99214',
    group: 'established-visit',
    description: 'Office visit, returning patient, moderate complexity',
    minutes: { min: 30, max: 39 },
  },
  {
    code: '99215',
    group: 'established-visit',
    description: 'Office visit, returning patient, high complexity',
    minutes: { min: 40, max: null },
  },
  {
    code: '90833',
    group: 'psychotherapy-add-on',
    description: 'Talk therapy beside an office visit, about half an hour',
    minutes: { min: 16, max: 37 },
  },
  {
    code: '90836',
    group: 'psychotherapy-add-on',
    description: 'Talk therapy beside an office visit, about 45 minutes',
    minutes: { min: 38, max: 52 },
  },
  {
    code: '90838',
    group: 'psychotherapy-add-on',
    description: 'Talk therapy beside an office visit, an hour',
    minutes: { min: 53, max: null },
  },
  { code: '90832', group: 'psychotherapy', description: 'Talk therapy, about half an hour', minutes: { min: 16, max: 37 } },
  { code: '90834', group: 'psychotherapy', description: 'Talk therapy, about 45 minutes', minutes: { min: 38, max: 52 } },
  { code: '90837', group: 'psychotherapy', description: 'Talk therapy, an hour', minutes: { min: 53, max: null } },
  { code: '90846', group: 'family', description: 'Family therapy, without the patient present', minutes: { min: 26, max: null } },
  { code: '90847', group: 'family', description: 'Family therapy, with the patient present', minutes: { min: 26, max: null } },
] as const satisfies readonly ServiceCode[];

export type ServiceCodeValue = (typeof SERVICE_CODES)[number]['code'];
export const SERVICE_CODE_VALUES = SERVICE_CODES.map((c) => c.code) as [ServiceCodeValue, ...ServiceCodeValue[]];
export const serviceCodeSchema = z.enum(SERVICE_CODE_VALUES, { error: 'Choose a service code from the list' });
const CODE_BY_VALUE = new Map<string, ServiceCode>(SERVICE_CODES.map((c) => [c.code, c]));
export function serviceCode(code: string): ServiceCode | undefined {
  return CODE_BY_VALUE.get(code);
}

/** The one modifier Alliance offers: 95, a visit held by live video. */
export const MODIFIERS = ['95'] as const;
export const modifierSchema = z.enum(MODIFIERS).nullable();
export type Modifier = z.infer<typeof modifierSchema>;
export const MODIFIER_DESCRIPTIONS: Record<(typeof MODIFIERS)[number], string> = { '95': 'Held by live video' };

/** Place of service, as the claim form writes it. */
export const PLACES_OF_SERVICE = ['02', '10', '11'] as const;
export const placeOfServiceSchema = z.enum(PLACES_OF_SERVICE);
export type PlaceOfService = z.infer<typeof placeOfServiceSchema>;
export const PLACE_OF_SERVICE_LABELS: Record<PlaceOfService, string> = {
  '02': 'Telehealth, not in the patient’s home',
  '10': 'Telehealth in the patient’s home',
  '11': 'Office',
};
/**
 * The place of service of one line of a superbill: a visit by video is telehealth (the practice's own
 * telehealth place where it has set one, otherwise the patient's home, as most telepsychiatry is), and
 * a visit in person is the office, whatever the practice's usual place.
 */
export function placeOfServiceFor(modifier: Modifier, practicePlace: PlaceOfService): PlaceOfService {
  if (modifier === '95') return practicePlace === '11' ? '10' : practicePlace;
  return '11';
}

/** A video session gets modifier 95 unless the practice says otherwise on the coding dialog. */
export function videoModifierDefault(isVideo: boolean): Modifier {
  return isVideo ? '95' : null;
}

/* ---------- Practice identifiers ---------- */

export const BILLING_MESSAGES = {
  npi: 'An NPI is 10 digits whose last digit checks the others; this one does not check. Copy it again from NPPES.',
  taxId: 'Write the tax ID (EIN) as NN-NNNNNNN, for example 12-3456789',
  licence: 'At most 40 characters',
  licenceState: 'At most 40 characters',
  currency: 'Use a three-letter ISO 4217 currency code, for example USD',
  amount: 'Write an amount such as 150.00',
  amountTooLarge: 'At most 1,000,000 in one entry',
  amountZero: 'The amount must be more than zero',
  noLines: 'Choose at least one service code',
  tooManyLines: 'At most four service codes for one session',
  diagnoses: 'Choose from one to four diagnoses, the primary first',
  units: 'Units are whole numbers from 1 to 12',
  note: 'At most 300 characters',
} as const;

/** True when a 10-digit NPI's last digit is the Luhn check digit of the 9 before it, prefixed 80840. */
export function npiIsValid(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  // 80840 in front: its doubled Luhn sum is always 24 (CMS, "Requirements for NPI check digit").
  let sum = 24;
  for (let index = 0; index < 9; index += 1) {
    const digit = Number(npi[8 - index]);
    const doubled = index % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

export const npiSchema = z
  .string()
  .trim()
  .refine((value) => value === '' || npiIsValid(value), BILLING_MESSAGES.npi);
export const taxIdSchema = z
  .string()
  .trim()
  .refine((value) => value === '' || /^\d{2}-\d{7}$/.test(value), BILLING_MESSAGES.taxId);

/** ISO 4217 codes this runtime knows, so amounts format with the right number of decimals. */
export function isCurrencyCode(value: string): boolean {
  if (!/^[A-Z]{3}$/.test(value)) return false;
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: value });
    return Intl.supportedValuesOf('currency').includes(value);
  } catch {
    return false;
  }
}
export const currencySchema = z.string().trim().toUpperCase().refine(isCurrencyCode, BILLING_MESSAGES.currency);

/* ---------- Money: integers in the smallest unit, never a float ---------- */

/** The largest whole amount of one entry (1,000,000 in the currency's major unit). */
export const MONEY_MAX_MAJOR = 1_000_000;

/** How many decimals the currency has: USD 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export type MoneyParse = { ok: true; amount: number } | { ok: false; message: string };

/**
 * "150.00" → 15000 (USD): read as digits, never through a float, so 0.1 + 0.2 is 30 cents exactly.
 * A thousands comma is allowed ("1,250.50"); a sign is not (refunds are their own entries).
 */
export function parseMoney(text: string, currency: string): MoneyParse {
  const digits = minorDigits(currency);
  // A currency sign in front ("$19.99", "CHF 20") is allowed; a minus sign is not.
  const cleaned = text.trim().replace(/^[^\d.,+\-\s]{1,4}\s?/u, '');
  const fraction = digits === 0 ? '' : `(?:\\.(\\d{1,${digits}}))?`;
  const match = new RegExp(`^(\\d{1,3}(?:,\\d{3})+|\\d+)${fraction}$`).exec(cleaned);
  if (!match) return { ok: false, message: BILLING_MESSAGES.amount };
  const whole = (match[1] ?? '0').replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > String(MONEY_MAX_MAJOR).length || Number(whole) > MONEY_MAX_MAJOR)
    return { ok: false, message: BILLING_MESSAGES.amountTooLarge };
  const minor = (match[2] ?? '').padEnd(digits, '0');
  const amount = Number(whole) * 10 ** digits + (minor === '' ? 0 : Number(minor));
  if (amount > MONEY_MAX_MAJOR * 10 ** digits) return { ok: false, message: BILLING_MESSAGES.amountTooLarge };
  return { ok: true, amount };
}

/** 15000 USD → "$150.00"; -2550 → "−$25.50". Integer arithmetic only. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const negative = amount < 0;
  const absolute = Math.abs(Math.trunc(amount));
  const whole = Math.floor(absolute / scale);
  const minor = absolute - whole * scale;
  const symbol =
    new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency;
  const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(whole);
  const fraction = digits === 0 ? '' : `.${String(minor).padStart(digits, '0')}`;
  return `${negative ? '−' : ''}${symbol}${grouped}${fraction}`;
}

/** The amount as typed into a field again: 15000 → "150.00". */
export function moneyInputText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const whole = Math.floor(amount / scale);
  return digits === 0 ? String(whole) : `${whole}.${String(amount - whole * scale).padStart(digits, '0')}`;
}

export const amountSchema = z
  .number()
  .int('Amounts are whole numbers of the smallest unit (cents)')
  .positive(BILLING_MESSAGES.amountZero)
  .max(MONEY_MAX_MAJOR * 1000, BILLING_MESSAGES.amountTooLarge);

/* ---------- Code proposals ---------- */

export type MinutesSource = 'timer' | 'scheduled';
export const FAMILY_SESSIONS = ['with-patient', 'without-patient'] as const;
export type FamilySession = (typeof FAMILY_SESSIONS)[number];

export type ProposalInput = {
  kind: AppointmentKind;
  /** The session's length: as the timer recorded it, or as scheduled. */
  minutes: number;
  /** Minutes of psychotherapy within a visit (medication management or follow-up); 0 for none. */
  therapyMinutes: number;
  /** No kept session with this practice in the three years before. */
  newPatient: boolean;
  /** A prescriber's assessment is 90792; 90791 otherwise. */
  prescriber: boolean;
  /** A family session, with or without the patient; null otherwise. */
  family: FamilySession | null;
  isVideo: boolean;
};

export type ProposedLine = { code: ServiceCodeValue; modifier: Modifier; units: number };
export type Proposal = { lines: ProposedLine[]; reasons: string[] };

function byTime(group: ServiceCodeGroup, minutes: number): ServiceCodeValue | null {
  const found = SERVICE_CODES.find(
    (c) => c.group === group && c.minutes !== null && minutes >= c.minutes.min && (c.minutes.max === null || minutes <= c.minutes.max),
  );
  return found?.code ?? null;
}

function lowest(group: ServiceCodeGroup): ServiceCodeValue {
  const found = SERVICE_CODES.find((c) => c.group === group);
  if (!found) throw new Error(`No code in ${group}`);
  return found.code;
}

/**
 * What the session should be coded as, from its kind and length, by the time rules. The
 * psychiatrist confirms or changes it; the reasons say what the proposal rests on.
 */
export function proposeCodes(input: ProposalInput): Proposal {
  const reasons: string[] = [];
  const codes: ServiceCodeValue[] = [];
  const { minutes } = input;
  if (input.family !== null) {
    if (minutes < 26) reasons.push(`Family therapy needs at least 26 minutes; this session had ${minutes}.`);
    else codes.push(input.family === 'with-patient' ? '90847' : '90846');
  } else if (input.kind === 'intake') {
    codes.push(input.prescriber ? '90792' : '90791');
    reasons.push(input.prescriber ? 'An assessment by a prescriber, with medical care.' : 'An assessment without medical care.');
  } else if (input.kind === 'therapy') {
    const code = byTime('psychotherapy', minutes);
    if (code === null) reasons.push(`Psychotherapy needs at least 16 minutes; this session had ${minutes}.`);
    else codes.push(code);
  } else {
    // Medication management and follow-up are office visits; therapy time within them is an add-on,
    // and the visit's own time is what is left (time is never counted twice).
    const therapy = Math.max(0, Math.min(input.therapyMinutes, minutes));
    const visitMinutes = minutes - therapy;
    const group = input.newPatient ? 'new-visit' : 'established-visit';
    const visit = byTime(group, visitMinutes);
    if (visit === null) {
      codes.push(lowest(group));
      reasons.push(`The visit’s own time (${visitMinutes} min) is under the shortest level; choose the level by medical decision-making.`);
    } else codes.push(visit);
    reasons.push(input.newPatient ? 'New patient: no kept session in the last three years.' : 'Returning patient.');
    if (therapy > 0) {
      const addOn = byTime('psychotherapy-add-on', therapy);
      if (addOn === null) reasons.push(`A psychotherapy add-on needs at least 16 minutes of therapy; ${therapy} were recorded.`);
      else codes.push(addOn);
    }
  }
  const modifier = videoModifierDefault(input.isVideo);
  if (modifier !== null && codes.length > 0) reasons.push('Held by video: modifier 95.');
  return { lines: codes.map((code) => ({ code, modifier, units: 1 })), reasons };
}

/* ---------- Records ---------- */

export const PAYMENT_METHODS = ['cash', 'check', 'card', 'bank-transfer', 'other'] as const;
export const paymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  check: 'Check',
  card: 'Card',
  'bank-transfer': 'Bank transfer',
  other: 'Other',
};
export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export const paymentKindSchema = z.enum(PAYMENT_KINDS);
export type PaymentKind = z.infer<typeof paymentKindSchema>;

const enteredInErrorSchema = z.object({ at: timestampSchema, reason: z.string() }).nullable();
const icdCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'An ICD-10-CM code such as F33.1');
export const chargeDiagnosisSchema = z.object({ code: z.string(), label: z.string() });
export type ChargeDiagnosis = z.infer<typeof chargeDiagnosisSchema>;

export const chargeSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  appointmentId: z.uuid(),
  serviceDate: calendarDateSchema,
  code: serviceCodeSchema,
  modifier: modifierSchema,
  units: z.number().int(),
  /** The fee for one unit when the session was coded, in the smallest unit of `currency`. */
  fee: z.number().int(),
  currency: z.string(),
  /** ICD-10-CM codes from the chart, primary first, as they read when the session was coded. */
  diagnoses: z.array(chargeDiagnosisSchema),
  minutes: z.number().int(),
  minutesSource: z.enum(['timer', 'scheduled']),
  recordedAt: timestampSchema,
  enteredInError: enteredInErrorSchema,
});
export type Charge = z.infer<typeof chargeSchema>;

export const paymentSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  kind: paymentKindSchema,
  date: calendarDateSchema,
  amount: z.number().int(),
  currency: z.string(),
  method: paymentMethodSchema,
  note: z.string(),
  recordedAt: timestampSchema,
  enteredInError: enteredInErrorSchema,
});
export type Payment = z.infer<typeof paymentSchema>;

export const codeLineInputSchema = z.strictObject({
  code: serviceCodeSchema,
  modifier: modifierSchema,
  units: z
    .number({ error: BILLING_MESSAGES.units })
    .int(BILLING_MESSAGES.units)
    .min(1, BILLING_MESSAGES.units)
    .max(12, BILLING_MESSAGES.units),
});
export const codeSessionInputSchema = z.strictObject({
  appointmentId: z.uuid(),
  lines: z.array(codeLineInputSchema).min(1, BILLING_MESSAGES.noLines).max(4, BILLING_MESSAGES.tooManyLines),
  /** ICD-10-CM codes of the chart's diagnoses in force, primary first. */
  diagnoses: z.array(icdCodeSchema).min(1, BILLING_MESSAGES.diagnoses).max(4, BILLING_MESSAGES.diagnoses),
  /** When the session already has charges: why they are replaced (they are marked entered in error). */
  replaceReason: errorReasonSchema.nullable().default(null),
});
export type CodeSessionInput = z.input<typeof codeSessionInputSchema>;

export const paymentInputSchema = z.strictObject({
  patientId: patientIdSchema,
  kind: paymentKindSchema,
  date: calendarDateSchema,
  amount: amountSchema,
  method: paymentMethodSchema,
  note: singleLineString().trim().max(300, BILLING_MESSAGES.note).default(''),
});
export type PaymentInput = z.input<typeof paymentInputSchema>;

export const enterInErrorInputSchema = z.strictObject({ id: z.uuid(), reason: errorReasonSchema });

export const feeSchema = z.object({ code: serviceCodeSchema, amount: z.number().int().nonnegative(), currency: z.string() });
export type Fee = z.infer<typeof feeSchema>;
export const feeScheduleInputSchema = z.strictObject({
  fees: z
    .array(
      z.strictObject({
        code: serviceCodeSchema,
        amount: z
          .number()
          .int()
          .nonnegative()
          .max(MONEY_MAX_MAJOR * 1000),
      }),
    )
    .max(SERVICE_CODES.length),
});

/* ---------- Balances ---------- */

export type Amounts = { currency: string; amount: number }[];

/** Charges − payments + refunds, by currency, leaving out every entry marked entered in error. */
export function balanceOf(charges: readonly Charge[], payments: readonly Payment[]): Amounts {
  const totals = new Map<string, number>();
  const add = (currency: string, amount: number) => totals.set(currency, (totals.get(currency) ?? 0) + amount);
  for (const charge of charges) if (charge.enteredInError === null) add(charge.currency, charge.fee * charge.units);
  for (const payment of payments)
    if (payment.enteredInError === null) add(payment.currency, payment.kind === 'refund' ? payment.amount : -payment.amount);
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}

/** The total of `currency` in a set of amounts (0 when absent). */
export function amountIn(amounts: Amounts, currency: string): number {
  return amounts.find((a) => a.currency === currency)?.amount ?? 0;
}

export const amountsSchema = z.array(z.object({ currency: z.string(), amount: z.number().int() }));

/* ---------- What the chart's Billing tab reads ---------- */

export const billingSessionSchema = z.object({
  appointmentId: z.uuid(),
  start: instantSchema,
  date: calendarDateSchema,
  kind: appointmentKindSchema,
  attendance: attendanceSchema,
  isVideo: z.boolean(),
  scheduledMinutes: z.number().int(),
  minutes: z.number().int(),
  minutesSource: z.enum(['timer', 'scheduled']),
  newPatient: z.boolean(),
  proposal: z.object({
    lines: z.array(z.object({ code: serviceCodeSchema, modifier: modifierSchema, units: z.number().int() })),
    reasons: z.array(z.string()),
  }),
  /** The session's charges in force (none until it is coded). */
  charges: z.array(chargeSchema),
});
export type BillingSession = z.infer<typeof billingSessionSchema>;

export const billingAccountSchema = z.object({
  patientId: patientIdSchema,
  currency: z.string(),
  sessions: z.array(billingSessionSchema),
  /** Every charge, those entered in error included, newest session first. */
  charges: z.array(chargeSchema),
  payments: z.array(paymentSchema),
  balance: amountsSchema,
  /** The chart's diagnoses in force, primary first: what a session's diagnoses are chosen from. */
  diagnoses: z.array(z.object({ code: z.string(), label: z.string(), isPrimary: z.boolean() })),
  fees: z.array(feeSchema),
});
export type BillingAccount = z.infer<typeof billingAccountSchema>;

/** A superbill or a statement over a period: the sessions coded in it, payments in it, and the balance. */
export const billingDocumentInputSchema = z
  .strictObject({
    patientId: patientIdSchema,
    from: calendarDateSchema,
    to: calendarDateSchema,
    /** One session only (a superbill per session). */
    appointmentId: z.uuid().nullable().default(null),
  })
  .refine((input) => input.from <= input.to, { message: 'The period must end on or after its start', path: ['to'] });

export const billingDocumentSchema = z.object({
  patientId: patientIdSchema,
  from: calendarDateSchema,
  to: calendarDateSchema,
  currency: z.string(),
  /** Charges in force in the period (or of the one session), by date. */
  charges: z.array(chargeSchema),
  /** Payments and refunds in force in the period, by date. */
  payments: z.array(paymentSchema),
  /** The balance before the period, what it added, and after it. */
  openingBalance: amountsSchema,
  totalCharged: amountsSchema,
  totalPaid: amountsSchema,
  closingBalance: amountsSchema,
});
export type BillingDocument = z.infer<typeof billingDocumentSchema>;

export const practiceMoneySchema = z.object({
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), billed: amountsSchema, paid: amountsSchema })),
  openBalances: z.array(z.object({ patientId: patientIdSchema, patientName: z.string(), balance: amountsSchema })),
});
export type PracticeMoney = z.infer<typeof practiceMoneySchema>;
