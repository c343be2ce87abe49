import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * The audit log: append-only, in order, each entry's hash covering the one before it (see
 * shared/audit.ts for exactly what is hashed). References only: what kind of record, which one,
 * whose chart; never clinical text. `patient_id` has no foreign key on purpose: the log must be able
 * to name anything, and nothing it names is ever deleted anyway.
 *
 * The triggers refuse every change and deletion. Someone holding the raw key can drop them, which is
 * why the chain exists: editing any row breaks the hashes from there on.
 */
export const migration0004AuditLog: Migration = {
  version: 4,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY CHECK (seq > 0),
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        patient_id TEXT,
        hash TEXT NOT NULL CHECK (length(hash) = 64)
      );

      -- A chart's own history, newest first.
      CREATE INDEX audit_by_patient ON audit_log (patient_id, seq);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'the audit log cannot be changed')}; END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'the audit log cannot be changed')}; END;
    `);
  },
};
