import { z } from 'zod';
import { calendarDateSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/** An instant, always with its offset: 2026-03-09T09:00:00.000Z. */
export const instantSchema = z.iso.datetime({ offset: true });
/** A wall-clock time in the practice's time zone, no offset: 2026-03-09T09:00:00. Series recur in wall-clock time. */
export const localDateTimeSchema = z.iso.datetime({ local: true });
const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the form HH:MM');

export const APPOINTMENT_KINDS = ['intake', 'follow-up', 'medication-management', 'therapy'] as const;
export const appointmentKindSchema = z.enum(APPOINTMENT_KINDS);
export type AppointmentKind = z.infer<typeof appointmentKindSchema>;
export const KIND_LABELS: Record<AppointmentKind, string> = {
  intake: 'Intake',
  'follow-up': 'Follow-up',
  'medication-management': 'Medication management',
  therapy: 'Therapy',
};

export const ATTENDANCE = [
  'scheduled',
  'attended',
  'late',
  'no-show',
  'cancelled-by-patient',
  'late-cancellation',
  'cancelled-by-clinician',
] as const;
export const attendanceSchema = z.enum(ATTENDANCE);
export type Attendance = z.infer<typeof attendanceSchema>;
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  scheduled: 'Scheduled',
  attended: 'Attended',
  late: 'Late',
  'no-show': 'No-show',
  'cancelled-by-patient': 'Cancelled by patient',
  'late-cancellation': 'Late cancellation',
  'cancelled-by-clinician': 'Cancelled by clinician',
};
export const CANCELLED: ReadonlySet<Attendance> = new Set(['cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician']);
/** Sessions that took place: the "kept" count of an attendance record. */
export const KEPT: ReadonlySet<Attendance> = new Set(['attended', 'late']);

/**
 * How a series repeats. The weekday (weekly) or the nth weekday (monthly) is the first session's;
 * `monthlyOrdinal` -1 means "the last <weekday> of the month".
 */
export const recurrenceSchema = z.strictObject({
  frequency: z.enum(['weekly', 'monthly']),
  interval: z.number().int().min(1, 'At least every 1').max(12, 'At most every 12'),
  monthlyOrdinal: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]).optional(),
  end: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('never') }),
    z.strictObject({ type: z.literal('until'), date: calendarDateSchema }),
    z.strictObject({ type: z.literal('count'), count: z.number().int().min(1, 'At least 1 session').max(520, 'At most 520 sessions') }),
  ]),
});
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const APPOINTMENT_ALERTS = ['plan-review-due', 'feedback-drop'] as const;
export type AppointmentAlert = (typeof APPOINTMENT_ALERTS)[number];
export const APPOINTMENT_ALERT_LABELS: Record<AppointmentAlert, string> = {
  'plan-review-due': 'Treatment plan review due',
  'feedback-drop': 'Raise the last session’s feedback',
};

/** Which session a change is about: a one-off appointment, or one occurrence of a series by its original slot. */
export const occurrenceRefSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('single'), id: z.uuid() }),
  z.strictObject({ type: z.literal('occurrence'), seriesId: z.uuid(), originalStart: localDateTimeSchema }),
]);
export type OccurrenceRef = z.infer<typeof occurrenceRefSchema>;

export const EDIT_SCOPES = ['this', 'following', 'series'] as const;
export const editScopeSchema = z.enum(EDIT_SCOPES);
export type EditScope = z.infer<typeof editScopeSchema>;

const durationSchema = z.number().int().min(5, 'At least 5 minutes').max(480, 'At most 8 hours');
const noteSchema = z.string().trim().max(500, 'Keep the note under 500 characters; clinical notes belong in the chart');
const locationSchema = singleLineString().trim().max(120, 'At most 120 characters');

/** What the appointment dialog sends to book a session or a series. */
export const appointmentInputSchema = z.strictObject({
  patientId: patientIdSchema,
  start: instantSchema,
  durationMinutes: durationSchema,
  kind: appointmentKindSchema,
  location: locationSchema,
  isVideo: z.boolean(),
  /** Short and non-clinical: "bring insurance card". It goes into the calendar export only if chosen. */
  note: noteSchema,
  recurrence: recurrenceSchema.nullable(),
});
export type AppointmentInput = z.infer<typeof appointmentInputSchema>;

export const appointmentChangesSchema = z.strictObject({
  patientId: patientIdSchema.optional(),
  start: instantSchema.optional(),
  durationMinutes: durationSchema.optional(),
  kind: appointmentKindSchema.optional(),
  location: locationSchema.optional(),
  isVideo: z.boolean().optional(),
  note: noteSchema.optional(),
});
export type AppointmentChanges = z.infer<typeof appointmentChangesSchema>;

/** One session on the calendar, whether a one-off or an occurrence of a series. */
export const appointmentSchema = z.object({
  /** Stable key for the calendar: the row id, or `<seriesId>@<originalStart>` for an occurrence. */
  key: z.string(),
  ref: occurrenceRefSchema,
  seriesId: z.uuid().nullable(),
  patientId: patientIdSchema,
  /** "Family, Given (Preferred)"; the calendar is inside the vault, so it may show names. */
  patientName: z.string(),
  start: instantSchema,
  end: instantSchema,
  durationMinutes: z.number().int(),
  kind: appointmentKindSchema,
  location: z.string(),
  isVideo: z.boolean(),
  note: z.string(),
  attendance: attendanceSchema,
  lateMinutes: z.number().int().nullable(),
  actualStart: instantSchema.nullable(),
  actualEnd: instantSchema.nullable(),
  /** Moved away from its series slot. */
  isMoved: z.boolean(),
  recurrence: recurrenceSchema.nullable(),
  /** Optimistic concurrency of the stored row; 0 for an occurrence never touched. */
  version: z.number().int().nonnegative(),
  /** What the clinician should raise at an upcoming session: the plan is due for review, the last feedback fell. */
  alerts: z.array(z.enum(APPOINTMENT_ALERTS)),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const schedulingWarningSchema = z.object({
  kind: z.enum(['double-booking', 'outside-working-hours']),
  message: z.string(),
});
export type SchedulingWarning = z.infer<typeof schedulingWarningSchema>;

const tally = z.object({
  total: z.number().int(),
  kept: z.number().int(),
  late: z.number().int(),
  noShows: z.number().int(),
  lateCancellations: z.number().int(),
  cancellations: z.number().int(),
});
export type AttendanceTally = z.infer<typeof tally>;

/** Sessions that have happened (start before now): kept, no-shows, late cancellations. */
export const attendanceRecordSchema = z.object({ last90Days: tally, allTime: tally });
export type AttendanceRecord = z.infer<typeof attendanceRecordSchema>;

/** Within two minutes of schedule counts as on time. */
export const ON_TIME_TOLERANCE_MINUTES = 2;
export const onTimeRowSchema = z.object({
  /** ISO week "2026-W10" or month "2026-03". */
  period: z.string(),
  periodStart: calendarDateSchema,
  /** Sessions marked attended or late, whether or not they were run with the timer. */
  kept: z.number().int(),
  /** Sessions run with the timer: the on-time counts are out of these. */
  sessions: z.number().int(),
  begunOnTime: z.number().int(),
  endedOnTime: z.number().int(),
});
export type OnTimeRow = z.infer<typeof onTimeRowSchema>;

export const workingHoursSchema = z.object({
  start: clockTimeSchema,
  end: clockTimeSchema,
  /** 0 = Sunday … 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).max(7),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;
