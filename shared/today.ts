import { z } from 'zod';
import { appointmentSchema } from './appointment';
import { calendarDateSchema } from './dates';
import { selfHarmAlertSchema } from './feedback';
import { instrumentSchema, type Instrument } from './measures';
import { templateIdSchema } from './note-templates';
import { MEASURE_INTERVAL_DAYS, scheduleEntries } from './measure-schedules';
import { patientIdSchema } from './patient';

/*
 * The day's work, as the Today view shows it. The measures due at a session follow the patient's
 * measurement schedule (shared/measure-schedules: the PHQ-9 and GAD-7 every 4 weeks until the
 * clinician sets another). Session feedback to raise and a plan past its review keep the rules the
 * calendar uses.
 */

export { MEASURE_INTERVAL_DAYS };
/** How far back the day looks for sessions whose attendance was never recorded. */
export const UNRECORDED_ATTENDANCE_DAYS = 30;

export const measureDueSchema = z.object({
  instrument: instrumentSchema,
  /** The day it was last answered; null when never. */
  lastDate: calendarDateSchema.nullable(),
});
export type MeasureDue = z.infer<typeof measureDueSchema>;

/**
 * The measures due on `today`, given the patient's own schedule (absent: the usual one) and the day
 * each instrument was last answered (absent: never).
 */
export function measuresDue(
  lastAnswered: Partial<Record<Instrument, string>>,
  today: string,
  schedule: ReadonlyMap<Instrument, { everyDays: number | null; setAt: string }> = new Map(),
): MeasureDue[] {
  return scheduleEntries(schedule, lastAnswered, today).flatMap((entry) =>
    entry.due ? [{ instrument: entry.instrument, lastDate: entry.lastDate }] : [],
  );
}

/** One of today's sessions with what to bring to it. */
export const todaySessionSchema = z.object({
  /** Its `alerts` carry the calendar's own flags (feedback to raise, plan past its review) for a session still to come. */
  appointment: appointmentSchema,
  /** The patient's plan review date when it is today or past; null when not due or there is no plan. */
  planReviewDate: calendarDateSchema.nullable(),
  measuresDue: z.array(measureDueSchema),
});
export type TodaySession = z.infer<typeof todaySessionSchema>;

export const unsignedNoteSchema = z.object({
  noteId: z.uuid(),
  patientId: patientIdSchema,
  patientName: z.string(),
  template: templateIdSchema,
  /** The name of the template version the draft was begun with (a practice's own template, too). */
  templateName: z.string(),
  /** The date of the session the note is about. */
  serviceDate: calendarDateSchema,
});
export type UnsignedNote = z.infer<typeof unsignedNoteSchema>;

export const todaySchema = z.object({
  /** The practice's day, YYYY-MM-DD in its time zone. */
  date: calendarDateSchema,
  /** Today's sessions by start, cancelled ones included (their attendance says so). */
  sessions: z.array(todaySessionSchema),
  /** Drafts, oldest session first. */
  unsignedNotes: z.array(unsignedNoteSchema),
  /** Sessions of the last UNRECORDED_ATTENDANCE_DAYS that have ended with no attendance recorded, oldest first. */
  unrecordedAttendance: z.array(appointmentSchema),
  /** PHQ-9 item-9 answers not yet acknowledged, newest first. */
  selfHarm: z.array(selfHarmAlertSchema),
});
export type Today = z.infer<typeof todaySchema>;
