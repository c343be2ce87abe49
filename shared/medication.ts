import { z } from 'zod';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/*
 * A medication's history is a list of dated entries: it is started, its dose changes, it is
 * stopped. Nothing is overwritten; the current list is derived from the entries, so the chart can
 * always say what the patient took on any day and why it changed.
 */

export const MEDICATION_ROUTES = [
  'oral',
  'sublingual',
  'long-acting injection',
  'intramuscular',
  'transdermal',
  'intranasal',
  'other',
] as const;
export const medicationRouteSchema = z.enum(MEDICATION_ROUTES);
export type MedicationRoute = z.infer<typeof medicationRouteSchema>;

export const MEDICATION_EVENT_KINDS = ['start', 'change', 'stop'] as const;
export type MedicationEventKind = (typeof MEDICATION_EVENT_KINDS)[number];
export const MEDICATION_EVENT_LABELS: Record<MedicationEventKind, string> = { start: 'Started', change: 'Dose changed', stop: 'Stopped' };

const entryDateSchema = calendarDateSchema.refine(
  (date) => date >= '1900-01-01' && date <= localToday(),
  'Record a change on the day it happened: today or earlier',
);
const reasonSchema = z.string().trim().min(2, 'Give the reason').max(300, 'At most 300 characters');
const drugNameSchema = singleLineString().trim().min(2, 'Enter the medication’s name').max(120, 'At most 120 characters');
/** "50 mg", "0.5 mg", "1 tablet of 25 mg". */
const doseSchema = singleLineString().trim().min(1, 'Enter the dose, for example 50 mg').max(60, 'At most 60 characters');
/** "once daily at night", "twice daily", "every 4 weeks". */
const frequencySchema = singleLineString().trim().min(1, 'Enter how often, for example once daily').max(80, 'At most 80 characters');

export const medicationEventInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('start'),
    name: drugNameSchema,
    dose: doseSchema,
    route: medicationRouteSchema,
    frequency: frequencySchema,
    date: entryDateSchema,
    reason: reasonSchema,
  }),
  z.strictObject({
    kind: z.literal('change'),
    medicationId: z.uuid(),
    dose: doseSchema,
    frequency: frequencySchema,
    date: entryDateSchema,
    reason: reasonSchema,
  }),
  z.strictObject({
    kind: z.literal('stop'),
    medicationId: z.uuid(),
    date: entryDateSchema,
    reason: reasonSchema,
  }),
]);
export type MedicationEventInput = z.infer<typeof medicationEventInputSchema>;

export const medicationEventSchema = z.object({
  id: z.uuid(),
  /** The course this entry belongs to: every entry from its start to its stop shares it. */
  medicationId: z.uuid(),
  patientId: patientIdSchema,
  kind: z.enum(MEDICATION_EVENT_KINDS),
  date: calendarDateSchema,
  name: z.string(),
  route: medicationRouteSchema,
  /** The dose and frequency from this entry on; a stop repeats the last ones. */
  dose: z.string(),
  frequency: z.string(),
  reason: z.string(),
  recordedAt: timestampSchema,
  enteredInError: z.object({ at: timestampSchema, reason: z.string() }).nullable(),
});
export type MedicationEvent = z.infer<typeof medicationEventSchema>;

export const medicationSchema = z.object({
  medicationId: z.uuid(),
  name: z.string(),
  route: medicationRouteSchema,
  dose: z.string(),
  frequency: z.string(),
  startedOn: calendarDateSchema,
  /** The last start or dose change. */
  changedOn: calendarDateSchema,
  stoppedOn: calendarDateSchema.nullable(),
  stopReason: z.string().nullable(),
  /** Its entries, oldest first, those entered in error included. */
  events: z.array(medicationEventSchema),
});
export type Medication = z.infer<typeof medicationSchema>;

export const medicationListsSchema = z.object({
  current: z.array(medicationSchema),
  past: z.array(medicationSchema),
  /** Every entry of the chart, newest first, those entered in error included. */
  entries: z.array(medicationEventSchema),
});
export type MedicationLists = z.infer<typeof medicationListsSchema>;

/** Entries of one course in the order they happened: by date, then by when they were recorded. */
export function chronological<T extends Pick<MedicationEvent, 'date' | 'recordedAt'>>(events: readonly T[]): T[] {
  return [...events].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0,
  );
}

/**
 * The medication list derived from its entries: each course's state after its last valid entry.
 * Entries marked as entered in error are skipped; a course whose start was entered in error is no
 * course at all. Current medications come first by name; past ones follow, last stopped first.
 */
export function deriveMedications(events: readonly MedicationEvent[]): { current: Medication[]; past: Medication[] } {
  const courses = new Map<string, MedicationEvent[]>();
  for (const event of events) {
    const course = courses.get(event.medicationId);
    if (course) course.push(event);
    else courses.set(event.medicationId, [event]);
  }
  const current: Medication[] = [];
  const past: Medication[] = [];
  for (const [medicationId, entries] of courses) {
    const ordered = chronological(entries);
    const valid = ordered.filter((event) => event.enteredInError === null);
    const start = valid[0];
    if (!start || start.kind !== 'start') continue;
    const medication: Medication = {
      medicationId,
      name: start.name,
      route: start.route,
      dose: start.dose,
      frequency: start.frequency,
      startedOn: start.date,
      changedOn: start.date,
      stoppedOn: null,
      stopReason: null,
      events: ordered,
    };
    for (const event of valid.slice(1)) {
      if (event.kind === 'change') {
        medication.dose = event.dose;
        medication.frequency = event.frequency;
        medication.changedOn = event.date;
      } else if (event.kind === 'stop') {
        medication.stoppedOn = event.date;
        medication.stopReason = event.reason;
      }
    }
    (medication.stoppedOn === null ? current : past).push(medication);
  }
  current.sort((a, b) => a.name.localeCompare(b.name));
  past.sort((a, b) =>
    (a.stoppedOn ?? '') < (b.stoppedOn ?? '') ? 1 : (a.stoppedOn ?? '') > (b.stoppedOn ?? '') ? -1 : a.name.localeCompare(b.name),
  );
  return { current, past };
}

/** "Sertraline 100 mg, oral, once daily". */
export function describeMedication(medication: Pick<Medication, 'name' | 'dose' | 'route' | 'frequency'>): string {
  return `${medication.name} ${medication.dose}, ${medication.route}, ${medication.frequency}`;
}

export const ALLERGY_KINDS = ['allergy', 'adverse reaction', 'intolerance'] as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'unknown'] as const;
/** Most severe first, as a header lists them; a severity not known comes last, and says so. */
export const ALLERGY_SEVERITY_ORDER = [
  'severe',
  'moderate',
  'mild',
  'unknown',
] as const satisfies readonly (typeof ALLERGY_SEVERITIES)[number][];

/** Allergies most severe first, then by substance. */
export function bySeverity<T extends { severity: (typeof ALLERGY_SEVERITIES)[number]; substance: string }>(allergies: readonly T[]): T[] {
  const rank = (allergy: T) => ALLERGY_SEVERITY_ORDER.indexOf(allergy.severity);
  return [...allergies].sort((a, b) => rank(a) - rank(b) || a.substance.localeCompare(b.substance));
}

export const allergyInputSchema = z.strictObject({
  substance: singleLineString().trim().min(2, 'Enter the substance or medication').max(120, 'At most 120 characters'),
  kind: z.enum(ALLERGY_KINDS),
  reaction: z.string().trim().min(2, 'Describe the reaction').max(300, 'At most 300 characters'),
  severity: z.enum(ALLERGY_SEVERITIES),
  /** When it was first noticed, if known. */
  notedOn: z.union([z.literal(''), entryDateSchema]),
});
export type AllergyInput = z.infer<typeof allergyInputSchema>;

export const allergySchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  substance: z.string(),
  kind: z.enum(ALLERGY_KINDS),
  reaction: z.string(),
  severity: z.enum(ALLERGY_SEVERITIES),
  notedOn: calendarDateSchema.nullable(),
  recordedAt: timestampSchema,
  enteredInError: z.object({ at: timestampSchema, reason: z.string() }).nullable(),
});
export type Allergy = z.infer<typeof allergySchema>;

/**
 * What the chart knows of allergies: a list, "no known allergies" as the clinician recorded it,
 * or nothing recorded yet (which is not the same as none).
 */
export const allergyStatusSchema = z.object({
  allergies: z.array(allergySchema),
  /** When the clinician recorded that the patient has no known allergies; cleared by adding one. */
  noKnownAllergiesAt: timestampSchema.nullable(),
});
export type AllergyStatus = z.infer<typeof allergyStatusSchema>;
