import { z } from 'zod';
import {
  appointmentChangesSchema,
  appointmentInputSchema,
  appointmentSchema,
  attendanceRecordSchema,
  editScopeSchema,
  instantSchema,
  occurrenceRefSchema,
  onTimeRowSchema,
  schedulingWarningSchema,
} from './appointment';
import { auditEntrySchema, auditVerificationSchema } from './audit';
import { chartSummarySchema, timelineEntrySchema } from './chart';
import { diagnosisChangesSchema, diagnosisEventSchema, diagnosisInputSchema, diagnosisSchema, errorReasonSchema } from './diagnosis';
import { calendarDateSchema } from './dates';
import type { Result } from './errors';
import {
  feedbackAnswersSchema,
  feedbackEntrySchema,
  feedbackSchema,
  measureSchema,
  patientFormSchema,
  patientModeStatusSchema,
  practiceFeedbackSchema,
  selfHarmAlertSchema,
  trendsSchema,
} from './feedback';
import { measureAnswersSchema } from './measures';
import { allergyInputSchema, allergyStatusSchema, medicationEventInputSchema, medicationListsSchema, medicationSchema } from './medication';
import {
  MAX_ADDENDUM_LENGTH,
  noteCreateInputSchema,
  noteFieldsSchema,
  noteSchema,
  noteSummarySchema,
  serviceDateSchema,
  signedByNameSchema,
} from './note';
import {
  agreementSchema,
  objectiveStatusSchema,
  planContentSchema,
  planDiffSchema,
  planSchema,
  planVersionSchema,
  progressUpdateInputSchema,
  progressUpdateSchema,
} from './plan';
import { searchQuerySchema, searchResultSchema } from './search';
import { patientIdSchema, patientInputSchema, patientSchema, patientSummarySchema } from './patient';
import { preferencesSchema, preferencesUpdateSchema } from './preferences';
import { LOCK_REASONS, passphraseSchema, recoveryCodeSchema, recoverySheetSchema, vaultStatusSchema } from './vault';

const empty = z.strictObject({});
const versionSchema = z.number().int().positive();

/**
 * The IPC contract: channel name → input schema → output schema. The main process validates
 * every input against it; the renderer's client is typed from it, so a renamed channel breaks
 * the build, not the app. Outputs are schemas too, so their types have one source.
 *
 * `needsVault`: the channel answers VAULT_LOCKED unless the vault is unlocked.
 */
export const contract = {
  'vault:status': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:prepareSetup': { input: z.strictObject({ passphrase: passphraseSchema }), output: recoverySheetSchema, needsVault: false },
  'vault:cancelSetup': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:confirmSetup': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:unlock': { input: z.strictObject({ passphrase: passphraseSchema }), output: vaultStatusSchema, needsVault: false },
  'vault:recover': {
    input: z.strictObject({ recoveryCode: recoveryCodeSchema, newPassphrase: passphraseSchema }),
    output: vaultStatusSchema,
    needsVault: false,
  },
  'vault:lock': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:changePassphrase': {
    input: z.strictObject({ currentPassphrase: passphraseSchema, newPassphrase: passphraseSchema }),
    output: z.object({ changedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
  },
  /** The renderer reports keyboard and pointer activity (throttled) so idle time is the person's, not the machine's. */
  'session:activity': { input: empty, output: z.object({ idleLockAt: z.iso.datetime({ offset: true }).nullable() }), needsVault: false },

  'preferences:get': { input: empty, output: preferencesSchema, needsVault: false },
  'preferences:update': { input: preferencesUpdateSchema, output: preferencesSchema, needsVault: false },

  'patients:list': {
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.array(patientSummarySchema),
    needsVault: true,
  },
  'patients:get': { input: z.strictObject({ id: patientIdSchema }), output: patientSchema, needsVault: true },
  'patients:create': { input: z.strictObject({ patient: patientInputSchema }), output: patientSchema, needsVault: true },
  'patients:update': {
    input: z.strictObject({ id: patientIdSchema, version: versionSchema, patient: patientInputSchema }),
    output: patientSchema,
    needsVault: true,
  },
  'patients:archive': { input: z.strictObject({ id: patientIdSchema, version: versionSchema }), output: patientSchema, needsVault: true },
  'patients:restore': { input: z.strictObject({ id: patientIdSchema, version: versionSchema }), output: patientSchema, needsVault: true },

  /** Every session in [from, to): one indexed query, series expanded for this range only. */
  'calendar:range': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, 'At most 400 days at a time'),
    output: z.array(appointmentSchema),
    needsVault: true,
  },
  'appointments:get': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  /** Double bookings and hours outside the working day, for the dialog to show before booking. */
  'appointments:warnings': {
    input: z.strictObject({ start: instantSchema, durationMinutes: z.number().int().min(5).max(480), ignore: occurrenceRefSchema.nullable() }),
    output: z.array(schedulingWarningSchema),
    needsVault: true,
  },
  /**
   * Books a session or a series. With warnings and `acknowledgeWarnings` false it answers
   * SCHEDULING_WARNING and books nothing; the person may then book anyway.
   */
  'appointments:create': {
    input: z.strictObject({ appointment: appointmentInputSchema, acknowledgeWarnings: z.boolean() }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Moves, resizes or edits this session, this and the following ones, or the whole series. */
  'appointments:update': {
    input: z.strictObject({
      ref: occurrenceRefSchema,
      scope: editScopeSchema,
      version: z.number().int().nonnegative(),
      changes: appointmentChangesSchema,
      acknowledgeWarnings: z.boolean(),
    }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Cancelled sessions stay on the calendar, struck through; nothing is deleted. */
  'appointments:cancel': {
    input: z.strictObject({ ref: occurrenceRefSchema, scope: editScopeSchema, by: z.enum(['patient', 'clinician']) }),
    output: appointmentSchema,
    needsVault: true,
  },
  'appointments:setAttendance': {
    input: z
      .strictObject({
        ref: occurrenceRefSchema,
        attendance: z.enum(['scheduled', 'attended', 'late', 'no-show', 'cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician']),
        lateMinutes: z.number().int().min(1, 'At least 1 minute').max(240, 'At most 240 minutes').nullable(),
      })
      .refine((a) => (a.attendance === 'late') === (a.lateMinutes !== null), {
        message: 'Give the minutes late for a late arrival, and only then',
        path: ['lateMinutes'],
      }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Records the actual start now; a session that starts is attended (or late, by the minutes). */
  'sessions:start': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  'sessions:end': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  /** The session begun and not yet ended, if any, for the header's timer. */
  'sessions:running': { input: empty, output: appointmentSchema.nullable(), needsVault: true },
  'patients:attendance': { input: z.strictObject({ patientId: patientIdSchema }), output: attendanceRecordSchema, needsVault: true },
  /** Sessions begun and ended within two minutes of schedule, per ISO week or month. */
  'reports:onTime': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, groupBy: z.enum(['week', 'month']) })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.array(onTimeRowSchema),
    needsVault: true,
  },
  /** An RFC 5545 calendar of the range, with patients as initials or not at all; the renderer then saves it. */
  'calendar:exportIcs': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, names: z.enum(['initials', 'omit']), includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.object({ fileName: z.string(), content: z.string(), eventCount: z.number().int() }),
    needsVault: true,
  },
  /** Saves text the person chose to export where they choose (a save dialog); nothing is written elsewhere. */
  'files:save': {
    input: z.strictObject({
      suggestedFileName: z.string().trim().min(1).max(80).regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
      content: z.string().max(20_000_000),
      mimeType: z.enum(['text/calendar']),
    }),
    output: z.object({ outcome: z.enum(['saved', 'cancelled']) }),
    needsVault: true,
  },

  // ——— The chart ———

  /** Who this is and what must not be missed: header and side panel. Opening a chart is audited. */
  'chart:summary': { input: z.strictObject({ patientId: patientIdSchema }), output: chartSummarySchema, needsVault: true },
  /** Sessions, notes, medication and diagnosis changes, newest first. */
  'chart:timeline': { input: z.strictObject({ patientId: patientIdSchema }), output: z.array(timelineEntrySchema), needsVault: true },

  /** Every diagnosis of the patient, those entered in error too, and the history of their changes. */
  'diagnoses:list': {
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ diagnoses: z.array(diagnosisSchema), history: z.array(diagnosisEventSchema) }),
    needsVault: true,
  },
  'diagnoses:add': { input: z.strictObject({ patientId: patientIdSchema, diagnosis: diagnosisInputSchema }), output: diagnosisSchema, needsVault: true },
  'diagnoses:update': {
    input: z.strictObject({ id: z.uuid(), version: versionSchema, changes: diagnosisChangesSchema }),
    output: diagnosisSchema,
    needsVault: true,
  },
  /** A diagnosis recorded by mistake leaves the list and stays in the history, with the reason. */
  'diagnoses:markEnteredInError': {
    input: z.strictObject({ id: z.uuid(), version: versionSchema, reason: errorReasonSchema }),
    output: diagnosisSchema,
    needsVault: true,
  },

  /**
   * The current and past medications, each derived from its dated entries, and every entry, newest
   * first: a course whose start was entered in error is no medication, but its entries are history.
   */
  'medications:list': { input: z.strictObject({ patientId: patientIdSchema }), output: medicationListsSchema, needsVault: true },
  /** Starts a medication, changes its dose or stops it: a new dated entry with its reason. Answers the course after it. */
  'medications:record': {
    input: z.strictObject({ patientId: patientIdSchema, entry: medicationEventInputSchema }),
    output: medicationSchema,
    needsVault: true,
  },
  'medications:markEnteredInError': {
    input: z.strictObject({ eventId: z.uuid(), reason: errorReasonSchema }),
    output: medicationListsSchema,
    needsVault: true,
  },
  'allergies:get': { input: z.strictObject({ patientId: patientIdSchema }), output: allergyStatusSchema, needsVault: true },
  'allergies:add': { input: z.strictObject({ patientId: patientIdSchema, allergy: allergyInputSchema }), output: allergyStatusSchema, needsVault: true },
  'allergies:markEnteredInError': {
    input: z.strictObject({ id: z.uuid(), reason: errorReasonSchema }),
    output: allergyStatusSchema,
    needsVault: true,
  },
  /** Records that the patient has no known allergies; refused while an allergy is on the list. */
  'allergies:noneKnown': { input: z.strictObject({ patientId: patientIdSchema }), output: allergyStatusSchema, needsVault: true },

  /** The patient's notes, newest first by date of service, a page at a time. */
  'notes:list': {
    input: z.strictObject({
      patientId: patientIdSchema,
      limit: z.number().int().min(1).max(100).default(20),
      /** The last note of the page before: the next page starts after it. */
      after: z.strictObject({ serviceDate: calendarDateSchema, id: z.uuid() }).nullable().default(null),
    }),
    output: z.object({ notes: z.array(noteSummarySchema), more: z.boolean() }),
    needsVault: true,
  },
  /** The whole note with its addenda. Reading a note is audited. */
  'notes:get': { input: z.strictObject({ id: z.uuid() }), output: noteSchema, needsVault: true },
  /** The note of a calendar session, if one was begun. */
  'notes:forSession': { input: z.strictObject({ ref: occurrenceRefSchema }), output: noteSummarySchema.nullable(), needsVault: true },
  /** Begins a draft from a template; a session has at most one note, and asking again answers CONFLICT. */
  'notes:create': { input: noteCreateInputSchema, output: noteSchema, needsVault: true },
  /** Saves a draft's fields; a signed note answers NOTE_SIGNED, a stale version CONFLICT. */
  'notes:saveDraft': {
    input: z.strictObject({ id: z.uuid(), version: versionSchema, fields: noteFieldsSchema, serviceDate: serviceDateSchema }),
    output: z.object({ version: z.number().int().positive(), updatedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
  },
  /** Throws away a draft that was never signed; a signed note cannot be discarded. */
  'notes:discardDraft': { input: z.strictObject({ id: z.uuid(), version: versionSchema }), output: z.object({ discarded: z.literal(true) }), needsVault: true },
  /** Makes the note final. After this the database refuses every change to it; only addenda follow. */
  'notes:sign': {
    input: z.strictObject({ id: z.uuid(), version: versionSchema, signedBy: signedByNameSchema }),
    output: noteSchema,
    needsVault: true,
  },
  /** A dated, signed addendum to a signed note; addenda too are final once written. */
  'notes:addAddendum': {
    input: z.strictObject({
      noteId: z.uuid(),
      text: z.string().trim().min(1, 'Write the addendum').max(MAX_ADDENDUM_LENGTH, `At most ${MAX_ADDENDUM_LENGTH.toLocaleString('en')} characters`),
      signedBy: signedByNameSchema,
    }),
    output: noteSchema,
    needsVault: true,
  },
  /** Records in the audit log that a signed note was printed or saved as a PDF. */
  'notes:printed': { input: z.strictObject({ id: z.uuid() }), output: z.object({ recorded: z.literal(true) }), needsVault: true },

  /** Patients by name, preferred name, chart number, date of birth, phone, or words in their notes. */
  'search:query': { input: searchQuerySchema, output: z.array(searchResultSchema), needsVault: true },

  /** The chart's own history from the audit log, newest first. */
  'audit:forPatient': {
    input: z.strictObject({ patientId: patientIdSchema, limit: z.number().int().min(1).max(500).default(200) }),
    output: z.array(auditEntrySchema),
    needsVault: true,
  },
  /** Re-computes the whole hash chain and reports the first entry that does not follow. */
  'audit:verify': { input: empty, output: auditVerificationSchema, needsVault: true },

  // ——— The treatment plan ———

  /** The patient's plan: its latest version, every earlier one, objectives' status and progress. Null before one is begun. Audited. */
  'plans:forPatient': { input: z.strictObject({ patientId: patientIdSchema }), output: planSchema.nullable(), needsVault: true },
  /** Begins the plan: a first draft with the chart's active diagnoses and current medications in it. */
  'plans:create': { input: z.strictObject({ patientId: patientIdSchema }), output: planSchema, needsVault: true },
  /** Any version, to read or print. Audited. */
  'plans:version': { input: z.strictObject({ versionId: z.uuid() }), output: planVersionSchema, needsVault: true },
  /** Saves a draft; a final or superseded version answers CONFLICT, as does a stale version number. */
  'plans:saveDraft': {
    input: z.strictObject({ versionId: z.uuid(), version: versionSchema, content: planContentSchema }),
    output: planVersionSchema,
    needsVault: true,
  },
  /** Records how the patient agreed, signed, verbally, or declined with a reason: the version becomes final. */
  'plans:agree': { input: z.strictObject({ versionId: z.uuid(), version: versionSchema, agreement: agreementSchema }), output: planSchema, needsVault: true },
  /** A new draft copied forward from the final version, with the reason for the revision. */
  'plans:revise': {
    input: z.strictObject({
      planId: z.uuid(),
      reason: z.string().trim().min(3, 'Say why the plan is revised').max(1000, 'At most 1,000 characters'),
      /** The patient's feedback that led to the revision, which is then marked as raised. */
      feedbackId: z.uuid().nullable().default(null),
    }),
    output: planSchema,
    needsVault: true,
  },
  /** What changed between two versions of one plan, and the reasons given for the revisions between them. */
  'plans:diff': { input: z.strictObject({ fromVersionId: z.uuid(), toVersionId: z.uuid() }), output: planDiffSchema, needsVault: true },
  /** A dated change of an objective's status while the plan is in force. */
  'plans:setObjectiveStatus': {
    input: z.strictObject({ planId: z.uuid(), objectiveId: z.uuid(), status: objectiveStatusSchema, note: z.string().trim().max(500, 'At most 500 characters') }),
    output: planSchema,
    needsVault: true,
  },
  /** A progress update on a goal, on its own or from a session note. */
  'plans:addProgress': { input: z.strictObject({ planId: z.uuid(), update: progressUpdateInputSchema }), output: progressUpdateSchema, needsVault: true },
  /** Records in the audit log that a plan summary was printed or saved as a PDF. */
  'plans:printed': { input: z.strictObject({ versionId: z.uuid() }), output: z.object({ recorded: z.literal(true) }), needsVault: true },

  // ——— Session feedback and outcome measures ———

  /**
   * Hands the laptop to the patient for a session's forms. From now on the main process answers only
   * the patient-mode channels (and a lock) until the clinician's passphrase ends it.
   */
  'patientMode:enter': {
    input: z.strictObject({
      ref: occurrenceRefSchema,
      forms: z.array(patientFormSchema).min(1, 'Choose at least one form').max(3),
    }),
    output: patientModeStatusSchema,
    needsVault: true,
  },
  /** Whether patient mode is on and which forms are done; nothing about the patient. */
  'patientMode:status': { input: empty, output: patientModeStatusSchema, needsVault: false },
  /** The patient's session feedback, for the session patient mode was entered from. */
  'patientMode:submitFeedback': { input: z.strictObject({ answers: feedbackAnswersSchema }), output: patientModeStatusSchema, needsVault: true },
  /** The patient's PHQ-9 or GAD-7; the patient is shown no score. */
  'patientMode:submitMeasure': { input: z.strictObject({ measure: measureAnswersSchema }), output: patientModeStatusSchema, needsVault: true },
  /** Ends patient mode with the clinician's passphrase; answers any item-9 answer given, for the clinician alone. */
  'patientMode:leave': {
    input: z.strictObject({ passphrase: passphraseSchema }),
    output: z.object({ status: patientModeStatusSchema, selfHarmAlerts: z.array(selfHarmAlertSchema) }),
    needsVault: true,
  },
  /** Feedback the patient gave on paper or aloud, entered by the clinician and marked so. */
  'feedback:record': { input: feedbackEntrySchema, output: feedbackSchema, needsVault: true },
  /** A PHQ-9 or GAD-7 entered by the clinician, at a session or on its own. */
  'measures:record': {
    input: z.strictObject({ patientId: patientIdSchema, ref: occurrenceRefSchema.nullable(), measure: measureAnswersSchema }),
    output: measureSchema,
    needsVault: true,
  },
  'feedback:forSession': {
    input: z.strictObject({ ref: occurrenceRefSchema }),
    output: z.object({ feedback: feedbackSchema.nullable(), measures: z.array(measureSchema) }),
    needsVault: true,
  },
  /** One patient's feedback and measures over time, the drop to raise, and item-9 answers to see. Audited. */
  'feedback:trends': { input: z.strictObject({ patientId: patientIdSchema }), output: trendsSchema, needsVault: true },
  /** The practice's feedback completion per month, and the patients whose ratings fell. */
  'feedback:practice': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 800 * 86_400_000, 'At most two years at a time'),
    output: practiceFeedbackSchema,
    needsVault: true,
  },
  /** The clinician has seen an item-9 answer and acted on it. */
  'measures:acknowledge': { input: z.strictObject({ measureId: z.uuid() }), output: measureSchema, needsVault: true },

  /**
   * Print what the window shows now (its print stylesheet decides what that is): to a PDF the
   * person saves where they choose, or to the system print dialog. No temp file is written.
   */
  'print:window': {
    input: z.strictObject({
      target: z.enum(['pdf', 'printer']),
      /** A file name to suggest in the save dialog; never clinical (e.g. "Alliance recovery sheet"). */
      suggestedFileName: z.string().trim().min(1).max(80).regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
    }),
    output: z.object({ outcome: z.enum(['saved', 'printed', 'cancelled']) }),
    needsVault: false,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; needsVault: boolean }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

/** What the renderer passes (before defaults and trimming). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Events the main process pushes to the renderer. */
export const bridgeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vault:locked'), reason: z.enum(LOCK_REASONS) }),
  z.object({ type: z.literal('vault:unlocked') }),
  /** A mutation changed data under these channel prefixes (e.g. "patients"); views refetch. */
  z.object({ type: z.literal('data:changed'), scopes: z.array(z.string()) }),
  /** The idle lock will fire soon unless the person does something. */
  z.object({ type: z.literal('vault:idleWarning'), secondsLeft: z.number().int() }),
  /**
   * The person asked to lock from outside the page (the application menu). The window saves what is
   * being typed, then locks with vault:lock; the main process locks anyway a few seconds later.
   */
  z.object({ type: z.literal('vault:lockRequested') }),
]);
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/**
 * The one object the renderer sees as its global `alliance`. The Electron preload and the browser
 * harness's stand-in both end in `satisfies AllianceBridge`, so they cannot drift apart.
 */
export interface AllianceBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: BridgeEvent) => void): () => void;
}

/** The single IPC channel names used between preload and main; the contract's channel travels in the payload. */
export const IPC_INVOKE = 'alliance:invoke';
export const IPC_EVENT = 'alliance:event';
