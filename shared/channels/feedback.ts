import { z } from 'zod';
import { instantSchema, occurrenceRefSchema } from '../appointment';
import { measureScheduleSchema, scheduleChangeSchema } from '../measure-schedules';
import {
  acknowledgementSchema,
  feedbackAnswersSchema,
  feedbackEntrySchema,
  feedbackSchema,
  measureSchema,
  PATIENT_FORMS,
  patientFormSchema,
  patientModeStatusSchema,
  practiceFeedbackSchema,
  selfHarmAlertSchema,
  trendsSchema,
} from '../feedback';
import { goalRatingAnswersSchema } from '../goal-ratings';
import { measureAnswersSchema } from '../measures';
import { ruptureSchema } from '../outcomes-ruptures';
import { patientIdSchema } from '../patient';
import { passphraseSchema } from '../vault';
import { channel, empty, type Scope } from '../channel';

/* Session feedback and outcome measures, and patient mode, in which the patient fills them in on the laptop. */

/** Feedback flags the next session; a plan revision or progress update may cite it. */
const FEEDBACK_CHANGES = [
  'feedback',
  'measures',
  'chart',
  'audit',
  'calendar',
  'appointments',
  'plans',
] as const satisfies readonly Scope[];

export const feedbackChannels = {
  /**
   * Hands the laptop to the patient for a session's forms, and records the session as attended if no
   * attendance was recorded. From now on the main process answers only the patient-mode channels (and
   * a lock) until the clinician's passphrase ends it.
   */
  'patientMode:enter': channel({
    input: z.strictObject({
      ref: occurrenceRefSchema,
      forms: z.array(patientFormSchema).min(1, 'Choose at least one form').max(PATIENT_FORMS.length),
    }),
    output: patientModeStatusSchema,
    needsVault: true,
    runs: 'main',
    // A session with no attendance recorded is recorded as attended.
    changes: ['patientMode', 'audit', 'calendar', 'appointments', 'chart'],
  }),
  /** Whether patient mode is on and which forms are done; nothing about the patient. */
  'patientMode:status': channel({ input: empty, output: patientModeStatusSchema, needsVault: false, runs: 'main', patientMode: true }),
  /**
   * What the patient is shown after answering PHQ-9 item 9 above "Not at all": the practice's crisis
   * contacts (a preference, not clinical data; empty when none are set).
   */
  'patientMode:support': channel({
    input: empty,
    output: z.object({ crisisContacts: z.string() }),
    needsVault: false,
    runs: 'main',
    patientMode: true,
  }),
  /** The patient's session feedback, for the session patient mode was entered from. */
  'patientMode:submitFeedback': channel({
    input: z.strictObject({ answers: feedbackAnswersSchema }),
    output: patientModeStatusSchema,
    needsVault: true,
    runs: 'main',
    patientMode: true,
    changes: FEEDBACK_CHANGES,
  }),
  /** The patient's answers to a patient-rated measure (PHQ-9, GAD-7, PCL-5, AUDIT-C, AUDIT); the patient is shown no score. */
  'patientMode:submitMeasure': channel({
    input: z.strictObject({ measure: measureAnswersSchema }),
    output: patientModeStatusSchema,
    needsVault: true,
    runs: 'main',
    patientMode: true,
    changes: FEEDBACK_CHANGES,
  }),
  /**
   * The goals handed over to rate: the patient's own words for each goal of the plan they agreed to,
   * and nothing else of the chart. Empty unless the goals form was handed over.
   */
  'patientMode:goals': channel({
    input: empty,
    output: z.object({ goals: z.array(z.object({ goalId: z.uuid(), patientWords: z.string() })) }),
    needsVault: true,
    runs: 'main',
    patientMode: true,
  }),
  /** The patient's ratings of their goals, for the session patient mode was entered from. */
  'patientMode:submitGoalRatings': channel({
    input: z.strictObject({ ratings: goalRatingAnswersSchema }),
    output: patientModeStatusSchema,
    needsVault: true,
    runs: 'main',
    patientMode: true,
    changes: ['plans', 'chart', 'audit', 'appointments'],
  }),
  /** Ends patient mode with the clinician's passphrase; answers any item-9 answer given, for the clinician alone. */
  'patientMode:leave': channel({
    input: z.strictObject({ passphrase: passphraseSchema }),
    output: z.object({ status: patientModeStatusSchema, selfHarmAlerts: z.array(selfHarmAlertSchema) }),
    needsVault: true,
    runs: 'main',
    patientMode: true,
    changes: ['patientMode', 'audit', 'chart'],
  }),
  /** Feedback the patient gave on paper or aloud, entered by the clinician and marked so. */
  'feedback:record': channel({ input: feedbackEntrySchema, output: feedbackSchema, needsVault: true, changes: FEEDBACK_CHANGES }),
  /** A measure entered by the clinician (a patient's paper answers, or a CGI), at a session or on its own. */
  'measures:record': channel({
    input: z.strictObject({ patientId: patientIdSchema, ref: occurrenceRefSchema.nullable(), measure: measureAnswersSchema }),
    output: measureSchema,
    needsVault: true,
    changes: FEEDBACK_CHANGES,
  }),
  'feedback:forSession': channel({
    input: z.strictObject({ ref: occurrenceRefSchema }),
    output: z.object({ feedback: feedbackSchema.nullable(), measures: z.array(measureSchema) }),
    needsVault: true,
  }),
  /** One patient's feedback and measures over time, the drop to raise, and item-9 answers to see. Audited. */
  'feedback:trends': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: trendsSchema, needsVault: true }),
  /**
   * The patient's latest session rating, when it fell below their own running median (or fell while
   * PHQ-9/GAD-7 did not improve) and was not discussed yet: the why, and the session it is raised at.
   */
  'feedback:rupture': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: ruptureSchema.nullable(),
    needsVault: true,
  }),
  /** The practice's feedback completion per month, and the patients whose ratings fell. */
  'feedback:practice': channel({
    input: z
      .strictObject({ from: instantSchema, to: instantSchema })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 800 * 86_400_000, 'At most two years at a time'),
    output: practiceFeedbackSchema,
    needsVault: true,
  }),
  /** The clinician has seen an item-9 answer and acted on it, and says what was done. Audited. */
  'measures:acknowledge': channel({
    input: z.strictObject({ measureId: z.uuid(), acknowledgement: acknowledgementSchema }),
    output: measureSchema,
    needsVault: true,
    changes: FEEDBACK_CHANGES,
  }),
  /** Every instrument's interval on the patient's measurement schedule, with when each was last answered and falls due. */
  'measures:schedule': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: measureScheduleSchema,
    needsVault: true,
  }),
  /** One instrument given an interval on the patient's schedule, or taken off it: added as a row of its own, audited. */
  'measures:setSchedule': channel({
    input: scheduleChangeSchema,
    output: measureScheduleSchema,
    needsVault: true,
    changes: ['measures', 'chart', 'audit', 'today'],
  }),
};
