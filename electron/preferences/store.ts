import {
  DEFAULT_DEVICE_PREFERENCES,
  devicePreferencesSchema,
  devicePreferencesUpdateSchema,
  isPracticeSettingKey,
  type DevicePreferences,
  type DevicePreferencesUpdate,
  type Preferences,
} from '../../shared/preferences';

/**
 * This device's own preferences, never clinical. The app keeps them in electron-store
 * (./electron-store.ts); tests and the harness use the in-memory store, so nothing here needs Electron.
 * The practice's settings are in the vault (electron/features/preferences/practice-settings.ts); what a
 * device still holds of them from before is handed to the vault once (`practiceToAdopt`) and forgotten.
 */
/** What the app records itself and the window may never set: the folder chosen in the backup dialog, the last verified backup. */
export type RecordedPreferences = Partial<Pick<DevicePreferences, 'backupFolder' | 'lastVerifiedBackup'>>;

export interface PreferenceStore {
  get(): DevicePreferences;
  update(patch: DevicePreferencesUpdate): DevicePreferences;
  record(values: RecordedPreferences): DevicePreferences;
  /** The practice's settings this device kept before they moved into the vault, as stored (the vault checks them). */
  practiceToAdopt(): Record<string, unknown>;
  /** Drops them: the vault has taken them, or this device joined a vault whose settings it takes. */
  forgetPractice(): void;
}

/** The practice's keys of a stored preference object, as they are. */
export function practiceKeysOf(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stored).filter(([key]) => isPracticeSettingKey(key)));
}

export class MemoryPreferenceStore implements PreferenceStore {
  #value: DevicePreferences;
  #practice: Record<string, unknown>;

  /** `initial` may hold practice settings: a device as it was before they moved into the vault. */
  constructor(initial: Partial<Preferences> = {}) {
    this.#value = devicePreferencesSchema.parse({ ...DEFAULT_DEVICE_PREFERENCES, ...initial });
    this.#practice = practiceKeysOf(initial);
  }

  get(): DevicePreferences {
    return { ...this.#value };
  }

  update(patch: DevicePreferencesUpdate): DevicePreferences {
    this.#value = devicePreferencesSchema.parse({ ...this.#value, ...devicePreferencesUpdateSchema.parse(patch) });
    return this.get();
  }

  record(values: RecordedPreferences): DevicePreferences {
    this.#value = devicePreferencesSchema.parse({ ...this.#value, ...values });
    return this.get();
  }

  practiceToAdopt(): Record<string, unknown> {
    return { ...this.#practice };
  }

  forgetPractice(): void {
    this.#practice = {};
  }
}
