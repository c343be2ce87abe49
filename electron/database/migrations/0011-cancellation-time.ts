import type { Migration } from './migration';

/**
 * When a session was cancelled, and why when the app cancelled it for a reason. Lateness of a
 * patient's cancellation is judged from `cancelled_at`, which the clinician may set to the past (a
 * cancellation recorded days later); it is set only on cancelled sessions. Sessions cancelled before
 * this migration keep NULL: when they were cancelled was never recorded, and is not invented now.
 */
export const migration0011CancellationTime: Migration = {
  version: 11,
  name: 'cancellation-time',
  up(db) {
    db.exec(`
      ALTER TABLE appointments ADD COLUMN cancelled_at TEXT
        CHECK (cancelled_at IS NULL OR attendance IN ('cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician'));
      ALTER TABLE appointments ADD COLUMN cancellation_reason TEXT NOT NULL DEFAULT '';
    `);
  },
};
