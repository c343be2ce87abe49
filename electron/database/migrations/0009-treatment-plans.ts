import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Treatment plans (shared/plan.ts). A plan has numbered versions; each holds the whole plan as one
 * JSON document checked by the app's schema on the way in and out. A draft changes freely; recording
 * the patient's agreement makes it final, and a final version, or any version with a newer one after
 * it, is never changed again: the triggers refuse it. A new version follows only a final one.
 *
 * Objectives' status changes while a version is in force, and progress updates on goals, are dated
 * entries of their own that are never changed or deleted.
 */
export const migration0009TreatmentPlans: Migration = {
  version: 9,
  name: 'treatment-plans',
  up(db) {
    db.exec(`
      CREATE TABLE treatment_plans (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL UNIQUE REFERENCES patients (id),
        created_at TEXT NOT NULL
      );

      CREATE TABLE plan_versions (
        id TEXT PRIMARY KEY NOT NULL,
        plan_id TEXT NOT NULL REFERENCES treatment_plans (id),
        number INTEGER NOT NULL CHECK (number > 0),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
        reason TEXT CHECK ((number = 1) = (reason IS NULL)),
        content TEXT NOT NULL CHECK (json_valid(content)),
        -- The review date of the content, kept as a column for the review flag's query.
        review_date TEXT NOT NULL,
        agreement TEXT CHECK (agreement IS NULL OR json_valid(agreement)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
        UNIQUE (plan_id, number),
        CHECK ((status = 'final') = (agreement IS NOT NULL))
      );
      -- The plans whose latest version is past its review date, for the chart and the calendar.
      CREATE INDEX plan_versions_by_review ON plan_versions (review_date);

      CREATE TRIGGER plan_versions_final BEFORE UPDATE ON plan_versions
      WHEN OLD.status = 'final' OR EXISTS (SELECT 1 FROM plan_versions WHERE plan_id = OLD.plan_id AND number > OLD.number)
      BEGIN ${raise('PLAN_VERSION_FINAL', 'a final or superseded version cannot be changed')}; END;
      CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
      BEGIN ${raise('PLAN_VERSION_FINAL', 'a plan version is never deleted')}; END;
      CREATE TRIGGER plan_versions_in_order BEFORE INSERT ON plan_versions
      WHEN NEW.number <> coalesce((SELECT max(number) FROM plan_versions WHERE plan_id = NEW.plan_id), 0) + 1
        OR (NEW.number > 1 AND (SELECT status FROM plan_versions WHERE plan_id = NEW.plan_id AND number = NEW.number - 1) IS NOT 'final')
      BEGIN ${raise('PLAN_VERSION_ORDER', 'a new version follows the last one, once it is final')}; END;

      CREATE TABLE objective_status_entries (
        id TEXT PRIMARY KEY NOT NULL,
        plan_id TEXT NOT NULL REFERENCES treatment_plans (id),
        plan_version_id TEXT NOT NULL REFERENCES plan_versions (id),
        objective_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress', 'met', 'revised', 'discontinued')),
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      );
      CREATE INDEX objective_status_by_plan ON objective_status_entries (plan_id, at);

      CREATE TABLE progress_updates (
        id TEXT PRIMARY KEY NOT NULL,
        plan_id TEXT NOT NULL REFERENCES treatment_plans (id),
        goal_id TEXT NOT NULL,
        date TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
        working TEXT NOT NULL DEFAULT '',
        not_working TEXT NOT NULL DEFAULT '',
        note_id TEXT REFERENCES notes (id),
        appointment_id TEXT REFERENCES appointments (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX progress_updates_by_plan ON progress_updates (plan_id, date);
    `);
    for (const table of ['objective_status_entries', 'progress_updates']) {
      db.exec(`
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'a dated entry is never changed')}; END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'a dated entry is never deleted')}; END;
      `);
    }
  },
};
