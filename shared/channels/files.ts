import { z } from 'zod';
import { channel } from '../channel';

/* Files the person chose to export, saved where they choose (a save dialog in the main process). */

export const filesChannels = {
  /** Saves text the person chose to export where they choose (a save dialog); nothing is written elsewhere. */
  'files:save': channel({
    input: z.strictObject({
      suggestedFileName: z
        .string()
        .trim()
        .min(1)
        .max(80)
        .regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
      content: z.string().max(20_000_000),
      mimeType: z.enum(['text/calendar']),
    }),
    output: z.object({ outcome: z.enum(['saved', 'cancelled']) }),
    needsVault: true,
    runs: 'main',
  }),
};
