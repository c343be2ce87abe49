import { z } from 'zod';
import { singleLineString } from './input-safety';
import { timestampSchema } from './dates';

/*
 * Note templates the practice edits. A template is a list of sections, each with its fields; saving
 * an edit writes a new version and never changes an old one, so a note keeps the sections it was
 * written with. The five templates Alliance ships are version 1 of templates seeded by migration.
 */

export const TEMPLATE_LIMITS = { name: 80, description: 200, heading: 80, prompt: 300, sections: 30, label: 80 } as const;

export const TEMPLATE_MESSAGES = {
  name: 'Give the template a name',
  heading: 'Give every section a title',
  sections: 'A template needs at least one section',
  tooManySections: `At most ${TEMPLATE_LIMITS.sections} sections`,
  duplicateKey: 'Two fields share a key',
} as const;

/** A field's key: how its text is stored. Letters, digits, dots and dashes; never `__proto__`. */
export const noteFieldKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{0,63}$/, 'Not a field of this note');

export const NOTE_FIELD_KINDS = ['text', 'line', 'choice'] as const;

/** One field of a template. `line` is a single line; `choice` one of a few words; `text` a paragraph. */
export const noteFieldSchema = z.strictObject({
  key: noteFieldKeySchema,
  label: singleLineString().trim().min(1).max(TEMPLATE_LIMITS.label),
  kind: z.enum(NOTE_FIELD_KINDS),
  options: z.array(singleLineString().trim().min(1).max(40)).max(10).optional(),
  /** A prompt shown in the empty field. */
  hint: singleLineString().max(TEMPLATE_LIMITS.prompt).optional(),
});
export type NoteField = z.infer<typeof noteFieldSchema>;

/** A heading with its fields: the editor and the printed note group them so. */
export const noteSectionSchema = z.strictObject({
  heading: singleLineString().trim().min(1, TEMPLATE_MESSAGES.heading).max(TEMPLATE_LIMITS.heading),
  /** What to write here, shown under the heading of a section of several fields. */
  prompt: singleLineString().max(TEMPLATE_LIMITS.prompt).optional(),
  fields: z.array(noteFieldSchema).min(1).max(20),
});
export type NoteSection = z.infer<typeof noteSectionSchema>;

export const noteSectionsSchema = z
  .array(noteSectionSchema)
  .min(1, TEMPLATE_MESSAGES.sections)
  .max(TEMPLATE_LIMITS.sections, TEMPLATE_MESSAGES.tooManySections)
  .superRefine((sections, context) => {
    const keys = sections.flatMap((section) => section.fields.map((field) => field.key));
    if (new Set(keys).size !== keys.length) context.addIssue({ code: 'custom', message: TEMPLATE_MESSAGES.duplicateKey });
  });

export const templateNameSchema = singleLineString().trim().min(1, TEMPLATE_MESSAGES.name).max(TEMPLATE_LIMITS.name);
export const templateDescriptionSchema = singleLineString().trim().max(TEMPLATE_LIMITS.description);

/** A template id: the seeded ones are words (`soap`), the ones a practice adds are uuids. */
export const templateIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'There is no such template');

/** What a version of a template holds, and what a note renders with. */
export const templateDefinitionSchema = z.object({
  label: z.string(),
  description: z.string(),
  sections: z.array(noteSectionSchema),
});
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** One template as the practice sees it: its current version. */
export const noteTemplateSchema = templateDefinitionSchema.extend({
  id: templateIdSchema,
  version: z.number().int().positive(),
  archived: z.boolean(),
  updatedAt: timestampSchema,
});
export type NoteTemplateRecord = z.infer<typeof noteTemplateSchema>;

export const templateSaveInputSchema = z.strictObject({
  id: templateIdSchema,
  /** The version the edit started from: a save over a newer one answers CONFLICT. */
  baseVersion: z.number().int().positive(),
  label: templateNameSchema,
  description: templateDescriptionSchema,
  sections: noteSectionsSchema,
});
export type TemplateSaveInput = z.infer<typeof templateSaveInputSchema>;

/* A normal mental status examination, one sentence per domain, offered as editable defaults. */

export const MSE_DOMAINS = [
  { key: 'mse.appearance', domain: 'Appearance', normal: 'Appearance: well groomed, appropriately dressed, good eye contact.' },
  { key: 'mse.behaviour', domain: 'Behaviour', normal: 'Behaviour: calm and cooperative, no psychomotor agitation or retardation.' },
  { key: 'mse.speech', domain: 'Speech', normal: 'Speech: normal rate, rhythm and volume.' },
  { key: 'mse.mood', domain: 'Mood', normal: 'Mood: “okay”, euthymic.' },
  { key: 'mse.affect', domain: 'Affect', normal: 'Affect: full range, reactive, congruent with mood.' },
  { key: 'mse.thoughtProcess', domain: 'Thought process', normal: 'Thought process: linear and goal-directed.' },
  {
    key: 'mse.thoughtContent',
    domain: 'Thought content',
    normal: 'Thought content: no delusions, obsessions or preoccupations; no suicidal or homicidal ideation.',
  },
  { key: 'mse.perception', domain: 'Perception', normal: 'Perception: no hallucinations, not responding to internal stimuli.' },
  {
    key: 'mse.cognition',
    domain: 'Cognition',
    normal: 'Cognition: alert and oriented to person, place and time; attention and memory grossly intact.',
  },
  { key: 'mse.insight', domain: 'Insight', normal: 'Insight: good.' },
  { key: 'mse.judgement', domain: 'Judgement', normal: 'Judgement: good.' },
] as const;

const MSE_BY_KEY: ReadonlyMap<string, (typeof MSE_DOMAINS)[number]> = new Map(MSE_DOMAINS.map((domain) => [domain.key, domain]));

/** The normal wording for an MSE field, or undefined for any other field. */
export function normalMse(key: string): (typeof MSE_DOMAINS)[number] | undefined {
  return MSE_BY_KEY.get(key);
}

/** A section holds the MSE when any of its fields is one of the MSE domains. */
export function isMseSection(section: Pick<NoteSection, 'fields'>): boolean {
  return section.fields.some((field) => MSE_BY_KEY.has(field.key));
}

/* Names and credentials on a signature. */

/** Credentials a clinician may write after the name; matched case-insensitively, dots ignored. */
const CREDENTIALS = [
  'MD',
  'DO',
  'MBBS',
  'MBChB',
  'PhD',
  'PsyD',
  'FRCPC',
  'FRCPsych',
  'MRCPsych',
  'DNP',
  'PMHNP',
  'PMHNP-BC',
  'NP',
  'LCSW',
  'LMFT',
  'LPC',
  'RN',
  'MSc',
  'MA',
  'MS',
  'FAPA',
  'DFAPA',
];
const CREDENTIAL_SET: ReadonlySet<string> = new Set(CREDENTIALS.map((credential) => credential.replace(/\./g, '').toLowerCase()));

/**
 * The credentials typed at the end of a name ("Ana Reyes, MD" → "MD"), or null when there are none.
 * Only what follows the last comma and is known as a credential counts, so "Reyes, Ana" is a name.
 */
export function trailingCredentials(name: string): string | null {
  const comma = name.indexOf(',');
  if (comma < 0) return null;
  const tail = name.slice(comma + 1).trim();
  const parts = tail.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return null;
  return parts.every((part) => CREDENTIAL_SET.has(part.replace(/\./g, '').toLowerCase())) ? parts.join(', ') : null;
}
