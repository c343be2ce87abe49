import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Medications as dated entries (start, dose change, stop), each with its reason; the current list is
 * derived from them (shared/medication.ts). An entry is never changed or deleted: the one thing that
 * may happen to it is being marked entered in error, once. Allergies and adverse reactions likewise.
 */
export const migration0006Medications: Migration = {
  version: 6,
  name: 'medications',
  up(db) {
    db.exec(`
      CREATE TABLE medication_events (
        id TEXT PRIMARY KEY NOT NULL,
        -- The course: every entry from a start to its stop shares it.
        medication_id TEXT NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL CHECK (kind IN ('start', 'change', 'stop')),
        date TEXT NOT NULL,
        name TEXT NOT NULL,
        route TEXT NOT NULL,
        dose TEXT NOT NULL,
        frequency TEXT NOT NULL,
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX medication_events_by_patient ON medication_events (patient_id, medication_id);

      CREATE TABLE allergies (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        substance TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('allergy', 'adverse reaction', 'intolerance')),
        reaction TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'unknown')),
        noted_on TEXT,
        recorded_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX allergies_by_patient ON allergies (patient_id);
    `);
    const kept = {
      medication_events: [
        'id',
        'medication_id',
        'patient_id',
        'kind',
        'date',
        'name',
        'route',
        'dose',
        'frequency',
        'reason',
        'recorded_at',
      ],
      allergies: ['id', 'patient_id', 'substance', 'kind', 'reaction', 'severity', 'noted_on', 'recorded_at'],
    };
    for (const [table, columns] of Object.entries(kept)) {
      const changed = columns.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
      db.exec(`
        CREATE TRIGGER ${table}_only_marked_in_error BEFORE UPDATE ON ${table}
        WHEN OLD.entered_in_error_at IS NOT NULL OR NEW.entered_in_error_at IS NULL OR ${changed}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'an entry is only ever marked entered in error')}; END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'an entry is marked entered in error, never deleted')}; END;
      `);
    }
  },
};
