import { z } from 'zod';
import { calendarDateSchema, timestampSchema } from './dates';
import { patientIdSchema } from './patient';

/*
 * Consents to share (releases of information) and the accounting of disclosures. Confidentiality is
 * the boundary the psychiatrist keeps: nothing about a patient leaves the practice for anyone but the
 * patient without an active consent that covers what is sent, or a stated exception with its reason.
 * A consent names who may receive what, for which purpose, from and until when, and how it was
 * given; it is revoked, never edited. Each disclosure is kept: date, recipient, what, and under which
 * consent or exception, so the patient can be given the accounting on request.
 */

/** The parts of the record a consent may cover, and that anything sent is made of. */
export const RECORD_PARTS = ['diagnoses', 'medications', 'notes', 'plan', 'measures'] as const;
export const recordPartSchema = z.enum(RECORD_PARTS);
export type RecordPart = z.infer<typeof recordPartSchema>;
export const RECORD_PART_LABELS: Record<RecordPart, string> = {
  diagnoses: 'Diagnoses',
  medications: 'Medications',
  notes: 'Session notes',
  plan: 'Treatment plan',
  measures: 'Measures (PHQ-9, GAD-7 and others)',
};

export const CONSENT_FORMS = ['signed-form', 'verbal', 'written'] as const;
export const consentFormSchema = z.enum(CONSENT_FORMS);
export type ConsentForm = z.infer<typeof consentFormSchema>;
export const CONSENT_FORM_LABELS: Record<ConsentForm, string> = {
  'signed-form': 'Signed consent form',
  verbal: 'Verbally, in session',
  written: 'In writing (letter or message)',
};

/** Days before its end date that a consent shows as expiring. */
export const CONSENT_EXPIRING_DAYS = 30;

export const CONSENT_LIMITS = {
  recipientName: 200,
  recipientRole: 200,
  recipientContact: 500,
  purpose: 1_000,
  revocationReason: 1_000,
} as const;

export const CONSENT_MESSAGES = {
  recipientName: 'Name who may receive the information',
  parts: 'Choose at least one part of the record',
  purpose: 'Say what the information is for',
  until: 'The end date must be on or after the start date',
} as const;

const trimmed = (max: number, required?: string) => {
  const text = z
    .string()
    .trim()
    .max(max, `At most ${max.toLocaleString('en')} characters`);
  return required ? text.min(1, required) : text;
};

export const consentRecipientSchema = z.strictObject({
  /** The person or organisation, e.g. "Dr Amira Haddad". */
  name: trimmed(CONSENT_LIMITS.recipientName, CONSENT_MESSAGES.recipientName),
  /** Their role or organisation, e.g. "Primary care physician, Elm Street Practice". */
  role: trimmed(CONSENT_LIMITS.recipientRole),
  /** Address, fax, e-mail or phone, as the psychiatrist will use it. */
  contact: trimmed(CONSENT_LIMITS.recipientContact),
});
export type ConsentRecipient = z.infer<typeof consentRecipientSchema>;

const partsSchema = z
  .array(recordPartSchema)
  .min(1, CONSENT_MESSAGES.parts)
  .refine((parts) => new Set(parts).size === parts.length, 'Each part once');

/** What the psychiatrist records when the patient gives consent. */
export const consentInputSchema = z
  .strictObject({
    patientId: patientIdSchema,
    recipient: consentRecipientSchema,
    parts: partsSchema,
    purpose: trimmed(CONSENT_LIMITS.purpose, CONSENT_MESSAGES.purpose),
    validFrom: calendarDateSchema,
    /** Null: until revoked. */
    validUntil: calendarDateSchema.nullable(),
    givenAs: consentFormSchema,
  })
  .refine((c) => c.validUntil === null || c.validUntil >= c.validFrom, { message: CONSENT_MESSAGES.until, path: ['validUntil'] });
export type ConsentInput = z.infer<typeof consentInputSchema>;

export const consentSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  recipient: consentRecipientSchema,
  parts: z.array(recordPartSchema),
  purpose: z.string(),
  validFrom: calendarDateSchema,
  validUntil: calendarDateSchema.nullable(),
  givenAs: consentFormSchema,
  recordedAt: timestampSchema,
  /** The day the patient withdrew it, and why; a revoked consent covers nothing from that day. */
  revokedOn: calendarDateSchema.nullable(),
  revocationReason: z.string().nullable(),
  /** Recorded by mistake (wrong patient, wrong recipient): it never covered anything. */
  enteredInError: z.boolean(),
});
export type Consent = z.infer<typeof consentSchema>;

export const CONSENT_STATUSES = ['active', 'expiring', 'expired', 'not-yet-valid', 'revoked', 'entered-in-error'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  'not-yet-valid': 'Not yet in force',
  revoked: 'Revoked',
  'entered-in-error': 'Entered in error',
};

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Where a consent stands on a day (the practice's local date). Valid through its end date, inclusive. */
export function consentStatus(
  consent: Pick<Consent, 'validFrom' | 'validUntil' | 'revokedOn' | 'enteredInError'>,
  today: string,
): ConsentStatus {
  if (consent.enteredInError) return 'entered-in-error';
  if (consent.revokedOn !== null && consent.revokedOn <= today) return 'revoked';
  if (today < consent.validFrom) return 'not-yet-valid';
  if (consent.validUntil !== null && today > consent.validUntil) return 'expired';
  if (consent.validUntil !== null && consent.validUntil <= addDays(today, CONSENT_EXPIRING_DAYS)) return 'expiring';
  return 'active';
}

/** A consent as the chart shows it: with where it stands on the practice's today. */
export const consentWithStatusSchema = consentSchema.extend({ status: z.enum(CONSENT_STATUSES) });
export type ConsentWithStatus = z.infer<typeof consentWithStatusSchema>;

export const CONSENT_REVOCATION_MESSAGES = {
  revokedOn: 'The day the patient withdrew consent: today or earlier',
} as const;

/** The patient withdraws a consent: from the day they said so, with their reason if they gave one. */
export const consentRevocationSchema = z.strictObject({
  consentId: z.uuid(),
  revokedOn: calendarDateSchema,
  reason: trimmed(CONSENT_LIMITS.revocationReason),
});
export type ConsentRevocation = z.infer<typeof consentRevocationSchema>;

/** True when the consent is in force on the day (active or expiring). */
export function consentInForce(
  consent: Pick<Consent, 'validFrom' | 'validUntil' | 'revokedOn' | 'enteredInError'>,
  today: string,
): boolean {
  const status = consentStatus(consent, today);
  return status === 'active' || status === 'expiring';
}

/** The parts asked for that the consent does not cover on the day; all of them when it is not in force. */
export function partsNotCovered(consent: Consent, parts: readonly RecordPart[], today: string): RecordPart[] {
  if (!consentInForce(consent, today)) return [...parts];
  return parts.filter((part) => !consent.parts.includes(part));
}

/*
 * Disclosures. What leaves the practice for anyone but the patient needs a basis: a consent in force
 * that covers every part sent, or an exception the law allows, with the reason written down.
 */

export const DISCLOSURE_EXCEPTIONS = ['emergency', 'required-by-law', 'continuity-of-care', 'other'] as const;
export const disclosureExceptionSchema = z.enum(DISCLOSURE_EXCEPTIONS);
export type DisclosureException = z.infer<typeof disclosureExceptionSchema>;
export const DISCLOSURE_EXCEPTION_LABELS: Record<DisclosureException, string> = {
  emergency: 'Emergency: serious and imminent risk to the patient or others',
  'required-by-law': 'Required by law (court order, mandated report)',
  'continuity-of-care': 'Treatment by another provider, where the law allows it without consent',
  other: 'Other exception allowed by law',
};

/** What was sent. `id` names the letter, note or plan version where there is one. */
export const DISCLOSED_ITEMS = ['letter', 'record-pdf', 'record-fhir', 'printed-note', 'printed-plan', 'progress-summary'] as const;
export const disclosedItemSchema = z.enum(DISCLOSED_ITEMS);
export type DisclosedItem = z.infer<typeof disclosedItemSchema>;
export const DISCLOSED_ITEM_LABELS: Record<DisclosedItem, string> = {
  letter: 'Letter',
  'record-pdf': 'Copy of the record (PDF)',
  'record-fhir': 'Copy of the record (FHIR)',
  'printed-note': 'Printed session note',
  'printed-plan': 'Printed treatment plan',
  'progress-summary': 'Progress summary',
};

export const DISCLOSURE_LIMITS = { exceptionReason: 1_000 } as const;
export const DISCLOSURE_MESSAGES = {
  exceptionReason: 'Say why this is shared without consent',
  notCovered: 'No consent in force covers this recipient for what is being sent',
} as const;

/** On what basis something leaves the practice: the patient themself, a consent, or an exception. */
export const disclosureBasisSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patient') }),
  z.strictObject({ kind: z.literal('consent'), consentId: z.uuid() }),
  z.strictObject({
    kind: z.literal('exception'),
    exception: disclosureExceptionSchema,
    reason: trimmed(DISCLOSURE_LIMITS.exceptionReason, DISCLOSURE_MESSAGES.exceptionReason),
    recipient: consentRecipientSchema,
  }),
]);
export type DisclosureBasis = z.infer<typeof disclosureBasisSchema>;

export const disclosureInputSchema = z.strictObject({
  patientId: patientIdSchema,
  item: disclosedItemSchema,
  /** The letter, note or plan version sent, where there is one. */
  itemId: z.uuid().nullable(),
  parts: partsSchema,
  basis: disclosureBasisSchema,
});
export type DisclosureInput = z.infer<typeof disclosureInputSchema>;

export const disclosureSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  disclosedAt: timestampSchema,
  item: disclosedItemSchema,
  itemId: z.uuid().nullable(),
  parts: z.array(recordPartSchema),
  /** Who received it: the consent's recipient, the exception's, or the patient. */
  recipient: consentRecipientSchema.nullable(),
  basis: z.enum(['patient', 'consent', 'exception']),
  consentId: z.uuid().nullable(),
  exception: disclosureExceptionSchema.nullable(),
  exceptionReason: z.string().nullable(),
});
export type Disclosure = z.infer<typeof disclosureSchema>;
