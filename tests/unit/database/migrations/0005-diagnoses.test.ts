import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { PATIENT_DIAGNOSES_SQL, PATIENT_DIAGNOSIS_HISTORY_SQL } from '../../../../electron/features/diagnoses/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addDiagnosis(id: string, patient: string, code: string, primary: boolean, inError = false) {
  database.db
    .prepare(
      `INSERT INTO diagnoses (id, patient_id, code, label, status, is_primary, entered_in_error_at, entered_in_error_reason, created_at, updated_at)
       VALUES ($id, $patient, $code, 'label', 'active', $primary, $errorAt, $errorReason, $stamp, $stamp)`,
    )
    .run({
      id,
      patient,
      code,
      primary: primary ? 1 : 0,
      errorAt: inError ? STAMP : null,
      errorReason: inError ? 'wrong chart' : null,
      stamp: STAMP,
    });
}

describe('migration 0005: diagnoses', () => {
  it('keeps the patients and holds at most one primary diagnosis in force per chart', () => {
    const { db } = database;
    migrate(db, 4);
    addPatient(db, 'p1', 1);
    addPatient(db, 'p2', 2);
    expect(migrate(db, 5)).toBe(5);
    addDiagnosis('d1', 'p1', 'F33.1', true);
    expect(() => addDiagnosis('d2', 'p1', 'F41.1', true)).toThrow(/UNIQUE/);
    // One entered in error no longer counts, and another chart has its own.
    addDiagnosis('d3', 'p1', 'F20.9', true, true);
    addDiagnosis('d4', 'p2', 'F41.1', true);
    expect(() => addDiagnosis('d5', 'nobody', 'F41.1', false)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE diagnoses SET entered_in_error_at = 'now' WHERE id = 'd1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("DELETE FROM diagnoses WHERE id = 'd1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
  });

  it('keeps the history of changes append-only', () => {
    const { db } = database;
    migrate(db, 5);
    addPatient(db, 'p1', 1);
    addDiagnosis('d1', 'p1', 'F33.1', false);
    db.prepare(
      `INSERT INTO diagnosis_events (id, diagnosis_id, patient_id, at, changes, status, previous_status, is_primary) VALUES ('e1', 'd1', 'p1', $at, 'added', 'active', NULL, 0)`,
    ).run({ at: STAMP });
    expect(() => db.prepare("UPDATE diagnosis_events SET status = 'resolved'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM diagnosis_events').run()).toThrow(/HISTORY_APPEND_ONLY/);
  });

  it('reads a chart’s diagnoses and their history from indexes', () => {
    const { db } = database;
    migrate(db, 5);
    for (let p = 1; p <= 50; p += 1) {
      addPatient(db, `p${p}`, p);
      addDiagnosis(`d${p}`, `p${p}`, 'F41.1', false);
    }
    db.exec('ANALYZE');
    expect(plan(db, PATIENT_DIAGNOSES_SQL, { patientId: 'p7' })).toMatch(/SEARCH diagnoses USING INDEX diagnoses_by_patient/);
    expect(plan(db, PATIENT_DIAGNOSIS_HISTORY_SQL, { patientId: 'p7' })).toMatch(/SEARCH e USING INDEX diagnosis_events_by_patient/);
  });
});
