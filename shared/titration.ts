import { z } from 'zod';
import { calendarDateSchema, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';
import { instantToLocal } from './recurrence';

/*
 * Titration and taper schedules: a medication's dose planned in steps (this dose from this date for
 * so many days), written by hand or made from a pattern ("reduce by 10 % every 2 weeks to zero"),
 * rounded to what the patient's tablets allow. Every date is a calendar date: the arithmetic is on
 * days, never on instants, so a daylight-saving change cannot move a step. A step whose date has come
 * is a planned change the psychiatrist confirms (or changes) into the medication history.
 */

export const TITRATION_LIMITS = {
  maxSteps: 60,
  maxStepDays: 365,
  maxDose: 100_000,
  maxStrength: 10_000,
  textMax: 500,
} as const;

export const TITRATION_MESSAGES = {
  dose: 'Enter a dose of 0 or more',
  doseTooLarge: `At most ${TITRATION_LIMITS.maxDose}`,
  duration: 'Give the step a length of at least one day',
  durationTooLong: `A step is at most ${TITRATION_LIMITS.maxStepDays} days; add another step`,
  strength: 'A tablet’s strength is more than 0',
  noSteps: 'Add at least one step',
  tooManySteps: `At most ${TITRATION_LIMITS.maxSteps} steps`,
  order: 'Each step starts the day after the one before it ends',
  tablets: 'This dose cannot be made from whole, half or quarter tablets of this strength',
  zeroNotLast: 'Only the last step of a taper can be 0 (stop)',
  percent: 'Reduce by between 1 and 90 %',
  every: 'Every 1 to 52',
  target: 'The end dose is below the start dose',
  increaseTarget: 'The target is above the start dose',
  increment: 'Increase by more than 0',
  patternTooLong: `This pattern needs more than ${TITRATION_LIMITS.maxSteps} steps: change the percentage, the interval or the end dose`,
  missed: 'Say what to do if a dose is missed',
  whoToCall: 'Say whom to call with questions',
} as const;

export const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL'] as const;
export const doseUnitSchema = z.enum(DOSE_UNITS);
export type DoseUnit = z.infer<typeof doseUnitSchema>;

/** How often a dose is taken, each with how many doses a day (for tablet counts). */
export const TITRATION_FREQUENCIES = {
  'once daily': 1,
  'once daily at night': 1,
  'once daily in the morning': 1,
  'twice daily': 2,
  'three times daily': 3,
  'four times daily': 4,
} as const;
export type TitrationFrequency = keyof typeof TITRATION_FREQUENCIES;
export const titrationFrequencySchema = z.enum(Object.keys(TITRATION_FREQUENCIES) as [TitrationFrequency, ...TitrationFrequency[]]);

/** How finely the patient can split a tablet: whole only, halves or quarters. */
export const TABLET_SPLITS = [1, 2, 4] as const;
export type TabletSplit = (typeof TABLET_SPLITS)[number];

export const TITRATION_DIRECTIONS = ['titrate', 'taper'] as const;
export type TitrationDirection = (typeof TITRATION_DIRECTIONS)[number];
export const TITRATION_STATUSES = ['active', 'stopped', 'completed'] as const;
export type TitrationStatus = (typeof TITRATION_STATUSES)[number];

/** Numbers kept to four decimals so 0.1 + 0.2 is 0.3 and a quarter tablet is exact. */
export function tidy(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

const doseAmountSchema = z
  .number({ error: TITRATION_MESSAGES.dose })
  .min(0, TITRATION_MESSAGES.dose)
  .max(TITRATION_LIMITS.maxDose, TITRATION_MESSAGES.doseTooLarge);
const strengthSchema = z
  .number({ error: TITRATION_MESSAGES.strength })
  .gt(0, TITRATION_MESSAGES.strength)
  .max(TITRATION_LIMITS.maxStrength, TITRATION_MESSAGES.doseTooLarge);

/** Tablets for one dose, when the tablet's strength is given: refused unless whole, half or quarter tablets make it. */
export function tabletsPerDose(dose: number, strength: number | null): number | null {
  if (strength === null) return null;
  const quarters = (dose / strength) * 4;
  if (Math.abs(quarters - Math.round(quarters)) > 1e-6) return Number.NaN;
  return tidy(Math.round(quarters) / 4);
}

export const titrationStepInputSchema = z
  .strictObject({
    doseAmount: doseAmountSchema,
    doseUnit: doseUnitSchema,
    frequency: titrationFrequencySchema,
    startDate: calendarDateSchema,
    durationDays: z
      .number({ error: TITRATION_MESSAGES.duration })
      .int(TITRATION_MESSAGES.duration)
      .min(1, TITRATION_MESSAGES.duration)
      .max(TITRATION_LIMITS.maxStepDays, TITRATION_MESSAGES.durationTooLong),
    tabletStrength: strengthSchema.nullable(),
  })
  .refine((step) => !Number.isNaN(tabletsPerDose(step.doseAmount, step.tabletStrength)), {
    path: ['doseAmount'],
    message: TITRATION_MESSAGES.tablets,
  });
export type TitrationStepInput = z.infer<typeof titrationStepInputSchema>;

const adviceSchema = z
  .string()
  .trim()
  .min(2, TITRATION_MESSAGES.missed)
  .max(TITRATION_LIMITS.textMax, `At most ${TITRATION_LIMITS.textMax} characters`);
const whoToCallSchema = z
  .string()
  .trim()
  .min(2, TITRATION_MESSAGES.whoToCall)
  .max(TITRATION_LIMITS.textMax, `At most ${TITRATION_LIMITS.textMax} characters`);

export const DEFAULT_MISSED_DOSE_ADVICE =
  'If you miss a dose, take it when you remember the same day. If it is nearly time for the next dose, skip the missed one. Never take two doses at once.';

/** Steps in order, each starting the day the one before ends; only a taper's last step may be 0. */
export function stepProblems(steps: readonly TitrationStepInput[]): { index: number; path: string; message: string }[] {
  const problems: { index: number; path: string; message: string }[] = [];
  steps.forEach((step, index) => {
    const before = steps[index - 1];
    if (before && step.startDate !== addDays(before.startDate, before.durationDays)) {
      problems.push({
        index,
        path: 'startDate',
        message: `${TITRATION_MESSAGES.order} (${addDays(before.startDate, before.durationDays)})`,
      });
    }
    if (step.doseAmount === 0 && index !== steps.length - 1)
      problems.push({ index, path: 'doseAmount', message: TITRATION_MESSAGES.zeroNotLast });
  });
  return problems;
}

export const titrationInputSchema = z
  .strictObject({
    patientId: patientIdSchema,
    medicationId: z.uuid(),
    direction: z.enum(TITRATION_DIRECTIONS),
    missedDoseAdvice: adviceSchema,
    whoToCall: whoToCallSchema,
    steps: z
      .array(titrationStepInputSchema)
      .min(1, TITRATION_MESSAGES.noSteps)
      .max(TITRATION_LIMITS.maxSteps, TITRATION_MESSAGES.tooManySteps),
    /** The schedule this one replaces: it is stopped, kept as it was, and names this one. */
    replacesId: z.uuid().nullable().default(null),
  })
  .superRefine((input, context) => {
    for (const problem of stepProblems(input.steps)) {
      context.addIssue({ code: 'custom', path: ['steps', problem.index, problem.path], message: problem.message });
    }
  });
export type TitrationInput = z.input<typeof titrationInputSchema>;

export const titrationStepSchema = z.object({
  id: z.uuid(),
  position: z.number().int().positive(),
  doseAmount: z.number(),
  doseUnit: doseUnitSchema,
  frequency: titrationFrequencySchema,
  startDate: calendarDateSchema,
  durationDays: z.number().int().positive(),
  tabletStrength: z.number().nullable(),
  tabletsPerDose: z.number().nullable(),
  confirmedAt: timestampSchema.nullable(),
  /** The medication-history entry the confirmation recorded; null when the dose was already this one. */
  medicationEventId: z.uuid().nullable(),
  /** The dose confirmed, when the psychiatrist changed it at the session. */
  confirmedDose: z.string().nullable(),
});
export type TitrationStep = z.infer<typeof titrationStepSchema>;

export const titrationScheduleSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  medicationId: z.uuid(),
  medicationName: z.string(),
  direction: z.enum(TITRATION_DIRECTIONS),
  status: z.enum(TITRATION_STATUSES),
  createdAt: timestampSchema,
  stoppedAt: timestampSchema.nullable(),
  stopReason: z.string().nullable(),
  replacesId: z.uuid().nullable(),
  missedDoseAdvice: z.string(),
  whoToCall: z.string(),
  steps: z.array(titrationStepSchema),
});
export type TitrationSchedule = z.infer<typeof titrationScheduleSchema>;

export const titrationListSchema = z.object({
  /** Today in the practice's time zone: steps starting on or before it are planned changes due. */
  today: calendarDateSchema,
  schedules: z.array(titrationScheduleSchema),
});
export type TitrationList = z.infer<typeof titrationListSchema>;

/** The steps whose date has come and that nobody has confirmed yet, of active schedules, oldest first. */
export function plannedChanges(list: TitrationList): { schedule: TitrationSchedule; step: TitrationStep }[] {
  return list.schedules
    .filter((schedule) => schedule.status === 'active')
    .flatMap((schedule) =>
      schedule.steps.filter((step) => step.confirmedAt === null && step.startDate <= list.today).map((step) => ({ schedule, step })),
    );
}

/* ---------- Calendar dates ---------- */

function toDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
/** A calendar date `days` later: arithmetic on days, so no clock change moves it. */
export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}
/** Today's calendar date in `timeZone`, whatever the machine's own zone. */
export function todayIn(timeZone: string, now: Date): string {
  return instantToLocal(now, timeZone).slice(0, 10);
}

/* ---------- Pattern generator ---------- */

const everySchema = z
  .number({ error: TITRATION_MESSAGES.every })
  .int(TITRATION_MESSAGES.every)
  .min(1, TITRATION_MESSAGES.every)
  .max(52, TITRATION_MESSAGES.every);
const patternCommon = {
  doseUnit: doseUnitSchema,
  frequency: titrationFrequencySchema,
  startDate: calendarDateSchema,
  startDose: doseAmountSchema.refine((dose) => dose > 0, TITRATION_MESSAGES.dose),
  every: everySchema,
  everyUnit: z.enum(['days', 'weeks']),
  tabletStrength: strengthSchema.nullable(),
  /** Halves or quarters when the patient can split the tablets. */
  split: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  /** Without a tablet strength, what each dose is rounded to (1 mg, 0.5 mg…). */
  roundTo: z.number().gt(0, 'Round to more than 0').max(1000),
};

export const titrationPatternSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('reduce-percent'),
      ...patternCommon,
      percent: z.number({ error: TITRATION_MESSAGES.percent }).min(1, TITRATION_MESSAGES.percent).max(90, TITRATION_MESSAGES.percent),
      /** The dose to end on; 0 to stop. */
      endDose: doseAmountSchema,
    })
    .refine((p) => p.endDose < p.startDose, { path: ['endDose'], message: TITRATION_MESSAGES.target }),
  z
    .strictObject({
      kind: z.literal('increase'),
      ...patternCommon,
      increment: z.number({ error: TITRATION_MESSAGES.increment }).gt(0, TITRATION_MESSAGES.increment).max(TITRATION_LIMITS.maxDose),
      target: doseAmountSchema,
    })
    .refine((p) => p.target > p.startDose, { path: ['target'], message: TITRATION_MESSAGES.increaseTarget }),
]);
export type TitrationPattern = z.infer<typeof titrationPatternSchema>;

/** The smallest dose step the tablets (or the rounding) allow. */
export function doseQuantum(pattern: Pick<TitrationPattern, 'tabletStrength' | 'split' | 'roundTo'>): number {
  return pattern.tabletStrength === null ? pattern.roundTo : tidy(pattern.tabletStrength / pattern.split);
}

function roundToQuantum(dose: number, quantum: number): number {
  return tidy(Math.round(tidy(dose / quantum)) * quantum);
}

export class PatternError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The steps a pattern makes. A taper reduces the current dose by `percent` each interval, rounded to
 * what the tablets allow; when rounding would leave the dose where it was, it drops by the smallest
 * amount the tablets make, so every step changes the dose and none goes below the end dose. A taper
 * to zero ends with a one-day "stop" step. An increase adds `increment` each interval, rounded likewise,
 * and ends exactly on the target (refused when the tablets cannot make it). Every step lasts the
 * interval: none is zero-length or negative.
 */
export function generateSteps(pattern: TitrationPattern): TitrationStepInput[] {
  const quantum = doseQuantum(pattern);
  const days = pattern.everyUnit === 'weeks' ? pattern.every * 7 : pattern.every;
  const start = roundToQuantum(pattern.startDose, quantum);
  if (Math.abs(start - pattern.startDose) > 1e-6)
    throw new PatternError('startDose', `The tablets make ${start} ${pattern.doseUnit}, not ${pattern.startDose}`);
  const doses: number[] = [start];
  if (pattern.kind === 'reduce-percent') {
    const end = roundToQuantum(pattern.endDose, quantum);
    if (Math.abs(end - pattern.endDose) > 1e-6)
      throw new PatternError('endDose', `The tablets make ${end} ${pattern.doseUnit}, not ${pattern.endDose}`);
    let dose = start;
    while (dose > end) {
      let next = roundToQuantum(dose * (1 - pattern.percent / 100), quantum);
      if (next >= dose) next = tidy(dose - quantum);
      if (next < end || (end === 0 && next < quantum)) next = end;
      dose = next;
      doses.push(dose);
      if (doses.length > TITRATION_LIMITS.maxSteps) throw new PatternError('percent', TITRATION_MESSAGES.patternTooLong);
    }
  } else {
    const target = roundToQuantum(pattern.target, quantum);
    if (Math.abs(target - pattern.target) > 1e-6)
      throw new PatternError('target', `The tablets make ${target} ${pattern.doseUnit}, not ${pattern.target}`);
    let dose = start;
    while (dose < target) {
      let next = roundToQuantum(dose + pattern.increment, quantum);
      if (next <= dose) next = tidy(dose + quantum);
      if (next > target) next = target;
      dose = next;
      doses.push(dose);
      if (doses.length > TITRATION_LIMITS.maxSteps) throw new PatternError('increment', TITRATION_MESSAGES.patternTooLong);
    }
  }
  let date = pattern.startDate;
  return doses.map((doseAmount) => {
    const isStop = doseAmount === 0;
    const durationDays = isStop ? 1 : days;
    const step: TitrationStepInput = {
      doseAmount,
      doseUnit: pattern.doseUnit,
      frequency: pattern.frequency,
      startDate: date,
      durationDays,
      tabletStrength: pattern.tabletStrength,
    };
    date = addDays(date, durationDays);
    return step;
  });
}

/* ---------- Calendar and counts ---------- */

export type ScheduleDay = { date: string; position: number; doseAmount: number; tabletsPerDay: number | null };

type StepLike = Pick<TitrationStepInput, 'doseAmount' | 'frequency' | 'startDate' | 'durationDays' | 'tabletStrength'>;

/** Tablets a day for a step, when its strength is given. */
export function tabletsPerDay(step: StepLike): number | null {
  const perDose = tabletsPerDose(step.doseAmount, step.tabletStrength);
  return perDose === null || Number.isNaN(perDose) ? null : tidy(perDose * TITRATION_FREQUENCIES[step.frequency]);
}

/** Every day of the schedule, with its step and dose; a stop step is its one day. */
export function scheduleDays(steps: readonly StepLike[]): ScheduleDay[] {
  return steps.flatMap((step, index) =>
    Array.from({ length: step.durationDays }, (_, day) => ({
      date: addDays(step.startDate, day),
      position: index + 1,
      doseAmount: step.doseAmount,
      tabletsPerDay: tabletsPerDay(step),
    })),
  );
}

export type ScheduleWeek = { from: string; to: string; days: ScheduleDay[] };

/** The days in weeks from the first day: week 1 is days 1–7, and so on. */
export function scheduleWeeks(steps: readonly StepLike[]): ScheduleWeek[] {
  const days = scheduleDays(steps);
  const weeks: ScheduleWeek[] = [];
  for (let index = 0; index < days.length; index += 7) {
    const slice = days.slice(index, index + 7);
    weeks.push({ from: slice[0]!.date, to: slice.at(-1)!.date, days: slice });
  }
  return weeks;
}

/** Tablets the whole schedule needs, per step and in total; null when a step gives no strength. */
export function tabletTotals(steps: readonly StepLike[]): { perStep: (number | null)[]; total: number | null } {
  const perStep = steps.map((step) => {
    const perDay = tabletsPerDay(step);
    return perDay === null ? null : tidy(perDay * step.durationDays);
  });
  const total = perStep.some((count) => count === null) ? null : tidy(perStep.reduce<number>((sum, count) => sum + (count ?? 0), 0));
  return { perStep, total };
}

/** "50 mg", "12.5 mg"; a stop says so. */
export function formatDose(amount: number, unit: DoseUnit): string {
  return amount === 0 ? 'Stop' : `${tidy(amount)} ${unit}`;
}

/** "1½", "¾", "2¼": tablets as a patient reads them. */
export function formatTablets(count: number): string {
  const whole = Math.floor(count + 1e-9);
  const quarters = Math.round((count - whole) * 4);
  const fraction = ['', '¼', '½', '¾'][quarters] ?? '';
  if (whole === 0 && fraction === '') return '0';
  return `${whole === 0 ? '' : whole}${fraction}`;
}

/** "½ tablet", "1 tablet", "1½ tablets": a count with its noun, singular up to one. */
export function formatTabletCount(count: number): string {
  return `${formatTablets(count)} ${count > 0 && count <= 1 + 1e-9 ? 'tablet' : 'tablets'}`;
}

export const titrationConfirmInputSchema = z.strictObject({
  stepId: z.uuid(),
  /** Another dose than planned, when the psychiatrist changes it at the session ("37.5 mg"). */
  dose: singleLineString().trim().min(1, 'Enter the dose, for example 50 mg').max(60, 'At most 60 characters').nullable().default(null),
  reason: z.string().trim().max(300, 'At most 300 characters').default(''),
});
export type TitrationConfirmInput = z.input<typeof titrationConfirmInputSchema>;

export const titrationStopInputSchema = z.strictObject({
  scheduleId: z.uuid(),
  reason: z.string().trim().min(2, 'Give the reason').max(300, 'At most 300 characters'),
});
