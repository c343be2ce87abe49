import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0025GoalRatings as migration } from '../../../../electron/database/migrations/0025-goal-ratings';
import { guardError } from '../../../../electron/database/schema-guards';
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

function addPlan(status: 'draft' | 'final') {
  const { db } = database;
  db.prepare(`INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('p1', $patient, $stamp)`).run({
    patient: PATIENT,
    stamp: STAMP,
  });
  db.prepare(
    `INSERT INTO plan_versions (id, plan_id, number, status, reason, content, review_date, agreement, created_at, updated_at)
     VALUES ('v1', 'p1', 1, $status, NULL, '{}', '2024-06-01', $agreement, $stamp, $stamp)`,
  ).run({ status, agreement: status === 'final' ? '{}' : null, stamp: STAMP });
}

function rate(id: string, rating: number, source = 'patient') {
  database.db
    .prepare(
      `INSERT INTO goal_ratings (id, patient_id, plan_id, plan_version_id, goal_id, rating, date, appointment_id, source, created_at)
       VALUES ($id, $patient, 'p1', 'v1', 'g1', $rating, '2024-01-02', NULL, $source, $stamp)`,
    )
    .run({ id, patient: PATIENT, rating, source, stamp: STAMP });
}

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return guardError(error)?.code ?? 'CHECK';
  }
  return undefined;
}

describe(`migration ${migration.version}: the patient's ratings of their goals`, () => {
  it('adds the table, rating 0 to 10 by the patient or the clinician, of an agreed version, read by plan through its index', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    addPatient(db, PATIENT, 1);
    addPlan('final');
    rate('r1', 0);
    rate('r2', 10, 'clinician');
    expect(db.prepare('SELECT count(*) FROM goal_ratings', { pluck: true }).get()).toBe(2);
    expect(() => rate('r3', 11)).toThrow(/CHECK constraint/);
    expect(() => rate('r4', 5, 'someone')).toThrow(/CHECK constraint/);
    expect(plan(db, 'SELECT * FROM goal_ratings WHERE plan_id = $planId ORDER BY date, created_at', { planId: 'p1' })).toContain(
      'goal_ratings_by_plan',
    );
  });

  it('rates only a final version, and never changes or deletes a rating', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addPlan('draft');
    expect(refused(() => rate('r1', 5))).toBe('CONFLICT');
    db.prepare(`UPDATE plan_versions SET status = 'final', agreement = '{}' WHERE id = 'v1'`).run();
    rate('r1', 5);
    expect(refused(() => db.prepare("UPDATE goal_ratings SET rating = 6 WHERE id = 'r1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM goal_ratings WHERE id = 'r1'").run())).toBe('APPEND_ONLY');
  });
});
