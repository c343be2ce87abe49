import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0029Billing as migration } from '../../../../electron/database/migrations/0029-billing';
import { guardError } from '../../../../electron/database/schema-guards';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
  const { db } = database;
  migrate(db, migration.version - 1);
  expect(migrate(db, migration.version)).toBe(migration.version);
  addPatient(db, PATIENT, 1);
  db.prepare(
    `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
     VALUES ('a1', $patient, '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', 'attended', $stamp, $stamp)`,
  ).run({ patient: PATIENT, stamp: STAMP });
});
afterAll(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

function charge(id: string, fee: number | string = 15000) {
  database.db
    .prepare(
      `INSERT INTO charges (id, patient_id, appointment_id, service_date, code, modifier, units, fee, currency, diagnoses, minutes, minutes_source, recorded_at)
       VALUES ($id, $patient, 'a1', '2024-01-02', '90834', NULL, 1, $fee, 'USD', '[{"code":"F33.1","label":"Depression"}]', 50, 'timer', $stamp)`,
    )
    .run({ id, patient: PATIENT, fee, stamp: STAMP });
}

function pay(id: string, amount: number | string, kind = 'payment') {
  database.db
    .prepare(
      `INSERT INTO payments (id, patient_id, kind, date, amount, currency, method, note, recorded_at)
       VALUES ($id, $patient, $kind, '2024-01-03', $amount, 'USD', 'card', '', $stamp)`,
    )
    .run({ id, patient: PATIENT, kind, amount, stamp: STAMP });
}

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return guardError(error)?.code ?? 'CHECK';
  }
  return undefined;
}

describe(`migration ${migration.version}: fees, charges and payments`, () => {
  it('keeps amounts as integers of the smallest unit: a float or a text amount is refused', () => {
    charge('c1');
    pay('p1', 5000);
    pay('r1', 1000, 'refund');
    expect(refused(() => charge('c2', 150.5))).toBe('CHECK');
    expect(refused(() => charge('c3', '150.25'))).toBe('CHECK');
    expect(refused(() => pay('p2', 0.1))).toBe('CHECK');
    expect(refused(() => pay('p3', 0))).toBe('CHECK');
    expect(refused(() => pay('p4', 100, 'gift'))).toBe('CHECK');
    expect(database.db.prepare('SELECT count(*) FROM payments', { pluck: true }).get()).toBe(2);
  });

  it('refuses to change or delete a charge or a payment, and lets each be marked entered in error once', () => {
    const { db } = database;
    expect(refused(() => db.prepare(`UPDATE charges SET fee = 1 WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`DELETE FROM charges WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`UPDATE payments SET amount = 1 WHERE id = 'p1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`DELETE FROM payments WHERE id = 'p1'`).run())).toBe('APPEND_ONLY');
    const mark = (table: string, id: string) =>
      db
        .prepare(`UPDATE ${table} SET entered_in_error_at = $stamp, entered_in_error_reason = 'Wrong patient' WHERE id = $id`)
        .run({ id, stamp: STAMP });
    expect(refused(() => mark('charges', 'c1'))).toBeUndefined();
    expect(refused(() => mark('charges', 'c1'))).toBe('APPEND_ONLY');
    expect(refused(() => mark('payments', 'p1'))).toBeUndefined();
    expect(
      refused(() => db.prepare(`UPDATE payments SET entered_in_error_at = NULL, entered_in_error_reason = NULL WHERE id = 'p1'`).run()),
    ).toBe('APPEND_ONLY');
  });

  it('reads a patient’s charges and payments, and the practice’s by date, through their indexes', () => {
    const { db } = database;
    expect(plan(db, 'SELECT * FROM charges WHERE patient_id = $p ORDER BY service_date', { p: PATIENT })).toContain('charges_by_patient');
    expect(plan(db, 'SELECT * FROM payments WHERE patient_id = $p ORDER BY date', { p: PATIENT })).toContain('payments_by_patient');
    expect(plan(db, 'SELECT * FROM charges WHERE appointment_id = $a', { a: 'a1' })).toContain('charges_by_appointment');
  });
});
