import type { Database } from '@signalapp/sqlcipher';
import type { Migration } from './migration';

/**
 * Templates the practice creates. Migration 0007 let a note name only the five templates Alliance
 * shipped (a CHECK on `notes.template`); since 0013 the templates live in `note_template_versions`,
 * so a note now names one of those rows instead: `(template, template_version)` is a foreign key to
 * it, and a note can never name a template, or a version of one, that the vault does not hold.
 *
 * SQLite cannot drop a CHECK or add a foreign key in place, so `notes` is rebuilt (the documented
 * "12 steps", https://sqlite.org/lang_altertable.html#otheralter). `PRAGMA foreign_keys` cannot be
 * turned off inside the migration's transaction, so:
 * - `defer_foreign_keys` lets DROP TABLE run while fields, addenda, progress updates and copied
 *   drafts still name its rows (SQLite resets it at COMMIT);
 * - the rows are put back by INSERT into the new `notes` after the drop, not by renaming a copy into
 *   place: each insert settles the deferred violations the drop counted for its row, which a rename
 *   would leave counted, and no trigger of another table that reads `notes` is rewritten;
 * - `foreign_key_check` must then find nothing, or the migration fails and the vault stays as it was.
 *
 * The table's definition, its indexes and its triggers are read from the schema as it stands and
 * written back with only the CHECK replaced, so every `seq` (the search index's rowid), id, signature
 * and column comes back byte for byte, and an index or column a migration before this one added is
 * kept too.
 */
const SHIPPED_ONLY = "template TEXT NOT NULL CHECK (template IN ('psychiatric-follow-up', 'intake', 'soap', 'dap', 'free-text'))";
const ANY_SAVED = 'template TEXT NOT NULL';
const REFERENCES_VERSION =
  '  -- A note names a saved version of one of the practice’s templates.\n' +
  '  FOREIGN KEY (template, template_version) REFERENCES note_template_versions (template_id, version)\n';

/** The CREATE TABLE of `notes` with the CHECK on its template replaced by the foreign key. */
export function rebuiltNotesTable(sql: string): string {
  if (!sql.includes(SHIPPED_ONLY)) throw new Error('migration 0021: notes.template is not as migration 0007 wrote it');
  const close = sql.lastIndexOf(')');
  const body = sql.slice(0, close).trimEnd();
  return `${body.replace(SHIPPED_ONLY, ANY_SAVED)},\n${REFERENCES_VERSION})`;
}

function schemaSql(db: Database, type: 'table' | 'index' | 'trigger'): { name: string; sql: string }[] {
  return db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = $type AND tbl_name = 'notes' AND sql IS NOT NULL ORDER BY rowid`)
    .all<{ name: string; sql: string }>({ type });
}

export const migration0021NoteTemplateIds: Migration = {
  version: 21,
  name: 'note-template-ids',
  up(db) {
    const [table] = schemaSql(db, 'table');
    if (!table) throw new Error('migration 0021: there is no notes table');
    // Dropping and refilling `notes` makes SQLite look up, for every note, the rows that refer to it. Without an
    // index on a referring column that is a scan of its whole table per note: on a practice of 35,000 notes the
    // migration ran for over eight minutes. Both indexes stay; the note's own is rebuilt below before the refill.
    db.exec(`
      CREATE INDEX IF NOT EXISTS progress_updates_by_note ON progress_updates (note_id);
      CREATE INDEX IF NOT EXISTS notes_by_copied_from ON notes (copied_from);
    `);
    const indexes = schemaSql(db, 'index');
    const triggers = schemaSql(db, 'trigger');
    const columns = db
      .prepare("SELECT name FROM pragma_table_info('notes') ORDER BY cid", { pluck: true })
      .all<string>()
      .map((name) => `"${name.replace(/"/g, '""')}"`)
      .join(', ');

    db.exec('PRAGMA defer_foreign_keys = ON');
    db.exec(`
      CREATE TABLE notes_rebuild AS SELECT * FROM notes;
      DROP TABLE notes;
      ${rebuiltNotesTable(table.sql)};
      ${indexes.map(({ sql }) => `${sql};`).join('\n')}
      INSERT INTO notes (${columns}) SELECT ${columns} FROM notes_rebuild ORDER BY seq;
      DROP TABLE notes_rebuild;
    `);
    // The triggers after the refill: they guard and index notes as they are written, and these are not new.
    for (const { sql } of triggers) db.exec(sql);

    const broken = db.prepare('PRAGMA foreign_key_check').all<{ table: string; parent: string }>();
    if (broken.length > 0) {
      const where = [...new Set(broken.map((row) => `${row.table} → ${row.parent}`))].join(', ');
      throw new Error(`migration 0021: ${broken.length} rows name a record that is not there (${where}); nothing was changed`);
    }
  },
};
