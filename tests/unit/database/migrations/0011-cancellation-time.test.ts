import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0011CancellationTime } from '../../../../electron/database/migrations/0011-cancellation-time';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const VERSION = migration0011CancellationTime.version;

function addAppointment(id: string, attendance: string) {
  database.db
    .prepare(
      `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
       VALUES ($id, 'p1', '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', $attendance, $stamp, $stamp)`,
    )
    .run({ id, attendance, stamp: STAMP });
}

describe('migration 0011: when a session was cancelled', () => {
  it('keeps earlier cancellations without inventing when they were made, and takes the time only on a cancelled session', () => {
    const { db } = database;
    migrate(db, VERSION - 1);
    addPatient(db, 'p1', 1);
    addAppointment('a1', 'cancelled-by-patient');
    addAppointment('a2', 'attended');
    expect(migrate(db, VERSION)).toBe(VERSION);
    expect(db.prepare("SELECT cancelled_at, cancellation_reason FROM appointments WHERE id = 'a1'").get()).toEqual({
      cancelled_at: null,
      cancellation_reason: '',
    });
    db.prepare("UPDATE appointments SET cancelled_at = '2024-01-01T10:00:00.000Z' WHERE id = 'a1'").run();
    expect(() => db.prepare("UPDATE appointments SET cancelled_at = '2024-01-01T10:00:00.000Z' WHERE id = 'a2'").run()).toThrow(/CHECK/);
  });
});
