import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Diagnoses, and the dated history of every change to them. A diagnosis recorded by mistake is marked
 * entered in error with a reason; it leaves the chart's list and stays in its history. The label is the
 * ICD-10-CM description when the diagnosis was made, so a later release of the code list never
 * rewrites what a chart said.
 */
export const migration0005Diagnoses: Migration = {
  version: 5,
  name: 'diagnoses',
  up(db) {
    db.exec(`
      CREATE TABLE diagnoses (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'in-remission', 'resolved')),
        is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
        onset_date TEXT,
        note TEXT NOT NULL DEFAULT '',
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
      );
      CREATE INDEX diagnoses_by_patient ON diagnoses (patient_id);
      -- A chart has at most one primary diagnosis in force.
      CREATE UNIQUE INDEX diagnoses_one_primary ON diagnoses (patient_id) WHERE is_primary = 1 AND entered_in_error_at IS NULL;

      CREATE TABLE diagnosis_events (
        id TEXT PRIMARY KEY NOT NULL,
        diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id),
        patient_id TEXT NOT NULL REFERENCES patients (id),
        at TEXT NOT NULL,
        -- What changed, comma-separated: added, status, primary, onset, note, entered-in-error.
        changes TEXT NOT NULL,
        status TEXT NOT NULL,
        previous_status TEXT,
        is_primary INTEGER NOT NULL CHECK (is_primary IN (0, 1))
      );
      CREATE INDEX diagnosis_events_by_patient ON diagnosis_events (patient_id, at);

      CREATE TRIGGER diagnosis_events_no_update BEFORE UPDATE ON diagnosis_events
      BEGIN ${raise('HISTORY_APPEND_ONLY', "a diagnosis's history cannot be changed")}; END;
      CREATE TRIGGER diagnosis_events_no_delete BEFORE DELETE ON diagnosis_events
      BEGIN ${raise('HISTORY_APPEND_ONLY', "a diagnosis's history cannot be changed")}; END;
      CREATE TRIGGER diagnoses_no_delete BEFORE DELETE ON diagnoses
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a diagnosis is marked entered in error, never deleted')}; END;
    `);
  },
};
