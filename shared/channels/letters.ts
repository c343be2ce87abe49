import { z } from 'zod';
import { channel, versionSchema, type Scope } from '../channel';
import {
  letterAddendumInputSchema,
  letterCreateInputSchema,
  letterDraftInputSchema,
  letterListItemSchema,
  letterSchema,
  letterSendInputSchema,
  letterSignInputSchema,
  letterTemplateSaveInputSchema,
  letterTemplateSchema,
} from '../letters';
import { patientIdSchema } from '../patient';

/* Letters: from a template and the chart, edited, signed, amended, printed and sent. */

/** A letter shows in the chart's Documents tab; every change is audited. */
const LETTER_CHANGES = ['letters', 'audit'] as const satisfies readonly Scope[];

export const lettersChannels = {
  /** The patient's letters, drafts and signed, newest first. */
  'letters:list': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.array(letterListItemSchema),
    needsVault: true,
  }),
  /** The whole letter with its addenda and sendings. Reading it is audited. */
  'letters:get': channel({ input: z.strictObject({ id: z.uuid() }), output: letterSchema, needsVault: true }),
  /**
   * Begins a letter from its kind's current template, pre-filled from the chart: to the patient, or to
   * the recipient of a consent in force, with only the parts that consent covers.
   */
  'letters:create': channel({ input: letterCreateInputSchema, output: letterSchema, needsVault: true, changes: LETTER_CHANGES }),
  /** Saves a draft's sections as edited; a signed letter answers NOTE_SIGNED, a stale version CONFLICT. */
  'letters:saveDraft': channel({
    input: letterDraftInputSchema,
    output: z.object({ version: z.number().int().positive(), updatedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
    changes: LETTER_CHANGES,
  }),
  /** Throws away a draft that was never signed. */
  'letters:discardDraft': channel({
    input: z.strictObject({ id: z.uuid(), version: versionSchema }),
    output: z.object({ discarded: z.literal(true) }),
    needsVault: true,
    changes: LETTER_CHANGES,
  }),
  /** Makes the letter final; the database refuses every change after it, and only addenda follow. */
  'letters:sign': channel({ input: letterSignInputSchema, output: letterSchema, needsVault: true, changes: LETTER_CHANGES }),
  /** A dated, signed addendum to a signed letter. */
  'letters:addAddendum': channel({ input: letterAddendumInputSchema, output: letterSchema, needsVault: true, changes: LETTER_CHANGES }),
  /** Records in the audit log that a signed letter was printed or saved as a PDF. */
  'letters:printed': channel({
    input: z.strictObject({ id: z.uuid() }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
  /**
   * Marks a signed letter sent (or printed) for its recipient, and records the disclosure in the same
   * transaction: under the consent it was written to, which must still be in force and cover what it
   * carries, or under an exception with its reason. Refused, and nothing written, otherwise. A letter
   * to the patient is no disclosure.
   */
  'letters:send': channel({
    input: letterSendInputSchema,
    output: letterSchema,
    needsVault: true,
    changes: ['letters', 'disclosures', 'audit'],
  }),
  /** The practice's letter templates at their current versions. */
  'letters:templates': channel({ input: z.strictObject({}), output: z.array(letterTemplateSchema), needsVault: true }),
  /** Saves an edited letter template as its next version; letters begun keep theirs. Audited. */
  'letters:saveTemplate': channel({
    input: letterTemplateSaveInputSchema,
    output: letterTemplateSchema,
    needsVault: true,
    changes: LETTER_CHANGES,
  }),
};
