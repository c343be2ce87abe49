/**
 * The practice's settings in the vault (`practice_settings`, migration 0035): one row per setting,
 * its value as JSON, replicated to the practice's other devices and merged setting by setting
 * (docs/sync.md). Every value read is checked against the same schema the window's form uses; one
 * that no longer parses (written by another version, or by hand) reads as its default, never as a crash.
 */
import type { Database } from '@signalapp/sqlcipher';
import {
  DEFAULT_PRACTICE_SETTINGS,
  isPracticeSettingKey,
  practiceSettingsSchema,
  practiceSettingsUpdateSchema,
  type PracticeSettingKey,
  type PracticeSettings,
  type PracticeSettingsUpdate,
} from '../../../shared/preferences';
import type { AuditLog } from '../audit/repository';
import type { CallEnvironment, CallMoment } from '../handlers';

type SettingRow = { key: string; value: string };

/** One stored value, or undefined when it is not one this version can read. */
function storedValue<K extends PracticeSettingKey>(key: K, text: string): PracticeSettings[K] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = practiceSettingsSchema.shape[key].safeParse(value);
  return parsed.success ? (parsed.data as PracticeSettings[K]) : undefined;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a worker channel is run with: the moment main sent, and the practice's settings from the vault. */
export function practiceEnvironment(settings: PracticeSettings, { now, timeZone }: CallMoment): CallEnvironment {
  return {
    now,
    timeZone,
    workingHours: settings.workingHours,
    lateCancellationHours: settings.lateCancellationHours,
    feedbackRule: { below: settings.feedbackAlertBelow, dropBy: settings.feedbackDropBy },
    ruptureRule: { belowMedianBy: settings.ruptureBelowMedianBy },
    planReviewDays: settings.planReviewDays,
    clinician: { name: settings.clinicianName, credentials: settings.clinicianCredentials },
    currency: settings.currency,
  };
}

export class PracticeSettingsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;

  /**
   * The settings as last read, and the connection's count of changed rows then: every worker call reads
   * them, and a write of any row (here, a received change, a rollback) moves the count on, so a count
   * unchanged means the settings are (a read and its checks cost ~50 µs; the count, a few).
   */
  #read: { changes: number; settings: PracticeSettings } | undefined;

  constructor(db: Database, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
  }

  /** Every setting: its stored value, or its default when it has none (or none this version reads). */
  read(): PracticeSettings {
    const changes = this.#db.prepare('SELECT total_changes()', { pluck: true }).get<number>() ?? 0;
    if (this.#read?.changes !== changes) this.#read = { changes, settings: this.#readStored() };
    return {
      ...this.#read.settings,
      workingHours: { ...this.#read.settings.workingHours, days: [...this.#read.settings.workingHours.days] },
    };
  }

  #readStored(): PracticeSettings {
    const settings: PracticeSettings = { ...DEFAULT_PRACTICE_SETTINGS };
    for (const row of this.#db.prepare('SELECT key, value FROM practice_settings').all<SettingRow>()) {
      // A key this version does not know (a newer device's) is kept, not read.
      if (!isPracticeSettingKey(row.key)) continue;
      const value = storedValue(row.key, row.value);
      if (value !== undefined) Object.assign(settings, { [row.key]: value });
    }
    return settings;
  }

  /**
   * Writes the settings the change names, each only if its value differs from the one held (an
   * unchanged field sends nothing to the other devices and raises no conflict there), with an audit
   * entry naming the setting: never its value, which may be clinical (crisis contacts).
   */
  update(patch: PracticeSettingsUpdate, now: string): PracticeSettings {
    const checked = practiceSettingsUpdateSchema.parse(patch);
    this.#db.transaction(() => {
      const held = this.read();
      for (const key of Object.keys(checked) as PracticeSettingKey[]) {
        const value = practiceSettingsSchema.shape[key].parse(checked[key]);
        if (same(value, held[key])) continue;
        this.#write(key, value, now);
        this.#audit.append(now, { action: 'practice.setting', recordType: 'practice-setting', recordId: key, patientId: null });
      }
    })();
    return this.read();
  }

  /**
   * A device's values from before the settings moved into the vault (its electron-store), written once:
   * only settings the vault has no row for (a device that joins a practice must not write its own over
   * the practice's), and only values other than the default (no row already reads as the default, and a
   * written default would compete with another device's real value). Unreadable values are left out.
   * Answers the keys written.
   */
  adopt(values: Readonly<Record<string, unknown>>, now: string): PracticeSettingKey[] {
    const adopted: PracticeSettingKey[] = [];
    this.#db.transaction(() => {
      const present = new Set(this.#db.prepare('SELECT key FROM practice_settings', { pluck: true }).all<string>());
      for (const [key, raw] of Object.entries(values)) {
        if (!isPracticeSettingKey(key) || present.has(key)) continue;
        const parsed = practiceSettingsSchema.shape[key].safeParse(raw);
        if (!parsed.success || same(parsed.data, DEFAULT_PRACTICE_SETTINGS[key])) continue;
        this.#write(key, parsed.data, now);
        this.#audit.append(now, { action: 'practice.setting-adopted', recordType: 'practice-setting', recordId: key, patientId: null });
        adopted.push(key);
      }
    })();
    return adopted;
  }

  /**
   * An update, or an insert where the setting has no row yet: not an upsert, whose own conflict clause
   * would override the capture triggers' INSERT OR REPLACE of the field's stamp (SQLite applies the outer
   * statement's policy inside its triggers) and refuse a second edit of a setting.
   */
  #write(key: PracticeSettingKey, value: unknown, now: string): void {
    const params = { key, value: JSON.stringify(value), now };
    const updated = this.#db
      .prepare('UPDATE practice_settings SET value = $value, updated_at = $now, version = version + 1 WHERE key = $key')
      .run(params);
    if (updated.changes === 0)
      this.#db.prepare('INSERT INTO practice_settings (key, value, updated_at) VALUES ($key, $value, $now)').run(params);
  }
}
