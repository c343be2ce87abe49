import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { REVIEW_DUE_SQL } from '../../../../electron/features/plans/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addVersion(id: string, planId: string, number: number, status: 'draft' | 'final' = 'draft', reviewDate = '2026-06-01') {
  database.db
    .prepare(
      `INSERT INTO plan_versions (id, plan_id, number, status, reason, content, review_date, agreement, created_at, updated_at)
       VALUES ($id, $planId, $number, $status, $reason, '{}', $reviewDate, $agreement, $stamp, $stamp)`,
    )
    .run({
      id,
      planId,
      number,
      status,
      reason: number === 1 ? null : 'review',
      reviewDate,
      agreement: status === 'final' ? '{"method":"verbal"}' : null,
      stamp: STAMP,
    });
}

describe('migration 0009: treatment plans', () => {
  it('keeps the patients; one plan per patient, versions in order, each after a final one', () => {
    const { db } = database;
    migrate(db, 8);
    addPatient(db, 'p1', 1);
    expect(migrate(db, 9)).toBe(9);
    db.prepare("INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('t1', 'p1', $stamp)").run({ stamp: STAMP });
    expect(() =>
      db.prepare("INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('t2', 'p1', $stamp)").run({ stamp: STAMP }),
    ).toThrow(/UNIQUE/);
    expect(() => addVersion('v2', 't1', 2)).toThrow(/PLAN_VERSION_ORDER/);
    addVersion('v1', 't1', 1);
    expect(() => addVersion('v2', 't1', 2)).toThrow(/PLAN_VERSION_ORDER/);
    expect(() => db.prepare("UPDATE plan_versions SET status = 'final' WHERE id = 'v1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE plan_versions SET content = 'not json' WHERE id = 'v1'").run()).toThrow(/CHECK/);
    db.prepare(`UPDATE plan_versions SET status = 'final', agreement = '{"method":"signed"}' WHERE id = 'v1'`).run();
    expect(() => db.prepare("UPDATE plan_versions SET review_date = '2030-01-01' WHERE id = 'v1'").run()).toThrow(/PLAN_VERSION_FINAL/);
    addVersion('v2', 't1', 2);
    expect(() => db.prepare("DELETE FROM plan_versions WHERE id = 'v2'").run()).toThrow(/PLAN_VERSION_FINAL/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO plan_versions (id, plan_id, number, content, review_date, created_at, updated_at) VALUES ('v3', 't1', 3, '{}', 'd', 'n', 'n')",
        )
        .run(),
    ).toThrow(/CHECK|PLAN_VERSION_ORDER/);
  });

  it('keeps objectives’ status changes and progress updates as they were written', () => {
    const { db } = database;
    migrate(db, 9);
    addPatient(db, 'p1', 1);
    db.prepare("INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('t1', 'p1', $stamp)").run({ stamp: STAMP });
    addVersion('v1', 't1', 1);
    db.prepare(
      "INSERT INTO objective_status_entries (id, plan_id, plan_version_id, objective_id, status, at) VALUES ('s1', 't1', 'v1', 'o1', 'met', $stamp)",
    ).run({ stamp: STAMP });
    db.prepare(
      "INSERT INTO progress_updates (id, plan_id, goal_id, date, rating, created_at) VALUES ('u1', 't1', 'g1', '2026-01-01', 7, $stamp)",
    ).run({ stamp: STAMP });
    expect(() =>
      db
        .prepare(
          "INSERT INTO progress_updates (id, plan_id, goal_id, date, rating, created_at) VALUES ('u2', 't1', 'g1', '2026-01-01', 11, $stamp)",
        )
        .run({ stamp: STAMP }),
    ).toThrow(/CHECK/);
    for (const table of ['objective_status_entries', 'progress_updates']) {
      expect(() => db.prepare(`UPDATE ${table} SET plan_id = 't1'`).run(), table).toThrow(/HISTORY_APPEND_ONLY/);
      expect(() => db.prepare(`DELETE FROM ${table}`).run(), table).toThrow(/HISTORY_APPEND_ONLY/);
    }
  });

  it('finds the plans due for review from the review-date index', () => {
    const { db } = database;
    migrate(db, 9);
    for (let p = 1; p <= 60; p += 1) {
      addPatient(db, `p${p}`, p);
      db.prepare('INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ($id, $patient, $stamp)').run({
        id: `t${p}`,
        patient: `p${p}`,
        stamp: STAMP,
      });
      addVersion(`v${p}`, `t${p}`, 1, 'final', `2026-${String((p % 12) + 1).padStart(2, '0')}-01`);
    }
    db.exec('ANALYZE');
    expect(plan(db, REVIEW_DUE_SQL, { today: '2026-02-15' })).toMatch(/SEARCH v USING INDEX plan_versions_by_review/);
    expect(db.prepare(REVIEW_DUE_SQL, { pluck: true }).all({ today: '2026-02-15' }).sort()).toEqual(
      ['p12', 'p24', 'p36', 'p48', 'p60', 'p1', 'p13', 'p25', 'p37', 'p49'].sort(),
    );
  });
});
