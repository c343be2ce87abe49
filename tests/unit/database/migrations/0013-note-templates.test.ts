import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0013NoteTemplates } from '../../../../electron/database/migrations/0013-note-templates';
import { NOTE_TEMPLATE_DEFINITIONS, NOTE_TEMPLATES } from '../../../../shared/note';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient, plan } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const before = migration0013NoteTemplates.version - 1;

describe('migration 0013: note templates', () => {
  it('seeds the five shipped templates as version 1, and maps every existing note, signed or not, to it', () => {
    const { db } = database;
    migrate(db, before);
    addPatient(db, 'p1', 1);
    addNote(db, 'n1', 'p1', '2024-03-01', 'signed');
    addNote(db, 'n2', 'p1', '2024-03-02');
    expect(migrate(db, migration0013NoteTemplates.version)).toBe(migration0013NoteTemplates.version);

    const templates = db
      .prepare('SELECT id, current_version FROM note_templates ORDER BY id')
      .all<{ id: string; current_version: number }>();
    expect(templates).toEqual([...NOTE_TEMPLATES].sort().map((id) => ({ id, current_version: 1 })));
    const followUp = db
      .prepare("SELECT label, sections FROM note_template_versions WHERE template_id = 'psychiatric-follow-up' AND version = 1")
      .get<{ label: string; sections: string }>();
    expect(followUp?.label).toBe('Psychiatric follow-up');
    expect(JSON.parse(followUp?.sections ?? '[]')).toEqual(NOTE_TEMPLATE_DEFINITIONS['psychiatric-follow-up'].sections);

    const notes = db.prepare('SELECT id, template, template_version, status FROM notes ORDER BY id').all();
    expect(notes).toEqual([
      { id: 'n1', template: 'free-text', template_version: 1, status: 'signed' },
      { id: 'n2', template: 'free-text', template_version: 1, status: 'draft' },
    ]);
    expect(db.prepare('SELECT count(*) FROM note_fields WHERE copied <> 0', { pluck: true }).get()).toBe(0);
  });

  it('keeps a saved template version as it is, and a signed note’s template version with it', () => {
    const { db } = database;
    migrate(db, migration0013NoteTemplates.version);
    addPatient(db, 'p1', 1);
    addNote(db, 'n1', 'p1', '2024-03-01');
    expect(() => db.prepare("UPDATE note_template_versions SET label = 'x' WHERE template_id = 'soap'").run()).toThrow(
      /TEMPLATE_VERSION_FINAL/,
    );
    expect(() => db.prepare("DELETE FROM note_template_versions WHERE template_id = 'soap'").run()).toThrow(/TEMPLATE_VERSION_FINAL/);
    expect(() =>
      db.prepare("UPDATE notes SET status = 'signed', signed_at = 'now', signed_by = 'R', content_hash = 'h', template_version = 2").run(),
    ).toThrow(/NOTE_SIGNED/);
  });

  it('finds a patient’s latest signed note from its own index', () => {
    const { db } = database;
    migrate(db, migration0013NoteTemplates.version);
    for (let p = 1; p <= 20; p += 1) addPatient(db, `p${p}`, p);
    for (let n = 0; n < 400; n += 1)
      addNote(db, `n${n}`, `p${(n % 20) + 1}`, `2024-${String((n % 12) + 1).padStart(2, '0')}-10`, n % 3 === 0 ? 'signed' : 'draft');
    db.exec('ANALYZE');
    const query = plan(
      db,
      `SELECT id FROM notes WHERE patient_id = $patientId AND status = 'signed' ORDER BY service_date DESC, signed_at DESC LIMIT 1`,
      { patientId: 'p3' },
    );
    expect(query).toMatch(/USING INDEX notes_signed_by_patient/);
  });
});
