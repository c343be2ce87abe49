import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate } from '../../../../electron/database/migrations';
import { migration0031SyncCapture as migration } from '../../../../electron/database/migrations/0031-sync-capture';
import { CAPTURE_TRIGGER_PREFIX, isSearchTable, LOCAL_TABLES, REPLICATED_TABLES } from '../../../../electron/features/sync/capture';
import { encodeHlc } from '../../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
  migrate(database.db);
});
afterAll(async () => {
  await database.dispose();
});

const DEVICE = 'c'.repeat(32);
const stamp = (minute: number) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId: DEVICE });
const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

type OutboxRow = { table_name: string; row_key: string; operation: string; changes: string; stamp: string };
function outbox(): OutboxRow[] {
  return database.db.prepare('SELECT table_name, row_key, operation, changes, stamp FROM sync_outbox ORDER BY seq').all<OutboxRow>();
}
function clock(values: { stamp?: string; capturing?: 0 | 1; applying?: 0 | 1 }) {
  const { db } = database;
  if (values.stamp !== undefined) db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp: values.stamp });
  if (values.capturing !== undefined) db.prepare('UPDATE sync_clock SET capturing = $v').run({ v: values.capturing });
  if (values.applying !== undefined) db.prepare('UPDATE sync_clock SET applying = $v').run({ v: values.applying });
}

describe(`migration ${migration.version}: change capture for replication`, () => {
  it('captures nothing while the vault is not connected to a server', () => {
    addPatient(database.db, PATIENT, 1);
    expect(outbox()).toEqual([]);
  });

  it('captures an edit as the columns it changed, each with the stamp of the value it replaced', () => {
    const { db } = database;
    clock({ capturing: 1, stamp: stamp(1) });
    const other = '7f9619ff-8b86-4011-b42d-00c04fc964ff';
    addPatient(db, other, 2, { given: 'Ada', family: 'Okafor' });
    const [inserted] = outbox();
    if (!inserted) throw new Error('Nothing was captured');
    expect(inserted).toMatchObject({ table_name: 'patients', row_key: other, operation: 'insert', stamp: stamp(1) });
    expect(JSON.parse(inserted.changes)).toMatchObject({ given_name: ['Ada', null], family_name: ['Okafor', null] });

    clock({ stamp: stamp(5) });
    db.prepare("UPDATE patients SET family_name = 'Okafor-Reyes' WHERE id = $id").run({ id: other });
    clock({ stamp: stamp(9) });
    db.prepare("UPDATE patients SET family_name = 'Reyes' WHERE id = $id").run({ id: other });
    const [, first, second] = outbox();
    if (!first || !second) throw new Error('The edits were not captured');
    expect(first).toMatchObject({ operation: 'update', stamp: stamp(5) });
    expect(JSON.parse(first.changes)).toEqual({ family_name: ['Okafor-Reyes', stamp(1)] });
    expect(JSON.parse(second.changes)).toEqual({ family_name: ['Reyes', stamp(5)] });
  });

  it('writes nothing for an update that changes no value', () => {
    const before = outbox().length;
    database.db.prepare('UPDATE patients SET family_name = family_name').run();
    expect(outbox()).toHaveLength(before);
  });

  it('captures a repository’s own upsert, inserting and then updating the same row', () => {
    const { db } = database;
    clock({ stamp: stamp(30) });
    const upsert = db.prepare(
      `INSERT INTO fee_schedule (code, amount, currency, updated_at) VALUES ('90834', $amount, 'USD', '2026-12-02T09:30:00.000Z')
       ON CONFLICT (code) DO UPDATE SET amount = excluded.amount`,
    );
    upsert.run({ amount: 15000 });
    clock({ stamp: stamp(31) });
    // The second is an update, whose stamps the trigger writes again: its statement's upsert must not make that a failure.
    upsert.run({ amount: 16000 });
    upsert.run({ amount: 16500 });
    expect(
      outbox()
        .filter((row) => row.table_name === 'fee_schedule')
        .map((row) => [row.operation, (JSON.parse(row.changes) as { amount: unknown }).amount]),
    ).toEqual([
      ['insert', [15000, null]],
      ['update', [16000, stamp(30)]],
      ['update', [16500, stamp(31)]],
    ]);
  });

  it('sends nothing back while changes received from another device are applied', () => {
    const before = outbox().length;
    clock({ applying: 1 });
    database.db.prepare("UPDATE patients SET given_name = 'Received' WHERE id = $id").run({ id: PATIENT });
    clock({ applying: 0 });
    expect(outbox()).toHaveLength(before);
  });

  it('names a note by its id, never by this device’s local row number', () => {
    clock({ stamp: stamp(20) });
    addNote(database.db, 'note-1', PATIENT, '2026-12-02');
    const row = outbox().find((r) => r.table_name === 'notes');
    expect(row?.row_key).toBe('note-1');
    expect(Object.keys(JSON.parse(row?.changes ?? '{}'))).not.toContain('seq');
  });

  it('leaves no table unaccounted for: each replicates with a policy, or says why it stays on this device', () => {
    const tables = database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", { pluck: true })
      .all<string>()
      .filter((name) => !isSearchTable(name));
    const accounted = new Set([...Object.keys(REPLICATED_TABLES), ...Object.keys(LOCAL_TABLES)]);
    expect(tables.filter((name) => !accounted.has(name))).toEqual([]);
    for (const [name, table] of Object.entries(REPLICATED_TABLES)) {
      const columns = database.db.prepare(`SELECT name FROM pragma_table_info('${name}')`, { pluck: true }).all<string>();
      for (const column of [...table.key, ...(table.setOnce ?? []), ...(table.local ?? [])])
        expect(columns, `${name}.${column}`).toContain(column);
    }
    const triggers = database.db
      .prepare(`SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${CAPTURE_TRIGGER_PREFIX}%_insert'`, {
        pluck: true,
      })
      .all<string>();
    expect(triggers.sort()).toEqual(Object.keys(REPLICATED_TABLES).sort());
  });

  it('writes its triggers again after a later migration, from the columns as they are', () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(migration.version);
    const triggers = database.db
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_%'", { pluck: true })
      .get<number>();
    // An append-only table with nothing set once has no update to send (capture.ts).
    const neverUpdated = Object.values(REPLICATED_TABLES).filter((table) => table.policy === 'append-only' && !table.setOnce).length;
    expect(triggers).toBe(Object.keys(REPLICATED_TABLES).length * 3 - neverUpdated);
  });
});
