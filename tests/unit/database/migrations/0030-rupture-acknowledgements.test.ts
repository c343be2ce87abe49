import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0030RuptureAcknowledgements as migration } from '../../../../electron/database/migrations/0030-rupture-acknowledgements';
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

describe(`migration ${migration.version}: a feedback's rupture acknowledgement found by index`, () => {
  it('keeps every acknowledgement and finds one by its feedback from the index, as every reading of feedback asks', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, PATIENT, 1);
    db.prepare(
      `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
       VALUES ('a1', $patient, '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', 'attended', $stamp, $stamp)`,
    ).run({ patient: PATIENT, stamp: STAMP });
    db.prepare(
      `INSERT INTO session_feedback (id, patient_id, appointment_id, heard, focus, approach, overall, score, source, created_at)
       VALUES ('f1', $patient, 'a1', 3, 3, 3, 3, 3, 'patient', $stamp)`,
    ).run({ patient: PATIENT, stamp: STAMP });
    db.prepare(
      `INSERT INTO outcome_flag_acknowledgements (id, patient_id, kind, measure_id, feedback_id, note, plan_version_id, created_at)
       VALUES ('k1', $patient, 'rupture', NULL, 'f1', 'Discussed', NULL, $stamp)`,
    ).run({ patient: PATIENT, stamp: STAMP });

    expect(migrate(db, migration.version)).toBe(migration.version);

    expect(db.prepare('SELECT id, kind, feedback_id FROM outcome_flag_acknowledgements').all()).toEqual([
      { id: 'k1', kind: 'rupture', feedback_id: 'f1' },
    ]);
    expect(
      plan(db, 'SELECT min(created_at) FROM outcome_flag_acknowledgements WHERE feedback_id = $feedbackId', { feedbackId: 'f1' }),
    ).toMatch(/USING COVERING INDEX outcome_flag_acknowledgements_by_feedback/);
  });
});
