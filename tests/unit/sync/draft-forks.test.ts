import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { acknowledgeOutbox, applyChanges, readOutbox } from '../../../electron/features/sync/apply';
import { connectVault } from '../../../electron/features/sync/engine';
import { uuidV5 } from '../../../electron/features/sync/fork-id';
import { encodeHlc } from '../../../shared/sync/hlc';
import { draftForkName } from '../../../shared/sync/merge';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { addPatient } from '../database/migrations/chart-rows';

/*
 * Two real vaults, changes carried from one to the other as a batch would carry them (no server): a
 * note's draft saved on both at once, and a note signed on one while its draft was edited on the other.
 */

const VAULT = '0b6f3c1e-2d4a-4f7e-9a8b-1c2d3e4f5a6b';
const LAPTOP = 'a'.repeat(32);
const DESKTOP = 'b'.repeat(32);
const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const NOW = '2026-12-02T09:30:00.000Z';
const context = { now: NOW, timeZone: 'Europe/London' };

type Device = { vault: EncryptedDatabase; db: Database; repos: Repositories; id: string; minute: number };
let laptop: Device;
let desktop: Device;

/** Before each write, as the worker does: the device's next stamp. */
function tick(device: Device) {
  device.minute += 1;
  const stamp = encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, device.minute), counter: 0, deviceId: device.id });
  device.db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp });
}
function ship(from: Device, to: Device) {
  const { changes, upTo } = readOutbox(from.db, 10_000);
  applyChanges(to.db, changes, NOW);
  acknowledgeOutbox(from.db, upTo);
}
function save(device: Device, noteId: string, text: string, serviceDate = '2026-12-01') {
  tick(device);
  const { version } = device.repos.notes.read(noteId, NOW);
  device.repos.notes.saveDraft(noteId, version, { text }, serviceDate, NOW);
}
function sign(device: Device, noteId: string) {
  tick(device);
  device.repos.notes.sign(noteId, device.repos.notes.read(noteId, NOW).version, 'Dr Reyes', NOW);
}
function newNote(text: string): string {
  tick(laptop);
  const { id } = laptop.repos.notes.create(
    { patientId: PATIENT, template: 'free-text', session: null, serviceDate: '2026-12-01' },
    context,
  );
  save(laptop, id, text);
  ship(laptop, desktop);
  return id;
}
/** A note and the drafts forked from it, as a person would compare them: which, whose, what text, signed or not. */
function notes(device: Device, note: string) {
  return device.db
    .prepare(
      `SELECT n.id, n.status, n.service_date, n.forked_from, n.forked_device, n.content_hash,
         (SELECT json_group_object(key, text) FROM note_fields WHERE note_id = n.id) AS fields
       FROM notes n WHERE n.id = $note OR n.forked_from = $note ORDER BY n.id`,
    )
    .all<Record<string, string | null>>({ note });
}
function searchFinds(device: Device, word: string): string[] {
  return device.db
    .prepare('SELECT n.id FROM note_search s JOIN notes n ON n.seq = s.rowid WHERE note_search MATCH $word ORDER BY n.id', { pluck: true })
    .all<string>({ word });
}

async function device(id: string): Promise<Device> {
  const vault = await openEncryptedDatabase();
  migrate(vault.db);
  // Both devices know each other by name, as joining leaves them.
  for (const [deviceId, name] of [
    [LAPTOP, 'Laptop'],
    [DESKTOP, 'Office desktop'],
  ] as const)
    vault.db
      .prepare("INSERT INTO sync_devices (device_id, name, added_at) VALUES ($deviceId, $name, '2026-12-01T09:00:00.000Z')")
      .run({ deviceId, name });
  connectVault(vault.db, VAULT, id);
  return { vault, db: vault.db, repos: connect(vault.db), id, minute: 0 };
}

beforeAll(async () => {
  [laptop, desktop] = await Promise.all([device(LAPTOP), device(DESKTOP)]);
  tick(laptop);
  addPatient(laptop.db, PATIENT, 1, { given: 'Ada', family: 'Okafor' });
  ship(laptop, desktop);
  desktop.minute = 20;
});
afterAll(async () => {
  await Promise.all([laptop.vault.dispose(), desktop.vault.dispose()]);
});

describe('what a note’s save and signing send', () => {
  it('sends every column of the note on each save, and its fields with the signing', () => {
    const note = newNote('Carried text.');
    save(laptop, note, 'Carried text, again.');
    const saved = readOutbox(laptop.db, 100).changes.filter((c) => c.table === 'notes');
    expect(saved).toHaveLength(1);
    // Unchanged columns too: the template, the service date, the patient.
    expect(Object.keys(saved[0]!.changes)).toEqual(
      expect.arrayContaining(['id', 'patient_id', 'template', 'service_date', 'version', 'status']),
    );
    ship(laptop, desktop);
    sign(laptop, note);
    const signing = readOutbox(laptop.db, 100).changes.find((c) => c.table === 'notes')!;
    expect(signing.changes.status?.[0]).toBe('signed');
    expect(signing.changes._fields?.[0]).toEqual([{ key: 'text', text: 'Carried text, again.', copied: 0 }]);
    ship(laptop, desktop);
    expect(desktop.repos.notes.read(note, NOW)).toMatchObject({ status: 'signed', fields: { text: 'Carried text, again.' } });
  });
});

describe('two drafts of the same note', () => {
  it('stay two on both devices, with the same ids and texts, however many saves each made before hearing of the other', () => {
    const note = newNote('Slept better.');
    const base = laptop.db
      // A draft is stamped as a whole, by its last save.
      .prepare("SELECT stamp FROM sync_row_stamps WHERE table_name = 'notes' AND row_key = $id", { pluck: true })
      .get<string>({ id: note })!;
    save(laptop, note, 'Slept better; appetite back.');
    save(desktop, note, 'Slept better. Mood low.', '2026-11-30');
    save(laptop, note, 'Slept better; appetite back. Plans a walk daily.');
    save(desktop, note, 'Slept better. Mood lower at weekends.', '2026-11-30');
    ship(laptop, desktop);
    ship(desktop, laptop);

    const both = notes(laptop, note);
    expect(notes(desktop, note)).toEqual(both);
    const fork = uuidV5(draftForkName('notes', note, base, DESKTOP));
    expect(both.find((n) => n.id === note)).toMatchObject({
      status: 'draft',
      forked_from: null,
      fields: '{"text":"Slept better; appetite back. Plans a walk daily."}',
    });
    expect(both.filter((n) => n.id !== note)).toEqual([
      expect.objectContaining({
        id: fork,
        status: 'draft',
        service_date: '2026-11-30',
        forked_from: note,
        forked_device: DESKTOP,
        fields: '{"text":"Slept better. Mood lower at weekends."}',
      }),
    ]);
    // Both drafts are found by their words on both devices.
    for (const d of [laptop, desktop]) {
      expect(searchFinds(d, 'weekends')).toEqual([fork]);
      expect(searchFinds(d, 'walk')).toEqual([note]);
    }
    // Each says where it came from, in the chart's list and in the editor.
    for (const d of [laptop, desktop]) {
      expect(d.repos.notes.read(fork, NOW)).toMatchObject({
        status: 'draft',
        session: null,
        forkedFrom: { noteId: note, device: 'Office desktop' },
      });
      expect(d.repos.notes.list(PATIENT, 10, null).notes.map((n) => [n.id, n.status, n.forkedFrom])).toEqual(
        expect.arrayContaining([
          [note, 'draft', null],
          [fork, 'draft', { noteId: note, device: 'Office desktop' }],
        ]),
      );
    }
  });

  it('keeps editing each draft on either device afterwards, as any draft', () => {
    const { id: fork, forked_from: note } = laptop.db
      .prepare('SELECT id, forked_from FROM notes WHERE forked_from IS NOT NULL')
      .get<{ id: string; forked_from: string }>()!;
    save(desktop, note, 'One text, now agreed.');
    save(laptop, fork, 'The weekend text, kept.');
    ship(desktop, laptop);
    ship(laptop, desktop);
    expect(notes(desktop, note)).toEqual(notes(laptop, note));
    expect(laptop.repos.notes.read(note, NOW).fields).toEqual({ text: 'One text, now agreed.' });
    expect(desktop.repos.notes.read(fork, NOW).fields).toEqual({ text: 'The weekend text, kept.' });
    expect(notes(laptop, note)).toHaveLength(2);
  });
});

describe('a draft discarded on one device while it was saved on the other', () => {
  it('lives on, with the text saved, on both devices', () => {
    const note = newNote('To be discarded?');
    tick(desktop);
    desktop.repos.notes.discardDraft(note, desktop.repos.notes.read(note, NOW).version, NOW);
    save(laptop, note, 'Kept: written on the laptop meanwhile.');
    ship(desktop, laptop);
    ship(laptop, desktop);
    for (const d of [laptop, desktop])
      expect(d.repos.notes.read(note, NOW)).toMatchObject({ status: 'draft', fields: { text: 'Kept: written on the laptop meanwhile.' } });
    expect(notes(desktop, note)).toEqual(notes(laptop, note));
  });

  it('is gone from both when nothing was saved after the discarding device last saw it', () => {
    const note = newNote('Discard me.');
    tick(desktop);
    desktop.repos.notes.discardDraft(note, desktop.repos.notes.read(note, NOW).version, NOW);
    ship(desktop, laptop);
    expect(notes(laptop, note)).toEqual([]);
  });
});

describe('a note signed on one device while its draft was edited on the other', () => {
  it('is signed with the same text on both, and the edit lives on as a draft of its own, when the signer saved first', () => {
    const note = newNote('First impressions.');
    // The desktop loses a tie between two drafts (its id is the higher), so only the signing can give it the note.
    save(desktop, note, 'First impressions. Signed text.');
    sign(desktop, note);
    save(laptop, note, 'First impressions, and an edit on the laptop.');
    ship(laptop, desktop);
    ship(desktop, laptop);

    const mine = notes(laptop, note);
    expect(notes(desktop, note)).toEqual(mine);
    expect(mine.find((n) => n.id === note)).toMatchObject({ status: 'signed', fields: '{"text":"First impressions. Signed text."}' });
    expect(mine.find((n) => n.id === note)?.content_hash).toBe(desktop.repos.notes.read(note, NOW).contentHash);
    expect(mine.filter((n) => n.forked_from === note)).toEqual([
      expect.objectContaining({
        status: 'draft',
        forked_device: LAPTOP,
        fields: '{"text":"First impressions, and an edit on the laptop."}',
      }),
    ]);
    expect(laptop.db.prepare("SELECT count(*) FROM sync_conflicts WHERE table_name LIKE 'note%'", { pluck: true }).get()).toBe(0);
  });

  it('is signed with the same text on both when the signer signed the text both had, and the edit is forked', () => {
    const note = newNote('Second visit.');
    save(laptop, note, 'Second visit, edited on the laptop.');
    sign(desktop, note);
    ship(desktop, laptop);
    ship(laptop, desktop);
    const mine = notes(laptop, note);
    expect(notes(desktop, note)).toEqual(mine);
    expect(mine.find((n) => n.id === note)).toMatchObject({ status: 'signed', fields: '{"text":"Second visit."}' });
    expect(mine.filter((n) => n.forked_from === note)).toEqual([
      expect.objectContaining({ status: 'draft', forked_device: LAPTOP, fields: '{"text":"Second visit, edited on the laptop."}' }),
    ]);
  });

  it('does the same for a letter: the signed letter is the same on both and the edit is a letter draft of its own', () => {
    tick(laptop);
    laptop.db
      .prepare(
        `INSERT INTO letters (id, patient_id, kind, template_version, letter_date, sections, status, created_at, updated_at)
         VALUES ('letter-1', $patient, 'patient', 1, '2026-12-01', '[{"key":"body","text":"Dear Dr Ames"}]', 'draft', $now, $now)`,
      )
      .run({ patient: PATIENT, now: NOW });
    ship(laptop, desktop);
    tick(laptop);
    laptop.db
      .prepare(
        `UPDATE letters SET sections = '[{"key":"body","text":"Dear Dr Ames, an edit"}]', version = version + 1 WHERE id = 'letter-1'`,
      )
      .run();
    tick(desktop);
    desktop.db
      .prepare(
        `UPDATE letters SET status = 'signed', signed_at = $now, signed_by = 'Dr Reyes', content_hash = 'h', version = version + 1 WHERE id = 'letter-1'`,
      )
      .run({ now: NOW });
    ship(laptop, desktop);
    ship(desktop, laptop);
    const letters = (d: Device) =>
      d.db.prepare('SELECT id, status, sections, forked_from, forked_device FROM letters ORDER BY id').all<Record<string, string | null>>();
    expect(letters(desktop)).toEqual(letters(laptop));
    expect(letters(laptop)).toEqual(
      expect.arrayContaining([
        { id: 'letter-1', status: 'signed', sections: '[{"key":"body","text":"Dear Dr Ames"}]', forked_from: null, forked_device: null },
        expect.objectContaining({ status: 'draft', sections: '[{"key":"body","text":"Dear Dr Ames, an edit"}]', forked_from: 'letter-1' }),
      ]),
    );
  });
});
