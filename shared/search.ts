import { z } from 'zod';
import { calendarDateSchema } from './dates';
import { patientIdSchema } from './patient';

/** What a search matched; a patient found several ways is listed once, by the first of these. */
export const SEARCH_MATCHES = ['name', 'preferred name', 'chart number', 'date of birth', 'phone', 'plan', 'safety plan', 'note'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/**
 * A run of a note's text around the words found: plain text in parts, each part marked as a match
 * or not, so the window shows the marks without ever treating the text as HTML.
 */
/** Where in the treatment plan a search found its words; the safety plan opens through renderer/components/safetyPlan.ts. */
export const PLAN_SECTIONS = ['plan', 'safety-plan'] as const;

export const snippetSchema = z.array(z.object({ text: z.string(), match: z.boolean() }));
export type Snippet = z.infer<typeof snippetSchema>;

export const searchResultSchema = z.object({
  patientId: patientIdSchema,
  /** "Family, Given (Preferred)". */
  name: z.string(),
  chartNumber: z.number().int(),
  dateOfBirth: calendarDateSchema,
  archived: z.boolean(),
  matchedOn: z.enum(SEARCH_MATCHES),
  /** For a match in a note: which note, when, and the words around the match. */
  note: z.object({ noteId: z.uuid(), serviceDate: calendarDateSchema, snippet: snippetSchema }).nullable(),
  /** For a match in the treatment plan (its latest version): the plan itself or its safety plan, and the words around the match. */
  plan: z.object({ section: z.enum(PLAN_SECTIONS), snippet: snippetSchema }).nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchQuerySchema = z.strictObject({
  text: z.string().max(200, 'At most 200 characters'),
  limit: z.number().int().min(1).max(50).default(12),
});

/**
 * The words of a query as the index holds them: letters and digits, lower case, accents kept for
 * the index to fold. "O'Brien 12/06/1984" → ["o", "brien", "12", "06", "1984"].
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 12);
}
