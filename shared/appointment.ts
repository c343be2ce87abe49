import { z } from 'zod';
import { calendarDateSchema, isCalendarDate } from './dates';
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

/** Weeks (or months) between the sessions of a series. */
const INTERVAL = { min: 1, max: 12 } as const;

/**
 * The limits of a booking, written once: the channel's schemas below, the appointment form's fields
 * (min, max, maxLength) and the messages both show are built from them.
 */
export const APPOINTMENT_LIMITS = {
  /** A session's length. */
  minutes: { min: 5, max: 480 },
  locationLength: 120,
  noteLength: 500,
  interval: INTERVAL,
  /** The form's "Every few weeks": every single week is its own choice. */
  fewWeeks: { min: 2, max: INTERVAL.max },
  /** Sessions in a series that ends after a number of them. */
  sessions: { min: 1, max: 520 },
} as const;

const L = APPOINTMENT_LIMITS;

/** What the appointment form says beside a field, and what the channel answers for the same value. */
export const APPOINTMENT_MESSAGES = {
  patient: 'Choose a patient from the list.',
  date: 'Choose a date.',
  time: 'Choose a start time.',
  minutes: `Enter a length from ${L.minutes.min} to ${L.minutes.max} minutes.`,
  location: `Keep the location under ${L.locationLength} characters.`,
  note: `Keep the note under ${L.noteLength} characters; clinical notes belong in the chart.`,
  intervalMin: `At least every ${L.interval.min}`,
  intervalMax: `At most every ${L.interval.max}`,
  fewWeeks: `Enter a number of weeks from ${L.fewWeeks.min} to ${L.fewWeeks.max}.`,
  lastDate: 'Choose the date of the last session.',
  lastDateBeforeFirst: 'The series must end on or after its first session.',
  sessions: `Enter a number of sessions from ${L.sessions.min} to ${L.sessions.max}.`,
} as const;

const M = APPOINTMENT_MESSAGES;

/** A whole number within a range, with one message for whatever is wrong with it (a number field may also be left empty). */
const wholeNumber = (range: { min: number; max: number }, message: string) =>
  z.number({ error: message }).int(message).min(range.min, message).max(range.max, message);

export const durationMinutesSchema = wholeNumber(L.minutes, M.minutes);
export const sessionCountSchema = wholeNumber(L.sessions, M.sessions);

/**
 * How a series repeats. The weekday (weekly) or the nth weekday (monthly) is the first session's;
 * `monthlyOrdinal` -1 means "the last <weekday> of the month".
 */
export const recurrenceSchema = z.strictObject({
  frequency: z.enum(['weekly', 'monthly']),
  interval: z.number().int().min(L.interval.min, M.intervalMin).max(L.interval.max, M.intervalMax),
  monthlyOrdinal: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]).optional(),
  end: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('never') }),
    z.strictObject({ type: z.literal('until'), date: calendarDateSchema }),
    z.strictObject({ type: z.literal('count'), count: sessionCountSchema }),
  ]),
});
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const APPOINTMENT_ALERTS = ['plan-review-due', 'feedback-drop', 'outcome-flag', 'rupture'] as const;
export type AppointmentAlert = (typeof APPOINTMENT_ALERTS)[number];
export const APPOINTMENT_ALERT_LABELS: Record<AppointmentAlert, string> = {
  'plan-review-due': 'Treatment plan review due',
  'feedback-drop': 'Raise the last session’s feedback',
  'outcome-flag': 'PHQ-9 or GAD-7 not on track or reliably worse: review the plan together',
  // The words of RUPTURE_PROMPT (shared/outcomes-ruptures.ts), which imports this module.
  rupture: 'Talk about how the work together is going',
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

const noteSchema = z.string().trim().max(L.noteLength, M.note);
const locationSchema = singleLineString().trim().max(L.locationLength, M.location);

/** What the appointment dialog sends to book a session or a series. */
export const appointmentInputSchema = z.strictObject({
  patientId: patientIdSchema,
  start: instantSchema,
  durationMinutes: durationMinutesSchema,
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
  durationMinutes: durationMinutesSchema.optional(),
  kind: appointmentKindSchema.optional(),
  location: locationSchema.optional(),
  isVideo: z.boolean().optional(),
  note: noteSchema.optional(),
});
export type AppointmentChanges = z.infer<typeof appointmentChangesSchema>;

/*
 * The appointment form holds what the person sees: a date and a time instead of an instant, "Every few
 * weeks" instead of an interval, the end of a series as three choices with a field for each. Its
 * schema is built from the channel's field schemas above, so each limit and message is written once;
 * the form turns what it checked into the channel's input (the start in the practice's time zone).
 */

export const REPEAT_PATTERNS = ['none', 'weekly', 'every-n-weeks', 'monthly'] as const;
export type RepeatPattern = (typeof REPEAT_PATTERNS)[number];
export const SERIES_ENDS = ['never', 'until', 'count'] as const satisfies readonly Recurrence['end']['type'][];

/** A field left empty, said in the form's words before the field's own schema reads it. */
const chosen = (message: string) => z.string().min(1, message);

/** Kept while hidden (another choice made): checked below only when it applies. */
const keptWhileHidden = <T>() => z.custom<T>();

const chosenPatientSchema = patientIdSchema.nullable().transform((id, ctx) => {
  if (id !== null) return id;
  ctx.addIssue({ code: 'custom', message: M.patient });
  return z.NEVER;
});
const fewWeeksSchema = wholeNumber(L.fewWeeks, M.fewWeeks);
const lastDateSchema = chosen(M.lastDate).pipe(calendarDateSchema);

/** How a new booking repeats, as the form asks it. */
export const repeatFormSchema = z
  .object({
    pattern: z.enum(REPEAT_PATTERNS),
    everyWeeks: keptWhileHidden<number>(),
    /** For a monthly series on a day that is both the fourth and the last of its weekday: the last one. */
    monthlyLast: z.boolean(),
    ends: z.enum(SERIES_ENDS),
    lastDate: keptWhileHidden<string>(),
    sessions: keptWhileHidden<number>(),
  })
  .superRefine((repeat, ctx) => {
    if (repeat.pattern === 'none') return;
    const check = (schema: z.ZodType, value: unknown, field: 'everyWeeks' | 'lastDate' | 'sessions') => {
      const issue = schema.safeParse(value).error?.issues[0];
      if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: [field] });
    };
    if (repeat.pattern === 'every-n-weeks') check(fewWeeksSchema, repeat.everyWeeks, 'everyWeeks');
    if (repeat.ends === 'until') check(lastDateSchema, repeat.lastDate, 'lastDate');
    if (repeat.ends === 'count') check(sessionCountSchema, repeat.sessions, 'sessions');
  });
export type RepeatForm = z.infer<typeof repeatFormSchema>;

const seriesDatesSchema = z.object({
  date: z.string(),
  repeat: z.object({ pattern: z.enum(REPEAT_PATTERNS), ends: z.enum(SERIES_ENDS), lastDate: z.string() }),
});

function endsBeforeFirstSession({ date, repeat }: z.infer<typeof seriesDatesSchema>): boolean {
  return repeat.pattern !== 'none' && repeat.ends === 'until' && isCalendarDate(repeat.lastDate) && repeat.lastDate < date;
}

/** What the appointment dialog checks before it books or changes a session. */
export const appointmentFormSchema = z
  .object({
    patientId: chosenPatientSchema,
    date: chosen(M.date).pipe(calendarDateSchema),
    time: chosen(M.time).pipe(clockTimeSchema),
    durationMinutes: durationMinutesSchema,
    kind: appointmentKindSchema,
    isVideo: z.boolean(),
    location: locationSchema,
    note: noteSchema,
    repeat: repeatFormSchema,
    /** For a session of a series: which of its sessions the change touches. */
    scope: editScopeSchema,
  })
  .refine((form) => !endsBeforeFirstSession(form), {
    message: M.lastDateBeforeFirst,
    path: ['repeat', 'lastDate'],
    // Said with every other problem (no patient yet, an empty length), not only once the rest is right.
    when: ({ value }) => seriesDatesSchema.safeParse(value).success,
  });
/** What the form holds as the person edits it. */
export type AppointmentFormValues = z.input<typeof appointmentFormSchema>;
/** What the form holds once checked: trimmed, a patient chosen. */
export type AppointmentFormOutput = z.output<typeof appointmentFormSchema>;

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
  /** When the cancellation was made (by the patient, or the clinician); null if not cancelled, or cancelled before this was recorded. */
  cancelledAt: instantSchema.nullable(),
  /** Why the clinician cancelled, when the app cancelled it for a reason ("patient archived"); empty otherwise. */
  cancellationReason: z.string(),
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
  /** In words, as the worker writes it (24-hour, English); a screen writes it from the fields below, in the person's locale. */
  message: z.string(),
  /** The session it is about: the other session of the first clash, or the session outside the working day. */
  session: z.object({ start: instantSchema, end: instantSchema }).optional(),
  /** For a series: how many of its sessions clash. */
  clashes: z.number().int().optional(),
  /** The working hours the session falls outside. */
  workingHours: z.lazy(() => workingHoursSchema).optional(),
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

/**
 * A session started late: whose lateness it was. The patient's is recorded as a late arrival; the
 * clinician's (or a previous session that ran over) leaves the patient attended; no one's means the
 * session began on time and only the timer was started late, so the start is recorded at the schedule.
 */
export const LATENESS = ['patient', 'clinician', 'none'] as const;
export const latenessSchema = z.enum(LATENESS);
export type Lateness = z.infer<typeof latenessSchema>;
export const LATENESS_LABELS: Record<Lateness, string> = {
  patient: 'The patient arrived late',
  clinician: 'I started late, or the previous session ran over',
  none: 'No one: the session began on time, I started the timer late',
};

/** The reason recorded on sessions cancelled because their patient was archived. */
export const ARCHIVED_REASON = 'patient archived';

/** A patient's sessions still ahead: what archiving would leave booked. */
export const upcomingSessionsSchema = z.object({
  /** Sessions booked from now on, series occurrences included up to each series' end. */
  count: z.number().int().nonnegative(),
  /** Series that repeat with no end date (their sessions are not in `count`). */
  endlessSeries: z.number().int().nonnegative(),
});
export type UpcomingSessions = z.infer<typeof upcomingSessionsSchema>;

/** What "Book next session" proposes: the appointment form opens with it. */
export const nextSessionProposalSchema = z.object({
  start: instantSchema,
  /** Their most common length; null for a patient with no sessions yet (the practice's default applies). */
  durationMinutes: z.number().int().nullable(),
  kind: appointmentKindSchema,
  location: z.string(),
  isVideo: z.boolean(),
  /** The session the proposal counts from, if the patient has any. */
  basedOn: instantSchema.nullable(),
  /** The step from it: the series' rule ("every 2 weeks"), or a week when there is no series. */
  step: z.string(),
});
export type NextSessionProposal = z.infer<typeof nextSessionProposalSchema>;

/** A session begun or ended more than the tolerance off its schedule, for the on-time report's list. */
export const lateSessionSchema = z.object({
  ref: occurrenceRefSchema,
  key: z.string(),
  patientName: z.string(),
  start: instantSchema,
  /** Minutes after the scheduled start it began; 0 when it began on time. */
  begunLateMinutes: z.number().int().nonnegative(),
  /** Minutes past the scheduled end it ended; 0 when it ended on time or is still running. */
  endedLateMinutes: z.number().int().nonnegative(),
});
export type LateSession = z.infer<typeof lateSessionSchema>;

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
