import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Session feedback and outcome measures (PHQ-9, GAD-7), each tied to the patient and, for feedback
 * always and for a measure when it was taken at one, to the session. Both are records as the patient
 * gave them: never changed or deleted. The one thing that may happen to them later, once, is the
 * clinician's follow-up: feedback marked discussed, an item-9 answer acknowledged.
 *
 * A progress update and a plan revision may cite the feedback that led to them.
 */
export const migration0010Feedback: Migration = {
  version: 10,
  name: 'feedback',
  up(db) {
    db.exec(`
      CREATE TABLE session_feedback (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        appointment_id TEXT NOT NULL UNIQUE REFERENCES appointments (id),
        heard INTEGER NOT NULL CHECK (heard BETWEEN 0 AND 10),
        focus INTEGER NOT NULL CHECK (focus BETWEEN 0 AND 10),
        approach INTEGER NOT NULL CHECK (approach BETWEEN 0 AND 10),
        overall INTEGER NOT NULL CHECK (overall BETWEEN 0 AND 10),
        helpful TEXT NOT NULL DEFAULT '',
        not_helpful TEXT NOT NULL DEFAULT '',
        unproductive_topic TEXT NOT NULL DEFAULT '',
        score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),
        source TEXT NOT NULL CHECK (source IN ('patient', 'clinician')),
        created_at TEXT NOT NULL,
        discussed_at TEXT
      );
      -- One patient's feedback over time; the practice's by month.
      CREATE INDEX session_feedback_by_patient ON session_feedback (patient_id, created_at);
      CREATE INDEX session_feedback_by_date ON session_feedback (created_at);

      CREATE TABLE measures (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        appointment_id TEXT REFERENCES appointments (id),
        instrument TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7')),
        answers TEXT NOT NULL CHECK (json_valid(answers)),
        difficulty INTEGER CHECK (difficulty BETWEEN 0 AND 3),
        score INTEGER NOT NULL CHECK (score >= 0),
        band TEXT NOT NULL,
        self_harm INTEGER NOT NULL CHECK (self_harm IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('patient', 'clinician')),
        date TEXT NOT NULL,
        created_at TEXT NOT NULL,
        acknowledged_at TEXT
      );
      CREATE INDEX measures_by_patient ON measures (patient_id, date);
      -- Item-9 answers waiting for the clinician: a handful of rows at most.
      CREATE INDEX measures_self_harm_open ON measures (patient_id) WHERE self_harm = 1 AND acknowledged_at IS NULL;

      CREATE TRIGGER session_feedback_only_discussed BEFORE UPDATE ON session_feedback
      WHEN OLD.discussed_at IS NOT NULL OR NEW.discussed_at IS NULL
        OR NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.appointment_id IS NOT OLD.appointment_id
        OR NEW.heard IS NOT OLD.heard OR NEW.focus IS NOT OLD.focus OR NEW.approach IS NOT OLD.approach OR NEW.overall IS NOT OLD.overall
        OR NEW.helpful IS NOT OLD.helpful OR NEW.not_helpful IS NOT OLD.not_helpful OR NEW.unproductive_topic IS NOT OLD.unproductive_topic
        OR NEW.score IS NOT OLD.score OR NEW.source IS NOT OLD.source OR NEW.created_at IS NOT OLD.created_at
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'feedback is kept as the patient gave it')}; END;
      CREATE TRIGGER session_feedback_no_delete BEFORE DELETE ON session_feedback
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'feedback is kept as the patient gave it')}; END;

      CREATE TRIGGER measures_only_acknowledged BEFORE UPDATE ON measures
      WHEN OLD.acknowledged_at IS NOT NULL OR NEW.acknowledged_at IS NULL
        OR NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.appointment_id IS NOT OLD.appointment_id
        OR NEW.instrument IS NOT OLD.instrument OR NEW.answers IS NOT OLD.answers OR NEW.difficulty IS NOT OLD.difficulty
        OR NEW.score IS NOT OLD.score OR NEW.band IS NOT OLD.band OR NEW.self_harm IS NOT OLD.self_harm
        OR NEW.source IS NOT OLD.source OR NEW.date IS NOT OLD.date OR NEW.created_at IS NOT OLD.created_at
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a measure is kept as the patient answered it')}; END;
      CREATE TRIGGER measures_no_delete BEFORE DELETE ON measures
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a measure is kept as the patient answered it')}; END;

      ALTER TABLE progress_updates ADD COLUMN feedback_id TEXT REFERENCES session_feedback (id);
      ALTER TABLE plan_versions ADD COLUMN feedback_id TEXT REFERENCES session_feedback (id);
    `);
  },
};
