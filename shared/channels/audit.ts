import { z } from 'zod';
import { auditHistoryEntrySchema, auditVerificationSchema } from '../audit';
import { patientIdSchema } from '../patient';
import { channel, empty } from '../channel';

/* The chart's own history from the hash-chained audit log, and its check. */

export const auditChannels = {
  /** The chart's own history from the audit log, newest first. */
  'audit:forPatient': channel({
    input: z.strictObject({ patientId: patientIdSchema, limit: z.number().int().min(1).max(500).default(200) }),
    output: z.array(auditHistoryEntrySchema),
    needsVault: true,
  }),
  /** Re-computes the whole hash chain and reports the first entry that does not follow. */
  'audit:verify': channel({ input: empty, output: auditVerificationSchema, needsVault: true }),
};
