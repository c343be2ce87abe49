import { z } from 'zod';
import { chartSummarySchema, timelineEntrySchema } from '../chart';
import { patientIdSchema } from '../patient';
import { channel } from '../channel';

/* The chart's header, panel and timeline. */

export const chartChannels = {
  /** Who this is and what must not be missed: header and side panel. Opening a chart is audited. */
  'chart:summary': channel({ input: z.strictObject({ patientId: patientIdSchema }), output: chartSummarySchema, needsVault: true }),
  /** Sessions, notes, medication and diagnosis changes, newest first. */
  'chart:timeline': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.array(timelineEntrySchema),
    needsVault: true,
  }),
};
