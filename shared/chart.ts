import { z } from 'zod';
import { appointmentSchema, attendanceRecordSchema, instantSchema } from './appointment';
import { calendarDateSchema } from './dates';
import { diagnosisEventSchema, diagnosisSchema } from './diagnosis';
import { selfHarmAlertSchema, trendsSchema } from './feedback';
import { allergyStatusSchema, medicationEventSchema, medicationSchema } from './medication';
import { noteSummarySchema } from './note';
import { patientSchema } from './patient';
import { planStatusSchema } from './plan';

/** The chart's header and its side panel in one answer: who this is, and what must never be missed. */
export const chartSummarySchema = z.object({
  patient: patientSchema,
  /** The last session that took place or was missed (not cancelled), and the next one booked. */
  lastSession: appointmentSchema.nullable(),
  nextSession: appointmentSchema.nullable(),
  attendance: attendanceRecordSchema,
  /** Primary first, then active, in remission, resolved; none entered in error. */
  diagnoses: z.array(diagnosisSchema),
  currentMedications: z.array(medicationSchema),
  allergies: allergyStatusSchema,
  /** Notes begun and not signed. */
  draftCount: z.number().int(),
  /** The treatment plan's version, state and review date; null before one is begun. */
  plan: planStatusSchema.nullable(),
  /** The latest session feedback, when it fell and has not been raised yet. */
  feedbackDrop: trendsSchema.shape.drop,
  /** PHQ-9 item-9 answers above "Not at all" the clinician has not acknowledged. */
  selfHarmAlerts: z.array(selfHarmAlertSchema),
});
export type ChartSummary = z.infer<typeof chartSummarySchema>;

export const TIMELINE_KINDS = ['session', 'note', 'medication', 'diagnosis'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  session: 'Sessions',
  note: 'Notes',
  medication: 'Medications',
  diagnosis: 'Diagnoses',
};

const entryBase = {
  /** The day it belongs to, in the practice's time zone. */
  day: calendarDateSchema,
  /** Orders entries within a day, newest first. */
  at: instantSchema,
};

/** One line of the chart's timeline, newest first. */
export const timelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session'), ...entryBase, appointment: appointmentSchema, noteId: z.uuid().nullable() }),
  z.object({ kind: z.literal('note'), ...entryBase, note: noteSummarySchema }),
  z.object({ kind: z.literal('medication'), ...entryBase, event: medicationEventSchema }),
  z.object({ kind: z.literal('diagnosis'), ...entryBase, event: diagnosisEventSchema }),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
