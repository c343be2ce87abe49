import { z } from 'zod';
import { ageOn, calendarDateSchema, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';
import { analyte, canonicalUnit, type AnalyteCode, type Band, type PracticeBands } from './results';

/*
 * Monitoring that follows the medications: which levels, blood tests, weights and examinations are due
 * for a patient, computed from the dated medication history and the results already recorded. The
 * protocols are data, each citing its source; the computation is calendar arithmetic on dates written
 * YYYY-MM-DD (the practice's "today" is the caller's), so a daylight-saving change cannot move a due
 * date. A result recorded clears what was due and the next date follows from it.
 */

export const MONITORING_PROTOCOL_IDS = [
  'lithium',
  'valproate',
  'carbamazepine',
  'clozapine',
  'antipsychotic-metabolic',
  'antipsychotic-aims',
] as const;
export type MonitoringProtocolId = (typeof MONITORING_PROTOCOL_IDS)[number];

/** From a day after the course started (0 = the start), checks fall due every `everyDays`. */
export type Phase = { fromDay: number; everyDays: number };

type CheckSchedule =
  | {
      kind: 'periodic';
      /** Due on the day the course starts unless a result came in the month before. */
      baseline: boolean;
      phases: readonly Phase[];
      /** Patients 65 or older, or on a drug that interacts, are checked at least this often. */
      atRiskEveryDays?: number;
    }
  | {
      kind: 'level';
      /** A level taken this long after a start or dose change, when the drug has reached a steady state. */
      afterChangeDays: number;
      /** Levels taken sooner than this after a change do not show the new dose's steady state. */
      steadyAfterDays: number;
      /** Until this many levels in a row are within the target band, one every `afterChangeDays`. */
      stableAfterInRange: number;
      phases: readonly Phase[];
      atRiskEveryDays?: number;
    };

export type MonitoringCheck = {
  id: string;
  /** What the psychiatrist reads on the list: "Lithium level". */
  label: string;
  /** The results that count as this check done; 'aims' is an AIMS examination. */
  clearedBy: readonly (AnalyteCode | 'aims')[];
  schedule: CheckSchedule;
  /** Set aside for the whole practice: nobody is asked for it unless their own adjustment gives it an interval. */
  offInPractice?: boolean;
};

export type MonitoringProtocol = {
  id: MonitoringProtocolId;
  name: string;
  /** Names (generic and brand) as written in the medication history, lower case; a word of the entry's name matches. */
  drugs: readonly string[];
  /** Drugs that make this protocol's "at risk" intervals apply while they are taken. */
  interactingDrugs?: readonly string[];
  /** The age from which the "at risk" intervals apply. */
  atRiskFromAge?: number;
  source: string;
  checks: readonly MonitoringCheck[];
};

const SECOND_GENERATION = [
  'amisulpride',
  'aripiprazole',
  'abilify',
  'asenapine',
  'brexpiprazole',
  'cariprazine',
  'clozapine',
  'clozaril',
  'iloperidone',
  'lumateperone',
  'lurasidone',
  'latuda',
  'olanzapine',
  'zyprexa',
  'paliperidone',
  'invega',
  'quetiapine',
  'seroquel',
  'risperidone',
  'risperdal',
  'sertindole',
  'ziprasidone',
  'zotepine',
];
const FIRST_GENERATION = [
  'chlorpromazine',
  'flupentixol',
  'fluphenazine',
  'haloperidol',
  'haldol',
  'levomepromazine',
  'loxapine',
  'perphenazine',
  'pimozide',
  'sulpiride',
  'thioridazine',
  'trifluoperazine',
  'zuclopenthixol',
];

/** Before starting, then every six months. */
const SIX_MONTHLY: CheckSchedule = { kind: 'periodic', baseline: true, phases: [{ fromDay: 0, everyDays: 182 }] };
/** Before starting, at six months, then yearly. */
const AT_SIX_MONTHS_THEN_YEARLY: CheckSchedule = {
  kind: 'periodic',
  baseline: true,
  phases: [
    { fromDay: 0, everyDays: 182 },
    { fromDay: 182, everyDays: 365 },
  ],
};
/** Before starting, at twelve weeks, then yearly. */
const AT_TWELVE_WEEKS_THEN_YEARLY: CheckSchedule = {
  kind: 'periodic',
  baseline: true,
  phases: [
    { fromDay: 0, everyDays: 84 },
    { fromDay: 84, everyDays: 365 },
  ],
};
const SIX_MONTHLY_WEIGHT: MonitoringCheck = { id: 'weight', label: 'Weight and BMI', clearedBy: ['weight'], schedule: SIX_MONTHLY };
const LIVER_FUNCTION = { id: 'liver', label: 'Liver function', clearedBy: ['alt', 'ast', 'ggt'] } as const;
const FULL_BLOOD_COUNT = { id: 'blood-count', label: 'Full blood count', clearedBy: ['wbc', 'anc'] } as const;

const METABOLIC_WEIGHT: MonitoringCheck = {
  id: 'weight',
  label: 'Weight and BMI',
  clearedBy: ['weight'],
  // Baseline, weeks 4, 8 and 12, then every three months.
  schedule: {
    kind: 'periodic',
    baseline: true,
    phases: [
      { fromDay: 0, everyDays: 28 },
      { fromDay: 84, everyDays: 91 },
    ],
  },
};

export const MONITORING_PROTOCOLS: readonly MonitoringProtocol[] = [
  {
    id: 'lithium',
    name: 'Lithium',
    drugs: ['lithium', 'priadel', 'camcolit', 'liskonum', 'lithobid', 'eskalith'],
    interactingDrugs: [
      // ACE inhibitors, angiotensin receptor blockers, thiazide and loop diuretics, NSAIDs: they raise the level.
      'captopril',
      'enalapril',
      'lisinopril',
      'perindopril',
      'ramipril',
      'candesartan',
      'irbesartan',
      'losartan',
      'valsartan',
      'olmesartan',
      'telmisartan',
      'bendroflumethiazide',
      'hydrochlorothiazide',
      'chlortalidone',
      'chlorthalidone',
      'indapamide',
      'furosemide',
      'ibuprofen',
      'naproxen',
      'diclofenac',
      'celecoxib',
      'etoricoxib',
      'meloxicam',
      'indometacin',
      'indomethacin',
    ],
    atRiskFromAge: 65,
    source:
      'NICE CG185 Bipolar disorder (1.10.17–1.10.21) and NHS Specialist Pharmacy Service, Lithium monitoring: a level one week after starting and after each dose change, weekly until stable, then every 3 months in the first year and every 6 months after (every 3 months for older people and with interacting drugs); renal, thyroid and calcium every 6 months; weight every 6 months.',
    checks: [
      {
        id: 'lithium-level',
        label: 'Lithium level',
        clearedBy: ['lithium'],
        schedule: {
          kind: 'level',
          afterChangeDays: 7,
          steadyAfterDays: 5,
          stableAfterInRange: 2,
          phases: [
            { fromDay: 0, everyDays: 91 },
            { fromDay: 365, everyDays: 182 },
          ],
          atRiskEveryDays: 91,
        },
      },
      {
        id: 'renal',
        label: 'Renal function (creatinine, eGFR)',
        clearedBy: ['creatinine', 'egfr'],
        schedule: { kind: 'periodic', baseline: true, phases: [{ fromDay: 0, everyDays: 182 }], atRiskEveryDays: 91 },
      },
      {
        id: 'thyroid',
        label: 'Thyroid function (TSH)',
        clearedBy: ['tsh'],
        schedule: SIX_MONTHLY,
      },
      {
        id: 'calcium',
        label: 'Calcium',
        clearedBy: ['calcium'],
        schedule: SIX_MONTHLY,
      },
      SIX_MONTHLY_WEIGHT,
    ],
  },
  {
    id: 'valproate',
    name: 'Valproate',
    drugs: ['valproate', 'valproic', 'divalproex', 'depakote', 'depakine', 'epilim', 'epival', 'convulex', 'belvo', 'dyzantil'],
    source:
      'NICE CG185 Bipolar disorder (1.10.23–1.10.25) and the valproate summary of product characteristics: liver function and full blood count before starting and at 6 months, then yearly; weight every 6 months.',
    checks: [
      { ...LIVER_FUNCTION, schedule: AT_SIX_MONTHS_THEN_YEARLY },
      { ...FULL_BLOOD_COUNT, schedule: AT_SIX_MONTHS_THEN_YEARLY },
      SIX_MONTHLY_WEIGHT,
    ],
  },
  {
    id: 'carbamazepine',
    name: 'Carbamazepine',
    drugs: ['carbamazepine', 'tegretol', 'carbagen', 'equetro'],
    source:
      'NICE CG185 Bipolar disorder (1.10.26–1.10.29): urea and electrolytes (sodium), liver function and full blood count before starting and every 6 months; a level every 6 months.',
    checks: [
      {
        id: 'sodium',
        label: 'Urea and electrolytes (sodium)',
        clearedBy: ['sodium'],
        schedule: SIX_MONTHLY,
      },
      { ...LIVER_FUNCTION, schedule: SIX_MONTHLY },
      { ...FULL_BLOOD_COUNT, schedule: SIX_MONTHLY },
      {
        id: 'carbamazepine-level',
        label: 'Carbamazepine level',
        clearedBy: ['carbamazepine'],
        schedule: { kind: 'periodic', baseline: false, phases: [{ fromDay: 0, everyDays: 182 }] },
      },
    ],
  },
  {
    id: 'clozapine',
    name: 'Clozapine',
    drugs: ['clozapine', 'clozaril', 'denzapine', 'zaponex', 'leponex', 'versacloz', 'fazaclo'],
    source:
      'Clozapine summary of product characteristics and the UK Clozapine Patient Monitoring Service: a blood count (white cells and neutrophils) before starting, weekly for the first 18 weeks, every 2 weeks to one year, then every 4 weeks. Set the intervals your jurisdiction requires.',
    checks: [
      {
        id: 'blood-count',
        label: 'Blood count (WBC, ANC)',
        clearedBy: ['anc', 'wbc'],
        schedule: {
          kind: 'periodic',
          baseline: true,
          phases: [
            { fromDay: 0, everyDays: 7 },
            { fromDay: 126, everyDays: 14 },
            { fromDay: 364, everyDays: 28 },
          ],
        },
      },
    ],
  },
  {
    id: 'antipsychotic-metabolic',
    name: 'Second-generation antipsychotic',
    drugs: SECOND_GENERATION,
    source:
      'ADA/APA consensus on antipsychotic drugs and obesity and diabetes (2004) and the APA Practice Guideline for the Treatment of Patients With Schizophrenia (2020): weight and BMI at baseline, 4, 8 and 12 weeks, then every 3 months; fasting glucose or HbA1c and lipids at baseline, 12 weeks, then yearly.',
    checks: [
      METABOLIC_WEIGHT,
      {
        id: 'glucose',
        label: 'Fasting glucose or HbA1c',
        clearedBy: ['fastingGlucose', 'hba1c'],
        schedule: AT_TWELVE_WEEKS_THEN_YEARLY,
      },
      {
        id: 'lipids',
        label: 'Lipids',
        clearedBy: ['totalCholesterol', 'ldlCholesterol', 'hdlCholesterol', 'triglycerides'],
        schedule: AT_TWELVE_WEEKS_THEN_YEARLY,
      },
    ],
  },
  {
    id: 'antipsychotic-aims',
    name: 'Antipsychotic (movement disorders)',
    drugs: [...SECOND_GENERATION, ...FIRST_GENERATION],
    source:
      'APA Practice Guideline for the Treatment of Patients With Schizophrenia (2020): an AIMS examination at baseline and every 6 months for those at higher risk of tardive dyskinesia, every 12 months otherwise.',
    checks: [
      {
        id: 'aims',
        label: 'AIMS examination',
        clearedBy: ['aims'],
        schedule: SIX_MONTHLY,
      },
    ],
  },
];

/** A result that came in this many days before a course started is its baseline. */
export const BASELINE_WINDOW_DAYS = 30;
/** "Due" on the list from this many days before the date; "overdue" after it. */
export const DUE_SOON_DAYS = 7;

export type MonitoringMedicationEvent = {
  medicationId: string;
  kind: 'start' | 'change' | 'stop';
  date: string;
  name: string;
  recordedAt: string;
  enteredInError: unknown;
};
export type MonitoringResult = { analyte: AnalyteCode | 'aims'; takenOn: string; outOfRange: boolean };
/** A patient's own interval for a check, or the check set aside for them; 'protocol' goes back to the protocol's. */
export type MonitoringAdjustmentKind = 'interval' | 'off' | 'protocol';
export type MonitoringAdjustment = {
  protocol: MonitoringProtocolId;
  check: string;
  kind: MonitoringAdjustmentKind;
  everyDays: number | null;
};
export type MonitoringInput = {
  today: string;
  dateOfBirth: string | null;
  medicationEvents: readonly MonitoringMedicationEvent[];
  results: readonly MonitoringResult[];
  /** The patient's adjustments, oldest first: the newest for a check applies. */
  adjustments?: readonly MonitoringAdjustment[];
};

/** The adjustments that apply: the newest of each check, unless it went back to the protocol's interval. */
export function currentAdjustments<T extends MonitoringAdjustment>(adjustments: readonly T[]): Map<string, T> {
  const current = new Map<string, T>();
  for (const adjustment of adjustments) {
    const key = `${adjustment.protocol}:${adjustment.check}`;
    if (adjustment.kind === 'protocol') current.delete(key);
    else current.set(key, adjustment);
  }
  return current;
}

export const DUE_STATUSES = ['overdue', 'due', 'upcoming'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];
const changeKindSchema = z.enum(['start', 'change']);
/** Why a check falls due when it does, in terms a sentence is made of (`describeDueReason`). */
export const dueReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('baseline'), drug: z.string(), start: calendarDateSchema }),
  z.object({ kind: z.literal('after-start'), drug: z.string(), start: calendarDateSchema, days: z.number().int() }),
  z.object({ kind: z.literal('after-change'), change: changeKindSchema, on: calendarDateSchema, days: z.number().int() }),
  z.object({ kind: z.literal('until-stable'), change: changeKindSchema, on: calendarDateSchema, inRange: z.number().int() }),
  z.object({ kind: z.literal('interval'), last: calendarDateSchema, days: z.number().int() }),
]);
export type DueReason = z.infer<typeof dueReasonSchema>;
export const dueCheckSchema = z.object({
  protocol: z.enum(MONITORING_PROTOCOL_IDS),
  check: z.string(),
  label: z.string(),
  dueOn: calendarDateSchema,
  status: z.enum(DUE_STATUSES),
  reason: dueReasonSchema,
  /** The patient's own interval, in days, when it replaces the protocol's. */
  everyDaysForPatient: z.number().int().nullable(),
});
export type DueCheck = z.infer<typeof dueCheckSchema>;

export const MONITORING_ADJUSTMENT_LIMITS = { everyDays: { min: 7, max: 1096 }, reason: { min: 2, max: 300 } } as const;
export const MONITORING_ADJUSTMENT_MESSAGES = {
  everyDays: 'Choose an interval between 1 week and 3 years',
  reason: 'Say why, in a few words (at most 300 characters)',
  check: 'This protocol has no such check',
} as const;

/** A change to one check's schedule for one patient, with its reason (the chart keeps every one). */
export const monitoringAdjustmentInputSchema = z
  .strictObject({
    protocol: z.enum(MONITORING_PROTOCOL_IDS),
    check: z.string().max(40),
    change: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('interval'),
        everyDays: z
          .number()
          .int(MONITORING_ADJUSTMENT_MESSAGES.everyDays)
          .min(MONITORING_ADJUSTMENT_LIMITS.everyDays.min, MONITORING_ADJUSTMENT_MESSAGES.everyDays)
          .max(MONITORING_ADJUSTMENT_LIMITS.everyDays.max, MONITORING_ADJUSTMENT_MESSAGES.everyDays),
      }),
      z.strictObject({ kind: z.literal('off') }),
      z.strictObject({ kind: z.literal('protocol') }),
    ]),
    reason: z
      .string()
      .trim()
      .min(MONITORING_ADJUSTMENT_LIMITS.reason.min, MONITORING_ADJUSTMENT_MESSAGES.reason)
      .max(MONITORING_ADJUSTMENT_LIMITS.reason.max, MONITORING_ADJUSTMENT_MESSAGES.reason),
  })
  .refine(
    (input) =>
      MONITORING_PROTOCOLS.some((protocol) => protocol.id === input.protocol && protocol.checks.some((check) => check.id === input.check)),
    { path: ['check'], message: MONITORING_ADJUSTMENT_MESSAGES.check },
  );
export type MonitoringAdjustmentInput = z.infer<typeof monitoringAdjustmentInputSchema>;

/** An adjustment that applies: the check's own interval for this patient, or the check set aside. */
export const appliedAdjustmentSchema = z.object({
  protocol: z.enum(MONITORING_PROTOCOL_IDS),
  check: z.string(),
  label: z.string(),
  kind: z.enum(['interval', 'off']),
  everyDays: z.number().int().nullable(),
  reason: z.string(),
  since: z.string(),
});
export type AppliedAdjustment = z.infer<typeof appliedAdjustmentSchema>;

/** A patient's checks under the protocols of what they take today, soonest first, and their own adjustments. */
export const patientMonitoringSchema = z.object({
  today: calendarDateSchema,
  due: z.array(dueCheckSchema),
  adjustments: z.array(appliedAdjustmentSchema),
});
export type PatientMonitoring = z.infer<typeof patientMonitoringSchema>;

/** The practice's list: each patient with a check overdue or due within DUE_SOON_DAYS, the most overdue first. */
export const practiceMonitoringSchema = z.object({
  today: calendarDateSchema,
  patients: z.array(
    z.object({
      patientId: patientIdSchema,
      chartNumber: z.number().int(),
      givenName: z.string(),
      familyName: z.string(),
      due: z.array(dueCheckSchema),
    }),
  ),
});
export type PracticeMonitoring = z.infer<typeof practiceMonitoringSchema>;

function inWords(days: number): string {
  if (days === 364 || days === 365) return '1 year';
  if (days % 7 === 0 && (days <= 84 || days === 126)) return days === 7 ? '1 week' : `${days / 7} weeks`;
  const months = Math.round(days / 30.4);
  if (days >= 84 && months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  if (days >= 84) return `${months} months`;
  return `${days} days`;
}

/** "1 week after the dose change on 3 Mar 2026", with the caller's way of writing a date. */
export function describeDueReason(reason: DueReason, date: (iso: string) => string): string {
  switch (reason.kind) {
    case 'baseline':
      return `before starting ${reason.drug} (${date(reason.start)})`;
    case 'after-start':
      return `${inWords(reason.days)} after starting ${reason.drug} (${date(reason.start)})`;
    case 'after-change':
      return `${inWords(reason.days)} after ${reason.change === 'start' ? 'starting' : 'the dose change'} on ${date(reason.on)}`;
    case 'until-stable':
      return `weekly after ${reason.change === 'start' ? 'starting' : 'the dose change'} on ${date(reason.on)}, until ${reason.inRange} levels in a row are in range`;
    case 'interval':
      return `${inWords(reason.days)} after the last one (${date(reason.last)})`;
  }
}

/*
 * Day arithmetic on calendar dates (YYYY-MM-DD) as whole days since 1970-01-01. The practice-wide list
 * does this some tens of thousands of times per reading, so it is plain arithmetic (the civil-calendar
 * conversions of H. Hinnant's "chrono-compatible low-level date algorithms") rather than a Date parsed
 * and an ISO string formatted each time; anything that is not a plain date takes the Date route.
 */
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number {
  if (!PLAIN_DATE.test(date)) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
  }
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month < 1 || month > 12) return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function dateOfDay(dayNumberSinceEpoch: number): string {
  const z = dayNumberSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(dayNumberSinceEpoch * 86_400_000).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

export function takesDrug(name: string, drugs: readonly string[]): boolean {
  return words(name).some((word) => drugs.includes(word));
}

type Course = { medicationId: string; name: string; start: string; lastChange: string; lastChangeKind: 'start' | 'change' };

/** The courses being taken today: started, not stopped, none of their entries entered in error counted. */
function activeCourses(events: readonly MonitoringMedicationEvent[], today: string): Course[] {
  const byCourse = new Map<string, MonitoringMedicationEvent[]>();
  for (const event of events) {
    if (event.enteredInError || event.date > today) continue;
    const list = byCourse.get(event.medicationId) ?? [];
    list.push(event);
    byCourse.set(event.medicationId, list);
  }
  const courses: Course[] = [];
  for (const [medicationId, list] of byCourse) {
    list.sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
    const start = list.find((event) => event.kind === 'start');
    const last = list.at(-1);
    if (!start || !last || last.kind === 'stop') continue;
    const lastDose = [...list].reverse().find((event) => event.kind !== 'stop') ?? start;
    courses.push({
      medicationId,
      name: start.name,
      start: start.date,
      lastChange: lastDose.date,
      lastChangeKind: lastDose.kind === 'change' ? 'change' : 'start',
    });
  }
  return courses;
}

function phaseInterval(phases: readonly Phase[], day: number): number {
  let interval = phases[0]?.everyDays ?? 365;
  for (const phase of phases) if (day >= phase.fromDay) interval = phase.everyDays;
  return interval;
}

function statusOf(dueOn: string, today: string): DueStatus {
  if (dueOn < today) return 'overdue';
  return dayNumber(dueOn) - dayNumber(today) <= DUE_SOON_DAYS ? 'due' : 'upcoming';
}

function atRisk(protocol: MonitoringProtocol, input: MonitoringInput, courses: readonly Course[]): boolean {
  if (protocol.atRiskFromAge !== undefined && input.dateOfBirth && ageOn(input.dateOfBirth, input.today) >= protocol.atRiskFromAge)
    return true;
  const interacting = protocol.interactingDrugs;
  return interacting !== undefined && courses.some((course) => takesDrug(course.name, interacting));
}

function dueFor(
  check: MonitoringCheck,
  course: Course,
  results: readonly MonitoringResult[],
  risky: boolean,
  ownInterval: number | null,
): { dueOn: string; reason: DueReason } {
  const own = results.filter((result) => check.clearedBy.includes(result.analyte)).sort((a, b) => a.takenOn.localeCompare(b.takenOn));
  const startDay = dayNumber(course.start);
  const schedule = check.schedule;
  const every = (anchor: string): number => {
    if (ownInterval !== null) return ownInterval;
    const interval = phaseInterval(schedule.phases, dayNumber(anchor) - startDay);
    return risky && schedule.atRiskEveryDays !== undefined ? Math.min(interval, schedule.atRiskEveryDays) : interval;
  };
  if (schedule.kind === 'level') {
    const change = course.lastChangeKind;
    // A dose change starts the clock again: only levels at the new dose's steady state count.
    const changedDay = dayNumber(course.lastChange);
    const steady = own.filter((result) => dayNumber(result.takenOn) - changedDay >= schedule.steadyAfterDays);
    const last = steady.at(-1);
    if (!last) {
      return {
        dueOn: addDays(course.lastChange, schedule.afterChangeDays),
        reason: { kind: 'after-change', change, on: course.lastChange, days: schedule.afterChangeDays },
      };
    }
    const recent = steady.slice(-schedule.stableAfterInRange);
    const stable = recent.length === schedule.stableAfterInRange && recent.every((result) => !result.outOfRange);
    if (!stable) {
      return {
        dueOn: addDays(last.takenOn, schedule.afterChangeDays),
        reason: { kind: 'until-stable', change, on: course.lastChange, inRange: schedule.stableAfterInRange },
      };
    }
    const days = every(last.takenOn);
    return { dueOn: addDays(last.takenOn, days), reason: { kind: 'interval', last: last.takenOn, days } };
  }
  const baselineFrom = addDays(course.start, -BASELINE_WINDOW_DAYS);
  const last = own.filter((result) => result.takenOn >= baselineFrom).at(-1);
  if (!last) {
    if (schedule.baseline) return { dueOn: course.start, reason: { kind: 'baseline', drug: course.name, start: course.start } };
    const days = every(course.start);
    return { dueOn: addDays(course.start, days), reason: { kind: 'after-start', drug: course.name, start: course.start, days } };
  }
  // A baseline taken in the month before the start counts from the start.
  const anchor = last.takenOn < course.start ? course.start : last.takenOn;
  const days = every(anchor);
  return { dueOn: addDays(anchor, days), reason: { kind: 'interval', last: last.takenOn, days } };
}

/**
 * Every check due for a patient under the protocols of the medications taken today, soonest first.
 * Two courses under one protocol (two antipsychotics) give one entry per check, from the course started
 * last: the monitoring starts again with each new drug.
 */
export function dueChecks(input: MonitoringInput, protocols: readonly MonitoringProtocol[] = MONITORING_PROTOCOLS): DueCheck[] {
  const courses = activeCourses(input.medicationEvents, input.today);
  const adjusted = currentAdjustments(input.adjustments ?? []);
  const due: DueCheck[] = [];
  for (const protocol of protocols) {
    const matching = courses.filter((course) => takesDrug(course.name, protocol.drugs));
    if (matching.length === 0) continue;
    const course = matching.reduce((latest, next) => (next.start > latest.start ? next : latest));
    const risky = atRisk(protocol, input, courses);
    for (const check of protocol.checks) {
      const adjustment = adjusted.get(`${protocol.id}:${check.id}`);
      if (adjustment?.kind === 'off') continue;
      // The patient's own interval wins over the practice's setting the check aside.
      if (check.offInPractice && adjustment?.kind !== 'interval') continue;
      const everyDaysForPatient = adjustment?.kind === 'interval' ? adjustment.everyDays : null;
      const { dueOn, reason } = dueFor(check, course, input.results, risky, everyDaysForPatient);
      due.push({
        protocol: protocol.id,
        check: check.id,
        label: check.label,
        dueOn,
        status: statusOf(dueOn, input.today),
        reason,
        everyDaysForPatient,
      });
    }
  }
  // One line per check a patient needs (lithium and an antipsychotic both ask for weight): the sooner date wins.
  const byCheck = new Map<string, DueCheck>();
  for (const entry of due) {
    const key = entry.check === 'weight' ? 'weight' : `${entry.protocol}:${entry.check}`;
    const held = byCheck.get(key);
    if (!held || entry.dueOn < held.dueOn) byCheck.set(key, entry);
  }
  return [...byCheck.values()].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.label.localeCompare(b.label));
}

/** A check's schedule in a sentence, for the protocols shown in the app: "Before starting, then every 6 months". */
export function describeSchedule(check: MonitoringCheck, protocol: Pick<MonitoringProtocol, 'atRiskFromAge' | 'interactingDrugs'>): string {
  const schedule = check.schedule;
  const every = (days: number): string => `every ${inWords(days).replace(/^1 /, '')}`;
  const phases = schedule.phases.map((phase, index) =>
    index === 0 ? every(phase.everyDays) : `${every(phase.everyDays)} from ${inWords(phase.fromDay)} on`,
  );
  const atRisk =
    schedule.atRiskEveryDays === undefined
      ? ''
      : `; at least ${every(schedule.atRiskEveryDays)}${protocol.atRiskFromAge === undefined ? '' : ` from age ${protocol.atRiskFromAge}`}${protocol.interactingDrugs ? ' or beside an interacting drug' : ''}`;
  if (schedule.kind === 'level') {
    return `${inWords(schedule.afterChangeDays)} after starting and after each dose change, then weekly until ${schedule.stableAfterInRange} levels in a row are in range; then ${phases.join(', ')}${atRisk}`;
  }
  return `${schedule.baseline ? 'Before starting, then ' : ''}${phases.join(', ')}${atRisk}`;
}

/*
 * The practice's own version of a protocol: a check's intervals (clozapine blood counts on the
 * schedule the practice's jurisdiction requires), its target band where it has one (the practice's
 * lithium range), or the check set aside for the whole practice. Each change is kept as a row with
 * who made it, when, why and on what source; going back to the published schedule is a row too.
 */

export const PRACTICE_PROTOCOL_CHANGE_KINDS = ['schedule', 'off', 'published'] as const;
export type PracticeProtocolChangeKind = (typeof PRACTICE_PROTOCOL_CHANGE_KINDS)[number];

export const PRACTICE_PROTOCOL_LIMITS = {
  phases: { min: 1, max: 6 },
  fromDay: { max: 3650 },
  everyDays: MONITORING_ADJUSTMENT_LIMITS.everyDays,
  band: { max: 100_000 },
  reason: { min: 2, max: 300 },
  source: { min: 2, max: 200 },
} as const;
export const PRACTICE_PROTOCOL_MESSAGES = {
  everyDays: MONITORING_ADJUSTMENT_MESSAGES.everyDays,
  phases: 'Give between 1 and 6 steps',
  firstFromDay: 'The first step starts on the day the medication is started',
  fromDay: 'Each step starts later than the one before it, within 10 years of starting',
  band: 'Give the low end, the high end or both, the low end below the high end',
  noBand: 'This check has no target band to change',
  reason: 'Say why, in a few words (at most 300 characters)',
  source: 'Name the practice’s source, such as a policy and its year (at most 200 characters)',
  check: MONITORING_ADJUSTMENT_MESSAGES.check,
} as const;

const phaseSchema = z.strictObject({
  fromDay: z
    .number()
    .int(PRACTICE_PROTOCOL_MESSAGES.fromDay)
    .min(0, PRACTICE_PROTOCOL_MESSAGES.fromDay)
    .max(PRACTICE_PROTOCOL_LIMITS.fromDay.max, PRACTICE_PROTOCOL_MESSAGES.fromDay),
  everyDays: z
    .number()
    .int(PRACTICE_PROTOCOL_MESSAGES.everyDays)
    .min(PRACTICE_PROTOCOL_LIMITS.everyDays.min, PRACTICE_PROTOCOL_MESSAGES.everyDays)
    .max(PRACTICE_PROTOCOL_LIMITS.everyDays.max, PRACTICE_PROTOCOL_MESSAGES.everyDays),
});
const bandEnd = z
  .number()
  .min(0, PRACTICE_PROTOCOL_MESSAGES.band)
  .max(PRACTICE_PROTOCOL_LIMITS.band.max, PRACTICE_PROTOCOL_MESSAGES.band)
  .nullable();
export const practiceBandSchema = z.strictObject({ low: bandEnd, high: bandEnd });

export function findCheck(
  protocolId: MonitoringProtocolId,
  checkId: string,
  protocols = MONITORING_PROTOCOLS,
): MonitoringCheck | undefined {
  return protocols.find((protocol) => protocol.id === protocolId)?.checks.find((check) => check.id === checkId);
}

/** The result whose target band a check may change: its one analyte with a target (a lithium level's lithium). */
export function targetAnalyte(check: Pick<MonitoringCheck, 'clearedBy'>): AnalyteCode | null {
  for (const code of check.clearedBy) if (code !== 'aims' && analyte(code).band?.kind === 'target') return code;
  return null;
}

/** A change to one check of one protocol for the whole practice, with its reason and the practice's source. */
export const practiceProtocolChangeInputSchema = z
  .strictObject({
    protocol: z.enum(MONITORING_PROTOCOL_IDS),
    check: z.string().max(40),
    change: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('schedule'),
        phases: z
          .array(phaseSchema)
          .min(PRACTICE_PROTOCOL_LIMITS.phases.min, PRACTICE_PROTOCOL_MESSAGES.phases)
          .max(PRACTICE_PROTOCOL_LIMITS.phases.max, PRACTICE_PROTOCOL_MESSAGES.phases),
        /** The practice's target band in the analyte's canonical unit; null keeps the published one. */
        band: practiceBandSchema.nullable(),
      }),
      z.strictObject({ kind: z.literal('off') }),
      z.strictObject({ kind: z.literal('published') }),
    ]),
    reason: z
      .string()
      .trim()
      .min(PRACTICE_PROTOCOL_LIMITS.reason.min, PRACTICE_PROTOCOL_MESSAGES.reason)
      .max(PRACTICE_PROTOCOL_LIMITS.reason.max, PRACTICE_PROTOCOL_MESSAGES.reason),
    /** Required for a change of the practice's own; going back to the published schedule needs none. */
    source: singleLineString().trim().max(PRACTICE_PROTOCOL_LIMITS.source.max, PRACTICE_PROTOCOL_MESSAGES.source),
  })
  .superRefine((input, ctx) => {
    const check = findCheck(input.protocol, input.check);
    if (!check) {
      ctx.addIssue({ code: 'custom', path: ['check'], message: PRACTICE_PROTOCOL_MESSAGES.check });
      return;
    }
    if (input.change.kind !== 'published' && input.source.length < PRACTICE_PROTOCOL_LIMITS.source.min)
      ctx.addIssue({ code: 'custom', path: ['source'], message: PRACTICE_PROTOCOL_MESSAGES.source });
    if (input.change.kind !== 'schedule') return;
    const { phases, band } = input.change;
    if (phases[0] && phases[0].fromDay !== 0)
      ctx.addIssue({ code: 'custom', path: ['change', 'phases', 0, 'fromDay'], message: PRACTICE_PROTOCOL_MESSAGES.firstFromDay });
    phases.forEach((phase, index) => {
      const before = phases[index - 1];
      if (before && phase.fromDay <= before.fromDay)
        ctx.addIssue({ code: 'custom', path: ['change', 'phases', index, 'fromDay'], message: PRACTICE_PROTOCOL_MESSAGES.fromDay });
    });
    if (band === null) return;
    if (targetAnalyte(check) === null)
      ctx.addIssue({ code: 'custom', path: ['change', 'band'], message: PRACTICE_PROTOCOL_MESSAGES.noBand });
    else if ((band.low === null && band.high === null) || (band.low !== null && band.high !== null && band.low >= band.high))
      ctx.addIssue({ code: 'custom', path: ['change', 'band'], message: PRACTICE_PROTOCOL_MESSAGES.band });
  });
export type PracticeProtocolChangeInput = z.infer<typeof practiceProtocolChangeInputSchema>;

/** One change as kept: the newest for a check applies, unless it went back to the published schedule. */
export const practiceProtocolChangeSchema = z.object({
  id: z.string(),
  protocol: z.enum(MONITORING_PROTOCOL_IDS),
  check: z.string(),
  kind: z.enum(PRACTICE_PROTOCOL_CHANGE_KINDS),
  phases: z.array(z.object({ fromDay: z.number().int(), everyDays: z.number().int() })).nullable(),
  band: z.object({ low: z.number().nullable(), high: z.number().nullable() }).nullable(),
  reason: z.string(),
  source: z.string(),
  /** The clinician named in the preferences when the change was made ("" when none was). */
  by: z.string(),
  at: timestampSchema,
});
export type PracticeProtocolChange = z.infer<typeof practiceProtocolChangeSchema>;

/** Every change the practice made to the protocols, the oldest first. */
export const practiceProtocolsSchema = z.object({ changes: z.array(practiceProtocolChangeSchema) });
export type PracticeProtocols = z.infer<typeof practiceProtocolsSchema>;

type PracticeChangeLike = Pick<PracticeProtocolChange, 'protocol' | 'check' | 'kind' | 'phases' | 'band'>;

/** The practice's changes that apply, by "protocol:check": the newest of each, unless it went back to the published one. */
export function currentPracticeChanges<T extends PracticeChangeLike>(changes: readonly T[]): Map<string, T> {
  const current = new Map<string, T>();
  for (const change of changes) {
    const key = `${change.protocol}:${change.check}`;
    if (change.kind === 'published') current.delete(key);
    else current.set(key, change);
  }
  return current;
}

/** The protocols as this practice follows them: the published ones with the practice's intervals and checks set aside. */
export function practiceProtocols(
  changes: readonly PracticeChangeLike[],
  published: readonly MonitoringProtocol[] = MONITORING_PROTOCOLS,
): MonitoringProtocol[] {
  const current = currentPracticeChanges(changes);
  if (current.size === 0) return [...published];
  return published.map((protocol) => ({
    ...protocol,
    checks: protocol.checks.map((check): MonitoringCheck => {
      const change = current.get(`${protocol.id}:${check.id}`);
      if (!change) return check;
      if (change.kind === 'off') return { ...check, offInPractice: true };
      const phases = change.phases;
      return phases && phases.length > 0 ? { ...check, schedule: { ...check.schedule, phases } } : check;
    }),
  }));
}

/** The practice's target bands, by analyte, from the checks it gave one. */
export function practiceBands(changes: readonly PracticeChangeLike[]): PracticeBands {
  const bands: Partial<Record<AnalyteCode, Band>> = {};
  for (const change of currentPracticeChanges(changes).values()) {
    const check = change.band ? findCheck(change.protocol, change.check) : undefined;
    const code = check ? targetAnalyte(check) : null;
    if (code && change.band) bands[code] = change.band;
  }
  return bands;
}

/** "0.6–0.8 mmol/L", "≥ 60 mL/min/1.73m²": a band in its analyte's canonical unit. */
export function describeBand(code: AnalyteCode, band: Band): string {
  const unit = canonicalUnit(code);
  if (band.low !== null && band.high !== null) return `${band.low}–${band.high} ${unit}`;
  if (band.low !== null) return `≥ ${band.low} ${unit}`;
  return `≤ ${band.high ?? ''} ${unit}`;
}
