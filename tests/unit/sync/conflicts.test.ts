import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { acknowledgeOutbox, applyChanges, readOutbox, type Change } from '../../../electron/features/sync/apply';
import { REPLICATED_TABLES } from '../../../electron/features/sync/capture';
import { conflictsWorker, openConflictCount } from '../../../electron/features/sync/conflicts';
import { nameDevice } from '../../../electron/features/sync/devices';
import { connectVault } from '../../../electron/features/sync/engine';
import type { Appointment } from '../../../shared/appointment';
import { formatMoney } from '../../../shared/billing';
import type { AppError } from '../../../shared/errors';
import { patientInputSchema } from '../../../shared/patient';
import { encodeHlc } from '../../../shared/sync/hlc';
import { groupField } from '../../../shared/sync/merge';
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
    // The reason names what was refused, in the record's words.
    expect(refused?.reason).toBe('it leaves the patient’s date of birth empty.');
    expect(openConflictCount(vault.db)).toBe(1);
    conflictsWorker['sync:resolveConflict']({ id: refused?.id ?? 0, choice: 'keep' }, env, repositories);
    expect(openConflictCount(vault.db)).toBe(0);
  });

  it('names the fields a rule binds together when a change that breaks it is refused, never chart numbers', () => {
    stamp(at(52, DESKTOP));
    const { ref } = repositories.appointments.create(
      {
        patientId,
        start: '2026-12-01T14:00:00.000Z',
        durationMinutes: 50,
        kind: 'follow-up',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      true,
      { now: NOW, timeZone: env.timeZone, workingHours: env.workingHours, lateCancellationHours: env.lateCancellationHours },
    );
    stamp(at(53, DESKTOP));
    repositories.appointments.setAttendance(ref, 'late', 10, NOW);
    const id = ref.type === 'single' ? ref.id : '';
    // A device from before columns went together sends the attendance alone: with the minutes held here, the CHECK refuses it.
    applyChanges(vault.db, [laptopEdit('appointments', id, 'attendance', 'no-show', 54)], NOW);
    expect(repositories.appointments.get(ref)).toMatchObject({ attendance: 'late', lateMinutes: 10 });
    const [refused, ...others] = list();
    expect(others).toEqual([]);
    expect(refused).toMatchObject({
      kind: 'refused',
      record: 'Appointment on 1 December at 14:00 with Ada Lovelace',
      other: { value: 'Attendance: No-show', device: 'Laptop' },
      reason:
        'its attendance, minutes late and time of cancellation would not go together on this session: this device holds the session as it was, and the change is kept here.',
    });
    conflictsWorker['sync:resolveConflict']({ id: refused?.id ?? 0, choice: 'keep' }, env, repositories);
  });

  it('answers NOT_FOUND for a conflict already looked at', () => {
    expect(() => conflictsWorker['sync:resolveConflict']({ id: 1, choice: 'keep' }, env, repositories)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as AppError,
    );
  });
});

/*
 * Two devices: the desktop above and a laptop vault of its own, exchanging their outboxes as a push
 * and a pull would (the server's part is tested in two-devices.test.ts). Each record edited in place
 * is changed on both at once, the laptop a minute later so its value wins; the desktop replaces it
 * with its own, which then wins on both.
 */
describe('every record edited in place, changed on the laptop and the desktop at once', () => {
  let laptopVault: EncryptedDatabase;
  let laptop: Repositories;
  let desktop: Repositories;
  let maryId: string;
  let series: Appointment;
  let oneOff: Appointment;
  let diagnosisId: string;
  let planVersionId: string;
  /** The time of a write call; hours apart, so no audit entry is coalesced with an earlier one. */
  const envAt = (hour: number) => testEnvironment(`2026-12-03T${String(hour).padStart(2, '0')}:00:00.000Z`, 'Europe/London');
  const scheduling = (hour: number) => {
    const { now, timeZone, workingHours, lateCancellationHours } = envAt(hour);
    return { now, timeZone, workingHours, lateCancellationHours };
  };
  const stampOn = (on: Repositories, value: string) =>
    on.db.prepare('UPDATE sync_clock SET stamp = $stamp WHERE id = 1').run({ stamp: value });
  function send(from: Repositories, to: Repositories): void {
    const { changes, upTo } = readOutbox(from.db, 100_000);
    acknowledgeOutbox(from.db, upTo);
    applyChanges(to.db, changes, NOW);
  }
  const exchange = () => {
    send(desktop, laptop);
    send(laptop, desktop);
  };
  /** One edit on each device from the same value, the laptop's a minute later, then exchanged. */
  function concurrently(minute: number, edit: (on: Repositories) => void, editOnLaptop: (on: Repositories) => void): void {
    stampOn(desktop, at(minute, DESKTOP));
    edit(desktop);
    stampOn(laptop, at(minute + 1, LAPTOP));
    editOnLaptop(laptop);
    exchange();
  }
  const audited = (action: string) =>
    desktop.db
      .prepare('SELECT count(*) FROM audit_log WHERE action = $action AND device_id = $device', { pluck: true })
      .get<number>({ action, device: DESKTOP });
  /** Replaces on the desktop, sends it, and answers how many audit entries of `action` it wrote. */
  function replaceOnDesktop(id: number, minute: number, hour: number, action: string): number {
    const before = audited(action) ?? 0;
    stampOn(desktop, at(minute, DESKTOP));
    conflictsWorker['sync:resolveConflict']({ id, choice: 'replace' }, envAt(hour), desktop);
    send(desktop, laptop);
    return (audited(action) ?? 0) - before;
  }
  const onDesktop = () => conflictsWorker['sync:conflicts']({}, envAt(8), desktop);
  /** What the laptop still asks of a person about a field: nothing once the desktop's Replace arrived. */
  const onLaptop = (field: string) => conflictsWorker['sync:conflicts']({}, envAt(8), laptop).filter((c) => c.field === field);
  const conflictOn = (field: string, record: RegExp) => {
    const found = onDesktop().find((conflict) => conflict.field === field && record.test(conflict.record));
    expect(found, `a conflict of ${field} on ${String(record)}`).toBeDefined();
    return found as NonNullable<typeof found>;
  };

  beforeAll(async () => {
    desktop = repositories;
    // The laptop starts from the records made below; what the desktop sent before is not its concern.
    acknowledgeOutbox(desktop.db, readOutbox(desktop.db, 100_000).upTo);
    laptopVault = await openEncryptedDatabase();
    migrate(laptopVault.db);
    laptop = connect(laptopVault.db);
    const add = laptopVault.db.prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $at)');
    add.run({ id: DESKTOP, name: 'Office desktop', at: '2026-12-01T08:00:00.000Z' });
    add.run({ id: LAPTOP, name: 'Laptop', at: '2026-12-01T08:05:00.000Z' });
    connectVault(laptopVault.db, VAULT, LAPTOP);

    stampOn(desktop, at(100, DESKTOP));
    maryId = desktop.patients.create(
      patientInputSchema.parse({
        givenName: 'Mary',
        familyName: 'Seacole',
        dateOfBirth: '1975-11-23',
        phone: '',
        email: '',
        preferredName: '',
      }),
      NOW,
    ).id;
    series = desktop.appointments.create(
      {
        patientId: maryId,
        start: '2027-03-04T10:00:00.000Z',
        durationMinutes: 50,
        kind: 'therapy',
        location: 'Room 2',
        isVideo: false,
        note: '',
        recurrence: { frequency: 'weekly', interval: 1, end: { type: 'never' } },
      },
      true,
      scheduling(6),
    );
    oneOff = desktop.appointments.create(
      {
        patientId: maryId,
        start: '2026-12-01T10:00:00.000Z',
        durationMinutes: 50,
        kind: 'follow-up',
        location: 'Room 2',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      true,
      scheduling(6),
    );
    diagnosisId = desktop.diagnoses.add(maryId, { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' }, NOW).id;
    planVersionId = desktop.plans.create(maryId, 90, envAt(6)).current.id;
    desktop.billing.setFees({ fees: [{ code: '90834', amount: 14_000 }] }, 'USD', NOW);
    send(desktop, laptop);
  });
  afterAll(async () => {
    await laptopVault?.dispose();
  });

  it('sets a series’ location back through the calendar’s edit of the whole series', () => {
    const ref = series.ref;
    const locate = (location: string) => (on: Repositories) =>
      on.appointments.update(ref, 'series', on.appointments.get(ref).version, { location }, true, scheduling(7));
    concurrently(110, locate('Room 5'), locate('Room 7'));
    const conflict = conflictOn('Location', /recurring appointments/);
    expect(conflict).toMatchObject({
      record: 'Mary Seacole’s recurring appointments',
      patientId: maryId,
      current: { value: 'Room 7', device: 'Laptop' },
      other: { value: 'Room 5', device: 'Office desktop' },
      reason: null,
      canReplace: true,
    });
    expect(replaceOnDesktop(conflict.id, 115, 9, 'session.change')).toBe(1);
    const seriesId = ref.type === 'occurrence' ? ref.seriesId : '';
    expect([desktop, laptop].map((on) => on.sessions.series(seriesId).location)).toEqual(['Room 5', 'Room 5']);
    expect(onLaptop('Location')).toEqual([]);
  });

  it('sets a session’s attendance back through the calendar’s attendance, and a late arrival’s minutes', () => {
    const { ref } = oneOff;
    const attendance = (value: 'attended' | 'no-show' | 'late', minutes: number | null) => (on: Repositories) =>
      on.appointments.setAttendance(ref, value, minutes, envAt(7).now);
    concurrently(116, attendance('attended', null), attendance('no-show', null));
    const conflict = conflictOn('Attendance', /^Appointment on 1 December/);
    expect(conflict).toMatchObject({
      current: { value: 'No-show', device: 'Laptop' },
      other: { value: 'Attended', device: 'Office desktop' },
      canReplace: true,
    });
    expect(replaceOnDesktop(conflict.id, 118, 9, 'session.attendance')).toBe(1);
    expect([desktop, laptop].map((on) => on.appointments.get(ref).attendance)).toEqual(['attended', 'attended']);
    expect(onLaptop('Attendance')).toEqual([]);

    // Late (10 minutes) here, a no-show there: the attendance and its minutes merge as one, never apart
    // (which the appointments' CHECK refused on both devices), and the later edit's whole group wins on both.
    const refused = (on: Repositories) => conflictsWorker['sync:conflicts']({}, envAt(8), on).filter((c) => c.kind === 'refused');
    concurrently(119, attendance('late', 10), attendance('no-show', null));
    expect([desktop, laptop].map((on) => [on.appointments.get(ref).attendance, on.appointments.get(ref).lateMinutes])).toEqual([
      ['no-show', null],
      ['no-show', null],
    ]);
    expect([refused(desktop), refused(laptop)]).toEqual([[], []]);
    const lateOrNoShow = {
      current: { value: 'No-show', device: 'Laptop' },
      other: { value: 'Late, 10 minutes', device: 'Office desktop' },
    };
    const lateOnLaptop = () => onLaptop('Attendance').filter((c) => c.other.value === 'Late, 10 minutes');
    expect(lateOnLaptop()).toMatchObject([lateOrNoShow]);
    const late = conflictOn('Attendance', /^Appointment on 1 December/);
    expect(late).toMatchObject({ ...lateOrNoShow, canReplace: true });
    expect(onDesktop().filter((c) => c.field === 'Minutes late')).toEqual([]);
    expect(replaceOnDesktop(late.id, 121, 10, 'session.attendance')).toBe(1);
    expect([desktop, laptop].map((on) => [on.appointments.get(ref).attendance, on.appointments.get(ref).lateMinutes])).toEqual([
      ['late', 10],
      ['late', 10],
    ]);
    expect(lateOnLaptop()).toEqual([]);

    // Late on both, by different minutes: one conflict of the attendance, as a person reads it.
    concurrently(122, attendance('late', 15), attendance('late', 20));
    const minutes = conflictOn('Attendance', /^Appointment on 1 December/);
    expect(minutes).toMatchObject({ current: { value: 'Late, 20 minutes' }, other: { value: 'Late, 15 minutes' }, canReplace: true });
    expect(replaceOnDesktop(minutes.id, 124, 11, 'session.attendance')).toBe(1);
    expect([desktop, laptop].map((on) => on.appointments.get(ref).lateMinutes)).toEqual([15, 15]);
    expect(onLaptop('Attendance').filter((c) => c.other.value === 'Late, 15 minutes')).toEqual([]);
  });

  it('sets a diagnosis’s status back through the chart’s diagnosis edit', () => {
    const status = (value: 'in-remission' | 'resolved') => (on: Repositories) =>
      on.diagnoses.update(diagnosisId, on.diagnoses.current(maryId)[0]?.version ?? 0, { status: value }, envAt(7).now);
    concurrently(120, status('in-remission'), status('resolved'));
    const conflict = conflictOn('Status', /diagnosis/);
    expect(conflict).toMatchObject({
      record: expect.stringMatching(/^Mary Seacole’s diagnosis F33\.1/) as string,
      current: { value: 'Resolved', device: 'Laptop' },
      other: { value: 'In remission', device: 'Office desktop' },
      canReplace: true,
    });
    expect(replaceOnDesktop(conflict.id, 125, 10, 'diagnosis.update')).toBe(1);
    expect([desktop, laptop].map((on) => on.diagnoses.current(maryId)[0]?.status)).toEqual(['in-remission', 'in-remission']);
    expect(onLaptop('Status')).toEqual([]);
  });

  it('sets a plan draft back through the plan’s own draft save, and names its review date as a person reads it', () => {
    const save = (strengths: string, reviewDate: string) => (on: Repositories) => {
      const current = on.plans.forPatient(maryId, envAt(7))?.current;
      if (!current) throw new Error('No plan');
      on.plans.saveDraft(planVersionId, current.version, { ...current.content, strengths, reviewDate }, envAt(7).now);
    };
    concurrently(130, save('Good family support', '2027-04-01'), save('Loves music', '2027-05-01'));
    expect(conflictOn('Review date', /treatment plan/)).toMatchObject({
      record: 'Mary Seacole’s treatment plan, version 1',
      patientId: maryId,
      current: { value: '1 May 2027', device: 'Laptop' },
      other: { value: '1 April 2027', device: 'Office desktop' },
      canReplace: true,
    });
    const content = conflictOn('The plan', /treatment plan/);
    expect(content.current.value).toMatch(/review on 1 May 2027/);
    expect(content.other.value).toContain('Strengths: “Good family support”');
    expect(content.other.value).not.toContain('{');
    expect(replaceOnDesktop(content.id, 135, 11, 'plan.draft-save')).toBe(1);
    expect([desktop, laptop].map((on) => on.plans.forPatient(maryId, envAt(8))?.current.content.strengths)).toEqual([
      'Good family support',
      'Good family support',
    ]);
    expect([desktop, laptop].map((on) => on.plans.forPatient(maryId, envAt(8))?.current.content.reviewDate)).toEqual([
      '2027-04-01',
      '2027-04-01',
    ]);
    expect([...onLaptop('The plan'), ...onLaptop('Review date')]).toEqual([]);
    // The review date lost with the content; the Replace set it back too, so nothing about it is asked any more.
    expect(onDesktop().filter((conflict) => conflict.field === 'Review date')).toEqual([]);
  });

  it('sets a fee back through the fee schedule, shown as money', () => {
    const fee = (amount: number) => (on: Repositories) => on.billing.setFees({ fees: [{ code: '90834', amount }] }, 'USD', envAt(7).now);
    concurrently(140, fee(15_000), fee(16_000));
    const conflict = conflictOn('Fee', /90834/);
    expect(conflict).toMatchObject({
      record: expect.stringMatching(/^The fee for 90834 \(/) as string,
      patientId: null,
      current: { value: formatMoney(16_000, 'USD'), device: 'Laptop' },
      other: { value: formatMoney(15_000, 'USD'), device: 'Office desktop' },
      canReplace: true,
    });
    expect(replaceOnDesktop(conflict.id, 145, 12, 'billing.fees')).toBe(1);
    expect([desktop, laptop].map((on) => on.billing.fees().find((f) => f.code === '90834')?.amount)).toEqual([15_000, 15_000]);
    expect(onLaptop('Fee')).toEqual([]);
  });

  /*
   * A template saved on both devices at once: each numbers its save the next version, with its own text.
   * The earlier save keeps the number on both devices; the laptop, whose later save gave way, saves its
   * text again as the next version, so both devices end with the same versions and the same one in use.
   */
  it('keeps a note template saved on both devices at once as two versions, alike on both, shown as one conflict', () => {
    const note = desktop.notes.templates.list()[0];
    if (!note) throw new Error('No templates');
    const saveNote = (on: Repositories, baseVersion: number, label: string) =>
      on.notes.templates.save({ id: note.id, baseVersion, label, description: note.description, sections: note.sections }, envAt(7).now);
    const versions = (on: Repositories) =>
      on.db
        .prepare('SELECT version, label FROM note_template_versions WHERE template_id = $id ORDER BY version')
        .all<{ version: number; label: string }>({ id: note.id })
        .map((row) => [row.version, row.label]);
    const inUse = (on: Repositories) => on.notes.templates.list().find((t) => t.id === note.id)?.label;
    stampOn(desktop, at(150, DESKTOP));
    saveNote(desktop, note.version, 'Follow-up, short');
    stampOn(laptop, at(152, LAPTOP));
    saveNote(laptop, note.version, 'Follow-up on the laptop');
    exchange();

    const expected = [
      [note.version, note.label],
      [note.version + 1, 'Follow-up, short'],
      [note.version + 2, 'Follow-up on the laptop'],
    ];
    expect([versions(desktop), versions(laptop)]).toEqual([expected, expected]);
    expect([inUse(desktop), inUse(laptop)]).toEqual(['Follow-up on the laptop', 'Follow-up on the laptop']);
    const shown = {
      kind: 'concurrent-edit',
      record: 'The note template “Follow-up on the laptop”',
      field: 'Saved on two devices at once',
      current: { value: `Version ${note.version + 2}, “Follow-up on the laptop”`, device: 'Laptop' },
      other: {
        value: `“Follow-up, short”, its text kept as version ${note.version + 1}`,
        device: 'Office desktop',
        at: '2026-12-02T11:30:00.000Z',
      },
      reason: null,
      canReplace: true,
    };
    const texts = (on: Repositories) => conflictsWorker['sync:conflicts']({}, envAt(8), on).filter((c) => c.field === shown.field);
    expect(texts(desktop)).toMatchObject([shown]);
    expect(texts(laptop)).toMatchObject([shown]);
    // The laptop's text saved again is audited there, as a save of the template.
    expect(
      laptop.db
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'template.edit' AND device_id = $d", { pluck: true })
        .get<number>({ d: LAPTOP }),
    ).toBe(2);

    // Replace: the desktop's text saved again, in use on both; Keep on the laptop settles it there.
    expect(replaceOnDesktop(texts(desktop)[0]?.id ?? 0, 160, 13, 'template.edit')).toBe(1);
    expect([inUse(desktop), inUse(laptop)]).toEqual(['Follow-up, short', 'Follow-up, short']);
    expect(versions(laptop)).toEqual(versions(desktop));
    conflictsWorker['sync:resolveConflict']({ id: texts(laptop)[0]?.id ?? 0, choice: 'keep' }, envAt(14), laptop);
    expect([texts(desktop), texts(laptop)]).toEqual([[], []]);
  });

  /*
   * The desktop saved a letter template twice (versions 2 and 3), the laptop once (its own version 2),
   * later: the desktop's version 2 keeps its number, the laptop's text becomes version 4, in use on both
   * as the later save; the desktop's version 3 lost the version in use and is set back as a new version 5.
   */
  it('keeps a letter template saved twice here and once there as every text, alike on both, and sets one back', () => {
    const letter = desktop.letters.templates()[0];
    if (!letter) throw new Error('No templates');
    const saveLetter = (on: Repositories, baseVersion: number, label: string) =>
      on.letters.saveTemplate({ id: letter.id, baseVersion, label, sections: letter.sections }, envAt(7).now);
    const versions = (on: Repositories) =>
      on.db
        .prepare('SELECT version, label FROM letter_template_versions WHERE template_id = $id ORDER BY version')
        .all<{ version: number; label: string }>({ id: letter.id })
        .map((row) => [row.version, row.label]);
    const inUse = (on: Repositories) => on.letters.templates().find((t) => t.id === letter.id)?.label;
    stampOn(desktop, at(170, DESKTOP));
    saveLetter(desktop, letter.version, 'Letter, short');
    stampOn(desktop, at(171, DESKTOP));
    saveLetter(desktop, letter.version + 1, 'Letter, brief');
    stampOn(laptop, at(172, LAPTOP));
    saveLetter(laptop, letter.version, 'Letter on the laptop');
    exchange();

    const expected = [
      [letter.version, letter.label],
      [letter.version + 1, 'Letter, short'],
      [letter.version + 2, 'Letter, brief'],
      [letter.version + 3, 'Letter on the laptop'],
    ];
    expect([versions(desktop), versions(laptop)]).toEqual([expected, expected]);
    expect([inUse(desktop), inUse(laptop)]).toEqual(['Letter on the laptop', 'Letter on the laptop']);
    const text = onDesktop().find((c) => c.field === 'Saved on two devices at once' && /letter template/.test(c.record));
    expect(text).toMatchObject({ other: { value: `“Letter, short”, its text kept as version ${letter.version + 1}` }, canReplace: true });
    const brief = conflictOn('Version in use', /letter template/);
    expect(brief).toMatchObject({ other: { value: `Version ${letter.version + 2}, “Letter, brief”` }, canReplace: true });

    expect(replaceOnDesktop(brief.id, 175, 15, 'letter-template.edit')).toBe(1);
    expect([inUse(desktop), inUse(laptop)]).toEqual(['Letter, brief', 'Letter, brief']);
    expect(versions(laptop)).toEqual(versions(desktop));
    conflictsWorker['sync:resolveConflict']({ id: text?.id ?? 0, choice: 'keep' }, envAt(16), desktop);
    for (const on of [laptop])
      for (const c of conflictsWorker['sync:conflicts']({}, envAt(8), on).filter((c) => /template/.test(c.record)))
        conflictsWorker['sync:resolveConflict']({ id: c.id, choice: 'keep' }, envAt(16), on);
  });

  it('offers Replace exactly for the fields replace writes back, and says where every other one is changed', () => {
    const withoutRowid = (table: string) =>
      /WITHOUT ROWID\s*$/i.test(
        desktop.db
          .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $table", { pluck: true })
          .get<string>({ table }) ?? '',
      );
    // Every table edited in place whose fields conflict one by one (whole drafts fork instead: draft-forks.test.ts).
    const tables = Object.entries(REPLICATED_TABLES).filter(
      ([, spec]) => (spec.policy === 'edited' || spec.policy === 'draft') && !spec.whole && spec.draftOf === undefined,
    );
    const bookkeeping = new Set(['version', 'updated_at', 'created_at']);
    const record = desktop.db.prepare(
      `INSERT INTO sync_conflicts (table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at)
       VALUES ($t, $k, $f, $v, $ls, $v, $ws, $now)`,
    );
    // The practice's settings have a row once one is set.
    desktop.practice.update({ planReviewDays: 60 }, NOW);
    const checked: string[] = [];
    let minute = 200;
    for (const [table, spec] of tables) {
      const keyColumns = spec.key.map((column) => `"${column}"`).join(', ');
      // Mary's records where she has one; the others (templates, fees, devices) are the practice's.
      const row = desktop.db
        .prepare(
          `SELECT *, ${spec.key.length === 1 ? keyColumns : `json_array(${keyColumns})`} AS row_key FROM "${table}" ORDER BY ${withoutRowid(table) ? keyColumns : 'rowid'} DESC LIMIT 1`,
        )
        .get<Record<string, string | number | null>>();
      expect(row, `a ${table} row to walk`).toBeDefined();
      if (!row) continue;
      const columns = desktop.db.prepare(`SELECT name FROM pragma_table_info('${table}')`, { pluck: true }).all<string>();
      // Each column alone (a conflict kept before columns merged together), then each group of columns a CHECK binds.
      const fields: [string, unknown][] = [
        ...columns
          .filter((column) => !bookkeeping.has(column) && !spec.key.includes(column))
          .map((column) => [column, row[column] ?? null] as [string, unknown]),
        ...(spec.together ?? []).map(
          (group) => [groupField(group), Object.fromEntries(group.map((column) => [column, row[column] ?? null]))] as [string, unknown],
        ),
      ];
      for (const [field, value] of fields) {
        minute += 1;
        const { lastInsertRowid } = record.run({
          t: table,
          k: String(row.row_key),
          f: field,
          v: JSON.stringify(value),
          ls: at(minute, LAPTOP),
          // The value held is not set again after the one that lost: the conflict waits for a person.
          ws: at(minute - 100, DESKTOP),
          now: NOW,
        });
        const id = Number(lastInsertRowid);
        const listed = onDesktop().find((conflict) => conflict.id === id);
        expect(listed, `${table}.${field} listed`).toBeDefined();
        if (!listed) continue;
        expect(listed.field, `${table}.${field} has a label`).not.toMatch(/_/);
        stampOn(desktop, at(minute, DESKTOP));
        const replace = () => conflictsWorker['sync:resolveConflict']({ id, choice: 'replace' }, envAt(15), desktop);
        if (listed.canReplace) {
          expect(replace, `${table}.${field} replaced`).not.toThrow();
        } else {
          expect(listed.reason, `${table}.${field} says where it is changed`).toMatch(/\w+/);
          expect(replace, `${table}.${field} refused`).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as AppError);
          conflictsWorker['sync:resolveConflict']({ id, choice: 'keep' }, envAt(15), desktop);
        }
        checked.push(`${table}.${field}:${listed.canReplace ? 'replace' : 'keep'}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'series.location:replace',
        'series.frequency:keep',
        'series.end_type+end_date+end_count:keep',
        'appointments.attendance+late_minutes+cancelled_at:replace',
        'appointments.start_utc+end_utc+duration_minutes:replace',
        'appointments.actual_start+actual_end:keep',
        'diagnoses.entered_in_error_at+entered_in_error_reason:keep',
        'plan_versions.status+agreement:keep',
        'diagnoses.status:replace',
        'diagnoses.code:keep',
        'plan_versions.content:replace',
        'plan_versions.review_date:replace',
        'plan_versions.agreement:keep',
        'treatment_plans.patient_id:keep',
        'note_templates.current_version:replace',
        'letter_templates.current_version:replace',
        'fee_schedule.amount:replace',
        'fee_schedule.currency:keep',
        'practice_settings.value:replace',
      ]),
    );
    expect(onDesktop()).toEqual([]);
  });
});

describe('a device’s name', () => {
  it('changes as often as it is given again on connecting, each change sent to the other devices', () => {
    const name = () =>
      vault.db.prepare('SELECT name FROM sync_devices WHERE device_id = $id', { pluck: true }).get<string>({ id: DESKTOP });
    const sent = () => readOutbox(vault.db, 100_000).changes.filter((change) => change.table === 'sync_devices').length;
    const before = sent();
    for (const [i, given] of ['Front desk', 'Office desktop', 'Office desktop', 'Front desk'].entries()) {
      stamp(at(300 + i, DESKTOP));
      nameDevice(vault.db, DESKTOP, given, NOW);
      expect(name()).toBe(given);
    }
    // The same name given again is no change.
    expect(sent() - before).toBe(3);
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
