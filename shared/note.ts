import { z } from 'zod';
import { appointmentKindSchema, instantSchema, occurrenceRefSchema } from './appointment';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import {
  noteFieldKeySchema,
  templateDefinitionSchema,
  templateIdSchema,
  trailingCredentials,
  type NoteField,
  type NoteSection,
  type TemplateDefinition,
} from './note-templates';
import { patientIdSchema } from './patient';

export type { NoteField, NoteSection, TemplateDefinition } from './note-templates';

/*
 * Session notes. A note is written from a version of a template (shared/note-templates.ts): a list of
 * fields, each kept as plain text under its key. A draft saves itself as the clinician types; signing
 * makes it final (the database itself then refuses to change it), after which it only gains dated
 * addenda.
 */

/** The templates Alliance ships: seeded by migration as version 1 of the practice's templates. */
export const NOTE_TEMPLATES = ['psychiatric-follow-up', 'intake', 'soap', 'dap', 'free-text'] as const;
export const noteTemplateSchema = z.enum(NOTE_TEMPLATES);
export type NoteTemplate = z.infer<typeof noteTemplateSchema>;

export type NoteTemplateDefinition = TemplateDefinition & { template: NoteTemplate };

const MENTAL_STATUS: NoteSection = {
  heading: 'Mental status examination',
  fields: [
    { key: 'mse.appearance', label: 'Appearance', kind: 'line', hint: 'Grooming, dress, eye contact' },
    { key: 'mse.behaviour', label: 'Behaviour', kind: 'line', hint: 'Psychomotor activity, rapport' },
    { key: 'mse.speech', label: 'Speech', kind: 'line', hint: 'Rate, volume, tone' },
    { key: 'mse.mood', label: 'Mood (in the patient’s words)', kind: 'line' },
    { key: 'mse.affect', label: 'Affect', kind: 'line', hint: 'Range, congruence, reactivity' },
    { key: 'mse.thoughtProcess', label: 'Thought process', kind: 'line' },
    { key: 'mse.thoughtContent', label: 'Thought content', kind: 'line', hint: 'Preoccupations, obsessions, delusions' },
    { key: 'mse.perception', label: 'Perception', kind: 'line', hint: 'Hallucinations' },
    { key: 'mse.cognition', label: 'Cognition', kind: 'line', hint: 'Orientation, attention, memory' },
    { key: 'mse.insight', label: 'Insight', kind: 'line' },
    { key: 'mse.judgement', label: 'Judgement', kind: 'line' },
  ],
};

const RISK: NoteSection = {
  heading: 'Risk assessment',
  fields: [
    { key: 'risk.suicide', label: 'Suicidal ideation, intent, plan', kind: 'text' },
    { key: 'risk.harmToOthers', label: 'Thoughts of harming others', kind: 'line' },
    { key: 'risk.selfHarm', label: 'Self-harm', kind: 'line' },
    { key: 'risk.protectiveFactors', label: 'Protective factors', kind: 'line' },
    { key: 'risk.level', label: 'Overall risk', kind: 'choice', options: ['Low', 'Moderate', 'High', 'Imminent'] },
  ],
};

/**
 * Version 1 of the seeded templates, exactly as migration 0011 writes them. Never edit a field key or
 * a label here: notes signed with version 1 are hashed over these words. The practice changes its
 * templates in Settings, which writes new versions.
 */
export const NOTE_TEMPLATE_DEFINITIONS: Record<NoteTemplate, NoteTemplateDefinition> = {
  'psychiatric-follow-up': {
    template: 'psychiatric-follow-up',
    label: 'Psychiatric follow-up',
    description: 'Interval history, mental status, risk, assessment and plan with medication changes.',
    sections: [
      {
        heading: 'Interval history',
        fields: [
          {
            key: 'intervalHistory',
            label: 'Interval history',
            kind: 'text',
            hint: 'Since the last visit: symptoms, events, adherence, side effects',
          },
        ],
      },
      MENTAL_STATUS,
      RISK,
      { heading: 'Assessment', fields: [{ key: 'assessment', label: 'Assessment', kind: 'text' }] },
      {
        heading: 'Plan',
        fields: [
          { key: 'plan', label: 'Plan', kind: 'text', hint: 'Therapy, investigations, referrals, next visit' },
          { key: 'medicationChanges', label: 'Medication changes', kind: 'text', hint: 'Started, changed or stopped today, and why' },
        ],
      },
    ],
  },
  intake: {
    template: 'intake',
    label: 'Intake evaluation',
    description: 'The first assessment: history, mental status, risk, formulation and plan.',
    sections: [
      {
        heading: 'Presenting concerns',
        fields: [
          { key: 'reasonForReferral', label: 'Reason for referral, in the patient’s words', kind: 'text' },
          { key: 'presentIllness', label: 'History of present illness', kind: 'text' },
        ],
      },
      {
        heading: 'History',
        fields: [
          {
            key: 'psychiatricHistory',
            label: 'Past psychiatric history',
            kind: 'text',
            hint: 'Diagnoses, admissions, treatments and how they helped',
          },
          { key: 'substanceUse', label: 'Substance use', kind: 'text' },
          { key: 'medicalHistory', label: 'Medical history and current medications', kind: 'text' },
          { key: 'familyHistory', label: 'Family history', kind: 'text' },
          { key: 'socialHistory', label: 'Social and developmental history', kind: 'text' },
        ],
      },
      MENTAL_STATUS,
      RISK,
      {
        heading: 'Formulation and plan',
        fields: [
          { key: 'formulation', label: 'Assessment and formulation', kind: 'text' },
          { key: 'plan', label: 'Plan', kind: 'text' },
        ],
      },
    ],
  },
  soap: {
    template: 'soap',
    label: 'SOAP',
    description: 'Subjective, objective, assessment, plan.',
    sections: [
      { heading: 'Subjective', fields: [{ key: 'subjective', label: 'Subjective', kind: 'text' }] },
      { heading: 'Objective', fields: [{ key: 'objective', label: 'Objective', kind: 'text' }] },
      { heading: 'Assessment', fields: [{ key: 'assessment', label: 'Assessment', kind: 'text' }] },
      { heading: 'Plan', fields: [{ key: 'plan', label: 'Plan', kind: 'text' }] },
    ],
  },
  dap: {
    template: 'dap',
    label: 'DAP',
    description: 'Data, assessment, plan.',
    sections: [
      { heading: 'Data', fields: [{ key: 'data', label: 'Data', kind: 'text' }] },
      { heading: 'Assessment', fields: [{ key: 'assessment', label: 'Assessment', kind: 'text' }] },
      { heading: 'Plan', fields: [{ key: 'plan', label: 'Plan', kind: 'text' }] },
    ],
  },
  'free-text': {
    template: 'free-text',
    label: 'Free text',
    description: 'A note in your own structure.',
    sections: [{ heading: 'Note', fields: [{ key: 'text', label: 'Note', kind: 'text' }] }],
  },
};

export function templateFields(definition: Pick<TemplateDefinition, 'sections'>): NoteField[] {
  return definition.sections.flatMap((section) => section.fields);
}

/** The most a single field may hold: a long intake history, with room to spare. */
export const MAX_FIELD_LENGTH = 50_000;
export const MAX_ADDENDUM_LENGTH = 20_000;

/**
 * Keys that are a single line in every shipped template that has them. A key keeps its kind in every
 * later version (Settings edits titles, prompts and order, never a field's kind), so the schema can
 * refuse a line break in them before the note is known; the repository checks every field's kind.
 */
const SINGLE_LINE_FIELD_KEYS: ReadonlySet<string> = new Set(
  NOTE_TEMPLATES.flatMap((template) => templateFields(NOTE_TEMPLATE_DEFINITIONS[template]))
    .filter((field) => field.kind !== 'text')
    .map((field) => field.key),
);

const fieldLimit = `A field holds at most ${MAX_FIELD_LENGTH.toLocaleString('en')} characters`;

/**
 * A draft's fields by key. Which keys a note has is its template version's to say, and is checked
 * where the note is known. Keys are words, never a name of Object.prototype; `__proto__`, which zod
 * drops from a record without a word, is refused before the record is read.
 */
export const noteFieldsSchema = z
  .custom<Record<string, unknown>>(
    (value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'),
    'Not a field of this note',
  )
  .pipe(z.record(noteFieldKeySchema, z.string().max(MAX_FIELD_LENGTH, fieldLimit)))
  .superRefine((fields, context) => {
    for (const [key, text] of Object.entries(fields))
      if (SINGLE_LINE_FIELD_KEYS.has(key) && !singleLineString().safeParse(text).success)
        context.addIssue({ code: 'custom', path: [key], message: 'A single line, without line breaks' });
  })
  .transform((fields): Record<string, string> => ({ ...fields }));
export type NoteFields = z.infer<typeof noteFieldsSchema>;

/** The keys of `fields` that the template version does not have, for a clear refusal. */
export function unknownFields(definition: Pick<TemplateDefinition, 'sections'>, fields: NoteFields): string[] {
  const known = new Set(templateFields(definition).map((field) => field.key));
  return Object.keys(fields).filter((key) => !known.has(key));
}

/** A choice field holds one of its options or nothing. */
export function invalidChoices(definition: Pick<TemplateDefinition, 'sections'>, fields: NoteFields): string[] {
  return templateFields(definition)
    .filter((field) => field.kind === 'choice' && (fields[field.key] ?? '') !== '' && !field.options?.includes(fields[field.key] ?? ''))
    .map((field) => field.key);
}

/** A `line` or `choice` field stays on one line; a paragraph keeps its tabs and line breaks exactly. */
export function brokenLines(definition: Pick<TemplateDefinition, 'sections'>, fields: NoteFields): string[] {
  const singleLine = singleLineString();
  return templateFields(definition)
    .filter((field) => field.kind !== 'text' && fields[field.key] !== undefined && !singleLine.safeParse(fields[field.key]).success)
    .map((field) => field.key);
}

export const serviceDateSchema = calendarDateSchema.refine(
  (date) => date >= '1900-01-01' && date <= localToday(),
  'The date of service must be today or earlier',
);

export const NOTE_STATUSES = ['draft', 'signed'] as const;

/** The session a note belongs to, as the chart shows it. */
export const noteSessionSchema = z.object({
  appointmentId: z.uuid(),
  start: instantSchema,
  end: instantSchema,
  kind: appointmentKindSchema,
});
export type NoteSession = z.infer<typeof noteSessionSchema>;

export const addendumSchema = z.object({
  id: z.uuid(),
  noteId: z.uuid(),
  text: z.string(),
  createdAt: timestampSchema,
  signedBy: z.string(),
});
export type Addendum = z.infer<typeof addendumSchema>;

/** The signed note a draft was copied forward from. */
export const copiedFromSchema = z.object({ noteId: z.uuid(), serviceDate: calendarDateSchema });

/**
 * A draft kept from a concurrent edit on another device (docs/sync.md, Merge): the draft it was
 * edited beside, and the name of the device it was written on.
 */
export const forkedFromSchema = z.object({ noteId: z.uuid(), device: z.string() });

export const noteSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  template: templateIdSchema,
  /** The version of the template the note was begun with; it always renders with that version. */
  templateVersion: z.number().int().positive(),
  /** That version's name and sections. */
  definition: templateDefinitionSchema,
  serviceDate: calendarDateSchema,
  session: noteSessionSchema.nullable(),
  fields: z.record(z.string(), z.string()),
  status: z.enum(NOTE_STATUSES),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  signedAt: timestampSchema.nullable(),
  /** The name (and credentials) of who signed, as it stood when they signed. */
  signedBy: z.string().nullable(),
  /** SHA-256 of the signed text, so a printed note can be matched to the record. */
  contentHash: z.string().nullable(),
  addenda: z.array(addendumSchema),
  version: z.number().int().positive(),
  copiedFrom: copiedFromSchema.nullable(),
  /** Fields still exactly as copied forward: their sections are marked until edited. */
  copiedKeys: z.array(z.string()),
  forkedFrom: forkedFromSchema.nullable(),
});
export type Note = z.infer<typeof noteSchema>;

export const noteSummarySchema = noteSchema
  .pick({
    id: true,
    patientId: true,
    template: true,
    serviceDate: true,
    session: true,
    status: true,
    updatedAt: true,
    signedAt: true,
    signedBy: true,
    forkedFrom: true,
  })
  .extend({
    /** The first words of the note, for the list. */
    preview: z.string(),
    addendumCount: z.number().int(),
    /** The name of the template version the note was written with. */
    templateName: z.string(),
  });
export type NoteSummary = z.infer<typeof noteSummarySchema>;

export const SIGNER_LIMITS = { name: 120, credentials: 60 } as const;

export const SIGNER_MESSAGES = {
  name: 'Enter the name to sign with',
  nameLength: `At most ${SIGNER_LIMITS.name} characters`,
  credentialsInName: (credentials: string) => `Write only your name here: put “${credentials}” in Credentials, or it is printed twice.`,
  credentialsLength: `At most ${SIGNER_LIMITS.credentials} characters`,
  twice: (credentials: string) => `“${credentials}” is written twice in this signature.`,
} as const;

/** A name with credentials typed after it ("…, MD") is refused: with the credentials added, they would print twice. */
export function noCredentialsInName(name: string, context: z.RefinementCtx): void {
  const credentials = trailingCredentials(name);
  if (credentials !== null) context.addIssue({ code: 'custom', message: SIGNER_MESSAGES.credentialsInName(credentials) });
}

/** The signer's name alone, as the sign dialog and Settings take it. */
export const signedByNameSchema = singleLineString()
  .trim()
  .min(2, SIGNER_MESSAGES.name)
  .max(SIGNER_LIMITS.name, SIGNER_MESSAGES.nameLength)
  .superRefine(noCredentialsInName);

export const signerCredentialsSchema = singleLineString().trim().max(SIGNER_LIMITS.credentials, SIGNER_MESSAGES.credentialsLength);

/** "Name, credentials" as it goes on a note. */
export function composeSignature(name: string, credentials: string): string {
  return credentials.trim() === '' ? name.trim() : `${name.trim()}, ${credentials.trim()}`;
}

/**
 * The signature a note keeps: a name, then its credentials once. "Ana Reyes, MD, MD" is refused: it
 * is what a name typed with its credentials becomes when the credentials are added again.
 */
export const signatureSchema = singleLineString()
  .trim()
  .min(2, SIGNER_MESSAGES.name)
  .max(SIGNER_LIMITS.name + SIGNER_LIMITS.credentials + 2, SIGNER_MESSAGES.nameLength)
  .superRefine((signature, context) => {
    const parts = signature.split(',').map((part) => part.trim().replace(/\./g, '').toLowerCase());
    const credentials = parts.slice(1).filter((part) => trailingCredentials(`x, ${part}`) !== null);
    const twice = credentials.find((part, index) => credentials.indexOf(part) !== index);
    if (twice !== undefined) context.addIssue({ code: 'custom', message: SIGNER_MESSAGES.twice(twice.toUpperCase()) });
  });

/**
 * The text of a note that its signature covers: every field in the template's order, labelled, then
 * nothing else. Its SHA-256 is kept with the signature.
 */
export function signedText(note: { template: string; serviceDate: string; fields: NoteFields; definition?: TemplateDefinition }): string {
  const definition = note.definition ?? NOTE_TEMPLATE_DEFINITIONS[noteTemplateSchema.parse(note.template)];
  const lines = [`${definition.label} — ${note.serviceDate}`];
  for (const section of definition.sections) {
    const filled = section.fields.filter((field) => (note.fields[field.key] ?? '').trim() !== '');
    if (filled.length === 0) continue;
    lines.push('', section.heading);
    for (const field of filled)
      lines.push(field.label === section.heading ? (note.fields[field.key] ?? '') : `${field.label}: ${note.fields[field.key] ?? ''}`);
  }
  return lines.join('\n');
}

/** True when no field holds anything but spaces: such a note cannot be signed. */
export function isEmptyNote(fields: NoteFields): boolean {
  return Object.values(fields).every((value) => value.trim() === '');
}

export const noteCreateInputSchema = z.strictObject({
  patientId: patientIdSchema,
  /** Begun with the template's current version. */
  template: templateIdSchema,
  /** The calendar session it records; null for a note outside a session (a phone call, a letter). */
  session: occurrenceRefSchema.nullable(),
  /** Defaults to the session's day, else today. */
  serviceDate: serviceDateSchema.nullable(),
  /** A signed note of the patient whose fields the draft begins with, marked as copied. */
  copyFrom: z.uuid().nullable().default(null),
});

/** The patient's latest signed note, offered to copy forward. */
export const lastSignedNoteSchema = z.object({
  id: z.uuid(),
  serviceDate: calendarDateSchema,
  template: templateIdSchema,
  templateName: z.string(),
});
