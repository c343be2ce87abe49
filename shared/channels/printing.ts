import { z } from 'zod';
import { channel } from '../channel';

/* Printing what the window shows, to a PDF or the system dialog, in the main process. */

export const printingChannels = {
  /**
   * Print what the window shows now (its print stylesheet decides what that is): to a PDF the
   * person saves where they choose, or to the system print dialog. No temp file is written.
   */
  'print:window': channel({
    input: z.strictObject({
      target: z.enum(['pdf', 'printer']),
      /** A file name to suggest in the save dialog; never clinical (e.g. "Alliance recovery sheet"). */
      suggestedFileName: z
        .string()
        .trim()
        .min(1)
        .max(80)
        .regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
    }),
    output: z.object({ outcome: z.enum(['saved', 'printed', 'cancelled']) }),
    needsVault: false,
    runs: 'main',
  }),
};
