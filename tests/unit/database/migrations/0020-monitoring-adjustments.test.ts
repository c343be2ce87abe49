import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0020MonitoringAdjustments as migration } from '../../../../electron/database/migrations/0020-monitoring-adjustments';
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

function add(id: string, kind: string, everyDays: number | null, reason = 'Low risk of tardive dyskinesia') {
  database.db
    .prepare(
      `INSERT INTO monitoring_adjustments (id, patient_id, protocol, check_id, kind, every_days, reason, created_at)
       VALUES ($id, $patient, 'antipsychotic-aims', 'aims', $kind, $everyDays, $reason, $stamp)`,
    )
    .run({ id, patient: PATIENT, kind, everyDays, reason, stamp: STAMP });
}

describe(`migration ${migration.version}: a patient's own monitoring intervals`, () => {
  it('adds the table, whose rows say an interval, "set aside" or "back to the protocol", each with a reason', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    addPatient(db, PATIENT, 1);
    add('a1', 'interval', 365);
    add('a2', 'off', null);
    add('a3', 'protocol', null);
    expect(db.prepare('SELECT count(*) FROM monitoring_adjustments', { pluck: true }).get()).toBe(3);
    expect(() => add('a4', 'interval', null)).toThrow(/CHECK constraint/);
    expect(() => add('a5', 'off', 30)).toThrow(/CHECK constraint/);
    expect(() => add('a6', 'interval', 3)).toThrow(/CHECK constraint/);
    expect(() => add('a7', 'interval', 365, '')).toThrow(/CHECK constraint/);
  });

  it('never changes or deletes a row', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    add('a1', 'interval', 365);
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return guardError(error)?.code;
      }
      return undefined;
    };
    expect(refused(() => db.prepare("UPDATE monitoring_adjustments SET every_days = 180 WHERE id = 'a1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM monitoring_adjustments WHERE id = 'a1'").run())).toBe('APPEND_ONLY');
  });
});
