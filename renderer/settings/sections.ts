import { PRACTICE_SETTING_LABELS, type DevicePreferences, type PracticeSettingKey } from '../../shared/preferences';

/**
 * Settings' sections, in the order of the side index, and what each holds: the preferences it sets,
 * split as shared/preferences.ts splits them (the practice's, kept in the vault and the same on every
 * device; this device's own), and the vault tables it edits. The note at a section's top is derived
 * from them, and tests/unit/renderer/settings-sections.test.tsx checks them against the split and
 * against what replicates, so the screen cannot claim a setting is shared when it is not.
 */
export const SETTINGS_SECTION_IDS = [
  'practice',
  'clinical',
  'calendar',
  'templates',
  'security',
  'backups',
  'devices',
  'records',
  'appearance',
] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTION_IDS)[number];

export type DeviceSettingKey = keyof DevicePreferences;

export interface SettingsSection {
  id: SettingsSectionId;
  title: string;
  /** The practice's settings the section sets. */
  practice: readonly PracticeSettingKey[];
  /** This device's preferences the section sets. */
  device: readonly DeviceSettingKey[];
  /** Vault tables the section edits that replicate to the vault's other devices. */
  sharedTables: readonly string[];
  /** Vault tables the section edits that stay on this device. */
  localTables: readonly string[];
  /** Said instead of the derived note, where a section's parts differ in a way a list of settings does not tell. */
  note?: string;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  {
    id: 'practice',
    title: 'Practice',
    practice: [
      'clinicianName',
      'clinicianCredentials',
      'practiceName',
      'practiceAddress',
      'practicePhone',
      'practiceNpi',
      'practiceTaxId',
      'practiceLicence',
      'practiceLicenceState',
      'placeOfService',
      'currency',
    ],
    device: [],
    sharedTables: ['fee_schedule'],
    localTables: [],
  },
  {
    id: 'clinical',
    title: 'Clinical rules',
    practice: ['feedbackAlertBelow', 'feedbackDropBy', 'ruptureBelowMedianBy', 'planReviewDays', 'crisisContacts'],
    device: [],
    sharedTables: [],
    localTables: [],
  },
  {
    id: 'calendar',
    title: 'Calendar',
    practice: ['defaultSessionMinutes', 'workingHours', 'lateCancellationHours'],
    device: ['sessionEndNoticeMinutes', 'showCancelled'],
    sharedTables: [],
    localTables: [],
  },
  {
    id: 'templates',
    title: 'Notes and letters',
    practice: [],
    device: [],
    sharedTables: ['note_templates', 'note_template_versions', 'letter_templates', 'letter_template_versions'],
    localTables: [],
  },
  // The passphrase unlocks this device's copy of the vault key; each device that joins chooses its own.
  { id: 'security', title: 'Security', practice: [], device: ['autoLockMinutes'], sharedTables: [], localTables: [] },
  {
    id: 'backups',
    title: 'Backups',
    practice: [],
    device: ['backupFolder', 'backupEveryHours', 'backupReminderDays', 'backupKeepDaily', 'backupKeepWeekly', 'backupKeepMonthly'],
    sharedTables: [],
    localTables: [],
  },
  {
    id: 'devices',
    title: 'Devices and practice server',
    practice: [],
    device: [],
    sharedTables: ['sync_devices'],
    localTables: ['sync_server'],
    note: 'The list of devices is the vault’s, the same on each of them. How this device reaches the server is this device’s only.',
  },
  // Actions rather than settings: what is imported joins the vault; an export is written from this device.
  { id: 'records', title: 'Import and export', practice: [], device: [], sharedTables: [], localTables: [] },
  { id: 'appearance', title: 'Appearance', practice: [], device: ['theme', 'startView'], sharedTables: [], localTables: [] },
];

const FIRST_SETTINGS_SECTION: SettingsSectionId = 'practice';

export function isSettingsSectionId(value: string | undefined): value is SettingsSectionId {
  return value !== undefined && (SETTINGS_SECTION_IDS as readonly string[]).includes(value);
}

export function settingsSection(id: SettingsSectionId): SettingsSection {
  const found = SETTINGS_SECTIONS.find((section) => section.id === id);
  if (!found) throw new Error(`No settings section ${id}`);
  return found;
}

export function settingsPath(id: SettingsSectionId, anchor?: string): string {
  return `/settings/${id}${anchor ? `#${anchor}` : ''}`;
}

/**
 * Where the anchors of the single page Settings once was (`/settings#backups`, the shell's
 * `/settings#sync-conflicts`) are now, so a link or a remembered address still lands on them.
 */
const ANCHOR_SECTIONS: Readonly<Record<string, SettingsSectionId>> = {
  backups: 'backups',
  'practice-server': 'devices',
  'sync-conflicts': 'devices',
};

/** The section an old anchor (without its '#') belongs to, if it is one Settings had. */
function sectionOfAnchor(anchor: string): SettingsSectionId | null {
  return Object.hasOwn(ANCHOR_SECTIONS, anchor) ? (ANCHOR_SECTIONS[anchor] ?? null) : null;
}

/**
 * Where an address that names no section goes: "/settings" to the first section, an anchor of the old
 * single page to its section (keeping the anchor, which the section lands on), anything else to the first.
 */
export function settingsRedirect(section: string | undefined, hash: string): string {
  const anchor = section === undefined ? hash.replace(/^#/, '') : '';
  const target = sectionOfAnchor(anchor);
  return target ? settingsPath(target, anchor) : settingsPath(FIRST_SETTINGS_SECTION);
}

export const PRACTICE_SETTINGS_NOTE = 'These settings are the practice’s: they are the same on every device of this vault.';
export const DEVICE_SETTINGS_NOTE = 'This device only: the vault’s other devices keep their own.';

/** This device's preferences as Settings names them, where a note lists them. */
const DEVICE_SETTING_LABELS: Partial<Record<DeviceSettingKey, string>> = {
  sessionEndNoticeMinutes: 'Notice before a session ends',
  showCancelled: 'Showing cancelled sessions',
};

function listed(labels: readonly string[]): string {
  const words = labels.map((label, index) => (index === 0 ? label : label.charAt(0).toLowerCase() + label.slice(1)));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** What the note at a section's top says about who shares it; null for a section with nothing to say. */
export function sharingNote(section: SettingsSection): string | null {
  if (section.note) return section.note;
  const shared = section.practice.length > 0 || section.sharedTables.length > 0;
  const local = section.device.length > 0 || section.localTables.length > 0;
  if (shared && !local) return PRACTICE_SETTINGS_NOTE;
  if (local && !shared) return DEVICE_SETTINGS_NOTE;
  if (!shared && !local) return null;
  const practice = listed(section.practice.map((key) => PRACTICE_SETTING_LABELS[key]));
  const device = listed(section.device.map((key) => DEVICE_SETTING_LABELS[key] ?? key));
  return `${practice} are the practice’s: the same on every device of this vault. ${device} are this device’s only.`;
}
