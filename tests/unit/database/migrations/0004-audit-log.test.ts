import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const add = (seq: number, patient: string | null) =>
  database.db
    .prepare(
      `INSERT INTO audit_log (seq, at, action, record_type, record_id, patient_id, hash) VALUES ($seq, 'now', 'chart.open', 'patient', 'r', $patient, $hash)`,
    )
    .run({ seq, patient, hash: 'a'.repeat(64) });

describe('migration 0004: audit log', () => {
  it('keeps the patients, and takes entries that can be neither changed nor deleted', () => {
    const { db } = database;
    migrate(db, 3);
    addPatient(db, 'p1', 1);
    expect(migrate(db, 4)).toBe(4);
    add(1, 'p1');
    add(2, null);
    expect(() => db.prepare("UPDATE audit_log SET action = 'note.read' WHERE seq = 1").run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => add(2, null)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() =>
      db.prepare("INSERT INTO audit_log (seq, at, action, record_type, record_id, hash) VALUES (3, 'now', 'a', 'b', 'c', 'short')").run(),
    ).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM audit_log', { pluck: true }).get()).toBe(2);
  });

  it('reads a chart’s history from its index, newest first, without sorting', () => {
    const { db } = database;
    migrate(db, 4);
    for (let seq = 1; seq <= 500; seq += 1) add(seq, `p${seq % 20}`);
    db.exec('ANALYZE');
    const history = plan(db, 'SELECT * FROM audit_log WHERE patient_id = $patientId ORDER BY seq DESC LIMIT $limit', {
      patientId: 'p3',
      limit: 50,
    });
    expect(history).toMatch(/SEARCH audit_log USING (COVERING )?INDEX audit_by_patient/);
    expect(history).not.toMatch(/TEMP B-TREE/);
  });
});
