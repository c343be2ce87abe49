import { z } from 'zod';
import { instantSchema } from '../appointment';
import { channel, type Scope } from '../channel';
import { flagAcknowledgementInputSchema, flagAcknowledgementSchema, patientOutcomesSchema, practiceOutcomesSchema } from '../outcomes';
import { patientIdSchema } from '../patient';

/* The clinical reading of PHQ-9 and GAD-7 over time: change, expected course, and the flags they raise. */

/** A reading is made of the measures, the sessions ahead (where a flag is raised) and the plan versions an acknowledgement cites. */
const OUTCOMES_READS = ['measures', 'feedback', 'calendar', 'appointments', 'plans'] as const satisfies readonly Scope[];

export const outcomesChannels = {
  /** One patient's reading of each instrument, the flags still open and every acknowledgement. Audited. */
  'outcomes:patient': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: patientOutcomesSchema,
    needsVault: true,
    reads: OUTCOMES_READS,
  }),
  /** A flag raised with the patient: what was discussed and agreed, and the plan revision it led to, if any. Audited. */
  'outcomes:acknowledge': channel({
    input: flagAcknowledgementInputSchema,
    output: flagAcknowledgementSchema,
    needsVault: true,
    // A rupture acknowledged is its feedback discussed: the fall it showed ends too.
    changes: ['outcomes', 'feedback', 'calendar', 'appointments', 'today', 'chart', 'audit'],
  }),
  /** The practice's outcome rates per quarter, and the patients not on track or reliably worse. */
  'outcomes:practice': channel({
    input: z
      .strictObject({ from: instantSchema, to: instantSchema })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 800 * 86_400_000, 'At most two years at a time'),
    output: practiceOutcomesSchema,
    needsVault: true,
    reads: OUTCOMES_READS,
  }),
};
