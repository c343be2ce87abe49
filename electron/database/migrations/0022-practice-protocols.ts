import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * The practice's own version of a monitoring protocol's check: its intervals (the clozapine blood
 * counts its jurisdiction requires), its target band where it has one, or the check set aside for the
 * practice, each with who made the change, why, and on what source. Rows are added, never changed or
 * deleted: the newest for a check applies, and going back to the published schedule is a row of its
 * own, so the practice keeps which schedule it followed on any day.
 *
 * Numbered 22 by its file (0021 is being written beside it); its version is its place in the list
 * until 0021 is merged before it.
 */
export const migration0022PracticeProtocols: Migration = {
  version: 22,
  name: 'practice-protocols',
  up(db) {
    db.exec(`
      CREATE TABLE practice_protocol_changes (
        id TEXT PRIMARY KEY NOT NULL,
        protocol TEXT NOT NULL,
        check_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('schedule', 'off', 'published')),
        -- The intervals as JSON [{ "fromDay": 0, "everyDays": 7 }, …], for a schedule only.
        phases TEXT CHECK ((kind = 'schedule') = (phases IS NOT NULL) AND (phases IS NULL OR json_valid(phases))),
        -- The practice's target band in the analyte's canonical unit; none keeps the published band.
        band_low REAL CHECK (band_low IS NULL OR kind = 'schedule'),
        band_high REAL CHECK (band_high IS NULL OR kind = 'schedule'),
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        source TEXT NOT NULL CHECK (kind = 'published' OR length(source) > 0),
        changed_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX practice_protocol_changes_by_check ON practice_protocol_changes (protocol, check_id, created_at);
      CREATE TRIGGER practice_protocol_changes_no_update BEFORE UPDATE ON practice_protocol_changes
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a protocol change is followed by another, never changed')}; END;
      CREATE TRIGGER practice_protocol_changes_no_delete BEFORE DELETE ON practice_protocol_changes
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a protocol change is followed by another, never deleted')}; END;
    `);
  },
};
