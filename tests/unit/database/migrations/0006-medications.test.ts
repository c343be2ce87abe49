import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { PATIENT_MEDICATION_EVENTS_SQL } from '../../../../electron/features/medications/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addEntry(id: string, patient: string) {
  database.db
    .prepare(
      `INSERT INTO medication_events (id, medication_id, patient_id, kind, date, name, route, dose, frequency, reason, recorded_at)
       VALUES ($id, 'm1', $patient, 'start', '2024-01-01', 'Sertraline', 'oral', '50 mg', 'once daily', 'Low mood', $stamp)`,
    )
    .run({ id, patient, stamp: STAMP });
}

describe('migration 0006: medications and allergies', () => {
  it('keeps the patients; an entry may only be marked entered in error, once, and is never deleted', () => {
    const { db } = database;
    migrate(db, 5);
    addPatient(db, 'p1', 1);
    expect(migrate(db, 6)).toBe(6);
    addEntry('e1', 'p1');
    expect(() => db.prepare("UPDATE medication_events SET dose = '100 mg' WHERE id = 'e1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() =>
      db
        .prepare("UPDATE medication_events SET entered_in_error_at = 'now', entered_in_error_reason = 'x', dose = '1 mg' WHERE id = 'e1'")
        .run(),
    ).toThrow(/HISTORY_APPEND_ONLY/);
    db.prepare("UPDATE medication_events SET entered_in_error_at = 'now', entered_in_error_reason = 'typo' WHERE id = 'e1'").run();
    expect(() => db.prepare("UPDATE medication_events SET entered_in_error_reason = 'other' WHERE id = 'e1'").run()).toThrow(
      /HISTORY_APPEND_ONLY/,
    );
    expect(() => db.prepare("DELETE FROM medication_events WHERE id = 'e1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO medication_events (id, medication_id, patient_id, kind, date, name, route, dose, frequency, reason, recorded_at) VALUES ('e2', 'm', 'p1', 'pause', 'd', 'n', 'oral', 'd', 'f', 'r', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);

    db.prepare(
      `INSERT INTO allergies (id, patient_id, substance, kind, reaction, severity, recorded_at) VALUES ('a1', 'p1', 'Penicillin', 'allergy', 'Hives', 'moderate', $stamp)`,
    ).run({ stamp: STAMP });
    expect(() => db.prepare("UPDATE allergies SET severity = 'mild'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM allergies').run()).toThrow(/HISTORY_APPEND_ONLY/);
  });

  it('reads a chart’s medication entries from their index', () => {
    const { db } = database;
    migrate(db, 6);
    for (let p = 1; p <= 50; p += 1) {
      addPatient(db, `p${p}`, p);
      addEntry(`e${p}`, `p${p}`);
    }
    db.exec('ANALYZE');
    expect(plan(db, PATIENT_MEDICATION_EVENTS_SQL, { patientId: 'p9' })).toMatch(
      /SEARCH medication_events USING INDEX medication_events_by_patient/,
    );
  });
});
