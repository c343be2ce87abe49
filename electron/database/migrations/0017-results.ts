import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Results and vitals: one row per value taken (a lithium level, a weight), in the unit it was
 * entered in and in its analyte's canonical unit, with the date it was taken and the lab's range
 * where given. Like the medication entries, a row is never changed or deleted: the one thing that may
 * happen to it is being marked entered in error, once.
 */
export const migration0017Results: Migration = {
  version: 17,
  name: 'results',
  up(db) {
    db.exec(`
      CREATE TABLE results (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        analyte TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        canonical_value REAL NOT NULL,
        taken_on TEXT NOT NULL,
        range_low REAL,
        range_high REAL CHECK (range_low IS NULL OR range_high IS NULL OR range_low <= range_high),
        note TEXT NOT NULL,
        created_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX results_by_patient ON results (patient_id, analyte, taken_on);
    `);
    const kept = [
      'id',
      'patient_id',
      'analyte',
      'value',
      'unit',
      'canonical_value',
      'taken_on',
      'range_low',
      'range_high',
      'note',
      'created_at',
    ];
    const changed = kept.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    db.exec(`
      CREATE TRIGGER results_only_marked_in_error BEFORE UPDATE ON results
      WHEN OLD.entered_in_error_at IS NOT NULL OR NEW.entered_in_error_at IS NULL OR ${changed}
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a result is only ever marked entered in error')}; END;
      CREATE TRIGGER results_no_delete BEFORE DELETE ON results
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a result is marked entered in error, never deleted')}; END;
    `);
  },
};
