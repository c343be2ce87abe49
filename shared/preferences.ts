import { z } from 'zod';
import { workingHoursSchema, type WorkingHours } from './appointment';
import { BACKUP_LIMITS, BACKUP_MESSAGES, BACKUP_PATH_MAX, lastVerifiedBackupSchema } from './backup';
import { currencySchema, npiSchema, placeOfServiceSchema, taxIdSchema, BILLING_MESSAGES } from './billing';
import { singleLineString } from './input-safety';
import { noCredentialsInName } from './note';
import { optionalPhoneSchema } from './phone';

/** The views a person can be returned to; never an id or anything clinical. */
export const VIEWS = ['today', 'calendar', 'patients', 'settings'] as const;
export const viewSchema = z.enum(VIEWS);
export type View = z.infer<typeof viewSchema>;

/** What unlocking opens: the day (Today), or the view last used. */
export const START_VIEWS = ['today', 'last'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const CALENDAR_VIEWS = ['day', 'week', 'work_week', 'month', 'agenda'] as const;

/**
 * The practice's crisis contacts, shown to a patient who answers PHQ-9 item 9 above "Not at all" in
 * patient mode: a few lines such as "Samaritans 116 123". Practice information, not clinical data.
 */
export const CRISIS_CONTACTS_LIMITS = { characters: 600, lines: 8 } as const;
export const CRISIS_CONTACTS_MESSAGES = {
  characters: `At most ${CRISIS_CONTACTS_LIMITS.characters} characters`,
  lines: `At most ${CRISIS_CONTACTS_LIMITS.lines} lines`,
} as const;
export const crisisContactsSchema = z
  .string()
  .trim()
  .max(CRISIS_CONTACTS_LIMITS.characters, CRISIS_CONTACTS_MESSAGES.characters)
  .refine((text) => text.split('\n').length <= CRISIS_CONTACTS_LIMITS.lines, CRISIS_CONTACTS_MESSAGES.lines);

/**
 * The practice's settings: the same on every device of the vault, so they live in the vault
 * (`practice_settings`, migration 0035) and replicate (docs/sync.md). A second device that flagged
 * feedback by another rule, or showed a patient other crisis contacts, would be a clinical defect.
 * Borderline ones, decided:
 * - `defaultSessionMinutes` and `workingHours`: the practice's calendar (out-of-hours warnings, the
 *   length a session is booked at), the same whichever device books it;
 * - `clinicianName`/`clinicianCredentials`: the vault is one clinician's records; the signature under
 *   a note must not depend on the device that signed it;
 * - `currency` and `placeOfService`: a charge is recorded in the practice's currency wherever it is coded.
 * Each field has a default: a setting never set, or a stored value that no longer parses, reads as it.
 */
export const practiceSettingsSchema = z.object({
  defaultSessionMinutes: z.number().int().min(5).max(480).default(50),
  workingHours: workingHoursSchema.default({ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] }),
  /** A patient's cancellation this close to the session counts as a late cancellation. */
  lateCancellationHours: z.number().int().min(0).max(168).default(24),
  /** Session feedback is raised at the next session when its score (0–10) falls below this… */
  feedbackAlertBelow: z.number().min(0).max(10).default(6),
  /** …or this far below the patient's own average. */
  feedbackDropBy: z.number().min(0.5).max(10).default(2),
  /** A session rated this far below the patient's own running median is raised as a possible rupture (shared/outcomes-ruptures.ts). */
  ruptureBelowMedianBy: z.number().min(0.5).max(10).default(1.5),
  /** A new treatment plan is reviewed this many days after it is begun. */
  planReviewDays: z.number().int().min(7).max(365).default(90),
  /** Who signs notes and plans, and the letterhead of printed summaries: the practice's, not a patient's. */
  clinicianName: z.string().max(120).default(''),
  clinicianCredentials: z.string().max(120).default(''),
  practiceName: z.string().max(120).default(''),
  practiceAddress: z.string().max(300).default(''),
  practicePhone: z.string().max(40).default(''),
  crisisContacts: z.string().max(CRISIS_CONTACTS_LIMITS.characters).default(''),
  /** The practice's identifiers on a superbill (shared/billing.ts): NPI, tax ID (EIN), licence, place of service, currency. */
  practiceNpi: z.string().max(10).default(''),
  practiceTaxId: z.string().max(10).default(''),
  practiceLicence: z.string().max(40).default(''),
  practiceLicenceState: z.string().max(40).default(''),
  placeOfService: placeOfServiceSchema.default('11'),
  currency: z.string().length(3).default('USD'),
});
export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;
export type PracticeSettingKey = keyof PracticeSettings;
export const PRACTICE_SETTING_KEYS = Object.keys(practiceSettingsSchema.shape) as PracticeSettingKey[];
export const DEFAULT_PRACTICE_SETTINGS: PracticeSettings = practiceSettingsSchema.parse({});

export function isPracticeSettingKey(key: string): key is PracticeSettingKey {
  return Object.hasOwn(practiceSettingsSchema.shape, key);
}

/**
 * This device's own preferences, the only things kept outside the vault (electron-store): how this
 * device looks and behaves, never clinical. Each field has a default so an old or damaged preference
 * file still yields a whole object.
 */
export const devicePreferencesSchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(120).default(10),
  theme: z.enum(THEMES).default('system'),
  lastView: viewSchema.default('calendar'),
  startView: z.enum(START_VIEWS).default('today'),
  calendarView: z.enum(CALENDAR_VIEWS).default('week'),
  showCancelled: z.boolean().default(true),
  /** The quiet notice before a running session's scheduled end. */
  sessionEndNoticeMinutes: z.number().int().min(0).max(30).default(5),
  /**
   * Backups (shared/backup.ts): the folder the person chose with the folder dialog (a path, never
   * clinical; the window cannot set it, only backups:chooseFolder can), how often one is made on its
   * own, when the reminder speaks, what pruning keeps, and the last verified backup, where and when.
   */
  backupFolder: z.string().max(BACKUP_PATH_MAX).default(''),
  backupEveryHours: z.number().int().min(BACKUP_LIMITS.everyHours.min).max(BACKUP_LIMITS.everyHours.max).default(24),
  backupReminderDays: z.number().int().min(BACKUP_LIMITS.reminderDays.min).max(BACKUP_LIMITS.reminderDays.max).default(7),
  backupKeepDaily: z.number().int().min(0).max(BACKUP_LIMITS.keepDaily).default(7),
  backupKeepWeekly: z.number().int().min(0).max(BACKUP_LIMITS.keepWeekly).default(4),
  backupKeepMonthly: z.number().int().min(0).max(BACKUP_LIMITS.keepMonthly).default(12),
  lastVerifiedBackup: lastVerifiedBackupSchema.nullable().default(null),
});
export type DevicePreferences = z.infer<typeof devicePreferencesSchema>;
export const DEFAULT_DEVICE_PREFERENCES: DevicePreferences = devicePreferencesSchema.parse({});

/** What Settings reads and sets as one: this device's preferences and the practice's settings. */
export const preferencesSchema = z.object({ ...devicePreferencesSchema.shape, ...practiceSettingsSchema.shape });
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = preferencesSchema.parse({});

export const preferencesUpdateSchema = z.strictObject({
  autoLockMinutes: z.number().int('Whole minutes only').min(1, 'At least 1 minute').max(120, 'At most 120 minutes').optional(),
  theme: z.enum(THEMES).optional(),
  lastView: viewSchema.optional(),
  startView: z.enum(START_VIEWS).optional(),
  calendarView: z.enum(CALENDAR_VIEWS).optional(),
  defaultSessionMinutes: z.number().int('Whole minutes only').min(5, 'At least 5 minutes').max(480, 'At most 8 hours').optional(),
  // Strict: the stored schema drops a key it does not know (an old file's), but a request must not send one.
  workingHours: z
    .strictObject(workingHoursSchema.shape)
    .refine((hours) => hours.start < hours.end, 'The working day must end after it starts')
    .refine((hours) => new Set(hours.days).size === hours.days.length, { message: 'Each working day once', path: ['days'] })
    .optional(),
  lateCancellationHours: z.number().int('Whole hours only').min(0, 'At least 0 hours').max(168, 'At most a week').optional(),
  showCancelled: z.boolean().optional(),
  sessionEndNoticeMinutes: z.number().int('Whole minutes only').min(0).max(30, 'At most 30 minutes').optional(),
  feedbackAlertBelow: z.number().min(0, 'From 0 to 10').max(10, 'From 0 to 10').optional(),
  feedbackDropBy: z.number().min(0.5, 'At least half a point').max(10, 'At most 10 points').optional(),
  ruptureBelowMedianBy: z.number().min(0.5, 'At least half a point').max(10, 'At most 10 points').optional(),
  planReviewDays: z.number().int('Whole days only').min(7, 'At least 7 days').max(365, 'At most a year').optional(),
  clinicianName: singleLineString().trim().max(120, 'At most 120 characters').superRefine(noCredentialsInName).optional(),
  clinicianCredentials: singleLineString().trim().max(120, 'At most 120 characters').optional(),
  practiceName: singleLineString().trim().max(120, 'At most 120 characters').optional(),
  /** As many lines as the letterhead needs. */
  practiceAddress: z.string().trim().max(300, 'At most 300 characters').optional(),
  practicePhone: optionalPhoneSchema.optional(),
  crisisContacts: crisisContactsSchema.optional(),
  practiceNpi: npiSchema.optional(),
  practiceTaxId: taxIdSchema.optional(),
  practiceLicence: singleLineString().trim().max(40, BILLING_MESSAGES.licence).optional(),
  practiceLicenceState: singleLineString().trim().max(40, BILLING_MESSAGES.licenceState).optional(),
  placeOfService: placeOfServiceSchema.optional(),
  currency: currencySchema.optional(),
  backupEveryHours: z
    .number()
    .int('Whole hours only')
    .min(BACKUP_LIMITS.everyHours.min, BACKUP_MESSAGES.everyHours)
    .max(BACKUP_LIMITS.everyHours.max, BACKUP_MESSAGES.everyHours)
    .optional(),
  backupReminderDays: z
    .number()
    .int('Whole days only')
    .min(BACKUP_LIMITS.reminderDays.min, BACKUP_MESSAGES.reminderDays)
    .max(BACKUP_LIMITS.reminderDays.max, BACKUP_MESSAGES.reminderDays)
    .optional(),
  backupKeepDaily: z
    .number()
    .int('Whole numbers only')
    .min(0, BACKUP_MESSAGES.keepDaily)
    .max(BACKUP_LIMITS.keepDaily, BACKUP_MESSAGES.keepDaily)
    .optional(),
  backupKeepWeekly: z
    .number()
    .int('Whole numbers only')
    .min(0, BACKUP_MESSAGES.keepWeekly)
    .max(BACKUP_LIMITS.keepWeekly, BACKUP_MESSAGES.keepWeekly)
    .optional(),
  backupKeepMonthly: z
    .number()
    .int('Whole numbers only')
    .min(0, BACKUP_MESSAGES.keepMonthly)
    .max(BACKUP_LIMITS.keepMonthly, BACKUP_MESSAGES.keepMonthly)
    .optional(),
});
export type PreferencesUpdate = z.infer<typeof preferencesUpdateSchema>;

const PRACTICE_KEY_MASK = Object.fromEntries(PRACTICE_SETTING_KEYS.map((key) => [key, true])) as { [K in PracticeSettingKey]: true };

/** A change of the practice's settings: the same checks as Settings' form, for the keys that live in the vault. */
export const practiceSettingsUpdateSchema = preferencesUpdateSchema.pick(PRACTICE_KEY_MASK);
export type PracticeSettingsUpdate = z.infer<typeof practiceSettingsUpdateSchema>;
export const devicePreferencesUpdateSchema = preferencesUpdateSchema.omit(PRACTICE_KEY_MASK);
export type DevicePreferencesUpdate = z.infer<typeof devicePreferencesUpdateSchema>;

/** One change from Settings, split where each part is kept: this device's file, or the vault. */
export function splitPreferencesUpdate(patch: PreferencesUpdate): { device: DevicePreferencesUpdate; practice: PracticeSettingsUpdate } {
  const device: Record<string, unknown> = {};
  const practice: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (isPracticeSettingKey(key)) practice[key] = value;
    else device[key] = value;
  }
  return { device: devicePreferencesUpdateSchema.parse(device), practice: practiceSettingsUpdateSchema.parse(practice) };
}

/** Each practice setting as Settings names it: what a conflict between two devices' edits says changed. */
export const PRACTICE_SETTING_LABELS: Readonly<Record<PracticeSettingKey, string>> = {
  defaultSessionMinutes: 'Default session length',
  workingHours: 'Working hours',
  lateCancellationHours: 'Late-cancellation window',
  feedbackAlertBelow: 'Feedback raised below',
  feedbackDropBy: 'Feedback raised this far below the patient’s average',
  ruptureBelowMedianBy: 'Possible rupture this far below the patient’s usual',
  planReviewDays: 'Plan review interval',
  clinicianName: 'Your name',
  clinicianCredentials: 'Credentials',
  practiceName: 'Practice name',
  practiceAddress: 'Practice address',
  practicePhone: 'Practice phone',
  crisisContacts: 'Crisis contacts',
  practiceNpi: 'NPI',
  practiceTaxId: 'Tax ID (EIN)',
  practiceLicence: 'Licence number',
  practiceLicenceState: 'Licence state',
  placeOfService: 'Place of service',
  currency: 'Currency',
};

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function points(value: number): string {
  return value === 1 ? '1 point' : `${value} points`;
}

/** A practice setting's value as a person reads it ("60 days", "09:00–17:00, Mon Tue Wed"); an unreadable one as its default. */
export function displayPracticeSetting(key: PracticeSettingKey, raw: unknown): string {
  const parsed = practiceSettingsSchema.shape[key].safeParse(raw);
  const value: unknown = parsed.success ? parsed.data : DEFAULT_PRACTICE_SETTINGS[key];
  switch (key) {
    case 'defaultSessionMinutes':
      return `${String(value)} minutes`;
    case 'lateCancellationHours':
      return `${String(value)} hours`;
    case 'planReviewDays':
      return `${String(value)} days`;
    case 'feedbackAlertBelow':
      return `${String(value)} out of 10`;
    case 'feedbackDropBy':
    case 'ruptureBelowMedianBy':
      return points(Number(value));
    case 'workingHours': {
      const hours = value as WorkingHours;
      const days = [...hours.days].sort((a, b) => a - b).map((day) => WEEKDAY_NAMES[day] ?? String(day));
      return `${hours.start}–${hours.end}, ${days.length > 0 ? days.join(' ') : 'no days'}`;
    }
    default:
      return typeof value === 'string' && value !== '' ? value : 'empty';
  }
}

/** "Dr Ana Reyes, MD": how a signature reads; empty until the clinician's name is set in Settings. */
export function signatureName(preferences: Pick<Preferences, 'clinicianName' | 'clinicianCredentials'>): string {
  const name = preferences.clinicianName.trim();
  const credentials = preferences.clinicianCredentials.trim();
  if (name === '') return '';
  return credentials === '' ? name : `${name}, ${credentials}`;
}

/** The view unlocking opens, as the preferences say. */
export function startViewOf(preferences: Pick<Preferences, 'startView' | 'lastView'>): View {
  return preferences.startView === 'today' ? 'today' : preferences.lastView;
}
