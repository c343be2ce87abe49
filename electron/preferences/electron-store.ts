/**
 * The app's preference store: a small JSON file in Electron's userData folder, through
 * electron-store. Only this device's own, non-clinical keys (`devicePreferencesSchema`) are ever
 * written; the practice's settings a file still holds from before they moved into the vault are
 * handed to the vault once at unlock and then deleted from the file.
 */
import ElectronStore from 'electron-store';
import {
  DEFAULT_DEVICE_PREFERENCES,
  devicePreferencesSchema,
  devicePreferencesUpdateSchema,
  PRACTICE_SETTING_KEYS,
  type DevicePreferences,
  type DevicePreferencesUpdate,
} from '../../shared/preferences';
import { practiceKeysOf, type PreferenceStore, type RecordedPreferences } from './store';

/** The part of electron-store this module uses, so tests can hand in a file of their own. */
export type PreferenceFile = {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
  delete(key: string): void;
};

/**
 * Reads each key on its own, so one damaged value (hand-edited, or from an older version)
 * falls back to its default without taking the good ones with it.
 */
export function readPreferences(raw: unknown): DevicePreferences {
  const whole = devicePreferencesSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const values: Partial<Record<string, unknown>> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const shape = devicePreferencesSchema.shape;
  const result: DevicePreferences = { ...DEFAULT_DEVICE_PREFERENCES };
  for (const key of Object.keys(shape) as (keyof DevicePreferences)[]) {
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

  get(): DevicePreferences {
    return readPreferences(this.#file.store);
  }

  update(patch: DevicePreferencesUpdate): DevicePreferences {
    const next = devicePreferencesSchema.parse({ ...this.get(), ...devicePreferencesUpdateSchema.parse(patch) });
    this.#file.set(next);
    return next;
  }

  record(values: RecordedPreferences): DevicePreferences {
    const next = devicePreferencesSchema.parse({ ...this.get(), ...values });
    this.#file.set(next);
    return next;
  }

  practiceToAdopt(): Record<string, unknown> {
    return practiceKeysOf(this.#file.store);
  }

  forgetPractice(): void {
    for (const key of PRACTICE_SETTING_KEYS) if (Object.hasOwn(this.#file.store, key)) this.#file.delete(key);
  }
}

/** Opens (or creates) `preferences.json` in userData. Call in the main process after `app` is available. */
export function openElectronStorePreferences(): PreferenceStore {
  const file = new ElectronStore<Record<string, unknown>>({
    name: 'preferences',
    // This device's keys only: a default of a practice setting would be taken for a value to adopt.
    defaults: { ...DEFAULT_DEVICE_PREFERENCES },
    // A preference file that is not JSON is only preferences: start again from the defaults rather than refuse to start.
    clearInvalidConfig: true,
  });
  return new FilePreferenceStore(file);
}
