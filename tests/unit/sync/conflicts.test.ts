import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { applyChanges, readOutbox, type Change } from '../../../electron/features/sync/apply';
import { conflictsWorker, openConflictCount } from '../../../electron/features/sync/conflicts';
import { connectVault } from '../../../electron/features/sync/engine';
import type { AppError } from '../../../shared/errors';
import { patientInputSchema } from '../../../shared/patient';
import { encodeHlc } from '../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { testEnvironment } from '../support/environment';
import { addNote } from '../database/migrations/chart-rows';

/*
 * Conflicts as a person sees them, on one real vault (the office desktop): a laptop's change is
 * applied with apply.ts, as a pulled batch would be, concurrently with an edit made here.
 */

const DESKTOP = 'd'.repeat(32);
const LAPTOP = 'a'.repeat(32);
const VAULT = '7d4a8f0e-4c1b-4f6a-9a57-0c2b1d3e4f50';
const at = (minute: number, deviceId: string) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId });
const NOW = '2026-12-02T09:30:00.000Z';
const env = testEnvironment(NOW, 'Europe/London');

let vault: EncryptedDatabase;
let repositories: Repositories;
let patientId: string;

function stamp(value: string) {
  repositories.db.prepare('UPDATE sync_clock SET stamp = $stamp WHERE id = 1').run({ stamp: value });
}
function rowStamp(table: string, key: string): string {
  return repositories.db
    .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
    .get<string>({ t: table, k: key }) as string;
}
const outboxSize = () => repositories.db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>();
const phone = () => repositories.patients.get(patientId).phone;
const list = () => conflictsWorker['sync:conflicts']({}, env, repositories);

/** The laptop's edit of one field, made from the value both devices had, as a pulled batch brings it. */
function laptopEdit(table: string, key: string, field: string, value: string | number, minute: number): Change {
  return { table, key, operation: 'update', changes: { [field]: [value, rowStamp(table, key)] }, stamp: at(minute, LAPTOP) };
}

beforeAll(async () => {
  vault = await openEncryptedDatabase();
  migrate(vault.db);
  repositories = connect(vault.db);
  connectVault(vault.db, VAULT, DESKTOP);
  const add = vault.db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $at)');
  add.run({ id: DESKTOP, name: 'Office desktop', at: '2026-12-01T08:00:00.000Z' });
  add.run({ id: LAPTOP, name: 'Laptop', at: '2026-12-01T08:05:00.000Z' });
  stamp(at(1, DESKTOP));
  patientId = repositories.patients.create(
    patientInputSchema.parse({
      givenName: 'Ada',
      familyName: 'Lovelace',
      preferredName: '',
      dateOfBirth: '1980-02-03',
      phone: '555 0100',
      email: '',
    }),
    NOW,
  ).id;
});
afterAll(async () => {
  await vault?.dispose();
});

describe('a phone changed on the laptop and on the desktop at once', () => {
  it('is described as a person reads it: whose details, which field, both values, the devices and times', () => {
    stamp(at(10, DESKTOP));
    const patient = repositories.patients.get(patientId);
    repositories.patients.update(patientId, patient.version, { ...input(patient), phone: '555 0199' }, NOW);
    // The laptop changed it at 09:12, later than the desktop's 09:10: the laptop's value wins everywhere.
    applyChanges(vault.db, [laptopEdit('patients', patientId, 'phone', '555 0142', 12)], NOW);
    expect(phone()).toBe('555 0142');

    const [conflict, ...others] = list();
    expect(others).toEqual([]);
    expect(conflict).toEqual({
      id: expect.any(Number),
      kind: 'concurrent-edit',
      patientId,
      record: 'Ada Lovelace’s details',
      field: 'Phone',
      current: { value: '555 0142', device: 'Laptop', at: '2026-12-02T09:12:00.000Z' },
      other: { value: '555 0199', device: 'Office desktop', at: '2026-12-02T09:10:00.000Z' },
      reason: null,
      canReplace: true,
      detectedAt: NOW,
    });
    expect(openConflictCount(vault.db)).toBe(1);
  });

  it('keeps the value that won: the conflict is resolved and nothing else changes', () => {
    const [conflict] = list();
    const waiting = outboxSize();
    expect(conflictsWorker['sync:resolveConflict']({ id: conflict?.id ?? 0, choice: 'keep' }, env, repositories)).toEqual([]);
    expect(phone()).toBe('555 0142');
    expect(outboxSize()).toBe(waiting);
    expect(openConflictCount(vault.db)).toBe(0);
  });

  it('replaces with the value that lost: a new audited edit that follows on from the winner, so it wins on every device', () => {
    stamp(at(20, DESKTOP));
    const patient = repositories.patients.get(patientId);
    repositories.patients.update(patientId, patient.version, { ...input(patient), phone: '555 0200' }, NOW);
    applyChanges(vault.db, [laptopEdit('patients', patientId, 'phone', '555 0300', 22)], NOW);
    const [conflict] = list();
    expect(conflict?.other.value).toBe('555 0200');
    // The audit entries this writes replicate too (each device's chain); the record's own changes are counted.
    const recordChanges = () => readOutbox(vault.db, 1000).changes.filter((change) => change.table !== 'audit_log');
    const sent = recordChanges().length;
    const audited = repositories.audit.forPatient(patientId, 1000).length;

    stamp(at(25, DESKTOP));
    expect(conflictsWorker['sync:resolveConflict']({ id: conflict?.id ?? 0, choice: 'replace' }, env, repositories)).toEqual([]);
    expect(phone()).toBe('555 0200');
    const changes = recordChanges();
    expect(changes).toHaveLength(sent + 1);
    const replaced = changes.at(-1);
    expect(replaced?.changes['phone']).toEqual(['555 0200', at(22, LAPTOP)]);
    expect(replaced?.stamp).toBe(at(25, DESKTOP));
    expect(repositories.audit.forPatient(patientId, 1000).length).toBe(audited + 1);
  });
});

describe('edits of different fields made at once', () => {
  it('ask nothing of a person: the row’s time of change, moved on both devices, is neither listed nor counted', () => {
    stamp(at(26, DESKTOP));
    const patient = repositories.patients.get(patientId);
    repositories.patients.update(patientId, patient.version, { ...input(patient), email: 'ada@example.org' }, NOW);
    const base = rowStamp('patients', patientId);
    applyChanges(
      vault.db,
      [
        {
          table: 'patients',
          key: patientId,
          operation: 'update',
          changes: { pronouns: ['she/her', base], updated_at: ['2026-12-02T09:27:00.000Z', at(25, DESKTOP)] },
          stamp: at(27, LAPTOP),
        },
      ],
      NOW,
    );
    const kept = vault.db.prepare('SELECT field FROM sync_conflicts WHERE resolved_at IS NULL', { pluck: true }).all<string>();
    expect(kept).toEqual(['updated_at']);
    expect(list()).toEqual([]);
    expect(openConflictCount(vault.db)).toBe(0);
    expect(repositories.patients.get(patientId)).toMatchObject({ email: 'ada@example.org', pronouns: 'she/her' });
  });
});

describe('other records', () => {
  it('names an appointment by its day and time, and replaces its location through the calendar', () => {
    stamp(at(30, DESKTOP));
    const appointment = repositories.appointments.create(
      {
        patientId,
        start: '2027-03-03T09:00:00.000Z',
        durationMinutes: 50,
        kind: 'follow-up',
        location: 'Room 2',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      true,
      { now: NOW, timeZone: env.timeZone, workingHours: env.workingHours, lateCancellationHours: env.lateCancellationHours },
    );
    const id = appointment.ref.type === 'single' ? appointment.ref.id : '';
    stamp(at(31, DESKTOP));
    repositories.appointments.update(appointment.ref, 'this', appointment.version, { location: 'Room 5' }, true, {
      now: NOW,
      timeZone: env.timeZone,
      workingHours: env.workingHours,
      lateCancellationHours: env.lateCancellationHours,
    });
    applyChanges(vault.db, [laptopEdit('appointments', id, 'location', 'Room 7', 29)], NOW);
    const [conflict] = list();
    expect(conflict).toMatchObject({
      record: 'Appointment on 3 March at 09:00 with Ada Lovelace',
      field: 'Location',
      patientId,
      current: { value: 'Room 5', device: 'Office desktop' },
      other: { value: 'Room 7', device: 'Laptop', at: '2026-12-02T09:29:00.000Z' },
    });
    stamp(at(35, DESKTOP));
    conflictsWorker['sync:resolveConflict']({ id: conflict?.id ?? 0, choice: 'replace' }, env, repositories);
    expect(repositories.appointments.get(appointment.ref).location).toBe('Room 7');
    const appointmentChanges = readOutbox(vault.db, 1000).changes.filter((change) => change.table === 'appointments');
    expect(appointmentChanges.at(-1)?.changes['location']?.[0]).toBe('Room 7');
  });

  it('shows a change this vault refused as one change with its reason, which can be kept aside but not written over', () => {
    stamp(at(40, DESKTOP));
    addNote(vault.db, '0f4b1c2d-0000-4000-8000-000000000001', patientId, '2026-12-02');
    vault.db
      .prepare("INSERT INTO note_fields (note_id, key, text) VALUES ('0f4b1c2d-0000-4000-8000-000000000001', 'body', 'Seen today')")
      .run();
    vault.db
      .prepare("UPDATE notes SET status = 'signed', signed_at = $now, signed_by = 'Dr R', content_hash = 'h' WHERE id = $id")
      .run({ now: NOW, id: '0f4b1c2d-0000-4000-8000-000000000001' });
    const key = JSON.stringify(['0f4b1c2d-0000-4000-8000-000000000001', 'body']);
    applyChanges(
      vault.db,
      [{ table: 'note_fields', key, operation: 'update', changes: { text: ['Seen today, and more', null] }, stamp: at(41, LAPTOP) }],
      NOW,
    );

    const [refused] = list();
    expect(refused).toMatchObject({
      kind: 'refused',
      canReplace: false,
      record: 'Ada Lovelace’s note',
      field: '',
      patientId,
      other: { value: 'Text: Seen today, and more', device: 'Laptop' },
    });
    expect(refused?.reason).toMatch(/signed/i);
    const replace = () => conflictsWorker['sync:resolveConflict']({ id: refused?.id ?? 0, choice: 'replace' }, env, repositories);
    expect(replace).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as AppError);
    expect(conflictsWorker['sync:resolveConflict']({ id: refused?.id ?? 0, choice: 'keep' }, env, repositories)).toEqual([]);
  });

  it('names a new record this vault refused from the values it carried, and counts it once', () => {
    // A new patient this vault's schema refuses (no date of birth, which every patient here has).
    // Two patients with the same chart number are no longer refused: received-patients.test.ts.
    const chart = repositories.patients.get(patientId).chartNumber + 100;
    const id = '5d1e2f3a-0000-4000-8000-000000000002';
    const carried = {
      id,
      chart_number: chart,
      given_name: 'Grace',
      family_name: 'Hopper',
      date_of_birth: null,
      created_at: NOW,
      updated_at: NOW,
      version: 1,
    };
    applyChanges(
      vault.db,
      [
        {
          table: 'patients',
          key: id,
          operation: 'insert',
          changes: Object.fromEntries(Object.entries(carried).map(([field, value]) => [field, [value, null]])),
          stamp: at(50, LAPTOP),
        },
      ],
      NOW,
    );
    const [refused, ...others] = list();
    expect(others).toEqual([]);
    expect(refused).toMatchObject({ kind: 'refused', record: 'Grace Hopper’s details', patientId: null, other: { device: 'Laptop' } });
    expect(refused?.other.value).toContain('Given name: Grace');
    expect(refused?.other.value).not.toContain('Version');
    expect(openConflictCount(vault.db)).toBe(1);
    conflictsWorker['sync:resolveConflict']({ id: refused?.id ?? 0, choice: 'keep' }, env, repositories);
    expect(openConflictCount(vault.db)).toBe(0);
  });

  it('answers NOT_FOUND for a conflict already looked at', () => {
    expect(() => conflictsWorker['sync:resolveConflict']({ id: 1, choice: 'keep' }, env, repositories)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as AppError,
    );
  });
});

function input(patient: ReturnType<Repositories['patients']['get']>) {
  return patientInputSchema.parse({
    givenName: patient.givenName,
    familyName: patient.familyName,
    preferredName: patient.preferredName ?? '',
    dateOfBirth: patient.dateOfBirth,
    phone: patient.phone ?? '',
    email: patient.email ?? '',
  });
}
