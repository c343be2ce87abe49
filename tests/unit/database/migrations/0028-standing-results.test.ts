import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0028StandingResults as migration } from '../../../../electron/database/migrations/0028-standing-results';
import { NEWEST_RESULTS_SQL } from '../../../../electron/features/monitoring/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
});
afterAll(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

function result(id: string, takenOn: string, value: number) {
  database.db
    .prepare(
      `INSERT INTO results (id, patient_id, analyte, value, unit, canonical_value, taken_on, range_low, range_high, note, created_at)
       VALUES ($id, $patient, 'lithium', $value, 'mmol/L', $value, $takenOn, NULL, NULL, '', $stamp)`,
    )
    .run({ id, patient: PATIENT, value, takenOn, stamp: STAMP });
}

describe(`migration ${migration.version}: the standing results, indexed with what the monitoring list reads`, () => {
  it('adds an index the newest results are read from alone, leaving out results entered in error', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, PATIENT, 1);
    result('r1', '2024-01-02', 0.6);
    result('r2', '2024-02-02', 0.7);
    result('r3', '2024-03-02', 1.4);
    expect(migrate(db, migration.version)).toBe(migration.version);
    db.prepare(`UPDATE results SET entered_in_error_at = $stamp, entered_in_error_reason = 'Another patient’s sample' WHERE id = 'r3'`).run(
      { stamp: STAMP },
    );

    const query = plan(db, NEWEST_RESULTS_SQL, { kept: 2 });
    expect(query).toContain('COVERING INDEX results_standing');
    expect(query).not.toMatch(/SCAN results$|USING INTEGER PRIMARY KEY|INDEX results_by_patient/m);
    const newest = db.prepare(NEWEST_RESULTS_SQL).all<{ taken_on: string }>({ kept: 2 });
    expect(newest.map((row) => row.taken_on).sort()).toEqual(['2024-01-02', '2024-02-02']);
  });
});
