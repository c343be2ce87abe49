import { z } from 'zod';
import { channel, type Scope } from '../channel';
import { consentInputSchema, consentRevocationSchema, consentWithStatusSchema, disclosureInputSchema, disclosureSchema } from '../consents';
import { calendarDateSchema } from '../dates';
import { errorReasonSchema } from '../diagnosis';
import { patientIdSchema } from '../patient';

/* Consents to share (releases of information) and the accounting of disclosures. */

/** The Sharing tab lists consents; every change is audited. */
const CONSENT_CHANGES = ['consents', 'audit'] as const satisfies readonly Scope[];

export const consentsChannels = {
  /** The patient's consents, newest first, each with where it stands on the practice's today. */
  'consents:list': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ today: calendarDateSchema, consents: z.array(consentWithStatusSchema) }),
    needsVault: true,
  }),
  'consents:record': channel({ input: consentInputSchema, output: consentWithStatusSchema, needsVault: true, changes: CONSENT_CHANGES }),
  /** The patient withdraws the consent from a day (today or earlier): from that day it covers nothing. */
  'consents:revoke': channel({
    input: consentRevocationSchema,
    output: consentWithStatusSchema,
    needsVault: true,
    changes: CONSENT_CHANGES,
  }),
  /** Recorded by mistake: it never covered anything. Disclosures made under it keep naming it. */
  'consents:enteredInError': channel({
    input: z.strictObject({ consentId: z.uuid(), reason: errorReasonSchema }),
    output: consentWithStatusSchema,
    needsVault: true,
    changes: CONSENT_CHANGES,
  }),
  /** A consent form was printed (or saved) for the patient to sign: the audit log says so. */
  'consents:formPrinted': channel({
    input: z.strictObject({ consentId: z.uuid() }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
  /** The accounting of disclosures, newest first. */
  'disclosures:list': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.array(disclosureSchema),
    needsVault: true,
  }),
  /**
   * Something leaves the practice: refused unless its basis holds on the practice's today (a consent
   * of this patient in force covering every part, or an exception with its reason; the patient always).
   */
  'disclosures:record': channel({
    input: disclosureInputSchema,
    output: disclosureSchema,
    needsVault: true,
    changes: ['disclosures', 'audit'],
  }),
  /**
   * Whether disclosures:record would accept this now, writing nothing: the window asks before it writes
   * or prints the copy, and records the disclosure once the copy is saved or printed.
   */
  'disclosures:check': channel({
    input: disclosureInputSchema,
    output: z.object({ allowed: z.literal(true) }),
    needsVault: true,
  }),
  /** The accounting was printed (or saved) for the patient. */
  'disclosures:accountingPrinted': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
};
