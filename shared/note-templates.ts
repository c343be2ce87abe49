import { z } from 'zod';
import { singleLineString } from './input-safety';
import { timestampSchema } from './dates';

/*
 * Note templates the practice edits. A template is a list of sections, each with its fields; saving
 * an edit writes a new version and never changes an old one, so a note keeps the sections it was
 * written with. The five templates Alliance ships are version 1 of templates seeded by migration.
 */

/** A practice's words inside a message of the app's: isolated (FSI … PDI), so their direction never spills into the sentence. */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

export const TEMPLATE_LIMITS = { name: 80, description: 200, heading: 80, prompt: 300, sections: 30, label: 80 } as const;

export const TEMPLATE_MESSAGES = {
  name: 'Give the template a name',
  nameLength: `At most ${TEMPLATE_LIMITS.name} characters`,
  descriptionLength: `At most ${TEMPLATE_LIMITS.description} characters`,
  /** Two templates offered under one name could not be told apart in New note. */
  duplicateName: (name: string) =>
    `There is already a template named “${isolated(name)}”. Give this one another name, or archive that one first.`,
  restoreDuplicate: (name: string) =>
    `A template in use is already named “${isolated(name)}”. Rename one of them before restoring this one, so New note can tell them apart.`,
  heading: 'Give every section a title',
  sections: 'A template needs at least one section',
  tooManySections: `At most ${TEMPLATE_LIMITS.sections} sections`,
  duplicateKey: 'Two fields share a key',
} as const;

/** A field's key: how its text is stored. Letters, digits, dots and dashes; never `__proto__`. */
const OBJECT_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
export const noteFieldKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9.-]{0,63}$/, 'Not a field of this note')
  .refine((key) => !OBJECT_KEYS.has(key), 'Not a field of this note');

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

export const templateNameSchema = singleLineString()
  .trim()
  .min(1, TEMPLATE_MESSAGES.name)
  .max(TEMPLATE_LIMITS.name, TEMPLATE_MESSAGES.nameLength);
export const templateDescriptionSchema = singleLineString().trim().max(TEMPLATE_LIMITS.description, TEMPLATE_MESSAGES.descriptionLength);

/** A name as two templates are told apart: letters' case, accents' encoding and runs of spaces aside. */
function comparableName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** The template in use (not archived) that `name` would be confused with, other than `exceptId` itself. */
export function sameNamedTemplate<T extends { id: string; label: string; archived: boolean }>(
  name: string,
  templates: readonly T[],
  exceptId: string | null = null,
): T | undefined {
  const wanted = comparableName(name);
  return templates.find((template) => !template.archived && template.id !== exceptId && comparableName(template.label) === wanted);
}

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

/** A new template: it becomes version 1 of a template of its own, under a new id. */
export const templateCreateInputSchema = templateSaveInputSchema.omit({ id: true, baseVersion: true });
export type TemplateCreateInput = z.infer<typeof templateCreateInputSchema>;

/* A normal mental status examination, one phrase per domain, offered as editable defaults. */

export const MSE_DOMAINS = [
  { key: 'mse.appearance', domain: 'Appearance', normal: 'well groomed, appropriately dressed, good eye contact.' },
  { key: 'mse.behaviour', domain: 'Behaviour', normal: 'calm and cooperative, no psychomotor agitation or retardation.' },
  { key: 'mse.speech', domain: 'Speech', normal: 'normal rate, rhythm and volume.' },
  { key: 'mse.mood', domain: 'Mood', normal: '“okay”; euthymic.' },
  { key: 'mse.affect', domain: 'Affect', normal: 'full range, reactive, congruent with mood.' },
  { key: 'mse.thoughtProcess', domain: 'Thought process', normal: 'linear and goal-directed.' },
  { key: 'mse.thoughtContent', domain: 'Thought content', normal: 'no delusions, obsessions or preoccupations.' },
  { key: 'mse.perception', domain: 'Perception', normal: 'no hallucinations; not responding to internal stimuli.' },
  { key: 'mse.cognition', domain: 'Cognition', normal: 'alert, oriented to person, place and time; attention and memory grossly intact.' },
  { key: 'mse.insight', domain: 'Insight', normal: 'good.' },
  { key: 'mse.judgement', domain: 'Judgement', normal: 'good.' },
] as const;
export type MseDomain = (typeof MSE_DOMAINS)[number];

/** The normal wording as a field of its own holds it: "Normal rate, rhythm and volume." */
export function normalMseValue(domain: MseDomain): string {
  return domain.normal.charAt(0).toUpperCase() + domain.normal.slice(1);
}

/** The normal wording as a sentence of a paragraph: "Speech: normal rate, rhythm and volume." */
export function normalMseSentence(domain: MseDomain): string {
  return `${domain.domain}: ${domain.normal}`;
}

const MSE_KEYS: ReadonlySet<string> = new Set(MSE_DOMAINS.map((domain) => domain.key));

/**
 * Where a section takes the normal MSE: into its own field per domain (the shipped templates), into
 * its one paragraph as a sentence per domain (a practice's "Mental status" section), or not at all.
 */
export function mseTarget(section: Pick<NoteSection, 'heading' | 'fields'>): 'fields' | 'paragraph' | null {
  if (section.fields.some((field) => MSE_KEYS.has(field.key))) return 'fields';
  const [only] = section.fields;
  if (section.fields.length === 1 && only?.kind === 'text' && /mental status|\bMSE\b/i.test(section.heading)) return 'paragraph';
  return null;
}

/** A paragraph with the normal sentence for `domain`, replacing that domain's sentence if there is one. */
export function withNormalSentence(paragraph: string, domain: MseDomain): string {
  const sentence = normalMseSentence(domain);
  const lines = paragraph === '' ? [] : paragraph.split('\n');
  const at = lines.findIndex((line) => line.trimStart().toLowerCase().startsWith(`${domain.domain.toLowerCase()}:`));
  if (at >= 0) lines[at] = sentence;
  else lines.push(sentence);
  return lines.join('\n');
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
