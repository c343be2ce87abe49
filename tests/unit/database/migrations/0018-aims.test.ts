import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0018Aims as migration } from '../../../../electron/database/migrations/0018-aims';
import { PATIENT_AIMS_SQL } from '../../../../electron/features/aims/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addExamination(id: string, patient: string, items: number[] = [0, 1, 2, 0, 0, 1, 0], total = 4) {
  database.db
    .prepare(
      `INSERT INTO aims_examinations (id, patient_id, examined_on, item_1, item_2, item_3, item_4, item_5, item_6, item_7,
         severity, incapacitation, awareness, dental_problems, wears_dentures, total, note, examined_by, created_at)
       VALUES ($id, $patient, '2026-03-10', $i1, $i2, $i3, $i4, $i5, $i6, $i7, 1, 0, 1, 0, 1, $total, '', 'Dr R', $stamp)`,
    )
    .run({
      id,
      patient,
      i1: items[0] ?? 0,
      i2: items[1] ?? 0,
      i3: items[2] ?? 0,
      i4: items[3] ?? 0,
      i5: items[4] ?? 0,
      i6: items[5] ?? 0,
      i7: items[6] ?? 0,
      total,
      stamp: STAMP,
    });
}

describe(`migration ${migration.version}: AIMS examinations`, () => {
  it('adds the table to a vault that had none, keeping its patients', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, 'p1', 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    addExamination('a1', 'p1');
    expect(db.prepare('SELECT patient_id, total FROM aims_examinations').all()).toEqual([{ patient_id: 'p1', total: 4 }]);
  });

  it('takes ratings 0–4 only and a total that is the sum of items 1–7, and no patient it does not know', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, 'p1', 1);
    expect(() => addExamination('a1', 'p1', [0, 5, 0, 0, 0, 0, 0], 5)).toThrow(/CHECK/);
    expect(() => addExamination('a1', 'p1', [0, -1, 0, 0, 0, 0, 0], -1)).toThrow(/CHECK/);
    expect(() => addExamination('a1', 'p1', [1, 1, 1, 1, 1, 1, 1], 6)).toThrow(/CHECK/);
    expect(() => addExamination('a1', 'nobody')).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM aims_examinations', { pluck: true }).get()).toBe(0);
  });

  it('only ever marks an examination entered in error, once, and never deletes it', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, 'p1', 1);
    addExamination('a1', 'p1');
    expect(() => db.prepare("UPDATE aims_examinations SET note = 'changed' WHERE id = 'a1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() =>
      db
        .prepare(
          "UPDATE aims_examinations SET entered_in_error_at = 'now', entered_in_error_reason = 'x', item_1 = 0, item_2 = 0, total = 3 WHERE id = 'a1'",
        )
        .run(),
    ).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare("UPDATE aims_examinations SET entered_in_error_at = 'now' WHERE id = 'a1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE aims_examinations SET entered_in_error_at = 'now', entered_in_error_reason = 'typo' WHERE id = 'a1'").run();
    expect(() => db.prepare("UPDATE aims_examinations SET entered_in_error_reason = 'other' WHERE id = 'a1'").run()).toThrow(
      /HISTORY_APPEND_ONLY/,
    );
    expect(() => db.prepare("DELETE FROM aims_examinations WHERE id = 'a1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
  });

  it('reads a patient’s examinations from their index', () => {
    const { db } = database;
    migrate(db, migration.version);
    for (let p = 1; p <= 50; p += 1) {
      addPatient(db, `p${p}`, p);
      addExamination(`a${p}`, `p${p}`);
    }
    db.exec('ANALYZE');
    expect(plan(db, PATIENT_AIMS_SQL, { patientId: 'p9' })).toMatch(/SEARCH aims_examinations USING INDEX aims_examinations_by_patient/);
  });
});
