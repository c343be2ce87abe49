import { z } from 'zod';
import { channel, type Scope } from '../channel';
import { errorReasonSchema } from '../diagnosis';
import { patientIdSchema } from '../patient';
import { resultInputSchema, resultListSchema } from '../results';

/* Results and vitals: recorded as taken, never changed, marked entered in error. */

/** The results tab and its charts; every change is audited; an export reads them. */
const RESULT_CHANGES = ['results', 'audit'] as const satisfies readonly Scope[];

export const resultsChannels = {
  /** Every result of the patient, the oldest taken first, those entered in error included (struck through). */
  'results:list': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: resultListSchema, needsVault: true }),
  /** Records one value: its unit must be one the analyte takes (converted to the canonical one), or it is refused. */
  'results:record': channel({
    input: z.strictObject({ patientId: patientIdSchema, result: resultInputSchema }),
    output: resultListSchema,
    needsVault: true,
    changes: RESULT_CHANGES,
  }),
  'results:markEnteredInError': channel({
    input: z.strictObject({ id: z.uuid(), reason: errorReasonSchema }),
    output: resultListSchema,
    needsVault: true,
    changes: RESULT_CHANGES,
  }),
};
