import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * One audit chain per device (docs/sync.md, Audit), and drafts that fork rather than lose text.
 *
 * - `this_device` names the device this vault writes as. A vault already connected keeps the id it
 *   replicates under; any other gets a new random one, which it keeps when it connects.
 * - `audit_log` gains `device_id`, and its key becomes (device, position): each device appends to
 *   its own chain, and entries received from other devices keep their device, position and hash.
 *   Existing entries become this device's chain, unchanged: their hashes were written without the
 *   device, and the check accepts that only at the start of a chain (shared/audit.ts). SQLite cannot
 *   change a table's key in place, so the table is copied into its new shape, in order.
 * - Newest-first reads of a chart go by time (`audit_by_patient`), since positions of different
 *   devices do not compare.
 * - `notes` and `letters` gain `forked_from` and `forked_device`: a draft edited on two devices at
 *   once keeps both texts, the second as a draft of its own naming the draft and the device it came
 *   from; `sync_draft_forks` remembers where each forked edit went, so the edits that follow it on
 *   the device that made it go to the same draft.
 */
export const migration0033AuditChains: Migration = {
  version: 33,
  name: 'audit-chains',
  up(db) {
    db.exec(`
      CREATE TABLE this_device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL CHECK (length(device_id) = 32)
      );
      INSERT INTO this_device (id, device_id)
      VALUES (1, coalesce((SELECT device_id FROM sync_state WHERE id = 1), lower(hex(randomblob(16)))));

      CREATE TABLE audit_log_chains (
        device_id TEXT NOT NULL CHECK (length(device_id) = 32),
        seq INTEGER NOT NULL CHECK (seq > 0),
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        patient_id TEXT,
        hash TEXT NOT NULL CHECK (length(hash) = 64),
        PRIMARY KEY (device_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO audit_log_chains (device_id, seq, at, action, record_type, record_id, patient_id, hash)
      SELECT (SELECT device_id FROM this_device), seq, at, action, record_type, record_id, patient_id, hash FROM audit_log ORDER BY seq;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_chains RENAME TO audit_log;

      -- A chart's own history, newest first.
      CREATE INDEX audit_by_patient ON audit_log (patient_id, at);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'the audit log cannot be changed')}; END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'the audit log cannot be changed')}; END;

      ALTER TABLE notes ADD COLUMN forked_from TEXT;
      ALTER TABLE notes ADD COLUMN forked_device TEXT;
      ALTER TABLE letters ADD COLUMN forked_from TEXT;
      ALTER TABLE letters ADD COLUMN forked_device TEXT;

      CREATE TABLE sync_draft_forks (
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        stamp TEXT NOT NULL,
        fork_key TEXT NOT NULL,
        base TEXT NOT NULL,
        PRIMARY KEY (table_name, row_key, stamp)
      ) WITHOUT ROWID;
    `);
  },
};
