import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0012SearchPlans } from '../../../../electron/database/migrations/0012-search-plans';
import { PATIENT_SEARCH_SQL, PatientSearch } from '../../../../electron/features/search/repository';
import { emptyPlanContent, type PlanContent } from '../../../../shared/plan';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function content(presentingProblems: string, copingStrategies = ''): string {
  const empty = emptyPlanContent('2024-01-01', 90);
  const written: PlanContent = { ...empty, presentingProblems, safetyPlan: { ...empty.safetyPlan, copingStrategies } };
  return JSON.stringify(written);
}

function addVersion(id: string, plan: string, number: number, text: string, final: boolean): void {
  database.db
    .prepare(
      `INSERT INTO plan_versions (id, plan_id, number, status, reason, content, review_date, agreement, created_at, updated_at)
       VALUES ($id, $plan, $number, $status, $reason, $content, '2024-04-01', $agreement, $stamp, $stamp)`,
    )
    .run({
      id,
      plan,
      number,
      status: final ? 'final' : 'draft',
      reason: number === 1 ? null : 'Revised',
      content: text,
      agreement: final ? JSON.stringify({ date: '2024-01-02', method: 'verbal', declineReason: '', recordedBy: 'Dr R' }) : null,
      stamp: STAMP,
    });
}

describe('migration 0012: search of plans, and of names without their punctuation', () => {
  it('indexes each plan’s latest version and every name again, so both are found at once', () => {
    const { db } = database;
    const before = migration0012SearchPlans.version - 1;
    migrate(db, before);
    addPatient(db, 'p1', 1, { given: 'Siobhán', family: "O'Brien" });
    addPatient(db, 'p2', 2, { given: 'Piet', family: 'Redfern' });
    addPatient(db, 'p3', 3, { given: 'Ada', family: 'Quill' });
    for (const [plan, patient] of [
      ['t1', 'p1'],
      ['t2', 'p2'],
      ['t3', 'p3'],
    ] as const) {
      db.prepare('INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ($plan, $patient, $stamp)').run({
        plan,
        patient,
        stamp: STAMP,
      });
    }
    addVersion('v1', 't1', 1, content('Fear of the harbour'), true);
    addVersion('v2', 't1', 2, content('Fear of the lighthouse', 'Phone my brother Declan'), false);
    addVersion('v3', 't2', 1, content('Sleeps badly since the flood'), false);
    // A plan not in the form Alliance writes is left out of the index, not a reason to refuse the vault.
    addVersion('v4', 't3', 1, JSON.stringify({ presentingProblems: 'damaged' }), false);
    expect(db.prepare(PATIENT_SEARCH_SQL).all({ query: '"obrien"*' })).toEqual([]);

    expect(migrate(db, migration0012SearchPlans.version)).toBe(migration0012SearchPlans.version);
    const search = new PatientSearch(db);
    expect(search.query('obrien', 10).map((r) => [r.name, r.matchedOn])).toEqual([["O'Brien, Siobhán", 'name']]);
    expect(search.query('lighthouse', 10).map((r) => [r.name, r.matchedOn, r.plan?.section])).toEqual([
      ["O'Brien, Siobhán", 'plan', 'plan'],
    ]);
    expect(search.query('declan', 10).map((r) => [r.name, r.matchedOn, r.plan?.section])).toEqual([
      ["O'Brien, Siobhán", 'safety plan', 'safety-plan'],
    ]);
    expect(search.query('harbour', 10)).toEqual([]);
    expect(search.query('flood', 10).map((r) => [r.name, r.matchedOn])).toEqual([['Redfern, Piet', 'plan']]);
    expect(search.query('damaged', 10)).toEqual([]);
    // The patients' rows were written once each: the names are found as before.
    expect(search.query('redf', 10).map((r) => r.name)).toEqual(['Redfern, Piet']);
    expect(db.prepare('SELECT count(*) FROM plan_search', { pluck: true }).get()).toBe(2);
  });
});
