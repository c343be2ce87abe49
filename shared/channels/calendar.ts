import { z } from 'zod';
import {
  appointmentChangesSchema,
  appointmentInputSchema,
  appointmentSchema,
  attendanceRecordSchema,
  editScopeSchema,
  instantSchema,
  lateSessionSchema,
  latenessSchema,
  nextSessionProposalSchema,
  occurrenceRefSchema,
  onTimeRowSchema,
  schedulingWarningSchema,
  upcomingSessionsSchema,
} from '../appointment';
import { patientIdSchema } from '../patient';
import { channel, empty, type Scope } from '../channel';

/* The calendar: sessions and series, attendance, the session timer, the on-time report and iCalendar export. */

/** Any change to a session can change what the calendar, the session itself and the timer show, and (a session booked in the past, moved across "now" or to another patient, given attendance, timed) the patient's attendance, the on-time report, the chart and its notes. */
const SESSION_CHANGES = [
  'calendar',
  'appointments',
  'sessions',
  'patients',
  'reports',
  'chart',
  'notes',
  'audit',
] as const satisfies readonly Scope[];

export const calendarChannels = {
  /** Every session in [from, to): one indexed query, series expanded for this range only. */
  'calendar:range': channel({
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, 'At most 400 days at a time'),
    output: z.array(appointmentSchema),
    needsVault: true,
  }),
  'appointments:get': channel({ input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true }),
  /** Double bookings and hours outside the working day, for the dialog to show before booking. */
  'appointments:warnings': channel({
    input: z.strictObject({
      start: instantSchema,
      durationMinutes: z.number().int().min(5).max(480),
      ignore: occurrenceRefSchema.nullable(),
    }),
    output: z.array(schedulingWarningSchema),
    needsVault: true,
  }),
  /**
   * Books a session or a series. With warnings and `acknowledgeWarnings` false it answers
   * SCHEDULING_WARNING and books nothing; the person may then book anyway.
   */
  'appointments:create': channel({
    input: z.strictObject({ appointment: appointmentInputSchema, acknowledgeWarnings: z.boolean() }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  /** Moves, resizes or edits this session, this and the following ones, or the whole series. */
  'appointments:update': channel({
    input: z.strictObject({
      ref: occurrenceRefSchema,
      scope: editScopeSchema,
      version: z.number().int().nonnegative(),
      changes: appointmentChangesSchema,
      acknowledgeWarnings: z.boolean(),
    }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  /**
   * Cancelled sessions stay on the calendar, struck through; nothing is deleted. A patient's cancellation
   * is late when `cancelledAt` (default now) is less than the late-cancellation window before the start;
   * a time after the start is refused unless `afterStart` says the patient cancelled after it began.
   */
  'appointments:cancel': channel({
    input: z.strictObject({
      ref: occurrenceRefSchema,
      scope: editScopeSchema,
      by: z.enum(['patient', 'clinician']),
      cancelledAt: instantSchema.optional(),
      afterStart: z.boolean().default(false),
    }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  'appointments:setAttendance': channel({
    input: z
      .strictObject({
        ref: occurrenceRefSchema,
        attendance: z.enum([
          'scheduled',
          'attended',
          'late',
          'no-show',
          'cancelled-by-patient',
          'late-cancellation',
          'cancelled-by-clinician',
        ]),
        lateMinutes: z.number().int().min(1, 'At least 1 minute').max(240, 'At most 240 minutes').nullable(),
      })
      .refine((a) => (a.attendance === 'late') === (a.lateMinutes !== null), {
        message: 'Give the minutes late for a late arrival, and only then',
        path: ['lateMinutes'],
      }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  /**
   * Records the actual start now; a session that starts on time is attended. Started late, it needs
   * `lateness`: whose lateness it was (the patient's makes it late by the minutes); without it the
   * channel answers INVALID_INPUT and records nothing.
   */
  'sessions:start': channel({
    input: z.strictObject({ ref: occurrenceRefSchema, lateness: latenessSchema.optional() }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  'sessions:end': channel({
    input: z.strictObject({ ref: occurrenceRefSchema }),
    output: appointmentSchema,
    needsVault: true,
    changes: SESSION_CHANGES,
  }),
  /** What "Book next session" proposes for a patient: one series interval (or a week) after their next or last session. */
  'appointments:proposeNext': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: nextSessionProposalSchema,
    needsVault: true,
  }),
  /** How many sessions a patient has booked from now on: what archiving them would leave booked. */
  'appointments:upcoming': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: upcomingSessionsSchema,
    needsVault: true,
  }),
  /** The session begun and not yet ended, if any, for the header's timer. */
  'sessions:running': channel({ input: empty, output: appointmentSchema.nullable(), needsVault: true }),
  'patients:attendance': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: attendanceRecordSchema,
    needsVault: true,
  }),
  /** Sessions begun and ended within two minutes of schedule, per ISO week or month. */
  'reports:onTime': channel({
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, groupBy: z.enum(['week', 'month']) })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.array(onTimeRowSchema),
    needsVault: true,
  }),
  /** The sessions of a range begun or ended more than two minutes off schedule, by start. */
  'reports:lateSessions': channel({
    input: z.strictObject({ from: instantSchema, to: instantSchema }).refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.array(lateSessionSchema),
    needsVault: true,
  }),
  /** An RFC 5545 calendar of the range, with patients as initials or not at all; the renderer then saves it. */
  'calendar:exportIcs': channel({
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, names: z.enum(['initials', 'omit']), includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.object({ fileName: z.string(), content: z.string(), eventCount: z.number().int() }),
    needsVault: true,
  }),
};
