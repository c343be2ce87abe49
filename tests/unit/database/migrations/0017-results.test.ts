import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0017Results as migration } from '../../../../electron/database/migrations/0017-results';
import { PATIENT_RESULTS_SQL } from '../../../../electron/features/results/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addResult(id: string, patient: string, range: [number | null, number | null] = [null, null]) {
  database.db
    .prepare(
      `INSERT INTO results (id, patient_id, analyte, value, unit, canonical_value, taken_on, range_low, range_high, note, created_at)
       VALUES ($id, $patient, 'lithium', 1.2, 'mmol/L', 1.2, '2024-01-05', $low, $high, '', $stamp)`,
    )
    .run({ id, patient, low: range[0], high: range[1], stamp: STAMP });
}

describe(`migration ${migration.version}: results and vitals`, () => {
  it('adds the results table to a vault that had none, keeping its patients', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, 'p1', 1);
    const tablesBefore = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get();
    expect(migrate(db, migration.version)).toBe(migration.version);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get()).toBe(Number(tablesBefore) + 1);
    addResult('r1', 'p1', [0.4, 1.0]);
    expect(db.prepare('SELECT analyte, canonical_value, range_low, range_high FROM results').all()).toEqual([
      { analyte: 'lithium', canonical_value: 1.2, range_low: 0.4, range_high: 1.0 },
    ]);
  });

  it('marks a result entered in error once, with its reason, and refuses any other change or removal', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, 'p1', 1);
    addResult('r1', 'p1');
    expect(() => addResult('r2', 'p1', [2, 1])).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE results SET value = 0.8 WHERE id = 'r1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare("UPDATE results SET entered_in_error_at = 'now' WHERE id = 'r1'").run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("UPDATE results SET entered_in_error_at = 'now', entered_in_error_reason = 'x', unit = 'mEq/L' WHERE id = 'r1'").run(),
    ).toThrow(/HISTORY_APPEND_ONLY/);
    db.prepare("UPDATE results SET entered_in_error_at = 'now', entered_in_error_reason = 'Wrong patient' WHERE id = 'r1'").run();
    expect(() => db.prepare("UPDATE results SET entered_in_error_reason = 'other' WHERE id = 'r1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare("DELETE FROM results WHERE id = 'r1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(db.prepare('SELECT entered_in_error_reason FROM results', { pluck: true }).get()).toBe('Wrong patient');
  });

  it('reads a chart’s results from their index', () => {
    const { db } = database;
    migrate(db, migration.version);
    for (let p = 1; p <= 50; p += 1) {
      addPatient(db, `p${p}`, p);
      addResult(`r${p}`, `p${p}`);
    }
    db.exec('ANALYZE');
    expect(plan(db, PATIENT_RESULTS_SQL, { patientId: 'p9' })).toMatch(/SEARCH results USING INDEX results_by_patient/);
  });
});
