import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Acknowledgements of the flags measurement-based care raises: a PHQ-9 or GAD-7 not on track or
 * reliably worse (about the measure that raised it), or a rupture in the alliance (about the session
 * feedback that showed it). Each says what was discussed and agreed and may cite the plan revision it
 * led to. Rows are added, never changed or deleted.
 *
 * Two indexes on measures let the practice view read a year's outcomes without reading the table:
 * the patients measured in the range, then each one's series.
 *
 * Numbered 23 by the session's plan; its `version` is its place in this branch's list until the
 * migrations in between (21, 22) are merged.
 */
export const migration0023OutcomeFlags: Migration = {
  version: 23,
  name: 'outcome-flags',
  up(db) {
    db.exec(`
      CREATE TABLE outcome_flag_acknowledgements (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL CHECK (kind IN ('not-on-track', 'reliable-deterioration', 'rupture')),
        measure_id TEXT REFERENCES measures (id),
        feedback_id TEXT REFERENCES session_feedback (id),
        note TEXT NOT NULL CHECK (length(note) > 0),
        plan_version_id TEXT REFERENCES plan_versions (id),
        created_at TEXT NOT NULL,
        CHECK ((kind = 'rupture') = (feedback_id IS NOT NULL) AND (kind = 'rupture') = (measure_id IS NULL))
      );
      CREATE INDEX outcome_flag_acknowledgements_by_patient ON outcome_flag_acknowledgements (patient_id, created_at);
      CREATE INDEX outcome_flag_acknowledgements_by_measure ON outcome_flag_acknowledgements (measure_id, kind);
      -- The practice view's year: which patients had a PHQ-9 or GAD-7 in it, from the index alone.
      CREATE INDEX measures_by_date ON measures (date, patient_id, instrument);
      -- Each patient's series of one instrument, in order, read from the index alone (no table row).
      CREATE INDEX measures_series ON measures (patient_id, instrument, date, created_at, score, id);
      CREATE TRIGGER outcome_flag_acknowledgements_no_update BEFORE UPDATE ON outcome_flag_acknowledgements
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an acknowledgement is kept as written')}; END;
      CREATE TRIGGER outcome_flag_acknowledgements_no_delete BEFORE DELETE ON outcome_flag_acknowledgements
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an acknowledgement is never deleted')}; END;
    `);
  },
};
