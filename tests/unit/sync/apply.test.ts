import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { migrate } from '../../../electron/database/migrations';
import { acknowledgeOutbox, applyChanges, readOutbox } from '../../../electron/features/sync/apply';
import { encodeHlc } from '../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { addNote, addPatient } from '../database/migrations/chart-rows';

const LAPTOP = 'a'.repeat(32);
const DESKTOP = 'b'.repeat(32);
const NOW = '2026-12-02T09:30:00.000Z';
const at = (minute: number, deviceId: string) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId });
const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

let laptop: EncryptedDatabase;
let desktop: EncryptedDatabase;

function connect(db: Database) {
  migrate(db);
  db.prepare('UPDATE sync_clock SET capturing = 1').run();
}
function tick(db: Database, stamp: string) {
  db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp });
}
/** Sends everything waiting in one device's outbox to the other, as a batch would. */
function ship(from: Database, to: Database) {
  const { changes, upTo } = readOutbox(from, 1000);
  applyChanges(to, changes, NOW);
  acknowledgeOutbox(from, upTo);
  return changes.length;
}
const phone = (db: Database) =>
  db.prepare('SELECT phone FROM patients WHERE id = $id', { pluck: true }).get<string | null>({ id: PATIENT });
const conflicts = (db: Database) =>
  db.prepare('SELECT table_name, field, losing_value, winning_value FROM sync_conflicts ORDER BY id').all<Record<string, string>>();

beforeAll(async () => {
  [laptop, desktop] = await Promise.all([openEncryptedDatabase(), openEncryptedDatabase()]);
  connect(laptop.db);
  connect(desktop.db);
});
afterAll(async () => {
  await Promise.all([laptop.dispose(), desktop.dispose()]);
});

describe('changes travelling between two vaults', () => {
  it('brings a new patient and a later edit to the other device, and sends nothing back', () => {
    tick(laptop.db, at(1, LAPTOP));
    addPatient(laptop.db, PATIENT, 1, { given: 'Ada', family: 'Okafor' });
    tick(laptop.db, at(2, LAPTOP));
    laptop.db.prepare("UPDATE patients SET phone = '555 0100' WHERE id = $id").run({ id: PATIENT });
    expect(ship(laptop.db, desktop.db)).toBe(2);
    expect(desktop.db.prepare('SELECT given_name, family_name FROM patients WHERE id = $id').get({ id: PATIENT })).toEqual({
      given_name: 'Ada',
      family_name: 'Okafor',
    });
    expect(phone(desktop.db)).toBe('555 0100');
    expect(readOutbox(desktop.db, 10).changes).toEqual([]);
  });

  it('takes an edit made after seeing the other device’s, without a conflict', () => {
    tick(desktop.db, at(3, DESKTOP));
    desktop.db.prepare("UPDATE patients SET phone = '555 0111' WHERE id = $id").run({ id: PATIENT });
    ship(desktop.db, laptop.db);
    expect(phone(laptop.db)).toBe('555 0111');
    expect(conflicts(laptop.db)).toEqual([]);
  });

  it('resolves a phone changed on both devices at once the same way on each, and keeps the losing value to show', () => {
    tick(laptop.db, at(10, LAPTOP));
    laptop.db.prepare("UPDATE patients SET phone = '555 0142' WHERE id = $id").run({ id: PATIENT });
    tick(desktop.db, at(12, DESKTOP));
    desktop.db.prepare("UPDATE patients SET phone = '555 0199' WHERE id = $id").run({ id: PATIENT });
    ship(laptop.db, desktop.db);
    ship(desktop.db, laptop.db);
    expect([phone(laptop.db), phone(desktop.db)]).toEqual(['555 0199', '555 0199']);
    const expected = [{ table_name: 'patients', field: 'phone', losing_value: '"555 0142"', winning_value: '"555 0199"' }];
    expect(conflicts(laptop.db)).toEqual(expected);
    expect(conflicts(desktop.db)).toEqual(expected);
  });

  it('applies a batch received twice once', () => {
    tick(laptop.db, at(20, LAPTOP));
    laptop.db.prepare("UPDATE patients SET email = 'ada@example.org' WHERE id = $id").run({ id: PATIENT });
    const { changes } = readOutbox(laptop.db, 10);
    applyChanges(desktop.db, changes, NOW);
    applyChanges(desktop.db, changes, NOW);
    expect(desktop.db.prepare('SELECT email FROM patients WHERE id = $id', { pluck: true }).get({ id: PATIENT })).toBe('ada@example.org');
    expect(conflicts(desktop.db)).toHaveLength(1);
  });

  it('applies nothing of a batch when one change cannot be applied, nor what was recorded beside it', () => {
    const before = phone(desktop.db);
    const good = {
      table: 'patients',
      key: PATIENT,
      operation: 'update' as const,
      changes: { phone: ['555 0000', at(12, DESKTOP)] as [string, string] },
      stamp: at(30, LAPTOP),
    };
    // A change for a table that does not replicate here (from a newer version of Alliance, say).
    const unknown = { ...good, table: 'practice_robots' };
    let recorded = false;
    expect(() => applyChanges(desktop.db, [good, unknown], NOW, () => (recorded = true))).toThrow(/does not replicate/);
    expect(phone(desktop.db)).toBe(before);
    expect(recorded).toBe(false);
    expect(desktop.db.prepare('SELECT applying FROM sync_clock', { pluck: true }).get()).toBe(0);
  });

  it('keeps a change this vault’s rules refuse as a conflict, and applies the rest of the batch', () => {
    tick(laptop.db, at(40, LAPTOP));
    addNote(laptop.db, 'note-1', PATIENT, '2026-12-02');
    laptop.db.prepare("INSERT INTO note_fields (note_id, key, text) VALUES ('note-1', 'body', 'As seen today')").run();
    ship(laptop.db, desktop.db);
    // The laptop signs the note while the desktop, not having heard, edits its text and the phone.
    tick(laptop.db, at(41, LAPTOP));
    laptop.db
      .prepare("UPDATE notes SET status = 'signed', signed_at = $now, signed_by = 'Dr R', content_hash = 'h' WHERE id = 'note-1'")
      .run({ now: NOW });
    tick(desktop.db, at(42, DESKTOP));
    desktop.db.prepare("UPDATE note_fields SET text = 'As seen today, and more' WHERE note_id = 'note-1'").run();
    desktop.db.prepare("UPDATE patients SET phone = '555 0123' WHERE id = $id").run({ id: PATIENT });
    ship(desktop.db, laptop.db);
    expect(laptop.db.prepare("SELECT text FROM note_fields WHERE note_id = 'note-1'", { pluck: true }).get()).toBe('As seen today');
    expect(phone(laptop.db)).toBe('555 0123');
    const kept = laptop.db
      .prepare("SELECT losing_value, winning_value FROM sync_conflicts WHERE table_name = 'note_fields'")
      .all<{ losing_value: string; winning_value: string }>();
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]?.losing_value ?? 'null')).toBe('As seen today, and more');
    expect(kept[0]?.winning_value).toMatch(/signed/i);
  });
});
