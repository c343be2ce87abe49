import type { Migration } from './migration';

/**
 * An item-9 answer is acknowledged with what was done about it: the actions chosen (a JSON array of
 * their keys) and a note. Both are written in the same update that sets `acknowledged_at`, and the
 * measures_only_acknowledged trigger already refuses any later change, so they are kept as recorded.
 * Answers acknowledged before this migration keep null: nothing was asked then.
 */
export const migration0015MeasureAcknowledgement: Migration = {
  version: 15,
  name: 'measure-acknowledgement',
  up(db) {
    db.exec(`
      ALTER TABLE measures ADD COLUMN acknowledged_actions TEXT
        CHECK (acknowledged_actions IS NULL OR (json_valid(acknowledged_actions) AND json_type(acknowledged_actions) = 'array'));
      ALTER TABLE measures ADD COLUMN acknowledged_note TEXT;
    `);
  },
};
