import type { Migration } from './migration';
import { raise } from '../schema-guards';

/** The instruments the measures table may hold from here on (shared/measures INSTRUMENTS at this version). */
const INSTRUMENTS_SQL = "'phq9', 'gad7', 'pcl5', 'auditc', 'audit', 'cgis', 'cgii'";

/**
 * More instruments, and a measurement schedule per patient.
 *
 * The measures table's CHECK named only the PHQ-9 and the GAD-7. SQLite cannot alter a CHECK, and
 * rebuilding the table would trip the foreign keys of any table that cites a measure; widening a
 * CHECK changes nothing on disk, so it is done the way SQLite documents for such changes
 * (https://sqlite.org/lang_altertable.html, "otheralter"): the table's recorded definition is
 * rewritten under writable_schema and schema_version is bumped, inside the migration's transaction.
 * Every row already there satisfies the wider CHECK.
 *
 * measure_schedules holds a patient's own interval for an instrument (a PCL-5 every 30 days, say),
 * or the instrument taken off their schedule (every_days null). Rows are added, never changed or
 * deleted: the newest for an instrument is the one that applies, so the chart keeps what the
 * schedule was on any day and why it changed.
 */
export const migration0024MeasureSchedules: Migration = {
  // Numbered 25 across session 4's packages; on its own branch it follows 20, the latest on main.
  version: 24,
  name: 'measure-schedules',
  up(db) {
    const before = "instrument TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7'))";
    const after = `instrument TEXT NOT NULL CHECK (instrument IN (${INSTRUMENTS_SQL}))`;
    const table = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'measures'", { pluck: true }).get<string>();
    if (table === undefined || table.split(before).length !== 2) {
      throw new Error('The measures table is not as migration 10 wrote it; its instruments were not widened.');
    }
    const version = Number(db.pragma('schema_version', { simple: true }));
    db.pragma('writable_schema = ON');
    try {
      db.prepare("UPDATE sqlite_schema SET sql = $sql WHERE type = 'table' AND name = 'measures'").run({
        sql: table.replace(before, after),
      });
      // PRAGMA takes no bound parameters; the value is an integer read just above.
      db.pragma(`schema_version = ${Math.trunc(version) + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
    }

    db.exec(`
      CREATE TABLE measure_schedules (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        instrument TEXT NOT NULL CHECK (instrument IN (${INSTRUMENTS_SQL})),
        every_days INTEGER CHECK (every_days IS NULL OR every_days BETWEEN 7 AND 366),
        created_at TEXT NOT NULL
      );
      CREATE INDEX measure_schedules_by_patient ON measure_schedules (patient_id, instrument, created_at);
      CREATE TRIGGER measure_schedules_no_update BEFORE UPDATE ON measure_schedules
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a schedule is followed by another, never changed')}; END;
      CREATE TRIGGER measure_schedules_no_delete BEFORE DELETE ON measure_schedules
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a schedule is followed by another, never deleted')}; END;
    `);
  },
};
