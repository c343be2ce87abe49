import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Titration and taper schedules for a medication of the history, and their steps. Clinical, so
 * append-only: a schedule is never edited or deleted. Changing a plan makes a new schedule that names
 * the one it replaces (which is stopped), so what the patient was handed on paper stays readable as
 * it was printed; a version number on one schedule would have had to copy every step anyway. The one
 * change a schedule undergoes is ending, once (active → stopped or completed); a step's is being
 * confirmed into the medication history, once.
 */
export const migration0019Titrations: Migration = {
  version: 19,
  name: 'titrations',
  up(db) {
    db.exec(`
      CREATE TABLE titration_schedules (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        -- The course in the medication history (medication_events.medication_id).
        medication_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('titrate', 'taper')),
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'completed')),
        ended_at TEXT,
        stop_reason TEXT,
        replaces_id TEXT REFERENCES titration_schedules (id),
        missed_dose_advice TEXT NOT NULL,
        who_to_call TEXT NOT NULL,
        CHECK ((status = 'active') = (ended_at IS NULL)),
        CHECK (stop_reason IS NULL OR status = 'stopped')
      );
      CREATE INDEX titration_schedules_by_patient ON titration_schedules (patient_id, medication_id);

      CREATE TABLE titration_steps (
        id TEXT PRIMARY KEY NOT NULL,
        schedule_id TEXT NOT NULL REFERENCES titration_schedules (id),
        position INTEGER NOT NULL CHECK (position > 0),
        dose_amount REAL NOT NULL CHECK (dose_amount >= 0),
        dose_unit TEXT NOT NULL CHECK (dose_unit IN ('mg', 'mcg', 'g', 'mL')),
        frequency TEXT NOT NULL,
        start_date TEXT NOT NULL,
        duration_days INTEGER NOT NULL CHECK (duration_days > 0),
        tablet_strength REAL CHECK (tablet_strength IS NULL OR tablet_strength > 0),
        tablets_per_dose REAL CHECK ((tablets_per_dose IS NULL) = (tablet_strength IS NULL) AND (tablets_per_dose IS NULL OR tablets_per_dose >= 0)),
        confirmed_at TEXT,
        -- The medication-history entry the confirmation recorded; NULL when the dose was already this one.
        medication_event_id TEXT REFERENCES medication_events (id),
        confirmed_dose TEXT,
        CHECK (confirmed_at IS NOT NULL OR (medication_event_id IS NULL AND confirmed_dose IS NULL)),
        UNIQUE (schedule_id, position)
      );
    `);
    const scheduleKept = [
      'id',
      'patient_id',
      'medication_id',
      'direction',
      'created_at',
      'replaces_id',
      'missed_dose_advice',
      'who_to_call',
    ];
    const stepKept = [
      'id',
      'schedule_id',
      'position',
      'dose_amount',
      'dose_unit',
      'frequency',
      'start_date',
      'duration_days',
      'tablet_strength',
      'tablets_per_dose',
    ];
    const changed = (columns: string[]) => columns.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    db.exec(`
      CREATE TRIGGER titration_schedules_only_ended BEFORE UPDATE ON titration_schedules
      WHEN OLD.status IS NOT 'active' OR NEW.status = 'active' OR ${changed(scheduleKept)}
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a schedule only ever ends, once')}; END;
      CREATE TRIGGER titration_schedules_no_delete BEFORE DELETE ON titration_schedules
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a schedule is stopped, never deleted')}; END;
      CREATE TRIGGER titration_steps_only_confirmed BEFORE UPDATE ON titration_steps
      WHEN OLD.confirmed_at IS NOT NULL OR NEW.confirmed_at IS NULL OR ${changed(stepKept)}
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a step is only ever confirmed, once')}; END;
      CREATE TRIGGER titration_steps_no_delete BEFORE DELETE ON titration_steps
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a step is never deleted')}; END;
    `);
  },
};
