import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0022PracticeProtocols as migration } from '../../../../electron/database/migrations/0022-practice-protocols';
import { guardError } from '../../../../electron/database/schema-guards';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const WEEKLY_THEN_FORTNIGHTLY = JSON.stringify([
  { fromDay: 0, everyDays: 7 },
  { fromDay: 126, everyDays: 14 },
]);

function add(
  id: string,
  kind: string,
  {
    phases = null,
    bandLow = null,
    source = 'Trust policy MM-12, 2025',
    reason = 'As the Trust requires',
  }: Partial<{
    phases: string | null;
    bandLow: number | null;
    source: string;
    reason: string;
  }> = {},
) {
  database.db
    .prepare(
      `INSERT INTO practice_protocol_changes (id, protocol, check_id, kind, phases, band_low, band_high, reason, source, changed_by, created_at)
       VALUES ($id, 'clozapine', 'blood-count', $kind, $phases, $bandLow, NULL, $reason, $source, 'Dr Ana Reyes, MD', $stamp)`,
    )
    .run({ id, kind, phases, bandLow, reason, source, stamp: STAMP });
}

describe(`migration ${migration.version}: the practice's own version of the monitoring protocols`, () => {
  it('adds the table, whose rows give a schedule, set a check aside or go back to the published one, with who, why and on what source', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    add('c1', 'schedule', { phases: WEEKLY_THEN_FORTNIGHTLY, bandLow: 0.6 });
    add('c2', 'off');
    add('c3', 'published', { source: '' });
    expect(db.prepare('SELECT count(*) FROM practice_protocol_changes', { pluck: true }).get()).toBe(3);
    expect(() => add('c4', 'schedule')).toThrow(/CHECK constraint/);
    expect(() => add('c5', 'schedule', { phases: 'weekly' })).toThrow(/CHECK constraint/);
    expect(() => add('c6', 'off', { phases: WEEKLY_THEN_FORTNIGHTLY })).toThrow(/CHECK constraint/);
    expect(() => add('c7', 'off', { bandLow: 0.6 })).toThrow(/CHECK constraint/);
    expect(() => add('c8', 'off', { source: '' })).toThrow(/CHECK constraint/);
    expect(() => add('c9', 'published', { reason: '' })).toThrow(/CHECK constraint/);
  });

  it('never changes or deletes a row', () => {
    const { db } = database;
    migrate(db, migration.version);
    add('c1', 'off');
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return guardError(error)?.code;
      }
      return undefined;
    };
    expect(refused(() => db.prepare("UPDATE practice_protocol_changes SET reason = 'Other' WHERE id = 'c1'").run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare("DELETE FROM practice_protocol_changes WHERE id = 'c1'").run())).toBe('APPEND_ONLY');
  });
});
