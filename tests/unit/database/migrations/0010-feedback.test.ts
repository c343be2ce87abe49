import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { PATIENT_FEEDBACK_SQL, PATIENT_MEASURES_SQL } from '../../../../electron/features/feedback/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addAppointment(id: string, patient: string) {
  database.db
    .prepare(
      `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
       VALUES ($id, $patient, '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', 'attended', $stamp, $stamp)`,
    )
    .run({ id, patient, stamp: STAMP });
}

function addFeedback(id: string, patient: string, appointment: string, overall = 8) {
  database.db
    .prepare(
      `INSERT INTO session_feedback (id, patient_id, appointment_id, heard, focus, approach, overall, score, source, created_at)
       VALUES ($id, $patient, $appointment, 8, 8, 8, $overall, 8, 'patient', $stamp)`,
    )
    .run({ id, patient, appointment, overall, stamp: STAMP });
}

function addMeasure(id: string, patient: string, selfHarm = 0) {
  database.db
    .prepare(
      `INSERT INTO measures (id, patient_id, instrument, answers, score, band, self_harm, source, date, created_at)
       VALUES ($id, $patient, 'phq9', '[0,0,0,0,0,0,0,0,1]', 1, 'Minimal', $selfHarm, 'patient', '2024-01-02', $stamp)`,
    )
    .run({ id, patient, selfHarm, stamp: STAMP });
}

describe('migration 0010: feedback and measures', () => {
  it('keeps the plans’ progress updates and adds the citation of feedback to them and to plan versions', () => {
    const { db } = database;
    migrate(db, 9);
    addPatient(db, 'p1', 1);
    db.prepare("INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ('t1', 'p1', $stamp)").run({ stamp: STAMP });
    db.prepare(
      "INSERT INTO progress_updates (id, plan_id, goal_id, date, rating, created_at) VALUES ('u1', 't1', 'g1', '2024-01-01', 5, $stamp)",
    ).run({ stamp: STAMP });
    expect(migrate(db, 10)).toBe(10);
    expect(db.prepare("SELECT feedback_id FROM progress_updates WHERE id = 'u1'", { pluck: true }).get()).toBeNull();
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('plan_versions') WHERE name = 'feedback_id'", { pluck: true }).get()).toBe(1);
  });

  it('takes one feedback per session with ratings from 0 to 10, kept as given except for being marked discussed once', () => {
    const { db } = database;
    migrate(db, 10);
    addPatient(db, 'p1', 1);
    addAppointment('a1', 'p1');
    addFeedback('f1', 'p1', 'a1');
    expect(() => addFeedback('f2', 'p1', 'a1')).toThrow(/UNIQUE/);
    addAppointment('a2', 'p1');
    expect(() => addFeedback('f3', 'p1', 'a2', 11)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE session_feedback SET overall = 2 WHERE id = 'f1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    db.prepare("UPDATE session_feedback SET discussed_at = 'now' WHERE id = 'f1'").run();
    expect(() => db.prepare("UPDATE session_feedback SET discussed_at = 'later' WHERE id = 'f1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM session_feedback').run()).toThrow(/HISTORY_APPEND_ONLY/);
  });

  it('keeps measures as answered, except for an item-9 answer being acknowledged once', () => {
    const { db } = database;
    migrate(db, 10);
    addPatient(db, 'p1', 1);
    addMeasure('m1', 'p1', 1);
    expect(() => db.prepare("UPDATE measures SET score = 0 WHERE id = 'm1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    db.prepare("UPDATE measures SET acknowledged_at = 'now' WHERE id = 'm1'").run();
    expect(() => db.prepare("UPDATE measures SET acknowledged_at = NULL WHERE id = 'm1'").run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM measures').run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO measures (id, patient_id, instrument, answers, score, band, self_harm, source, date, created_at) VALUES ('m2', 'p1', 'bdi', '[]', 0, 'x', 0, 'patient', 'd', 'n')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('reads one patient’s feedback and measures from their indexes', () => {
    const { db } = database;
    // Today's queries read what later migrations added beside these tables (acknowledgements, schedules).
    migrate(db);
    for (let p = 1; p <= 40; p += 1) {
      addPatient(db, `p${p}`, p);
      addAppointment(`a${p}`, `p${p}`);
      addFeedback(`f${p}`, `p${p}`, `a${p}`);
      addMeasure(`m${p}`, `p${p}`);
    }
    db.exec('ANALYZE');
    expect(plan(db, PATIENT_FEEDBACK_SQL, { patientId: 'p4' })).toMatch(/SEARCH f USING INDEX session_feedback_by_patient/);
    expect(plan(db, PATIENT_MEASURES_SQL, { patientId: 'p4' })).toMatch(/SEARCH measures USING INDEX measures_by_patient/);
  });
});
