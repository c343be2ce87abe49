import { z } from 'zod';
import { calendarDateSchema, timestampSchema } from './dates';
import { PATIENT_FORMS, type PatientForm } from './feedback';
import { INSTRUMENTS, instrumentSchema, type Instrument } from './measures';
import { patientIdSchema } from './patient';

/*
 * A patient's measurement schedule: how often each instrument is due (a PHQ-9 every 4 weeks, a PCL-5
 * monthly). Until the clinician sets one, a patient has the practice's usual schedule: the PHQ-9 and
 * the GAD-7 every MEASURE_INTERVAL_DAYS, nothing else. An instrument is due on a day when it is on the
 * schedule and was never answered, or was last answered its interval or more before that day.
 */

/** Days after a PHQ-9 or GAD-7 until the next is due, for a patient whose schedule was never set. */
export const MEASURE_INTERVAL_DAYS = 28;
export const DEFAULT_SCHEDULE: Readonly<Partial<Record<Instrument, number>>> = { phq9: MEASURE_INTERVAL_DAYS, gad7: MEASURE_INTERVAL_DAYS };

export const SCHEDULE_LIMITS = { minDays: 7, maxDays: 366 } as const;
export const SCHEDULE_MESSAGES = {
  everyDays: `Every ${SCHEDULE_LIMITS.minDays} to ${SCHEDULE_LIMITS.maxDays} days`,
} as const;

/** The intervals the chart offers; any whole number of days within the limits is accepted. */
export const SCHEDULE_CHOICES = [
  { everyDays: 7, label: 'Every week' },
  { everyDays: 14, label: 'Every 2 weeks' },
  { everyDays: 28, label: 'Every 4 weeks' },
  { everyDays: 30, label: 'Monthly (30 days)' },
  { everyDays: 56, label: 'Every 8 weeks' },
  { everyDays: 91, label: 'Every 3 months' },
  { everyDays: 182, label: 'Every 6 months' },
  { everyDays: 365, label: 'Every year' },
] as const;

const everyDaysSchema = z
  .number()
  .int(SCHEDULE_MESSAGES.everyDays)
  .min(SCHEDULE_LIMITS.minDays, SCHEDULE_MESSAGES.everyDays)
  .max(SCHEDULE_LIMITS.maxDays, SCHEDULE_MESSAGES.everyDays);

/** A change to one instrument's place on the schedule: an interval, or null to take it off. */
export const scheduleChangeSchema = z.strictObject({
  patientId: patientIdSchema,
  instrument: instrumentSchema,
  everyDays: everyDaysSchema.nullable(),
});
export type ScheduleChange = z.infer<typeof scheduleChangeSchema>;

export const scheduleEntrySchema = z.object({
  instrument: instrumentSchema,
  /** Null: not on this patient's schedule. */
  everyDays: z.number().int().nullable(),
  /** When the clinician set it; null while the practice's usual schedule applies. */
  setAt: timestampSchema.nullable(),
  lastDate: calendarDateSchema.nullable(),
  /** The day it falls due; null when it is not on the schedule. A date today or earlier means due. */
  dueOn: calendarDateSchema.nullable(),
  due: z.boolean(),
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

export const measureScheduleSchema = z.object({
  patientId: patientIdSchema,
  /** One entry per instrument, in the order of INSTRUMENTS. */
  entries: z.array(scheduleEntrySchema),
});
export type MeasureSchedule = z.infer<typeof measureScheduleSchema>;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Where each instrument stands on `today`, given the patient's own settings and the day each was last answered. */
export function scheduleEntries(
  set: ReadonlyMap<Instrument, { everyDays: number | null; setAt: string }>,
  lastAnswered: Partial<Record<Instrument, string>>,
  today: string,
): ScheduleEntry[] {
  return INSTRUMENTS.map((instrument) => {
    const own = set.get(instrument);
    const everyDays = own ? own.everyDays : (DEFAULT_SCHEDULE[instrument] ?? null);
    const lastDate = lastAnswered[instrument] ?? null;
    const dueOn = everyDays === null ? null : lastDate === null ? today : addDays(lastDate, everyDays);
    return { instrument, everyDays, setAt: own?.setAt ?? null, lastDate, dueOn, due: dueOn !== null && dueOn <= today };
  });
}

/**
 * The forms at a handover in the order the patient meets them: the measures due on the patient's
 * schedule first, then the rest in their usual order.
 */
export function handOverOrder(due: ReadonlySet<PatientForm>): PatientForm[] {
  return [...PATIENT_FORMS.filter((form) => due.has(form)), ...PATIENT_FORMS.filter((form) => !due.has(form))];
}
