import { z } from 'zod';
import { occurrenceRefSchema } from '../appointment';
import { goalRatingEntrySchema, goalRatingSchema, goalsToRateSchema } from '../goal-ratings';
import { patientIdSchema } from '../patient';
import {
  agreementSchema,
  objectiveStatusSchema,
  planDraftContentSchema,
  planDiffSchema,
  planSchema,
  planVersionSchema,
  progressUpdateInputSchema,
  progressUpdateSchema,
} from '../plan';
import { channel, versionSchema, type Scope } from '../channel';

/* Treatment plans agreed with the patient: versions, agreement, revisions, objectives, progress. */

/** A plan's review date flags sessions on the calendar. */
const PLAN_CHANGES = ['plans', 'chart', 'audit', 'calendar'] as const satisfies readonly Scope[];
/** An agreed version is the plan in force, which the medication list is compared with. */
const AGREE_CHANGES = [...PLAN_CHANGES, 'medications'] as const satisfies readonly Scope[];
/** A revision or progress update may answer the patient's feedback, which then stops flagging the next session. */
const ANSWERED_PLAN_CHANGES = ['plans', 'chart', 'audit', 'calendar', 'feedback', 'appointments'] as const satisfies readonly Scope[];

export const plansChannels = {
  /** The patient's plan: its latest version, every earlier one, objectives' status and progress. Null before one is begun. Audited. */
  'plans:forPatient': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: planSchema.nullable(), needsVault: true }),
  /** Begins the plan: a first draft with the chart's active diagnoses and current medications in it. */
  'plans:create': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: planSchema,
    needsVault: true,
    changes: PLAN_CHANGES,
  }),
  /** Any version, to read or print. Audited. */
  'plans:version': channel({ input: z.strictObject({ versionId: z.uuid() }), output: planVersionSchema, needsVault: true }),
  /**
   * Saves a draft as it is typed, half-written objectives included; the whole plan is checked when the
   * agreement is recorded. A final or superseded version answers CONFLICT, as does a stale version number.
   */
  'plans:saveDraft': channel({
    input: z.strictObject({ versionId: z.uuid(), version: versionSchema, content: planDraftContentSchema }),
    output: planVersionSchema,
    needsVault: true,
    changes: PLAN_CHANGES,
  }),
  /** Records how the patient agreed, signed, verbally, or declined with a reason: the version becomes final. */
  'plans:agree': channel({
    input: z.strictObject({ versionId: z.uuid(), version: versionSchema, agreement: agreementSchema }),
    output: planSchema,
    needsVault: true,
    changes: AGREE_CHANGES,
  }),
  /** A new draft copied forward from the final version, with the reason for the revision. */
  'plans:revise': channel({
    input: z.strictObject({
      planId: z.uuid(),
      reason: z.string().trim().min(3, 'Say why the plan is revised').max(1000, 'At most 1,000 characters'),
      /** The patient's feedback that led to the revision, which is then marked as raised. */
      feedbackId: z.uuid().nullable().default(null),
    }),
    output: planSchema,
    needsVault: true,
    changes: ANSWERED_PLAN_CHANGES,
  }),
  /** What changed between two versions of one plan, and the reasons given for the revisions between them. */
  'plans:diff': channel({
    input: z.strictObject({ fromVersionId: z.uuid(), toVersionId: z.uuid() }),
    output: planDiffSchema,
    needsVault: true,
  }),
  /** A dated change of an objective's status while the plan is in force. */
  'plans:setObjectiveStatus': channel({
    input: z.strictObject({
      planId: z.uuid(),
      objectiveId: z.uuid(),
      status: objectiveStatusSchema,
      note: z.string().trim().max(500, 'At most 500 characters'),
    }),
    output: planSchema,
    needsVault: true,
    changes: PLAN_CHANGES,
  }),
  /** A progress update on a goal, on its own or from a session note. */
  'plans:addProgress': channel({
    input: z.strictObject({ planId: z.uuid(), update: progressUpdateInputSchema }),
    output: progressUpdateSchema,
    needsVault: true,
    changes: ANSWERED_PLAN_CHANGES,
  }),
  /**
   * The goals of the plan in force in the patient's words, each with its last rating, and whether the
   * plan's interval makes a rating due (at this session, when one is given). Null with no agreed plan.
   */
  'plans:goalsToRate': channel({
    input: z.strictObject({ patientId: patientIdSchema, ref: occurrenceRefSchema.nullable() }),
    output: goalsToRateSchema.nullable(),
    needsVault: true,
  }),
  /** The patient's ratings of their goals, given on paper or aloud, entered by the clinician and marked so. Audited. */
  'plans:rateGoals': channel({
    input: goalRatingEntrySchema,
    output: z.array(goalRatingSchema),
    needsVault: true,
    changes: ['plans', 'chart', 'audit', 'appointments'],
  }),
  /** Records in the audit log that the patient's progress summary was printed or saved as a PDF. */
  'plans:progressSummaryPrinted': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
  /** Records in the audit log that a plan summary was printed or saved as a PDF. */
  'plans:printed': channel({
    input: z.strictObject({ versionId: z.uuid() }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
};
