import { DEFAULT_PREFERENCES, preferencesSchema, type Preferences, type PreferencesUpdate } from '../../shared/preferences';

/**
 * Non-clinical preferences only. The app keeps them in electron-store (./electron-store.ts);
 * tests and the harness use the in-memory store, so nothing here needs Electron.
 */
export interface PreferenceStore {
  get(): Preferences;
  update(patch: PreferencesUpdate): Preferences;
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
}
