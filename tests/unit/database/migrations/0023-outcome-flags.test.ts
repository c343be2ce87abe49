import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0023OutcomeFlags as migration } from '../../../../electron/database/migrations/0023-outcome-flags';
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

function seed() {
  const { db } = database;
  addPatient(db, PATIENT, 1);
  db.prepare(
    `INSERT INTO measures (id, patient_id, instrument, answers, score, band, self_harm, source, date, created_at)
     VALUES ('m1', $patient, 'phq9', '[3,3,3,3,3,3,0,0,0]', 18, 'Moderately severe', 0, 'patient', '2024-01-02', $stamp)`,
  ).run({ patient: PATIENT, stamp: STAMP });
  db.prepare(
    `INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, created_at, updated_at)
     VALUES ('a1', $patient, '2024-01-02T09:00:00.000Z', '2024-01-02T09:50:00.000Z', 50, 'therapy', 'attended', $stamp, $stamp)`,
  ).run({ patient: PATIENT, stamp: STAMP });
  db.prepare(
    `INSERT INTO session_feedback (id, patient_id, appointment_id, heard, focus, approach, overall, score, source, created_at)
     VALUES ('f1', $patient, 'a1', 3, 3, 3, 3, 3, 'patient', $stamp)`,
  ).run({ patient: PATIENT, stamp: STAMP });
}

function add(
  id: string,
  kind: string,
  measure: string | null,
  feedback: string | null,
  note = 'Discussed; agreed to add activity scheduling',
) {
  database.db
    .prepare(
      `INSERT INTO outcome_flag_acknowledgements (id, patient_id, kind, measure_id, feedback_id, note, plan_version_id, created_at)
       VALUES ($id, $patient, $kind, $measure, $feedback, $note, NULL, $stamp)`,
    )
    .run({ id, patient: PATIENT, kind, measure, feedback, note, stamp: STAMP });
}

describe(`migration ${migration.version}: acknowledgements of outcome flags`, () => {
  it('adds the table: a measure flag names its measure, a rupture its feedback, each with a note', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    seed();
    add('k1', 'not-on-track', 'm1', null);
    add('k2', 'reliable-deterioration', 'm1', null);
    add('k3', 'rupture', null, 'f1');
    expect(db.prepare('SELECT count(*) FROM outcome_flag_acknowledgements', { pluck: true }).get()).toBe(3);
    expect(() => add('k4', 'not-on-track', null, 'f1')).toThrow(/CHECK constraint/);
    expect(() => add('k5', 'rupture', 'm1', null)).toThrow(/CHECK constraint/);
    expect(() => add('k6', 'not-on-track', 'm1', null, '')).toThrow(/CHECK constraint/);
    expect(() => add('k7', 'remission', 'm1', null)).toThrow(/CHECK constraint/);
    expect(() => add('k8', 'not-on-track', 'no-such-measure', null)).toThrow(/FOREIGN KEY/);
  });

  it('never changes or deletes a row', () => {
    const { db } = database;
    migrate(db, migration.version);
    seed();
    add('k1', 'not-on-track', 'm1', null);
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return guardError(error)?.code;
      }
      return undefined;
    };
    expect(refused(() => db.prepare("UPDATE outcome_flag_acknowledgements SET note = 'x' WHERE id = 'k1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM outcome_flag_acknowledgements WHERE id = 'k1'").run())).toBe('APPEND_ONLY');
  });

  it('finds a measure’s acknowledgements and a patient’s by index', () => {
    const { db } = database;
    migrate(db, migration.version);
    expect(
      plan(db, 'SELECT 1 FROM outcome_flag_acknowledgements WHERE measure_id = $m AND kind = $k', { m: 'm1', k: 'not-on-track' }),
    ).toMatch(/outcome_flag_acknowledgements_by_measure/);
    expect(plan(db, 'SELECT * FROM outcome_flag_acknowledgements WHERE patient_id = $p ORDER BY created_at DESC', { p: PATIENT })).toMatch(
      /outcome_flag_acknowledgements_by_patient/,
    );
    // The practice view's year, read from the two indexes alone.
    expect(
      plan(db, "SELECT DISTINCT patient_id FROM measures WHERE date >= $from AND date <= $to AND instrument IN ('phq9', 'gad7')", {
        from: '2026-01-01',
        to: '2026-12-31',
      }),
    ).toMatch(/COVERING INDEX measures_by_date/);
    const series = plan(
      db,
      `SELECT id, patient_id, instrument, score, date FROM measures WHERE patient_id IN ($a, $b) AND instrument IN ('phq9', 'gad7')
       AND date <= $to ORDER BY patient_id, instrument, date, created_at`,
      { a: PATIENT, b: 'p2', to: '2026-12-31' },
    );
    expect(series).toMatch(/COVERING INDEX measures_series/);
    expect(series).not.toMatch(/TEMP B-TREE/);
  });
});
