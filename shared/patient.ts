import { z } from 'zod';
import { ageOn, calendarDateSchema, localToday, timestampSchema } from './dates';
import { singleLineString } from './input-safety';
import { optionalPhoneSchema } from './phone';

export const patientIdSchema = z.uuid('Not a patient id');

/** What the form (and an import) says when no date of birth is given at all. */
export const DATE_OF_BIRTH_MISSING = 'Enter the full date of birth';

const requiredName = (label: string) =>
  singleLineString().trim().min(1, `Enter the ${label}`).max(100, `The ${label} is longer than 100 characters`);

/** Empty means "not given"; the repository stores it as NULL. */
const optionalText = (label: string, max: number) => z.string().trim().max(max, `The ${label} is longer than ${max} characters`);

/** A name, a number or an address of one line: no tabs, line breaks or control characters. */
const optionalLine = (label: string, max: number) => singleLineString().trim().max(max, `The ${label} is longer than ${max} characters`);

/** Every phone field has the one rule and message of shared/phone.ts. */
const optionalPhone = () => optionalPhoneSchema;

/** Sex assigned at birth, as the patient or their records give it; "" is not recorded. */
export const SEXES_AT_BIRTH = ['female', 'male', 'intersex', 'not-disclosed'] as const;
export const SEX_AT_BIRTH_LABELS: Record<(typeof SEXES_AT_BIRTH)[number], string> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
  'not-disclosed': 'Prefers not to say',
};
/** Offered as the patient's gender identity is typed; any other words the patient uses are kept as written. */
export const GENDER_IDENTITY_SUGGESTIONS = [
  'Woman',
  'Man',
  'Non-binary',
  'Transgender woman',
  'Transgender man',
  'Genderqueer',
  'Agender',
  'Two-spirit',
  'Questioning',
  'Prefers not to say',
] as const;

const optionalEmail = (label: string) =>
  optionalLine(label, 254).refine((value) => value === '' || z.email().safeParse(value).success, 'This is not an email address');

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
  emergencyContactPhone: optionalPhone().default(''),
  referringClinician: optionalLine('referring clinician', 120).default(''),
  /** Phone, email or practice of the referring clinician. */
  referringClinicianContact: optionalLine('referring clinician’s contact', 200).default(''),
  primaryCarePhysician: optionalLine('primary care physician', 120).default(''),
  /** Any other way to reach the physician, free text (what earlier versions kept as the only contact). */
  primaryCarePhysicianContact: optionalLine('primary care physician’s contact', 200).default(''),
  primaryCarePractice: optionalLine('practice', 120).default(''),
  primaryCarePhone: optionalPhone().default(''),
  primaryCareFax: optionalPhone().default(''),
  primaryCareEmail: optionalEmail('primary care physician’s email').default(''),
  primaryCareAddress: optionalText('practice address', 300).default(''),
  sexAssignedAtBirth: z
    .union([z.literal(''), z.enum(SEXES_AT_BIRTH)], { error: 'Choose one of the options, or leave it not recorded' })
    .default(''),
  /** In the patient's own words; suggestions are offered, never imposed. */
  genderIdentity: optionalLine('gender identity', 60).default(''),
  pharmacyName: optionalLine('pharmacy', 120).default(''),
  pharmacyPhone: optionalPhone().default(''),
  pharmacyAddress: optionalText('pharmacy’s address', 300).default(''),
  insurancePayer: optionalLine('insurance payer', 120).default(''),
  insuranceMemberId: optionalLine('member id', 40).default(''),
  insuranceGroupNumber: optionalLine('group number', 40).default(''),
  insurancePolicyHolder: optionalLine('policy holder', 120).default(''),
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
  phone: optionalPhone(),
  email: optionalEmail('email address'),
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
  primaryCarePractice: z.string().nullable(),
  primaryCarePhone: z.string().nullable(),
  primaryCareFax: z.string().nullable(),
  primaryCareEmail: z.string().nullable(),
  primaryCareAddress: z.string().nullable(),
  sexAssignedAtBirth: z.enum(SEXES_AT_BIRTH).nullable(),
  genderIdentity: z.string().nullable(),
  pharmacyName: z.string().nullable(),
  pharmacyPhone: z.string().nullable(),
  pharmacyAddress: z.string().nullable(),
  insurancePayer: z.string().nullable(),
  insuranceMemberId: z.string().nullable(),
  insuranceGroupNumber: z.string().nullable(),
  insurancePolicyHolder: z.string().nullable(),
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
