import { z } from 'zod';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { lookupIcdCode } from './icd10cm';
import { patientIdSchema } from './patient';

export const DIAGNOSIS_STATUSES = ['active', 'in-remission', 'resolved'] as const;
export const diagnosisStatusSchema = z.enum(DIAGNOSIS_STATUSES);
export type DiagnosisStatus = z.infer<typeof diagnosisStatusSchema>;
export const DIAGNOSIS_STATUS_LABELS: Record<DiagnosisStatus, string> = {
  active: 'Active',
  'in-remission': 'In remission',
  resolved: 'Resolved',
};

/** A billable ICD-10-CM code from the list the app ships; a header such as F33 needs more characters. */
export const icdCodeSchema = z
  .string()
  .trim()
  .max(10, 'An ICD-10-CM code is at most 8 characters')
  .transform((code, context) => {
    const found = lookupIcdCode(code);
    if (!found) {
      context.addIssue({ code: 'custom', message: `${code || 'This'} is not an ICD-10-CM code on Alliance’s list` });
      return z.NEVER;
    }
    if (!found.billable) {
      context.addIssue({ code: 'custom', message: `${found.code} is a category; choose one of the more specific codes under it` });
      return z.NEVER;
    }
    return found.code;
  });

/** An onset date is optional ("" means not known) and never in the future. */
const onsetDateSchema = z.union([
  z.literal(''),
  calendarDateSchema.refine((date) => date >= '1900-01-01' && date <= localToday(), 'The onset date must be between 1900 and today'),
]);

export const DIAGNOSIS_MESSAGES = {
  onsetBeforeBirth: 'The onset date is before the patient’s date of birth',
} as const;

/** An onset is checked against the chart's date of birth by the form and again by the worker. */
export function onsetProblem(onsetDate: string | null, dateOfBirth: string): string | null {
  return onsetDate && onsetDate < dateOfBirth ? DIAGNOSIS_MESSAGES.onsetBeforeBirth : null;
}

const diagnosisNoteSchema = z.string().trim().max(500, 'Keep the comment under 500 characters');

export const diagnosisInputSchema = z.strictObject({
  code: icdCodeSchema,
  status: diagnosisStatusSchema,
  isPrimary: z.boolean(),
  onsetDate: onsetDateSchema,
  /** A short qualifier: "with seasonal pattern", "per referral letter". */
  note: diagnosisNoteSchema,
});
export type DiagnosisInput = z.infer<typeof diagnosisInputSchema>;

export const diagnosisChangesSchema = z
  .strictObject({
    status: diagnosisStatusSchema.optional(),
    isPrimary: z.boolean().optional(),
    onsetDate: onsetDateSchema.optional(),
    note: diagnosisNoteSchema.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), 'Change at least one thing');
export type DiagnosisChanges = z.infer<typeof diagnosisChangesSchema>;

/** Why a record is marked as entered in error: it stays in the history, struck through. */
export const errorReasonSchema = z.string().trim().min(3, 'Say why, in a few words').max(300, 'At most 300 characters');

export const diagnosisSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  code: z.string(),
  /** The ICD-10-CM description when the diagnosis was made. */
  label: z.string(),
  status: diagnosisStatusSchema,
  isPrimary: z.boolean(),
  onsetDate: calendarDateSchema.nullable(),
  note: z.string(),
  /** Set when the diagnosis was recorded by mistake; it then leaves the list but not the history. */
  enteredInError: z.object({ at: timestampSchema, reason: z.string() }).nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: z.number().int().positive(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

export const DIAGNOSIS_CHANGES = ['added', 'status', 'primary', 'onset', 'note', 'entered-in-error'] as const;

/** One dated change of a diagnosis, with the state it left: the timeline and the history show these. */
export const diagnosisEventSchema = z.object({
  id: z.uuid(),
  diagnosisId: z.uuid(),
  code: z.string(),
  label: z.string(),
  at: timestampSchema,
  changes: z.array(z.enum(DIAGNOSIS_CHANGES)),
  status: diagnosisStatusSchema,
  previousStatus: diagnosisStatusSchema.nullable(),
  isPrimary: z.boolean(),
});
export type DiagnosisEvent = z.infer<typeof diagnosisEventSchema>;

/** The order a chart lists them: primary first, then active, in remission, resolved; newest first within each. */
export function sortDiagnoses<T extends Pick<Diagnosis, 'isPrimary' | 'status' | 'createdAt'>>(diagnoses: readonly T[]): T[] {
  const rank = (d: T) => (d.isPrimary ? 0 : 1 + DIAGNOSIS_STATUSES.indexOf(d.status));
  return [...diagnoses].sort((a, b) => rank(a) - rank(b) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
