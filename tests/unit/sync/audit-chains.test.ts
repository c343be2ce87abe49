import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { migrate } from '../../../electron/database/migrations';
import { AuditLog, thisDeviceId } from '../../../electron/features/audit/repository';
import { acknowledgeOutbox, applyChanges, readOutbox } from '../../../electron/features/sync/apply';
import { becomeNewDevice, connectVault } from '../../../electron/features/sync/engine';
import { encodeHlc } from '../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';

const VAULT = '0b6f3c1e-2d4a-4f7e-9a8b-1c2d3e4f5a6b';
const NOW = '2026-12-02T09:30:00.000Z';

let laptop: EncryptedDatabase;
let desktop: EncryptedDatabase;
let ids: { laptop: string; desktop: string };

function tick(db: Database, minute: number) {
  const stamp = encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId: thisDeviceId(db) });
  db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp });
}
function ship(from: Database, to: Database) {
  const { changes, upTo } = readOutbox(from, 1000);
  applyChanges(to, changes, NOW);
  acknowledgeOutbox(from, upTo);
  return changes;
}
function record(db: Database, minute: number, recordId: string) {
  tick(db, minute);
  new AuditLog(db).append(`2026-12-02T09:${String(minute).padStart(2, '0')}:00.000Z`, {
    action: 'chart.open',
    recordType: 'patient',
    recordId,
    patientId: recordId,
  });
}
const chains = (db: Database) =>
  new AuditLog(db).verify().chains.map(({ device, entries, firstBroken }) => ({ device, entries, firstBroken }));

beforeAll(async () => {
  [laptop, desktop] = await Promise.all([openEncryptedDatabase(), openEncryptedDatabase()]);
  for (const { db } of [laptop, desktop]) migrate(db);
  // Connecting keeps the id the device's chain already has.
  const before = thisDeviceId(laptop.db);
  connectVault(laptop.db, VAULT);
  expect(thisDeviceId(laptop.db)).toBe(before);
  connectVault(desktop.db, VAULT);
  ids = { laptop: thisDeviceId(laptop.db), desktop: thisDeviceId(desktop.db) };
  // Each device names both (as joining does); names are not what this file is about, so they are not sent.
  for (const { db } of [laptop, desktop]) db.prepare('UPDATE sync_clock SET capturing = 0').run();
  for (const { db } of [laptop, desktop])
    for (const [id, name] of [
      [ids.laptop, 'Laptop'],
      [ids.desktop, 'Office desktop'],
    ] as const)
      db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $now)').run({ id, name, now: NOW });
  for (const { db } of [laptop, desktop]) db.prepare('UPDATE sync_clock SET capturing = 1').run();
});
afterAll(async () => {
  await Promise.all([laptop.dispose(), desktop.dispose()]);
});

describe('audit chains across devices', () => {
  it('replicates each device’s entries with their device, position and hash, and each device verifies every chain', () => {
    record(laptop.db, 1, 'p1');
    record(laptop.db, 2, 'p2');
    record(desktop.db, 3, 'p3');
    record(desktop.db, 4, 'p1');
    ship(laptop.db, desktop.db);
    ship(desktop.db, laptop.db);
    const rows = (db: Database) => db.prepare('SELECT device_id, seq, hash FROM audit_log ORDER BY device_id, seq').all();
    expect(rows(laptop.db)).toEqual(rows(desktop.db));
    expect(rows(laptop.db)).toHaveLength(4);
    expect(chains(laptop.db)).toEqual([
      { device: 'Laptop', entries: 2, firstBroken: null },
      { device: 'Office desktop', entries: 2, firstBroken: null },
    ]);
    expect(chains(desktop.db)).toEqual([
      { device: 'Office desktop', entries: 2, firstBroken: null },
      { device: 'Laptop', entries: 2, firstBroken: null },
    ]);
    // The chart's history holds both devices' entries, newest first.
    expect(new AuditLog(desktop.db).forPatient('p1', 10).map((entry) => [entry.deviceId, entry.seq, entry.device])).toEqual([
      [ids.desktop, 2, 'Office desktop'],
      [ids.laptop, 1, 'Laptop'],
    ]);
    // An entry received again is the same entry.
    desktop.db.prepare('UPDATE sync_clock SET capturing = 0').run();
    record(laptop.db, 5, 'p5');
    const again = readOutbox(laptop.db, 10).changes;
    applyChanges(desktop.db, again, NOW);
    applyChanges(desktop.db, again, NOW);
    acknowledgeOutbox(laptop.db, Number.MAX_SAFE_INTEGER);
    expect(chains(desktop.db)).toEqual([
      { device: 'Office desktop', entries: 2, firstBroken: null },
      { device: 'Laptop', entries: 3, firstBroken: null },
    ]);
    desktop.db.prepare('UPDATE sync_clock SET capturing = 1').run();
  });

  it('finds a missing or altered entry of another device’s chain and names the device and the position', () => {
    const { db } = desktop;
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    const at = db.prepare('SELECT at FROM audit_log WHERE device_id = $d AND seq = 3', { pluck: true }).get<string>({ d: ids.laptop })!;
    db.prepare("UPDATE audit_log SET at = '2026-12-01T00:00:00.000Z' WHERE device_id = $d AND seq = 3").run({ d: ids.laptop });
    expect(at).toBe('2026-12-02T09:05:00.000Z');
    expect(new AuditLog(db).verify().firstBroken).toEqual({
      deviceId: ids.laptop,
      device: 'Laptop',
      seq: 3,
      at: '2026-12-01T00:00:00.000Z',
      problem: 'Entry 3 does not match its hash: it, or the entry before it, was changed after it was written.',
    });
    db.prepare('UPDATE audit_log SET at = $at WHERE device_id = $d AND seq = 3').run({ at, d: ids.laptop });
    db.prepare('DELETE FROM audit_log WHERE device_id = $d AND seq = 2').run({ d: ids.laptop });
    const verification = new AuditLog(db).verify();
    expect(verification.chains.map((chain) => [chain.device, chain.firstBroken?.seq ?? null])).toEqual([
      ['Office desktop', null],
      ['Laptop', 2],
    ]);
    expect(verification.firstBroken?.problem).toBe("Entry 2 is missing: the device's chain goes from 1 to 3.");
  });

  it('starts a chain of its own on a copy that becomes a new device, keeping the chains it holds', () => {
    const { db } = laptop;
    const newId = 'd'.repeat(32);
    becomeNewDevice(db, newId);
    record(db, 9, 'p9');
    expect(new AuditLog(db).verify().chains.map((chain) => [chain.deviceId, chain.entries, chain.firstBroken])).toEqual([
      [newId, 1, null],
      [ids.laptop, 3, null],
      [ids.desktop, 2, null],
    ]);
  });
});
