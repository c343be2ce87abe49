import { z } from 'zod';
import { appointmentKindSchema, instantSchema } from './appointment';
import { calendarDateSchema } from './dates';
import { patientIdSchema, type PatientInput } from './patient';

/*
 * Import from another practice system: patients from a client list (CSV) and sessions from a
 * calendar (iCalendar). The files are read by the window and sent as text; the worker parses them,
 * checks every row with the patient form's own schema (shared/patient.ts) and writes an import in
 * one transaction. The limits, the fields a column may fill and the messages are written here once.
 */

const MEGABYTE = 1_000_000;

export const IMPORT_LIMITS = {
  /** A client list of tens of thousands of patients is a few megabytes. */
  csvCharacters: 8 * MEGABYTE,
  /** Years of a busy calendar, with its descriptions. */
  icsCharacters: 16 * MEGABYTE,
  /** Patient rows in one file. */
  rows: 20_000,
  /** Columns in one file. */
  columns: 200,
  /** Sessions in one import. */
  sessions: 20_000,
  /** The longest stretch of a calendar imported at once. */
  rangeDays: 5 * 366,
} as const;

export const IMPORT_MESSAGES = {
  csvTooLarge: `This file is larger than ${IMPORT_LIMITS.csvCharacters / MEGABYTE} MB, more than a client list needs. Export only the client list, or split it.`,
  icsTooLarge: `This file is larger than ${IMPORT_LIMITS.icsCharacters / MEGABYTE} MB. Export a shorter stretch of the calendar.`,
  csvEmpty: 'This file has no rows under its header row. The first row must name the columns (First name, Last name, …).',
  csvNoHeader: 'The first row of this file names no columns. The first row must name the columns (First name, Last name, …).',
  csvTooManyRows: `This file has more than ${IMPORT_LIMITS.rows.toLocaleString('en')} rows. Split it into smaller files.`,
  csvTooManyColumns: `This file has more than ${IMPORT_LIMITS.columns} columns; it does not look like a client list.`,
  csvUnreadable: 'This file could not be read as a CSV table: a quoted value is never closed. Export it again from the other system.',
  mappingMismatch: 'The columns chosen do not match this file’s columns. Choose the file again.',
  requiredColumn: (label: string) => `Choose the column that holds the ${label}.`,
  columnTwice: (label: string) => `Two columns are set to “${label}”. Choose one, or set the other to “Not imported”.`,
  notADate: (format: string) => `This is not a date written ${format}`,
  rowsToFix: (count: number) =>
    `${count === 1 ? '1 row has' : `${count} rows have`} problems, so nothing was imported. Fix ${count === 1 ? 'it' : 'them'} in the file and choose it again, or leave ${count === 1 ? 'it' : 'them'} out.`,
  unknownRow: 'A row chosen is not in this file. Choose the file again.',
  nothingToImport: 'There is nothing to import: every row is left out or already in Alliance.',
  icsUnreadable: 'This is not an iCalendar (.ics) file Alliance can read. Export the calendar again as an .ics file.',
  icsNoEvents: 'This calendar file holds no events.',
  rangeOrder: 'The last day must be on or after the first.',
  rangeTooLong: `Import at most ${Math.floor(IMPORT_LIMITS.rangeDays / 366)} years at a time.`,
  tooManySessions: `That is more than ${IMPORT_LIMITS.sessions.toLocaleString('en')} sessions. Choose a shorter stretch of time.`,
  unknownEvent: 'An event chosen is not in this calendar file. Choose the file again.',
  noSessionsChosen: 'Choose a patient for at least one event, or there is nothing to import.',
  allAlreadyInAlliance: 'Every session chosen is already in Alliance at the same time, so nothing was imported.',
} as const;

/* ——— Patients from a CSV ——— */

/** Every field of the patient form a column can fill. */
export const IMPORT_FIELDS = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'pronouns',
  'sexAssignedAtBirth',
  'genderIdentity',
  'address',
  'emergencyContactName',
  'emergencyContactRelationship',
  'emergencyContactPhone',
  'referringClinician',
  'referringClinicianContact',
  'primaryCarePhysician',
  'primaryCarePhysicianContact',
  'primaryCarePractice',
  'primaryCarePhone',
  'primaryCareFax',
  'primaryCareEmail',
  'primaryCareAddress',
  'pharmacyName',
  'pharmacyPhone',
  'pharmacyAddress',
  'insurancePayer',
  'insuranceMemberId',
  'insuranceGroupNumber',
  'insurancePolicyHolder',
] as const satisfies readonly (keyof PatientInput)[];
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const importFieldSchema = z.enum(IMPORT_FIELDS);

/** As the patient form names them. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  pronouns: 'Pronouns',
  sexAssignedAtBirth: 'Sex assigned at birth',
  genderIdentity: 'Gender identity',
  address: 'Address',
  emergencyContactName: 'Emergency contact',
  emergencyContactRelationship: 'Emergency contact’s relationship',
  emergencyContactPhone: 'Emergency contact’s phone',
  referringClinician: 'Referring clinician',
  referringClinicianContact: 'Referring clinician’s contact',
  primaryCarePhysician: 'Primary care physician',
  primaryCarePhysicianContact: 'Primary care physician’s contact',
  primaryCarePractice: 'Primary care practice',
  primaryCarePhone: 'Physician’s phone',
  primaryCareFax: 'Physician’s fax',
  primaryCareEmail: 'Physician’s email',
  primaryCareAddress: 'Practice address',
  pharmacyName: 'Pharmacy',
  pharmacyPhone: 'Pharmacy’s phone',
  pharmacyAddress: 'Pharmacy’s address',
  insurancePayer: 'Insurance payer',
  insuranceMemberId: 'Member id',
  insuranceGroupNumber: 'Group number',
  insurancePolicyHolder: 'Policy holder',
};

/** Without these a patient cannot be added, as in the form. */
export const REQUIRED_IMPORT_FIELDS = ['givenName', 'familyName', 'dateOfBirth'] as const satisfies readonly ImportField[];

/** Fields several columns may fill together (Street, City, State, ZIP), joined in the file's order. */
export const MULTI_COLUMN_FIELDS: ReadonlySet<ImportField> = new Set(['address', 'primaryCareAddress', 'pharmacyAddress']);

/**
 * Header names other systems use for each field, lower case with punctuation as spaces; the first
 * column whose header matches one is suggested for the field. A column also matches with a leading
 * "client", "patient" or "legal" ("Client First Name").
 */
const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  givenName: ['first name', 'firstname', 'first', 'given name', 'givenname', 'forename', 'fname'],
  familyName: ['last name', 'lastname', 'last', 'family name', 'familyname', 'surname', 'lname'],
  preferredName: ['preferred name', 'preferred first name', 'nickname', 'goes by', 'known as', 'preferred'],
  dateOfBirth: ['date of birth', 'dob', 'birth date', 'birthdate', 'birthday', 'born', 'd o b'],
  phone: [
    'phone',
    'phone number',
    'mobile',
    'mobile phone',
    'cell',
    'cell phone',
    'home phone',
    'telephone',
    'primary phone',
    'mobile number',
  ],
  email: ['email', 'e mail', 'email address', 'e mail address', 'primary email'],
  pronouns: ['pronouns', 'pronoun'],
  sexAssignedAtBirth: ['sex', 'sex assigned at birth', 'birth sex', 'sex at birth', 'gender at birth'],
  genderIdentity: ['gender identity', 'gender'],
  address: [
    'address',
    'street',
    'street address',
    'address 1',
    'address line 1',
    'address1',
    'address 2',
    'address line 2',
    'address2',
    'city',
    'town',
    'state',
    'province',
    'region',
    'zip',
    'zip code',
    'zipcode',
    'postal code',
    'postcode',
    'country',
  ],
  emergencyContactName: ['emergency contact', 'emergency contact name', 'emergency name'],
  emergencyContactRelationship: ['emergency contact relationship', 'emergency relationship', 'relationship'],
  emergencyContactPhone: ['emergency contact phone', 'emergency phone', 'emergency contact number'],
  referringClinician: ['referring clinician', 'referring provider', 'referred by', 'referral source', 'referring physician'],
  referringClinicianContact: ['referring clinician contact', 'referring provider phone', 'referring provider contact'],
  primaryCarePhysician: ['primary care physician', 'pcp', 'pcp name', 'primary care provider', 'gp'],
  primaryCarePhysicianContact: ['primary care physician contact', 'pcp contact'],
  primaryCarePractice: ['primary care practice', 'pcp practice'],
  primaryCarePhone: ['primary care phone', 'pcp phone'],
  primaryCareFax: ['primary care fax', 'pcp fax'],
  primaryCareEmail: ['primary care email', 'pcp email'],
  primaryCareAddress: ['primary care address', 'pcp address'],
  pharmacyName: ['pharmacy', 'pharmacy name', 'preferred pharmacy'],
  pharmacyPhone: ['pharmacy phone'],
  pharmacyAddress: ['pharmacy address'],
  insurancePayer: ['insurance', 'insurance payer', 'insurance company', 'payer', 'primary insurance', 'insurance name', 'carrier'],
  insuranceMemberId: ['member id', 'insurance member id', 'subscriber id', 'policy number', 'insurance id', 'member number'],
  insuranceGroupNumber: ['group number', 'group id', 'insurance group number', 'group'],
  insurancePolicyHolder: ['policy holder', 'policyholder', 'insured name', 'subscriber', 'subscriber name'],
};

const HEADER_PREFIXES = /^(client|patient|legal|contact|primary client)\s+/;

function headerWords(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "" is a column that is not imported. */
export const columnChoiceSchema = z.union([z.literal(''), importFieldSchema]);
export type ColumnChoice = z.infer<typeof columnChoiceSchema>;

/** What each column of the file fills, in the file's column order, guessed from the header row. */
export function suggestMapping(headers: readonly string[]): ColumnChoice[] {
  const taken = new Set<ImportField>();
  const fieldFor = (words: string): ImportField | undefined =>
    IMPORT_FIELDS.find((field) => (!taken.has(field) || MULTI_COLUMN_FIELDS.has(field)) && HEADER_NAMES[field].includes(words));
  return headers.map((header) => {
    const words = headerWords(header);
    const field = fieldFor(words) ?? fieldFor(words.replace(HEADER_PREFIXES, ''));
    if (field === undefined) return '';
    taken.add(field);
    return field;
  });
}

/** How the file writes a date of birth. Months written as words ("4 Mar 1990", "March 4, 1990") are read in any. */
export const DATE_FORMATS = ['mdy', 'dmy', 'ymd'] as const;
export const dateFormatSchema = z.enum(DATE_FORMATS);
export type DateFormat = z.infer<typeof dateFormatSchema>;
export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  mdy: 'month/day/year (03/25/1990)',
  dmy: 'day/month/year (25/03/1990)',
  ymd: 'year-month-day (1990-03-25)',
};

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const NUMERIC_DATE = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$/;
const DAY_MONTH_NAME_YEAR = /^(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$/;
const MONTH_NAME_DAY_YEAR = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2}|\d{4})$/;
/** A time of day after the date, as spreadsheets add to a date column ("1990-03-25 00:00:00"). */
const TRAILING_TIME = /[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|[+-]\d{2}:?\d{2})?$/i;

/** "Mar", "march" and "sept" are March and September; anything else is no month. */
function monthNumber(word: string): number | undefined {
  const index = MONTH_NAMES.findIndex((name) => word === name || word === name.slice(0, 3) || (name === 'september' && word === 'sept'));
  return index < 0 ? undefined : index + 1;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A two-digit year is the latest year ending in those digits that is not after this one: 90 is 1990, 05 is 2005. */
function fullYear(written: string, thisYear: number): number {
  if (written.length !== 2) return Number(written);
  const year = 2000 + Number(written);
  return year > thisYear ? year - 100 : year;
}

/** Written with the year first, or with the month as a word: one reading only, whatever the format. */
function unambiguousDate(text: string, thisYear: number): string | null | undefined {
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric && numeric[1]!.length === 4) return isoDate(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const dayFirst = DAY_MONTH_NAME_YEAR.exec(text);
  if (dayFirst) {
    const month = monthNumber(dayFirst[2]!);
    return month === undefined ? null : isoDate(fullYear(dayFirst[3]!, thisYear), month, Number(dayFirst[1]));
  }
  const monthFirst = MONTH_NAME_DAY_YEAR.exec(text);
  if (monthFirst) {
    const month = monthNumber(monthFirst[1]!);
    return month === undefined ? null : isoDate(fullYear(monthFirst[3]!, thisYear), month, Number(monthFirst[2]));
  }
  return undefined;
}

function dateText(written: string): string {
  return written.trim().toLowerCase().replace(TRAILING_TIME, '').trim();
}

/** A date of birth as the file writes it, read as YYYY-MM-DD; null when it is not a date in that format. */
export function readDate(written: string, format: DateFormat, today: string): string | null {
  const thisYear = Number(today.slice(0, 4));
  const text = dateText(written);
  const unambiguous = unambiguousDate(text, thisYear);
  if (unambiguous !== undefined) return unambiguous;
  const numeric = NUMERIC_DATE.exec(text);
  if (!numeric || format === 'ymd') return null;
  const [a, b, c] = [numeric[1]!, numeric[2]!, numeric[3]!];
  if (c.length !== 2 && c.length !== 4) return null;
  const [month, day] = format === 'mdy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  return isoDate(fullYear(c, thisYear), month, day);
}

/**
 * The format that reads the most of these dates. Where month/day and day/month both read them all
 * (no day above 12), month/day is suggested, as the US systems most lists come from write it (or
 * day/month for dates written with dots), and the person is asked to check.
 */
export function suggestDateFormat(values: readonly string[], today: string): { format: DateFormat; ambiguous: boolean } {
  const thisYear = Number(today.slice(0, 4));
  const written = values.map(dateText).filter((text) => text !== '' && unambiguousDate(text, thisYear) === undefined);
  if (written.length === 0) return { format: 'ymd', ambiguous: false };
  const reads = (format: DateFormat) => written.filter((text) => readDate(text, format, today) !== null).length;
  const [mdy, dmy] = [reads('mdy'), reads('dmy')];
  const differ = written.some((text) => readDate(text, 'mdy', today) !== readDate(text, 'dmy', today));
  // Dots are how day-first countries write a date (25.03.1990); US lists never do.
  const dotted = written.filter((text) => text.includes('.')).length * 2 > written.length;
  const format = dmy > mdy || (dmy === mdy && dotted) ? 'dmy' : 'mdy';
  return { format, ambiguous: mdy === dmy && mdy > 0 && differ };
}

/** What the sex column says, as the form's choices; anything else is kept, and refused by the form's schema. */
export function readSexAtBirth(written: string): string {
  const words = written.trim().toLowerCase();
  if (['f', 'female', 'woman'].includes(words)) return 'female';
  if (['m', 'male', 'man'].includes(words)) return 'male';
  if (['i', 'intersex'].includes(words)) return 'intersex';
  if (['', 'unknown', 'not recorded'].includes(words)) return '';
  if (['declined', 'prefer not to say', 'prefers not to say', 'not disclosed', 'undisclosed', 'x'].includes(words)) return 'not-disclosed';
  return written.trim();
}

const csvContent = z.string().max(IMPORT_LIMITS.csvCharacters, IMPORT_MESSAGES.csvTooLarge);
const rowNumber = z
  .number()
  .int()
  .min(2)
  .max(IMPORT_LIMITS.rows + 1);

export const patientsPreviewInputSchema = z.strictObject({
  content: csvContent,
  /** What each column fills, in the file's order; null asks for the suggestion from its header row. */
  mapping: z.array(columnChoiceSchema).max(IMPORT_LIMITS.columns).nullable(),
  /** Null asks for the format that reads the file's dates of birth. */
  dateFormat: dateFormatSchema.nullable(),
});

export const patientsImportInputSchema = z.strictObject({
  content: csvContent,
  mapping: z.array(columnChoiceSchema).max(IMPORT_LIMITS.columns),
  dateFormat: dateFormatSchema,
  /** Rows (numbered as a spreadsheet numbers them, the header being row 1) the person leaves out. */
  leaveOut: z.array(rowNumber).max(IMPORT_LIMITS.rows),
  /** Rows found to be duplicates that the person imports all the same. */
  importDuplicates: z.array(rowNumber).max(IMPORT_LIMITS.rows),
});

export const rowProblemSchema = z.object({ field: z.string(), label: z.string(), message: z.string() });
export type RowProblem = z.infer<typeof rowProblemSchema>;

export const duplicateSchema = z.discriminatedUnion('of', [
  /** A patient already in the vault, archived or not. */
  z.object({ of: z.literal('vault'), chartNumber: z.number().int().positive(), archived: z.boolean() }),
  /** An earlier row of the same file. */
  z.object({ of: z.literal('file'), row: z.number().int() }),
]);
export type Duplicate = z.infer<typeof duplicateSchema>;

export const patientRowSchema = z.object({
  /** As a spreadsheet numbers it: the header is row 1. */
  row: z.number().int(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string(),
  /** YYYY-MM-DD once read; as written otherwise. */
  dateOfBirth: z.string(),
  phone: z.string(),
  email: z.string(),
  problems: z.array(rowProblemSchema),
  duplicate: duplicateSchema.nullable(),
});
export type PatientRow = z.infer<typeof patientRowSchema>;

export const patientsPreviewSchema = z.object({
  columns: z.array(z.object({ header: z.string(), samples: z.array(z.string()) })),
  mapping: z.array(columnChoiceSchema),
  /** Problems with the mapping itself (a required field with no column, a field set twice). */
  mappingProblems: z.array(z.string()),
  dateFormat: dateFormatSchema,
  /** Day and month could be either way round in every date of the file: the person should check. */
  dateFormatAmbiguous: z.boolean(),
  delimiter: z.string(),
  rows: z.array(patientRowSchema),
});
export type PatientsPreview = z.infer<typeof patientsPreviewSchema>;

export const patientsImportedSchema = z.object({
  importId: z.uuid(),
  patients: z.number().int(),
  duplicatesSkipped: z.number().int(),
  leftOut: z.number().int(),
});

/* ——— Sessions from an iCalendar file ——— */

const icsContent = z.string().max(IMPORT_LIMITS.icsCharacters, IMPORT_MESSAGES.icsTooLarge);

/** The days of the calendar to import, in the practice's time zone, both included. */
const rangeFields = { from: calendarDateSchema, to: calendarDateSchema };
function checkRange<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((r) => r.from <= r.to, { message: IMPORT_MESSAGES.rangeOrder, path: ['to'] })
    .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= IMPORT_LIMITS.rangeDays * 86_400_000, {
      message: IMPORT_MESSAGES.rangeTooLong,
      path: ['to'],
    });
}

export const sessionsPreviewInputSchema = checkRange(z.strictObject({ content: icsContent, ...rangeFields }));

export const sessionChoiceSchema = z.strictObject({ event: z.string().min(1).max(1000), patientId: patientIdSchema });

export const sessionsImportInputSchema = checkRange(
  z.strictObject({
    content: icsContent,
    ...rangeFields,
    kind: appointmentKindSchema,
    /** The events to import and whose sessions they are; every other event is left out. */
    choices: z.array(sessionChoiceSchema).max(IMPORT_LIMITS.sessions),
  }),
);

export const NOT_A_SESSION_REASONS = ['all-day', 'too-short', 'too-long', 'cancelled', 'too-frequent'] as const;
export const NOT_A_SESSION_LABELS: Record<(typeof NOT_A_SESSION_REASONS)[number], string> = {
  'all-day': 'An all-day event',
  'too-short': 'Shorter than 5 minutes',
  'too-long': 'Longer than 8 hours',
  cancelled: 'Cancelled in the calendar',
  'too-frequent': 'Repeats more than once a day',
};

export const eventMatchSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('one'), patientId: patientIdSchema }),
  z.object({ type: z.literal('several'), patientIds: z.array(patientIdSchema) }),
  z.object({ type: z.literal('none') }),
]);
export type EventMatch = z.infer<typeof eventMatchSchema>;

export const importedSessionSchema = z.object({
  start: instantSchema,
  end: instantSchema,
  /** Moved from where its repeat rule put it (a RECURRENCE-ID override). */
  moved: z.boolean(),
});

export const calendarEventSchema = z.object({
  /** Its UID in the file: how the import names it. */
  key: z.string(),
  summary: z.string(),
  recurring: z.boolean(),
  /** Its sessions within the days chosen, in order. */
  sessions: z.array(importedSessionSchema),
  /** It repeats past the last day chosen. */
  continuesAfter: z.boolean(),
  match: eventMatchSchema,
  /** Sessions the matched patient already has at the same time in Alliance; they are not booked twice. */
  alreadyInAlliance: z.number().int(),
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

export const sessionsPreviewSchema = z.object({
  events: z.array(calendarEventSchema),
  notSessions: z.array(z.object({ summary: z.string(), reason: z.enum(NOT_A_SESSION_REASONS), start: z.string(), recurring: z.boolean() })),
  /** Events with no session within the days chosen. */
  outsideRange: z.number().int(),
  /** The practice's time zone, which times without one are read in. */
  timeZone: z.string(),
});
export type SessionsPreview = z.infer<typeof sessionsPreviewSchema>;

export const sessionsImportedSchema = z.object({
  importId: z.uuid(),
  sessions: z.number().int(),
  alreadyInAlliance: z.number().int(),
});

/** What an import came from, as the imports table and the audit entry record it. */
export const IMPORT_SOURCES = ['patients-csv', 'sessions-ics'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];
