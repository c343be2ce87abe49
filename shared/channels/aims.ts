import { z } from 'zod';
import { aimsExaminationSchema, aimsInputSchema } from '../aims';
import { channel, type Scope } from '../channel';
import { errorReasonSchema } from '../diagnosis';
import { patientIdSchema } from '../patient';

/* AIMS examinations (Abnormal Involuntary Movement Scale): recorded, listed, marked entered in error. */

/** Every examination is audited. */
const AIMS_CHANGES = ['aims', 'audit'] as const satisfies readonly Scope[];

export const aimsChannels = {
  /** The patient's examinations, newest first, those entered in error included and marked. */
  'aims:list': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: z.array(aimsExaminationSchema), needsVault: true }),
  /** Records one examination. Answers it with its total and screening flag. */
  'aims:record': channel({
    input: z.strictObject({ patientId: patientIdSchema, examination: aimsInputSchema }),
    output: aimsExaminationSchema,
    needsVault: true,
    changes: AIMS_CHANGES,
  }),
  'aims:markEnteredInError': channel({
    input: z.strictObject({ id: z.uuid(), reason: errorReasonSchema }),
    output: z.array(aimsExaminationSchema),
    needsVault: true,
    changes: AIMS_CHANGES,
  }),
};
