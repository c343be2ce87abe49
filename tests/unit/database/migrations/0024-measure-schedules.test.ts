import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0024MeasureSchedules as migration } from '../../../../electron/database/migrations/0024-measure-schedules';
import { guardError } from '../../../../electron/database/schema-guards';
import { INSTRUMENTS } from '../../../../shared/measures';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, STAMP } from './chart-rows';

// One vault for the file: the first test migrates it, the others read and write what it left.
let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
});
afterAll(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

function addMeasure(id: string, instrument: string, answers: number[], score: number, band: string) {
  database.db
    .prepare(
      `INSERT INTO measures (id, patient_id, instrument, answers, score, band, self_harm, source, date, created_at)
       VALUES ($id, $patient, $instrument, $answers, $score, $band, 0, 'patient', '2024-01-02', $stamp)`,
    )
    .run({ id, patient: PATIENT, instrument, answers: JSON.stringify(answers), score, band, stamp: STAMP });
}

function addSchedule(id: string, instrument: string, everyDays: number | null) {
  database.db
    .prepare(
      `INSERT INTO measure_schedules (id, patient_id, instrument, every_days, created_at)
       VALUES ($id, $patient, $instrument, $everyDays, $stamp)`,
    )
    .run({ id, patient: PATIENT, instrument, everyDays, stamp: STAMP });
}

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return guardError(error)?.code ?? (error as Error).message;
  }
  return undefined;
}

describe(`migration ${migration.version}: more instruments, and a measurement schedule per patient`, () => {
  it('widens the instruments a measure may be, keeping every measure and every row that cites one', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, PATIENT, 1);
    addMeasure('m1', 'phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, 'Minimal');
    expect(refused(() => addMeasure('m0', 'pcl5', [], 0, 'x'))).toMatch(/CHECK/);
    // A table that cites a measure, as a later migration may add: rebuilding measures would orphan it.
    db.exec('CREATE TABLE measure_citations (id TEXT PRIMARY KEY, measure_id TEXT NOT NULL REFERENCES measures (id))');
    db.prepare("INSERT INTO measure_citations VALUES ('c1', 'm1')").run();

    expect(migrate(db, migration.version)).toBe(migration.version);

    for (const [index, instrument] of INSTRUMENTS.entries()) addMeasure(`n${index}`, instrument, [1], 1, 'x');
    expect(refused(() => addMeasure('bad', 'ybocs', [], 0, 'x'))).toMatch(/CHECK/);
    expect(db.prepare("SELECT answers, band FROM measures WHERE id = 'm1'").get()).toEqual({
      answers: '[0,0,0,0,0,0,0,0,1]',
      band: 'Minimal',
    });
    expect(db.prepare("SELECT measure_id FROM measure_citations WHERE id = 'c1'", { pluck: true }).get()).toBe('m1');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The measure is still kept as the patient answered it.
    expect(refused(() => db.prepare("UPDATE measures SET score = 9 WHERE id = 'm1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM measures WHERE id = 'm1'").run())).toBe('APPEND_ONLY');
  });

  it('keeps each schedule as an added row: an interval from 7 to 366 days, or none (taken off)', () => {
    const { db } = database;
    addSchedule('s1', 'pcl5', 30);
    addSchedule('s2', 'pcl5', null);
    addSchedule('s3', 'cgis', 7);
    expect(db.prepare('SELECT count(*) FROM measure_schedules', { pluck: true }).get()).toBe(3);
    expect(refused(() => addSchedule('s4', 'pcl5', 3))).toMatch(/CHECK/);
    expect(refused(() => addSchedule('s5', 'pcl5', 400))).toMatch(/CHECK/);
    expect(refused(() => addSchedule('s6', 'madrs', 30))).toMatch(/CHECK/);
    expect(refused(() => db.prepare("UPDATE measure_schedules SET every_days = 60 WHERE id = 's1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM measure_schedules WHERE id = 's1'").run())).toBe('APPEND_ONLY');
  });
});
