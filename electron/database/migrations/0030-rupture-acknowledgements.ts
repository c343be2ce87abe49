import type { Migration } from './migration';

/**
 * Ruptures in the alliance are acknowledged in outcome_flag_acknowledgements (0023) by the session
 * feedback that showed them. Whether a piece of feedback was discussed is read from there as well as
 * from session_feedback.discussed_at (a progress update or plan revision citing it, the older way), for
 * every feedback row the calendar, Today and the practice view read: this index finds a feedback's
 * acknowledgement without reading the table.
 */
export const migration0030RuptureAcknowledgements: Migration = {
  version: 30,
  name: 'rupture-acknowledgements',
  up(db) {
    db.exec(`
      CREATE INDEX outcome_flag_acknowledgements_by_feedback
        ON outcome_flag_acknowledgements (feedback_id, created_at) WHERE feedback_id IS NOT NULL;
    `);
  },
};
