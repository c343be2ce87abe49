import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { migrate, schemaVersion } from '../../../../electron/database/migrations';
import { migration0021NoteTemplateIds } from '../../../../electron/database/migrations/0021-note-template-ids';
import { NOTE_SEARCH_SQL } from '../../../../electron/features/search/repository';
import { indexNote } from '../../../../electron/features/search/search-index';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const before = migration0021NoteTemplateIds.version - 1;
const after = migration0021NoteTemplateIds.version;

/** Every row of a table as stored: each value with its storage class, in rowid order. */
function stored(db: Database, table: string): unknown[] {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`, { pluck: true }).all<string>();
  const select = columns.map((column) => `typeof(${column}) AS "${column}:type", quote(${column}) AS "${column}"`).join(', ');
  return db.prepare(`SELECT ${select} FROM ${table} ORDER BY rowid`).all();
}

/** The indexes and triggers on notes, and the triggers elsewhere that read notes. */
function guards(db: Database): { type: string; name: string; tbl_name: string; sql: string }[] {
  return db
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_master
       WHERE type IN ('index', 'trigger') AND (tbl_name = 'notes' OR sql LIKE '%notes%') ORDER BY name`,
    )
    .all<{ type: string; name: string; tbl_name: string; sql: string }>();
}

/** A chart as a vault at the version before holds it: signed notes with fields and addenda, a draft copied forward, a progress update. */
function writeChart(db: Database): void {
  addPatient(db, 'p1', 1);
  db.prepare(
    `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
     VALUES ('a1', 'p1', '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', 'attended', $stamp, $stamp)`,
  ).run({ stamp: STAMP });
  const note = db.prepare(
    `INSERT INTO notes (id, patient_id, appointment_id, template, template_version, service_date, created_at, updated_at, copied_from)
     VALUES ($id, 'p1', $appointment, $template, 1, $date, $stamp, $stamp, $copiedFrom)`,
  );
  const field = db.prepare('INSERT INTO note_fields (note_id, key, text, copied) VALUES ($id, $key, $text, $copied)');
  const sign = db.prepare(
    `UPDATE notes SET status = 'signed', signed_at = $stamp, signed_by = 'Dr Ana Reyes, MD', content_hash = $hash, version = 2 WHERE id = $id`,
  );
  note.run({ id: 'n1', appointment: 'a1', template: 'dap', date: '2024-01-02', stamp: STAMP, copiedFrom: null });
  field.run({ id: 'n1', key: 'data', text: 'Clozapine titration, weekly bloods.\n\tRTL \u202Eword\u202C kept.', copied: 0 });
  field.run({ id: 'n1', key: 'plan', text: 'Weekly.', copied: 0 });
  sign.run({ id: 'n1', stamp: STAMP, hash: 'a'.repeat(64) });
  db.prepare(
    `INSERT INTO note_addenda (id, note_id, text, created_at, signed_by, content_hash)
     VALUES ('ad1', 'n1', 'Neutrophils normal.', $stamp, 'Dr Ana Reyes, MD', $hash)`,
  ).run({ stamp: STAMP, hash: 'b'.repeat(64) });
  addNote(db, 'n2', 'p1', '2024-01-09', 'signed');
  note.run({ id: 'n3', appointment: null, template: 'dap', date: '2024-01-16', stamp: STAMP, copiedFrom: 'n1' });
  field.run({ id: 'n3', key: 'plan', text: 'Weekly.', copied: 1 });
  db.prepare("INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('t1', 'p1', $stamp)").run({ stamp: STAMP });
  db.prepare(
    `INSERT INTO progress_updates (id, plan_id, goal_id, date, rating, note_id, created_at)
     VALUES ('u1', 't1', 'g1', '2024-01-02', 6, 'n1', $stamp)`,
  ).run({ stamp: STAMP });
  for (const seq of db.prepare('SELECT seq FROM notes', { pluck: true }).all<number>()) indexNote(db, seq);
}

describe('migration 0021: notes name any saved template', () => {
  it('keeps every note, field, signature, addendum and progress update byte for byte, with the same indexes and triggers', () => {
    const { db } = database;
    migrate(db, before);
    writeChart(db);
    const tables = ['notes', 'note_fields', 'note_addenda', 'progress_updates'];
    const rows = Object.fromEntries(tables.map((table) => [table, stored(db, table)]));
    const guardsBefore = guards(db);

    expect(migrate(db, after)).toBe(after);

    expect(Object.fromEntries(tables.map((table) => [table, stored(db, table)]))).toEqual(rows);
    // The same indexes and triggers, and the two indexes on the columns that refer to a note, without which the
    // rebuild looked up each note's referring rows by scanning their tables (minutes on a large practice).
    const guardsAfter = guards(db);
    const added = guardsAfter.filter((guard) => !guardsBefore.some((before) => before.name === guard.name));
    expect(guardsAfter.filter((guard) => !added.includes(guard))).toEqual(guardsBefore);
    expect(added.map((guard) => guard.sql)).toEqual(['CREATE INDEX notes_by_copied_from ON notes (copied_from)']);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'progress_updates_by_note'", { pluck: true }).get()).toBe(
      'CREATE INDEX progress_updates_by_note ON progress_updates (note_id)',
    );
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'notes_rebuild'", { pluck: true }).get()).toBe(0);
    const table = String(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'notes'", { pluck: true }).get());
    expect(table).not.toMatch(/CHECK \(template IN/);
    expect(table).toMatch(/FOREIGN KEY \(template, template_version\) REFERENCES note_template_versions \(template_id, version\)/);
    // The foreign keys on notes from the other tables still name the table, not a copy of it.
    const references = db
      .prepare(
        `SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f."table" = 'notes' ORDER BY m.name, f."from"`,
      )
      .all();
    expect(references).toEqual([
      { name: 'note_addenda', from: 'note_id' },
      { name: 'note_fields', from: 'note_id' },
      { name: 'notes', from: 'copied_from' },
      { name: 'progress_updates', from: 'note_id' },
    ]);
    expect(plan(db, "SELECT id FROM notes WHERE patient_id = $p AND status = 'draft'", { p: 'p1' })).toMatch(/USING INDEX notes_drafts/);
  });

  it('still refuses any change to a signed note, its fields and its addenda, and search still finds the old notes', () => {
    const { db } = database;
    migrate(db, before);
    writeChart(db);
    migrate(db, after);

    expect(() => db.prepare("UPDATE notes SET service_date = '2024-01-03' WHERE id = 'n1'").run()).toThrow(/NOTE_SIGNED/);
    expect(() => db.prepare("DELETE FROM notes WHERE id = 'n1'").run()).toThrow(/NOTE_SIGNED/);
    expect(() => db.prepare("UPDATE note_fields SET text = 'x' WHERE note_id = 'n1'").run()).toThrow(/NOTE_SIGNED/);
    expect(() => db.prepare("INSERT INTO note_fields (note_id, key, text) VALUES ('n1', 'assessment', 'x')").run()).toThrow(/NOTE_SIGNED/);
    expect(() => db.prepare("DELETE FROM note_addenda WHERE id = 'ad1'").run()).toThrow(/NOTE_SIGNED/);
    expect(() =>
      db
        .prepare(
          "UPDATE notes SET status = 'signed', signed_at = 'x', signed_by = 'R', content_hash = 'h', template = 'soap' WHERE id = 'n3'",
        )
        .run(),
    ).toThrow(/NOTE_SIGNED/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO note_addenda (id, note_id, text, created_at, signed_by, content_hash) VALUES ('ad2', 'n3', 'x', 'now', 'R', 'h')",
        )
        .run(),
    ).toThrow(/NOTE_NOT_SIGNED/);
    // A draft still changes and is still discarded.
    db.prepare("UPDATE notes SET service_date = '2024-01-17' WHERE id = 'n3'").run();

    const found = db.prepare(NOTE_SEARCH_SQL).all<{ id: string }>({ query: '"clozapine" "neutrophils"', limit: 10 });
    expect(found.map((row) => row.id)).toEqual(['n1']);
    expect(
      db
        .prepare(NOTE_SEARCH_SQL)
        .all<{ id: string }>({ query: '"weekly"', limit: 10 })
        .map((row) => row.id),
    ).toEqual(['n3', 'n1']);
  });

  it('refuses a note that names a template, or a version of one, the vault does not hold, and takes one the practice created', () => {
    const { db } = database;
    migrate(db, after);
    addPatient(db, 'p1', 1);
    const insert = (id: string, template: string, version: number) =>
      db
        .prepare(
          `INSERT INTO notes (id, patient_id, template, template_version, service_date, created_at, updated_at)
           VALUES ($id, 'p1', $template, $version, '2024-02-01', $stamp, $stamp)`,
        )
        .run({ id, template, version, stamp: STAMP });
    expect(() => insert('n1', 'family-meeting', 1)).toThrow(/FOREIGN KEY/);
    expect(() => insert('n1', 'soap', 2)).toThrow(/FOREIGN KEY/);

    db.prepare("INSERT INTO note_templates (id, current_version, created_at, updated_at) VALUES ('family-meeting', 1, $s, $s)").run({
      s: STAMP,
    });
    db.prepare(
      `INSERT INTO note_template_versions (template_id, version, label, description, sections, created_at)
       VALUES ('family-meeting', 1, 'Family meeting', '', '[]', $s)`,
    ).run({ s: STAMP });
    insert('n1', 'family-meeting', 1);
    expect(() => db.prepare("UPDATE notes SET template = 'nowhere' WHERE id = 'n1'").run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT template FROM notes WHERE id = 'n1'", { pluck: true }).get()).toBe('family-meeting');
  });

  it('leaves the vault as it was when a note names a template version that is not there', () => {
    const { db } = database;
    migrate(db, before);
    addPatient(db, 'p1', 1);
    db.prepare(
      `INSERT INTO notes (id, patient_id, template, template_version, service_date, created_at, updated_at)
       VALUES ('n1', 'p1', 'soap', 7, '2024-02-01', $stamp, $stamp)`,
    ).run({ stamp: STAMP });
    const schema = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

    expect(() => migrate(db, after)).toThrow(/1 rows name a record that is not there \(notes → note_template_versions\)/);
    expect(schemaVersion(db)).toBe(before);
    expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    expect(db.prepare('SELECT id, template_version FROM notes').all()).toEqual([{ id: 'n1', template_version: 7 }]);
  });
});
