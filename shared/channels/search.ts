import { z } from 'zod';
import { searchQuerySchema, searchResultSchema } from '../search';
import { channel } from '../channel';

/* Ctrl/Cmd+K: patients by name, date of birth, phone or words of their notes. */

export const searchChannels = {
  /** Patients by name, preferred name, chart number, date of birth, phone, or words in their notes. */
  'search:query': channel({ input: searchQuerySchema, output: z.array(searchResultSchema), needsVault: true }),
};
