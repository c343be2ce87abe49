import { z } from 'zod';
import { errorReasonSchema } from '../diagnosis';
import {
  allergyInputSchema,
  allergyStatusSchema,
  medicationEventInputSchema,
  medicationListsSchema,
  medicationSchema,
} from '../medication';
import { patientIdSchema } from '../patient';
import { planMedicationCheckSchema } from '../plan';
import { channel, type Scope } from '../channel';

/* Medications as dated entries, and allergies. */

/** The chart's header and panel show the current medications; every change is audited. */
const MEDICATION_CHANGES = ['medications', 'chart', 'audit'] as const satisfies readonly Scope[];
/** The chart's header shows the allergies; every change is audited. */
const ALLERGY_CHANGES = ['allergies', 'chart', 'audit'] as const satisfies readonly Scope[];

export const medicationsChannels = {
  /**
   * The current and past medications, each derived from its dated entries, and every entry, newest
   * first: a course whose start was entered in error is no medication, but its entries are history.
   */
  'medications:list': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: medicationListsSchema, needsVault: true }),
  /** Starts a medication, changes its dose or stops it: a new dated entry with its reason. Answers the course after it. */
  'medications:record': channel({
    input: z.strictObject({ patientId: patientIdSchema, entry: medicationEventInputSchema }),
    output: medicationSchema,
    needsVault: true,
    changes: MEDICATION_CHANGES,
  }),
  'medications:markEnteredInError': channel({
    input: z.strictObject({ eventId: z.uuid(), reason: errorReasonSchema }),
    output: medicationListsSchema,
    needsVault: true,
    changes: MEDICATION_CHANGES,
  }),
  /**
   * How the treatment plan in force and the current list differ: each medication of the plan at another
   * dose or frequency, or not on the list, and each on the list the plan does not name. Null before a
   * plan is agreed. The plan's agreement changes it too (plans:agree names this scope).
   */
  'medications:planDifferences': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: planMedicationCheckSchema.nullable(),
    needsVault: true,
  }),
  'allergies:get': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: allergyStatusSchema, needsVault: true }),
  'allergies:add': channel({
    input: z.strictObject({ patientId: patientIdSchema, allergy: allergyInputSchema }),
    output: allergyStatusSchema,
    needsVault: true,
    changes: ALLERGY_CHANGES,
  }),
  'allergies:markEnteredInError': channel({
    input: z.strictObject({ id: z.uuid(), reason: errorReasonSchema }),
    output: allergyStatusSchema,
    needsVault: true,
    changes: ALLERGY_CHANGES,
  }),
  /** Records that the patient has no known allergies; refused while an allergy is on the list. */
  'allergies:noneKnown': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: allergyStatusSchema,
    needsVault: true,
    changes: ALLERGY_CHANGES,
  }),
};
