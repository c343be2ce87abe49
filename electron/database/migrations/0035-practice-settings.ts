import type { Migration } from './migration';

/**
 * The practice's settings (shared/preferences.ts, `practiceSettingsSchema`): until now kept per device
 * in electron-store, so the office desktop could flag feedback by another rule, or show a patient other
 * crisis contacts, than the laptop. One row per setting, its value as JSON; edited in place and
 * replicated field by field like a patient's details (docs/sync.md), so a concurrent edit of one setting
 * on two devices is a conflict the psychiatrist sees, and an edit of another setting is not.
 * A setting with no row reads as its default. The rows are written by
 * electron/features/preferences/practice-settings.ts, which also adopts a device's old values once.
 */
export const migration0035PracticeSettings: Migration = {
  version: 35,
  name: 'practice-settings',
  up(db) {
    db.exec(`
      CREATE TABLE practice_settings (
        key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 60),
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
      ) WITHOUT ROWID;
    `);
  },
};
