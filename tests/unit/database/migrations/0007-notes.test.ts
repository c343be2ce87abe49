import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { NOTES_PAGE_SQL } from '../../../../electron/features/notes/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addAppointment(id: string, patient: string) {
  database.db
    .prepare(
      `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, created_at, updated_at)
       VALUES ($id, $patient, '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', $stamp, $stamp)`,
    )
    .run({ id, patient, stamp: STAMP });
}

describe('migration 0007: notes', () => {
  it('keeps the patients and sessions; a session has at most one note, and a note belongs to a patient', () => {
    const { db } = database;
    migrate(db, 6);
    addPatient(db, 'p1', 1);
    addAppointment('a1', 'p1');
    expect(migrate(db, 7)).toBe(7);
    addNote(db, 'n1', 'p1', '2024-01-02', 'draft', 'a1');
    expect(() => addNote(db, 'n2', 'p1', '2024-01-02', 'draft', 'a1')).toThrow(/UNIQUE/);
    addNote(db, 'n3', 'p1', '2024-01-02');
    expect(() => addNote(db, 'n4', 'nobody', '2024-01-02')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE notes SET status = 'signed' WHERE id = 'n3'").run()).toThrow(/CHECK/);
  });

  it('signs a draft, after which the note, its fields and its addenda cannot change', () => {
    const { db } = database;
    migrate(db, 7);
    addPatient(db, 'p1', 1);
    addNote(db, 'n1', 'p1', '2024-01-02');
    db.prepare("INSERT INTO note_fields (note_id, key, text) VALUES ('n1', 'text', 'draft words')").run();
    db.prepare("UPDATE note_fields SET text = 'better words' WHERE note_id = 'n1'").run();
    // Signing may not also move the note to another date or patient.
    expect(() =>
      db
        .prepare(
          "UPDATE notes SET status = 'signed', signed_at = 'now', signed_by = 'R', content_hash = 'h', service_date = '2020-01-01' WHERE id = 'n1'",
        )
        .run(),
    ).toThrow(/NOTE_SIGNED/);
    db.prepare("UPDATE notes SET status = 'signed', signed_at = 'now', signed_by = 'R', content_hash = 'h' WHERE id = 'n1'").run();
    expect(() => db.prepare("UPDATE note_fields SET text = 'x'").run()).toThrow(/NOTE_SIGNED/);
    expect(() => db.prepare("UPDATE notes SET signed_by = 'someone else'").run()).toThrow(/NOTE_SIGNED/);
    db.prepare(
      "INSERT INTO note_addenda (id, note_id, text, created_at, signed_by, content_hash) VALUES ('ad1', 'n1', 'later', 'now', 'R', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE note_addenda SET text = 'x'").run()).toThrow(/NOTE_SIGNED/);
    expect(db.prepare("SELECT text FROM note_fields WHERE note_id = 'n1'", { pluck: true }).get()).toBe('better words');
  });

  it('pages a chart’s notes from notes_by_patient, newest first, without sorting', () => {
    const { db } = database;
    // The query as the app runs it today, on today's schema.
    migrate(db);
    for (let p = 1; p <= 20; p += 1) addPatient(db, `p${p}`, p);
    for (let n = 0; n < 400; n += 1) addNote(db, `n${n}`, `p${(n % 20) + 1}`, `2024-${String((n % 12) + 1).padStart(2, '0')}-10`);
    db.exec('ANALYZE');
    const page = plan(db, NOTES_PAGE_SQL, { patientId: 'p3', afterDate: '9999-12-31', afterId: '~', limit: 21 });
    expect(page).toMatch(/SEARCH n USING INDEX notes_by_patient/);
    expect(page).not.toMatch(/TEMP B-TREE/);
  });
});
