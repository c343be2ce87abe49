import { z } from 'zod';
import { occurrenceRefSchema } from '../appointment';
import { calendarDateSchema } from '../dates';
import {
  lastSignedNoteSchema,
  MAX_ADDENDUM_LENGTH,
  noteCreateInputSchema,
  noteFieldsSchema,
  noteSchema,
  noteSummarySchema,
  serviceDateSchema,
  signatureSchema,
} from '../note';
import {
  noteFieldKeySchema,
  noteTemplateSchema,
  templateCreateInputSchema,
  templateIdSchema,
  templateSaveInputSchema,
} from '../note-templates';
import { patientIdSchema } from '../patient';
import { channel, versionSchema, type Scope } from '../channel';

/* Session notes: drafts, signing, addenda. */

/** A note shows on the chart and its timeline, and search finds its words; every change is audited. */
const NOTE_CHANGES = ['notes', 'chart', 'search', 'audit'] as const satisfies readonly Scope[];

export const notesChannels = {
  /** The patient's notes, newest first by date of service, a page at a time. */
  'notes:list': channel({
    input: z.strictObject({
      patientId: patientIdSchema,
      limit: z.number().int().min(1).max(100).default(20),
      /** The last note of the page before: the next page starts after it. */
      after: z.strictObject({ serviceDate: calendarDateSchema, id: z.uuid() }).nullable().default(null),
    }),
    output: z.object({ notes: z.array(noteSummarySchema), more: z.boolean() }),
    needsVault: true,
  }),
  /** The whole note with its addenda. Reading a note is audited. */
  'notes:get': channel({ input: z.strictObject({ id: z.uuid() }), output: noteSchema, needsVault: true }),
  /** The note of a calendar session, if one was begun. */
  'notes:forSession': channel({
    input: z.strictObject({ ref: occurrenceRefSchema }),
    output: noteSummarySchema.nullable(),
    needsVault: true,
  }),
  /** The patient's latest signed note, offered in "New note" to copy forward. */
  'notes:lastSigned': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: lastSignedNoteSchema.nullable(),
    needsVault: true,
  }),
  /**
   * Begins a draft from a template's current version; a session has at most one note, and asking
   * again answers CONFLICT. With `copyFrom`, the draft begins with that signed note's fields, marked.
   */
  'notes:create': channel({
    input: noteCreateInputSchema,
    output: noteSchema,
    needsVault: true,
    changes: ['notes', 'chart', 'search', 'audit', 'calendar', 'appointments'],
  }),
  /** Saves a draft's fields; a signed note answers NOTE_SIGNED, a stale version CONFLICT. */
  'notes:saveDraft': channel({
    input: z.strictObject({
      id: z.uuid(),
      version: versionSchema,
      fields: noteFieldsSchema,
      serviceDate: serviceDateSchema,
      /** The copied-forward fields the editor still marks as copied (their sections unedited). */
      copiedKeys: z.array(noteFieldKeySchema).max(500).default([]),
    }),
    output: z.object({ version: z.number().int().positive(), updatedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
    changes: NOTE_CHANGES,
  }),
  /** Throws away a draft that was never signed; a signed note cannot be discarded. */
  'notes:discardDraft': channel({
    input: z.strictObject({ id: z.uuid(), version: versionSchema }),
    output: z.object({ discarded: z.literal(true) }),
    needsVault: true,
    changes: NOTE_CHANGES,
  }),
  /** Makes the note final. After this the database refuses every change to it; only addenda follow. */
  'notes:sign': channel({
    input: z.strictObject({ id: z.uuid(), version: versionSchema, signedBy: signatureSchema }),
    output: noteSchema,
    needsVault: true,
    changes: NOTE_CHANGES,
  }),
  /** A dated, signed addendum to a signed note; addenda too are final once written. */
  'notes:addAddendum': channel({
    input: z.strictObject({
      noteId: z.uuid(),
      text: z
        .string()
        .trim()
        .min(1, 'Write the addendum')
        .max(MAX_ADDENDUM_LENGTH, `At most ${MAX_ADDENDUM_LENGTH.toLocaleString('en')} characters`),
      signedBy: signatureSchema,
    }),
    output: noteSchema,
    needsVault: true,
    changes: NOTE_CHANGES,
  }),
  /** The practice's note templates at their current versions, archived ones last. */
  'notes:templates': channel({ input: z.strictObject({}), output: z.array(noteTemplateSchema), needsVault: true }),
  /**
   * Creates a template of the practice's own as version 1 under a new id, offered in "New note" at
   * once. Its name must differ from every template in use. Audited.
   */
  'notes:createTemplate': channel({
    input: templateCreateInputSchema,
    output: noteTemplateSchema,
    needsVault: true,
    changes: ['notes', 'audit'],
  }),
  /** Saves an edited template as its next version; notes already begun keep the version they had. Audited. */
  'notes:saveTemplate': channel({
    input: templateSaveInputSchema,
    output: noteTemplateSchema,
    needsVault: true,
    changes: ['notes', 'audit'],
  }),
  /** Archives a template (no longer offered for new notes; its notes keep it) or restores it. Audited. */
  'notes:archiveTemplate': channel({
    input: z.strictObject({ id: templateIdSchema, archived: z.boolean() }),
    output: noteTemplateSchema,
    needsVault: true,
    changes: ['notes', 'audit'],
  }),
  /** Records in the audit log that a signed note was printed or saved as a PDF. */
  'notes:printed': channel({
    input: z.strictObject({ id: z.uuid() }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
};
