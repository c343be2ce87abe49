import { z } from 'zod';
import { channel, empty, type Scope } from '../channel';
import {
  monitoringAdjustmentInputSchema,
  patientMonitoringSchema,
  practiceMonitoringSchema,
  practiceProtocolChangeInputSchema,
  practiceProtocolsSchema,
} from '../monitoring';
import { patientIdSchema } from '../patient';

/* Monitoring that follows the medications: computed on reading from the medication history and the results, never stored. */

/** A start, dose change or stop, and a result or AIMS examination recorded, move what is due. */
export const MONITORING_READS = ['medications', 'results', 'aims', 'patients'] as const satisfies readonly Scope[];

export const monitoringChannels = {
  /** What is due for one patient, soonest first: the chart's header and the session in the calendar. */
  'monitoring:patient': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: patientMonitoringSchema,
    needsVault: true,
    reads: MONITORING_READS,
  }),
  /** A check's own interval for this patient, the check set aside, or back to the protocol's: kept with its reason. */
  'monitoring:adjust': channel({
    input: z.strictObject({ patientId: patientIdSchema, adjustment: monitoringAdjustmentInputSchema }),
    output: patientMonitoringSchema,
    needsVault: true,
    changes: ['monitoring', 'audit'],
  }),
  /** Every active patient with something overdue or due this week. */
  'monitoring:practice': channel({ input: empty, output: practiceMonitoringSchema, needsVault: true, reads: MONITORING_READS }),
  /** Every change the practice made to the published protocols, the oldest first: the protocols as the practice follows them. */
  'monitoring:protocols': channel({ input: empty, output: practiceProtocolsSchema, needsVault: true }),
  /** A check's intervals or target band for the whole practice, the check set aside, or back to the published: kept with its reason and source. */
  'monitoring:changeProtocol': channel({
    input: z.strictObject({ change: practiceProtocolChangeInputSchema }),
    output: practiceProtocolsSchema,
    needsVault: true,
    changes: ['monitoring', 'audit'],
  }),
};
