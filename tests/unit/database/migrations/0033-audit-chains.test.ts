import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate } from '../../../../electron/database/migrations';
import { migration0033AuditChains as migration } from '../../../../electron/database/migrations/0033-audit-chains';
import { AuditLog, auditHash } from '../../../../electron/features/audit/repository';
import { AUDIT_GENESIS } from '../../../../shared/audit';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { plan } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

/** Entries as the log wrote them before chains were per device: no device, hashes that do not cover one. */
function writeLegacyEntries(count: number): { seq: number; hash: string }[] {
  const { db } = database;
  const written: { seq: number; hash: string }[] = [];
  let previous = AUDIT_GENESIS;
  for (let seq = 1; seq <= count; seq += 1) {
    const entry = {
      deviceId: '0'.repeat(32),
      seq,
      at: `2026-03-10T12:00:0${seq % 10}.000Z`,
      action: 'chart.open' as const,
      recordType: 'patient' as const,
      recordId: `p${seq % 3}`,
      patientId: `p${seq % 3}`,
    };
    const hash = auditHash(previous, entry, false);
    db.prepare(
      `INSERT INTO audit_log (seq, at, action, record_type, record_id, patient_id, hash)
       VALUES ($seq, $at, $action, $recordType, $recordId, $patientId, $hash)`,
    ).run({ ...entry, hash });
    written.push({ seq, hash });
    previous = hash;
  }
  return written;
}

describe(`migration ${migration.version}: an audit chain per device`, () => {
  it('makes an existing log this device’s chain, entry for entry, and it still verifies and goes on', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    const before = writeLegacyEntries(7);
    migrate(db, migration.version);
    const device = db.prepare('SELECT device_id FROM this_device', { pluck: true }).get<string>();
    expect(device).toMatch(/^[0-9a-f]{32}$/);
    expect(db.prepare('SELECT device_id, seq, hash FROM audit_log ORDER BY seq').all()).toEqual(
      before.map((row) => ({ device_id: device, ...row })),
    );

    const log = new AuditLog(db);
    expect(log.verify()).toEqual({
      entries: 7,
      chains: [{ deviceId: device, device: 'This device', thisDevice: true, entries: 7, firstBroken: null }],
      firstBroken: null,
    });
    const next = log.append('2026-03-11T09:00:00.000Z', { action: 'note.read', recordType: 'note', recordId: 'n1', patientId: 'p1' });
    expect(next).toMatchObject({ deviceId: device, seq: 8 });
    expect(log.verify()).toMatchObject({ entries: 8, firstBroken: null });
    // Once an entry covers its device, an entry after it written the old way no longer passes.
    db.exec('DROP TRIGGER audit_log_no_update');
    const ninth = log.append('2026-03-11T09:01:00.000Z', { action: 'note.read', recordType: 'note', recordId: 'n1', patientId: 'p1' });
    const { hash: _hash, ...content } = ninth;
    db.prepare('UPDATE audit_log SET hash = $hash WHERE seq = 9').run({ hash: auditHash(next.hash, content, false) });
    expect(log.verify().firstBroken).toMatchObject({ deviceId: device, seq: 9, problem: expect.stringMatching(/does not match its hash/) });
  });

  it('keeps the id of a vault already connected to a server', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    db.prepare("INSERT INTO sync_state (id, vault_id, device_id) VALUES (1, 'v', $id)").run({ id: 'c'.repeat(32) });
    migrate(db, migration.version);
    expect(db.prepare('SELECT device_id FROM this_device', { pluck: true }).get()).toBe('c'.repeat(32));
  });

  it('keys entries by device and position, refuses changes, and reads a chart newest first from its index', () => {
    const { db } = database;
    migrate(db, LATEST_SCHEMA_VERSION);
    const log = new AuditLog(db);
    for (let i = 0; i < 300; i += 1)
      log.append(`2026-03-10T12:${String(i % 60).padStart(2, '0')}:00.000Z`, {
        action: 'chart.open',
        recordType: 'patient',
        recordId: `p${i % 20}`,
        patientId: `p${i % 20}`,
      });
    const row = db
      .prepare('SELECT * FROM audit_log WHERE seq = 1')
      .get<{ at: string; action: string; record_type: string; record_id: string; patient_id: string | null; hash: string }>()!;
    expect(() => db.prepare('INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 1').run()).toThrow(/UNIQUE|PRIMARY KEY/);
    // The same position on another device is another entry.
    db.prepare(
      'INSERT INTO audit_log (device_id, seq, at, action, record_type, record_id, patient_id, hash) VALUES ($d, 1, $at, $a, $t, $r, $p, $h)',
    ).run({ d: 'e'.repeat(32), at: row.at, a: row.action, t: row.record_type, r: row.record_id, p: row.patient_id, h: row.hash });
    expect(() => db.prepare("UPDATE audit_log SET action = 'note.read' WHERE seq = 1").run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_APPEND_ONLY/);
    db.exec('ANALYZE');
    const history = plan(
      db,
      'SELECT * FROM audit_log WHERE patient_id = $patientId ORDER BY at DESC, device_id DESC, seq DESC LIMIT $limit',
      { patientId: 'p3', limit: 50 },
    );
    expect(history).toMatch(/SEARCH audit_log USING (COVERING )?INDEX audit_by_patient/);
    expect(history).not.toMatch(/TEMP B-TREE/);
    const last = plan(db, 'SELECT seq, hash FROM audit_log WHERE device_id = $deviceId ORDER BY seq DESC LIMIT 1', {
      deviceId: 'e'.repeat(32),
    });
    expect(last).toMatch(/SEARCH audit_log USING PRIMARY KEY/);
  });
});
