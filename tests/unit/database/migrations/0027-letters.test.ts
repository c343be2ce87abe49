import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0027Letters as migration } from '../../../../electron/database/migrations/0027-letters';
import { guardError } from '../../../../electron/database/schema-guards';
import { LETTER_KINDS } from '../../../../shared/letters';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

function addLetter(id: string, kind = 'pcp') {
  database.db
    .prepare(
      `INSERT INTO letters (id, patient_id, kind, template_version, recipient, consent_id, letter_date, sections, created_at, updated_at)
       VALUES ($id, $patient, $kind, 1, $recipient, NULL, '2024-01-02', '[]', $stamp, $stamp)`,
    )
    .run({ id, patient: PATIENT, kind, recipient: kind === 'patient' ? null : '{"name":"Dr H","role":"","contact":""}', stamp: STAMP });
}

function sign(id: string) {
  database.db
    .prepare(`UPDATE letters SET status = 'signed', signed_at = $stamp, signed_by = 'Dr R', content_hash = 'h' WHERE id = $id`)
    .run({ id, stamp: STAMP });
}

function addendum(id: string, letter: string) {
  database.db
    .prepare(
      `INSERT INTO letter_addenda (id, letter_id, text, created_at, signed_by, content_hash) VALUES ($id, $letter, 'More', $stamp, 'Dr R', 'h')`,
    )
    .run({ id, letter, stamp: STAMP });
}

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return guardError(error)?.code ?? 'CHECK';
  }
  return undefined;
}

describe(`migration ${migration.version}: letters and their templates`, () => {
  it('seeds version 1 of the four shipped templates, which is never changed or deleted', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    expect(db.prepare('SELECT template_id FROM letter_template_versions ORDER BY rowid', { pluck: true }).all()).toEqual([...LETTER_KINDS]);
    expect(refused(() => db.prepare("UPDATE letter_template_versions SET label = 'x' WHERE template_id = 'pcp'").run())).toBe('CONFLICT');
    expect(refused(() => db.prepare("DELETE FROM letter_template_versions WHERE template_id = 'pcp'").run())).toBe('CONFLICT');
  });

  it('keeps a signed letter as it was: no change, no deletion, and addenda only on a signed letter, never changed', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addLetter('l1');
    expect(refused(() => addendum('a0', 'l1'))).toBe('CONFLICT');
    db.prepare(`UPDATE letters SET sections = '[{"key":"body"}]' WHERE id = 'l1'`).run();
    // Signing changes nothing but the signature.
    expect(
      refused(() =>
        db
          .prepare(
            `UPDATE letters SET status = 'signed', signed_at = $stamp, signed_by = 'Dr R', content_hash = 'h', sections = '[]' WHERE id = 'l1'`,
          )
          .run({ stamp: STAMP }),
      ),
    ).toBe('NOTE_SIGNED');
    sign('l1');
    expect(refused(() => db.prepare(`UPDATE letters SET sections = '[]' WHERE id = 'l1'`).run())).toBe('NOTE_SIGNED');
    expect(refused(() => db.prepare(`UPDATE letters SET status = 'draft', signed_at = NULL WHERE id = 'l1'`).run())).toBe('NOTE_SIGNED');
    expect(refused(() => db.prepare(`DELETE FROM letters WHERE id = 'l1'`).run())).toBe('NOTE_SIGNED');
    addendum('a1', 'l1');
    expect(refused(() => db.prepare(`UPDATE letter_addenda SET text = 'Less' WHERE id = 'a1'`).run())).toBe('NOTE_SIGNED');
    expect(refused(() => db.prepare(`DELETE FROM letter_addenda WHERE id = 'a1'`).run())).toBe('NOTE_SIGNED');
    expect(db.prepare(`SELECT sections FROM letters WHERE id = 'l1'`, { pluck: true }).get()).toBe('[{"key":"body"}]');
  });

  it('records sendings of signed letters only, never changed; a letter to anyone but the patient names a recipient', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addLetter('l1');
    const send = () =>
      db
        .prepare(`INSERT INTO letter_sendings (letter_id, sent_at, disclosure_id, recipient_name) VALUES ('l1', $stamp, NULL, 'Dr H')`)
        .run({ stamp: STAMP });
    expect(refused(send)).toBe('CONFLICT');
    sign('l1');
    send();
    expect(refused(() => db.prepare(`DELETE FROM letter_sendings`).run())).toBe('APPEND_ONLY');
    expect(() =>
      db
        .prepare(
          `INSERT INTO letters (id, patient_id, kind, template_version, recipient, letter_date, sections, created_at, updated_at)
           VALUES ('l2', $patient, 'pcp', 1, NULL, '2024-01-02', '[]', $stamp, $stamp)`,
        )
        .run({ patient: PATIENT, stamp: STAMP }),
    ).toThrow(/CHECK constraint/);
    addLetter('l3', 'patient');
    expect(plan(db, 'SELECT * FROM letters WHERE patient_id = $p ORDER BY letter_date DESC, seq DESC', { p: PATIENT })).toContain(
      'letters_by_patient',
    );
  });
});
