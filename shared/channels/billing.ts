import { z } from 'zod';
import {
  billingAccountSchema,
  billingDocumentInputSchema,
  billingDocumentSchema,
  chargeSchema,
  codeSessionInputSchema,
  enterInErrorInputSchema,
  feeScheduleInputSchema,
  feeSchema,
  paymentInputSchema,
  paymentSchema,
  practiceMoneySchema,
} from '../billing';
import { channel, empty, type Scope } from '../channel';
import { patientIdSchema } from '../patient';

/* Superbills: the practice's fees, each session's charges, the patient's payments and the money view. */

/** A charge or a payment changes the patient's account, the practice's money view and the audit log. */
const MONEY_CHANGES = ['billing', 'audit'] as const satisfies readonly Scope[];

export const billingChannels = {
  /** The chart's Billing tab: kept sessions with their proposed codes and charges, payments, balance. */
  'billing:account': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: billingAccountSchema,
    needsVault: true,
    // Attendance, the timer and the diagnoses in force change what is proposed and offered.
    reads: ['appointments', 'calendar', 'sessions', 'diagnoses', 'preferences'],
  }),
  'billing:fees': channel({ input: empty, output: z.array(feeSchema), needsVault: true }),
  /** Sets the fees of the codes given, in the practice's currency. */
  'billing:setFees': channel({ input: feeScheduleInputSchema, output: z.array(feeSchema), needsVault: true, changes: MONEY_CHANGES }),
  /** Codes a kept session (or recodes it, with a reason): one charge per code at the fee of the day. */
  'billing:code': channel({ input: codeSessionInputSchema, output: z.array(chargeSchema), needsVault: true, changes: MONEY_CHANGES }),
  'billing:chargeInError': channel({ input: enterInErrorInputSchema, output: chargeSchema, needsVault: true, changes: MONEY_CHANGES }),
  /** A payment or a refund, in the practice's currency. */
  'billing:recordPayment': channel({ input: paymentInputSchema, output: paymentSchema, needsVault: true, changes: MONEY_CHANGES }),
  'billing:paymentInError': channel({ input: enterInErrorInputSchema, output: paymentSchema, needsVault: true, changes: MONEY_CHANGES }),
  /** What a superbill (a period, or one session) or a statement of account prints. */
  'billing:document': channel({ input: billingDocumentInputSchema, output: billingDocumentSchema, needsVault: true }),
  /** Records in the audit log that a superbill or statement was printed or saved for the patient. */
  'billing:printed': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.null(),
    needsVault: true,
    changes: ['audit'],
  }),
  /** The practice's money: billed and paid per month, open balances by patient. */
  'billing:practice': channel({ input: empty, output: practiceMoneySchema, needsVault: true, reads: ['patients', 'preferences'] }),
};
