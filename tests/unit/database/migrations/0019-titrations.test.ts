import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0019Titrations as migration } from '../../../../electron/database/migrations/0019-titrations';
import { guardError } from '../../../../electron/database/schema-guards';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const MEDICATION = '11111111-1111-4111-8111-111111111111';

function addSchedule(id: string) {
  database.db
    .prepare(
      `INSERT INTO titration_schedules (id, patient_id, medication_id, direction, created_at, missed_dose_advice, who_to_call)
       VALUES ($id, $patient, $medication, 'taper', $stamp, 'Take it when you remember', 'The practice')`,
    )
    .run({ id, patient: PATIENT, medication: MEDICATION, stamp: STAMP });
}

function addStep(id: string, schedule: string, position: number, dose: number, days: number) {
  database.db
    .prepare(
      `INSERT INTO titration_steps (id, schedule_id, position, dose_amount, dose_unit, frequency, start_date, duration_days, tablet_strength, tablets_per_dose)
       VALUES ($id, $schedule, $position, $dose, 'mg', 'once daily', '2024-01-01', $days, 25, $tablets)`,
    )
    .run({ id, schedule, position, dose, days, tablets: dose / 25 });
}

describe(`migration ${migration.version}: titration and taper schedules`, () => {
  it('adds the schedules and their steps to a vault that had none, leaving the rest as it was', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    const tablesBefore = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get();
    expect(migrate(db, migration.version)).toBe(migration.version);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get()).toBe(Number(tablesBefore) + 2);
    addPatient(db, PATIENT, 1);
    addSchedule('s1');
    addStep('t1', 's1', 1, 50, 14);
    expect(db.prepare('SELECT status, ended_at FROM titration_schedules').get()).toEqual({ status: 'active', ended_at: null });
  });

  it('refuses a zero-length or negative step and a negative dose', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addSchedule('s1');
    expect(() => addStep('t1', 's1', 1, 50, 0)).toThrow(/CHECK/);
    expect(() => addStep('t1', 's1', 1, 50, -7)).toThrow(/CHECK/);
    expect(() => addStep('t1', 's1', 1, -25, 7)).toThrow(/CHECK/);
    addStep('t1', 's1', 1, 50, 7);
    expect(() => addStep('t2', 's1', 1, 25, 7)).toThrow(/UNIQUE/);
  });

  it('lets a schedule end once and a step be confirmed once, and never changes or deletes either', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addSchedule('s1');
    addStep('t1', 's1', 1, 50, 7);
    const refused = (sql: string) => {
      let caught: unknown;
      try {
        db.prepare(sql).run();
      } catch (error) {
        caught = error;
      }
      return guardError(caught)?.code;
    };
    expect(refused("UPDATE titration_steps SET dose_amount = 25 WHERE id = 't1'")).toBe('APPEND_ONLY');
    expect(refused("UPDATE titration_schedules SET who_to_call = 'Someone else' WHERE id = 's1'")).toBe('APPEND_ONLY');
    db.prepare(`UPDATE titration_steps SET confirmed_at = '${STAMP}' WHERE id = 't1'`).run();
    expect(refused(`UPDATE titration_steps SET confirmed_at = '2025-01-01T00:00:00.000Z' WHERE id = 't1'`)).toBe('APPEND_ONLY');
    db.prepare(
      `UPDATE titration_schedules SET status = 'stopped', ended_at = '${STAMP}', stop_reason = 'No longer needed' WHERE id = 's1'`,
    ).run();
    expect(refused("UPDATE titration_schedules SET status = 'active', ended_at = NULL, stop_reason = NULL WHERE id = 's1'")).toBe(
      'APPEND_ONLY',
    );
    expect(refused("DELETE FROM titration_steps WHERE id = 't1'")).toBe('APPEND_ONLY');
    expect(refused("DELETE FROM titration_schedules WHERE id = 's1'")).toBe('APPEND_ONLY');
    expect(db.prepare('SELECT dose_amount FROM titration_steps', { pluck: true }).get()).toBe(50);
  });
});
