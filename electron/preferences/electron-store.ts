/**
 * The app's preference store: a small JSON file in Electron's userData folder, through
 * electron-store. Only the non-clinical keys of `preferencesSchema` are ever written.
 */
import ElectronStore from 'electron-store';
import {
  DEFAULT_PREFERENCES,
  preferencesSchema,
  preferencesUpdateSchema,
  type Preferences,
  type PreferencesUpdate,
} from '../../shared/preferences';
import type { PreferenceStore, RecordedPreferences } from './store';

/** The part of electron-store this module uses, so tests can hand in a file of their own. */
export type PreferenceFile = {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
};

/**
 * Reads each key on its own, so one damaged value (hand-edited, or from an older version)
 * falls back to its default without taking the good ones with it.
 */
export function readPreferences(raw: unknown): Preferences {
  const whole = preferencesSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const values: Partial<Record<string, unknown>> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const shape = preferencesSchema.shape;
  const result: Preferences = { ...DEFAULT_PREFERENCES };
  for (const key of Object.keys(shape) as (keyof Preferences)[]) {
    const field = shape[key].safeParse(values[key]);
    if (field.success) Object.assign(result, { [key]: field.data });
  }
  return result;
}

export class FilePreferenceStore implements PreferenceStore {
  readonly #file: PreferenceFile;

  constructor(file: PreferenceFile) {
    this.#file = file;
  }

  get(): Preferences {
    return readPreferences(this.#file.store);
  }

  update(patch: PreferencesUpdate): Preferences {
    const next = preferencesSchema.parse({ ...this.get(), ...preferencesUpdateSchema.parse(patch) });
    this.#file.set(next);
    return next;
  }

  record(values: RecordedPreferences): Preferences {
    const next = preferencesSchema.parse({ ...this.get(), ...values });
    this.#file.set(next);
    return next;
  }
}

/** Opens (or creates) `preferences.json` in userData. Call in the main process after `app` is available. */
export function openElectronStorePreferences(): PreferenceStore {
  const file = new ElectronStore<Record<string, unknown>>({
    name: 'preferences',
    defaults: { ...DEFAULT_PREFERENCES },
    // A preference file that is not JSON is only preferences: start again from the defaults rather than refuse to start.
    clearInvalidConfig: true,
  });
  return new FilePreferenceStore(file);
}
