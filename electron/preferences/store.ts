import { DEFAULT_PREFERENCES, preferencesSchema, type Preferences, type PreferencesUpdate } from '../../shared/preferences';

/**
 * Non-clinical preferences only. The app keeps them in electron-store (./electron-store.ts);
 * tests and the harness use the in-memory store, so nothing here needs Electron.
 */
/** What the app records itself and the window may never set: the folder chosen in the backup dialog, the last verified backup. */
export type RecordedPreferences = Partial<Pick<Preferences, 'backupFolder' | 'lastVerifiedBackup'>>;

export interface PreferenceStore {
  get(): Preferences;
  update(patch: PreferencesUpdate): Preferences;
  record(values: RecordedPreferences): Preferences;
}

export class MemoryPreferenceStore implements PreferenceStore {
  #value: Preferences;

  constructor(initial: Partial<Preferences> = {}) {
    this.#value = preferencesSchema.parse({ ...DEFAULT_PREFERENCES, ...initial });
  }

  get(): Preferences {
    return { ...this.#value };
  }

  update(patch: PreferencesUpdate): Preferences {
    this.#value = preferencesSchema.parse({ ...this.#value, ...patch });
    return this.get();
  }

  record(values: RecordedPreferences): Preferences {
    this.#value = preferencesSchema.parse({ ...this.#value, ...values });
    return this.get();
  }
}
