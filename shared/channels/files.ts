import { z } from 'zod';
import { channel } from '../channel';

/* Files the person chose to export, saved where they choose (a save dialog in the main process). */

/** The most characters one saved file may hold: the busiest chart's FHIR record is a few megabytes. */
export const SAVED_FILE_MAX_CHARACTERS = 20_000_000;

/** The kinds of file the window may save: a calendar, a patient's FHIR record. */
export const SAVED_FILE_TYPES = ['text/calendar', 'application/fhir+json'] as const;
export type SavedFileType = (typeof SAVED_FILE_TYPES)[number];

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
      content: z.string().max(SAVED_FILE_MAX_CHARACTERS),
      mimeType: z.enum(SAVED_FILE_TYPES),
    }),
    output: z.object({ outcome: z.enum(['saved', 'cancelled']) }),
    needsVault: true,
    runs: 'main',
  }),
};
