import { z } from 'zod';
import { appointmentKindSchema, instantSchema, occurrenceRefSchema } from './appointment';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/*
 * Session notes. A note is written from a template: a list of fields, each kept as plain text under
 * its key. A draft saves itself as the clinician types; signing makes it final (the database itself
 * then refuses to change it), after which it only gains dated addenda.
 */

export const NOTE_TEMPLATES = ['psychiatric-follow-up', 'intake', 'soap', 'dap', 'free-text'] as const;
export const noteTemplateSchema = z.enum(NOTE_TEMPLATES);
export type NoteTemplate = z.infer<typeof noteTemplateSchema>;

/** One field of a template. `line` is a single line; `choice` one of a few words; `text` a paragraph. */
export type NoteField = {
  key: string;
  label: string;
  kind: 'text' | 'line' | 'choice';
  options?: readonly string[];
  /** A prompt shown in the empty field. */
  hint?: string;
};

/** A heading with its fields: the editor and the printed note group them so. */
export type NoteSection = { heading: string; fields: readonly NoteField[] };

export type NoteTemplateDefinition = { template: NoteTemplate; label: string; description: string; sections: readonly NoteSection[] };

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

export function templateFields(template: NoteTemplate): NoteField[] {
  return NOTE_TEMPLATE_DEFINITIONS[template].sections.flatMap((section) => section.fields);
}

/** The most a single field may hold: a long intake history, with room to spare. */
export const MAX_FIELD_LENGTH = 50_000;
export const MAX_ADDENDUM_LENGTH = 20_000;

/** Every field key any template has. */
export const NOTE_FIELD_KEYS = [...new Set(NOTE_TEMPLATES.flatMap((template) => templateFields(template).map((field) => field.key)))] as [
  string,
  ...string[],
];

/** Keys that are a single line (or one of a few words) in every template that has them. */
const SINGLE_LINE_FIELD_KEYS: ReadonlySet<string> = new Set(
  NOTE_FIELD_KEYS.filter((key) =>
    NOTE_TEMPLATES.every((template) => templateFields(template).every((field) => field.key !== key || field.kind !== 'text')),
  ),
);

const fieldLimit = `A field holds at most ${MAX_FIELD_LENGTH.toLocaleString('en')} characters`;

/**
 * A draft's fields by key: keys of some template and nothing else. A strict object rather than a
 * record, because zod drops a record's `__proto__` key without a word where this refuses it. Which
 * template allows which key is checked where the note is known. A `line` field stays on one line; a
 * paragraph keeps its tabs and line breaks exactly.
 */
export const noteFieldsSchema = z
  .strictObject(
    Object.fromEntries(
      NOTE_FIELD_KEYS.map((key) => [
        key,
        (SINGLE_LINE_FIELD_KEYS.has(key) ? singleLineString() : z.string()).max(MAX_FIELD_LENGTH, fieldLimit).optional(),
      ]),
    ),
  )
  .transform((fields): Record<string, string> =>
    Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  );
export type NoteFields = z.infer<typeof noteFieldsSchema>;

/** The keys of `fields` that `template` does not have, for a clear refusal. */
export function unknownFields(template: NoteTemplate, fields: NoteFields): string[] {
  const known = new Set(templateFields(template).map((field) => field.key));
  return Object.keys(fields).filter((key) => !known.has(key));
}

/** A choice field holds one of its options or nothing. */
export function invalidChoices(template: NoteTemplate, fields: NoteFields): string[] {
  return templateFields(template)
    .filter((field) => field.kind === 'choice' && (fields[field.key] ?? '') !== '' && !field.options?.includes(fields[field.key] ?? ''))
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

export const noteSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  template: noteTemplateSchema,
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
  })
  .extend({
    /** The first words of the note, for the list. */
    preview: z.string(),
    addendumCount: z.number().int(),
  });
export type NoteSummary = z.infer<typeof noteSummarySchema>;

export const signedByNameSchema = singleLineString().trim().min(2, 'Enter the name to sign with').max(120, 'At most 120 characters');

/**
 * The text of a note that its signature covers: every field in the template's order, labelled, then
 * nothing else. Its SHA-256 is kept with the signature.
 */
export function signedText(note: Pick<Note, 'template' | 'serviceDate' | 'fields'>): string {
  const lines = [`${NOTE_TEMPLATE_DEFINITIONS[note.template].label} — ${note.serviceDate}`];
  for (const section of NOTE_TEMPLATE_DEFINITIONS[note.template].sections) {
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
  template: noteTemplateSchema,
  /** The calendar session it records; null for a note outside a session (a phone call, a letter). */
  session: occurrenceRefSchema.nullable(),
  /** Defaults to the session's day, else today. */
  serviceDate: serviceDateSchema.nullable(),
});
