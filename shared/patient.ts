import { z } from 'zod';
import { ageOn, calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';

export const patientIdSchema = z.uuid('Not a patient id');

const requiredName = (label: string) =>
  singleLineString().trim().min(1, `Enter the ${label}`).max(100, `The ${label} is longer than 100 characters`);

/** Empty means "not given"; the repository stores it as NULL. */
const optionalText = (label: string, max: number) => z.string().trim().max(max, `The ${label} is longer than ${max} characters`);

/** A name, a number or an address of one line: no tabs, line breaks or control characters. */
const optionalLine = (label: string, max: number) => singleLineString().trim().max(max, `The ${label} is longer than ${max} characters`);

const PHONE = /^\+?[0-9 ()\-.]*$/;

const optionalPhone = (label: string) =>
  optionalLine(label, 40).refine(
    (value) => PHONE.test(value) && (value === '' || value.replace(/\D/g, '').length >= 7),
    'Use digits, spaces, brackets, dashes and a leading +, at least 7 digits',
  );

/**
 * The chart's demographics and contacts beyond the name: each may be left empty, and an older caller
 * that does not know a field leaves it so.
 */
const contactFields = {
  pronouns: optionalLine('pronouns', 40).default(''),
  /** Postal address, as many lines as it needs. */
  address: optionalText('address', 300).default(''),
  emergencyContactName: optionalLine('emergency contact’s name', 100).default(''),
  emergencyContactRelationship: optionalLine('relationship', 60).default(''),
  emergencyContactPhone: optionalPhone('emergency contact’s phone').default(''),
  referringClinician: optionalLine('referring clinician', 120).default(''),
  /** Phone, email or practice of the referring clinician. */
  referringClinicianContact: optionalLine('referring clinician’s contact', 200).default(''),
  primaryCarePhysician: optionalLine('primary care physician', 120).default(''),
  primaryCarePhysicianContact: optionalLine('primary care physician’s contact', 200).default(''),
};

/** What the person types into the patient form; the form and the main process both check it. */
export const patientInputSchema = z.strictObject({
  givenName: requiredName('given name'),
  familyName: requiredName('family name'),
  preferredName: optionalLine('preferred name', 100),
  dateOfBirth: calendarDateSchema.refine(
    (value) => value >= '1900-01-01' && value <= localToday(),
    'The date of birth must be between 1900 and today',
  ),
  phone: optionalPhone('phone number'),
  email: optionalLine('email address', 254).refine(
    (value) => value === '' || z.email().safeParse(value).success,
    'This is not an email address',
  ),
  ...contactFields,
});
export type PatientInput = z.infer<typeof patientInputSchema>;
export type PatientContactField = keyof typeof contactFields;
export const PATIENT_CONTACT_FIELDS = Object.keys(contactFields) as PatientContactField[];

export const patientSchema = z.object({
  id: patientIdSchema,
  chartNumber: z.number().int().positive(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: calendarDateSchema,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  pronouns: z.string().nullable(),
  address: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactRelationship: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
  referringClinician: z.string().nullable(),
  referringClinicianContact: z.string().nullable(),
  primaryCarePhysician: z.string().nullable(),
  primaryCarePhysicianContact: z.string().nullable(),
  archivedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Optimistic concurrency: an update names the version it was made from. */
  version: z.number().int().positive(),
});
export type Patient = z.infer<typeof patientSchema>;

export const patientSummarySchema = patientSchema.pick({
  id: true,
  chartNumber: true,
  givenName: true,
  familyName: true,
  preferredName: true,
  dateOfBirth: true,
  phone: true,
  archivedAt: true,
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

/** "Family, Given (Preferred)" as a chart list shows it. */
export function displayName(p: Pick<Patient, 'givenName' | 'familyName' | 'preferredName'>): string {
  const preferred = p.preferredName && p.preferredName !== p.givenName ? ` (${p.preferredName})` : '';
  return `${p.familyName}, ${p.givenName}${preferred}`;
}

export function patientAge(p: Pick<Patient, 'dateOfBirth'>, today: string = localToday()): number {
  return ageOn(p.dateOfBirth, today);
}
