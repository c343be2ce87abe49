import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0016Imports as migration } from '../../../../electron/database/migrations/0016-imports';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

function addImport(id: string, source: string, patients: number, sessions: number) {
  database.db
    .prepare('INSERT INTO imports (id, imported_at, source, patients, sessions) VALUES ($id, $stamp, $source, $patients, $sessions)')
    .run({ id, stamp: STAMP, source, patients, sessions });
}

describe(`migration ${migration.version}: the record of each import`, () => {
  it('adds the imports table to a vault that had none, leaving the rest as it was', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    const tablesBefore = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get();
    expect(migrate(db, migration.version)).toBe(migration.version);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'", { pluck: true }).get()).toBe(Number(tablesBefore) + 1);
    addImport('i1', 'patients-csv', 12, 0);
    expect(db.prepare('SELECT source, patients, sessions FROM imports').all()).toEqual([
      { source: 'patients-csv', patients: 12, sessions: 0 },
    ]);
  });

  it('takes only the two kinds of file and counts that are not negative, and never changes or removes a row', () => {
    const { db } = database;
    migrate(db, migration.version);
    expect(() => addImport('i1', 'spreadsheet', 1, 0)).toThrow(/CHECK/);
    expect(() => addImport('i1', 'sessions-ics', 0, -1)).toThrow(/CHECK/);
    addImport('i1', 'sessions-ics', 0, 40);
    expect(() => db.prepare("UPDATE imports SET sessions = 41 WHERE id = 'i1'").run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => db.prepare("DELETE FROM imports WHERE id = 'i1'").run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(db.prepare('SELECT sessions FROM imports', { pluck: true }).get()).toBe(40);
  });
});
