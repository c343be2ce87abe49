import type { Migration } from './migration';

/**
 * Patients are archived, never deleted: a chart stays readable for as long as records must be kept.
 * `version` is the optimistic-concurrency counter an update must name. No STRICT tables: any
 * SQLCipher 4 tool, even one built on an older SQLite, must be able to read the file.
 */
export const migration0001Patients: Migration = {
  version: 1,
  name: 'patients',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id TEXT PRIMARY KEY NOT NULL,
        chart_number INTEGER NOT NULL UNIQUE CHECK (chart_number > 0),
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        preferred_name TEXT,
        date_of_birth TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
      );

      -- The patient list: active patients by family then given name (chart number breaks ties).
      CREATE INDEX patients_by_list_order
        ON patients (archived_at, family_name COLLATE NOCASE, given_name COLLATE NOCASE, chart_number);
    `);
  },
};
