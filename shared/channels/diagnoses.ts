import { z } from 'zod';
import { diagnosisChangesSchema, diagnosisEventSchema, diagnosisInputSchema, diagnosisSchema, errorReasonSchema } from '../diagnosis';
import { patientIdSchema } from '../patient';
import { channel, versionSchema, type Scope } from '../channel';

/* ICD-10-CM diagnoses with their history. */

/** The chart's header and panel show the diagnoses; every change is audited. */
const DIAGNOSIS_CHANGES = ['diagnoses', 'chart', 'audit'] as const satisfies readonly Scope[];

export const diagnosesChannels = {
  /** Every diagnosis of the patient, those entered in error too, and the history of their changes. */
  'diagnoses:list': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ diagnoses: z.array(diagnosisSchema), history: z.array(diagnosisEventSchema) }),
    needsVault: true,
  }),
  'diagnoses:add': channel({
    input: z.strictObject({ patientId: patientIdSchema, diagnosis: diagnosisInputSchema }),
    output: diagnosisSchema,
    needsVault: true,
    changes: DIAGNOSIS_CHANGES,
  }),
  'diagnoses:update': channel({
    input: z.strictObject({ id: z.uuid(), version: versionSchema, changes: diagnosisChangesSchema }),
    output: diagnosisSchema,
    needsVault: true,
    changes: DIAGNOSIS_CHANGES,
  }),
  /** A diagnosis recorded by mistake leaves the list and stays in the history, with the reason. */
  'diagnoses:markEnteredInError': channel({
    input: z.strictObject({ id: z.uuid(), version: versionSchema, reason: errorReasonSchema }),
    output: diagnosisSchema,
    needsVault: true,
    changes: DIAGNOSIS_CHANGES,
  }),
};
