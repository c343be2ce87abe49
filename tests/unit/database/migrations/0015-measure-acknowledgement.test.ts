import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0015MeasureAcknowledgement as migration } from '../../../../electron/database/migrations/0015-measure-acknowledgement';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addMeasure(id: string, acknowledgedAt: string | null) {
  database.db
    .prepare(
      `INSERT INTO measures (id, patient_id, instrument, answers, score, band, self_harm, source, date, created_at, acknowledged_at)
       VALUES ($id, 'p1', 'phq9', '[0,0,0,0,0,0,0,0,2]', 2, 'Minimal', 1, 'patient', '2024-01-02', $stamp, $acknowledgedAt)`,
    )
    .run({ id, stamp: STAMP, acknowledgedAt });
}

describe(`migration ${migration.version}: what was done about an item-9 answer`, () => {
  it('keeps answers acknowledged before it, with nothing recorded of what was done', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    addPatient(db, 'p1', 1);
    addMeasure('m1', '2024-01-03T10:00:00.000Z');
    addMeasure('m2', null);
    expect(migrate(db, migration.version)).toBe(migration.version);
    expect(db.prepare("SELECT acknowledged_at, acknowledged_actions, acknowledged_note FROM measures WHERE id = 'm1'").get()).toEqual({
      acknowledged_at: '2024-01-03T10:00:00.000Z',
      acknowledged_actions: null,
      acknowledged_note: null,
    });
  });

  it('takes what was done only with the acknowledgement, once, as a JSON array', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, 'p1', 1);
    addMeasure('m1', null);
    // Not without acknowledging it.
    expect(() => db.prepare(`UPDATE measures SET acknowledged_note = 'x' WHERE id = 'm1'`).run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(() => db.prepare(`UPDATE measures SET acknowledged_at = 'now', acknowledged_actions = '{"a":1}' WHERE id = 'm1'`).run()).toThrow(
      /CHECK/,
    );
    db.prepare(
      `UPDATE measures SET acknowledged_at = 'now', acknowledged_actions = '["discussed-in-session"]', acknowledged_note = 'Talked it through' WHERE id = 'm1'`,
    ).run();
    // And never changed afterwards.
    expect(() => db.prepare(`UPDATE measures SET acknowledged_note = 'rewritten' WHERE id = 'm1'`).run()).toThrow(/HISTORY_APPEND_ONLY/);
    expect(db.prepare("SELECT acknowledged_note FROM measures WHERE id = 'm1'", { pluck: true }).get()).toBe('Talked it through');
  });
});
