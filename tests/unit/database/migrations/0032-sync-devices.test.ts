import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0032SyncDevices as migration } from '../../../../electron/database/migrations/0032-sync-devices';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
  migrate(database.db, migration.version);
});
afterAll(async () => {
  await database.dispose();
});

describe(`migration ${migration.version}: the practice server and the vault's devices`, () => {
  it('keeps one server, and names devices by their 32-character id', () => {
    const { db } = database;
    db.prepare("INSERT INTO sync_server (id, details, connected_at) VALUES (1, '{}', '2026-12-02T09:00:00.000Z')").run();
    expect(() => db.prepare("INSERT INTO sync_server (id, details, connected_at) VALUES (2, '{}', 'x')").run()).toThrow();
    expect(() => db.prepare("INSERT INTO sync_server (id, details, connected_at) VALUES (1, 'not json', 'x')").run()).toThrow();
    db.prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, 'Office desktop', '2026-12-02T09:00:00.000Z')").run({
      id: 'a'.repeat(32),
    });
    expect(() => db.prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ('short', 'Laptop', 'x')").run()).toThrow();
    expect(() =>
      db.prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, '', 'x')").run({ id: 'b'.repeat(32) }),
    ).toThrow();
  });

  it('captures a device’s name for the other devices once the vault replicates', () => {
    const { db } = database;
    db.prepare("UPDATE sync_clock SET capturing = 1, stamp = 's1'").run();
    db.prepare("UPDATE sync_devices SET name = 'Front desk' WHERE device_id = $id").run({ id: 'a'.repeat(32) });
    db.prepare('INSERT OR REPLACE INTO sync_server (id, details, connected_at) VALUES (1, \'{"host":"x"}\', \'x\')').run();
    const captured = db.prepare('SELECT table_name, changes FROM sync_outbox').all<{ table_name: string; changes: string }>();
    expect(captured).toEqual([{ table_name: 'sync_devices', changes: JSON.stringify({ name: ['Front desk', null] }) }]);
  });
});
