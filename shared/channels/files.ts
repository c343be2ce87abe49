import { z } from 'zod';
import { channel } from '../channel';

/* Files the person chose to export, saved where they choose (a save dialog in the main process). */

/** The most characters one saved file may hold: the busiest chart's FHIR record is a few megabytes. */
export const SAVED_FILE_MAX_CHARACTERS = 20_000_000;

/** The kinds of file the window may save: a calendar, a patient's FHIR record, a patient's record as a PDF. */
export const SAVED_FILE_TYPES = ['text/calendar', 'application/fhir+json', 'application/pdf'] as const;

/** Kinds whose bytes are not text: their content crosses as base64 and is written decoded. */
export const BINARY_FILE_TYPES: ReadonlySet<SavedFileType> = new Set(['application/pdf']);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export type SavedFileType = (typeof SAVED_FILE_TYPES)[number];

export const filesChannels = {
  /** Saves text the person chose to export where they choose (a save dialog); nothing is written elsewhere. */
  'files:save': channel({
    input: z
      .strictObject({
        suggestedFileName: z
          .string()
          .trim()
          .min(1)
          .max(80)
          .regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
        content: z.string().max(SAVED_FILE_MAX_CHARACTERS),
        mimeType: z.enum(SAVED_FILE_TYPES),
      })
      .refine(({ content, mimeType }) => !BINARY_FILE_TYPES.has(mimeType) || BASE64.test(content), {
        message: 'A PDF is sent as base64',
        path: ['content'],
      }),
    output: z.object({ outcome: z.enum(['saved', 'cancelled']) }),
    needsVault: true,
    runs: 'main',
  }),
};
