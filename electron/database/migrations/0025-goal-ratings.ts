import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * The patient's own ratings of their goals (shared/goal-ratings.ts): 0 to 10, how close they are to
 * a goal of the plan in force, in their own words. Each row names the agreed version and the goal it
 * rates, the session it was given at (if any) and who entered it. Rows are added, never changed or
 * deleted; only a final (agreed) version is rated.
 *
 * The version number follows main's latest in this branch; the lead renumbers it to 24 at the merge.
 */
export const migration0025GoalRatings: Migration = {
  version: 25,
  name: 'goal-ratings',
  up(db) {
    db.exec(`
      CREATE TABLE goal_ratings (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        plan_id TEXT NOT NULL REFERENCES treatment_plans (id),
        plan_version_id TEXT NOT NULL REFERENCES plan_versions (id),
        goal_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
        date TEXT NOT NULL,
        appointment_id TEXT REFERENCES appointments (id),
        source TEXT NOT NULL CHECK (source IN ('patient', 'clinician')),
        created_at TEXT NOT NULL
      );
      -- The plan's ratings, oldest first, for the plan's goals and the printed summaries.
      CREATE INDEX goal_ratings_by_plan ON goal_ratings (plan_id, date, created_at);
      CREATE TRIGGER goal_ratings_agreed_version BEFORE INSERT ON goal_ratings
      WHEN (SELECT status FROM plan_versions WHERE id = NEW.plan_version_id AND plan_id = NEW.plan_id) IS NOT 'final'
      BEGIN ${raise('PLAN_VERSION_ORDER', 'a goal is rated against a final version of its own plan')}; END;
      CREATE TRIGGER goal_ratings_no_update BEFORE UPDATE ON goal_ratings
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a goal rating is never changed')}; END;
      CREATE TRIGGER goal_ratings_no_delete BEFORE DELETE ON goal_ratings
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a goal rating is never deleted')}; END;
    `);
  },
};
