import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * One row per import from another practice system: when, from what kind of file, and how many
 * patients or sessions it added. The audit log's entry for an import names this row, so the log
 * says how much came in without holding a name. Like the log, a row is never changed or removed.
 */
export const migration0016Imports: Migration = {
  version: 16,
  name: 'imports',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id TEXT PRIMARY KEY,
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('patients-csv', 'sessions-ics')),
        patients INTEGER NOT NULL CHECK (patients >= 0),
        sessions INTEGER NOT NULL CHECK (sessions >= 0)
      );

      CREATE TRIGGER imports_no_update BEFORE UPDATE ON imports
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'an import is recorded as it happened')}; END;
      CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports
      BEGIN ${raise('AUDIT_APPEND_ONLY', 'an import is recorded as it happened')}; END;
    `);
  },
};
