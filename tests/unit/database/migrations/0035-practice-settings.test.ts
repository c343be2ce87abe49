import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/database/migrations';
import { migration0033AuditChains } from '../../../../electron/database/migrations/0033-audit-chains';
import { migration0035PracticeSettings as migration } from '../../../../electron/database/migrations/0035-practice-settings';
import { encodeHlc } from '../../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
  migrate(database.db, migration0033AuditChains.version);
  addPatient(database.db, '6f9619ff-8b86-4011-b42d-00c04fc964ff', 1);
  migrate(database.db, migration.version);
});
afterAll(async () => {
  await database.dispose();
});

const stamp = (minute: number) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId: 'c'.repeat(32) });
const NOW = '2026-12-02T09:00:00.000Z';

describe(`migration ${migration.version}: the practice's settings in the vault`, () => {
  it('adds the table beside the records already there', () => {
    const { db } = database;
    expect(schemaVersion(db)).toBe(migration.version);
    expect(db.prepare('SELECT count(*) FROM patients', { pluck: true }).get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM practice_settings', { pluck: true }).get()).toBe(0);
  });

  it('keeps one row per setting, its value JSON, from version 1', () => {
    const { db } = database;
    db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('planReviewDays', '60', $now)").run({ now: NOW });
    expect(db.prepare("SELECT version FROM practice_settings WHERE key = 'planReviewDays'", { pluck: true }).get()).toBe(1);
    expect(() =>
      db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('planReviewDays', '90', $now)").run({ now: NOW }),
    ).toThrow();
    expect(() =>
      db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('currency', 'not json', $now)").run({ now: NOW }),
    ).toThrow();
    expect(() => db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('', '1', $now)").run({ now: NOW })).toThrow();
    db.prepare('DELETE FROM practice_settings').run();
  });

  it('captures a setting written and changed, by its key, once the vault replicates', () => {
    const { db } = database;
    db.prepare('UPDATE sync_clock SET capturing = 1, stamp = $stamp').run({ stamp: stamp(1) });
    db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('crisisContacts', '\"Samaritans 116 123\"', $now)").run({
      now: NOW,
    });
    db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp: stamp(2) });
    db.prepare("UPDATE practice_settings SET value = '\"Crisis line 988\"', version = version + 1 WHERE key = 'crisisContacts'").run();
    const captured = db
      .prepare('SELECT table_name, row_key, operation, changes FROM sync_outbox ORDER BY seq')
      .all<{ table_name: string; row_key: string; operation: string; changes: string }>();
    expect(captured.map(({ table_name, row_key, operation }) => [table_name, row_key, operation])).toEqual([
      ['practice_settings', 'crisisContacts', 'insert'],
      ['practice_settings', 'crisisContacts', 'update'],
    ]);
    expect(JSON.parse(captured[1]?.changes ?? '{}')).toEqual({ value: ['"Crisis line 988"', stamp(1)], version: [2, stamp(1)] });
  });
});
