import { afterEach, describe, expect, it } from 'vitest';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const diagnosis = (
  code: string,
  extra: Partial<{ status: 'active' | 'in-remission' | 'resolved'; isPrimary: boolean; onsetDate: string; note: string }> = {},
) => ({
  code,
  status: 'active' as const,
  isPrimary: false,
  onsetDate: '',
  note: '',
  ...extra,
});

describe('diagnoses', () => {
  it('takes billable ICD-10-CM codes from the list with their description, and refuses anything else', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const added = await vault.call('diagnoses:add', {
      patientId,
      diagnosis: diagnosis('f33.1', { isPrimary: true, onsetDate: '2019-04-01' }),
    });
    expect(added).toMatchObject({
      code: 'F33.1',
      label: 'Major depressive disorder, recurrent, moderate',
      isPrimary: true,
      onsetDate: '2019-04-01',
      status: 'active',
    });

    const header = await vault.refuse('diagnoses:add', { patientId, diagnosis: diagnosis('F33') });
    expect(header).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'diagnosis.code', message: 'F33 is a category; choose one of the more specific codes under it' }],
    });
    expect((await vault.refuse('diagnoses:add', { patientId, diagnosis: diagnosis('J45.909') })).issues?.[0]?.message).toMatch(
      /not an ICD-10-CM code on Alliance’s list/,
    );
    expect((await vault.refuse('diagnoses:add', { patientId, diagnosis: diagnosis('F33.1') })).code).toBe('CONFLICT');
    expect((await vault.refuse('diagnoses:add', { patientId, diagnosis: diagnosis('F41.1', { onsetDate: '2099-01-01' }) })).code).toBe(
      'INVALID_INPUT',
    );
    expect((await vault.call('diagnoses:list', { patientId })).diagnoses).toHaveLength(1);
  });

  it('refuses an onset before the stored date of birth, on adding and on changing, and keeps the diagnosis as it was', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const dateOfBirth = vault.maren.dateOfBirth;
    const before = `${Number(dateOfBirth.slice(0, 4)) - 1}${dateOfBirth.slice(4)}`;
    const refused = await vault.refuse('diagnoses:add', { patientId, diagnosis: diagnosis('F41.1', { onsetDate: before }) });
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'diagnosis.onsetDate', message: 'The onset date is before the patient’s date of birth' }],
    });
    const added = await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F41.1', { onsetDate: dateOfBirth }) });
    const changed = await vault.refuse('diagnoses:update', { id: added.id, version: added.version, changes: { onsetDate: before } });
    expect(changed.issues).toEqual([{ path: 'changes.onsetDate', message: 'The onset date is before the patient’s date of birth' }]);
    expect((await vault.call('diagnoses:list', { patientId })).diagnoses[0]).toMatchObject({ onsetDate: dateOfBirth, version: 1 });
  });

  it('keeps one primary diagnosis, lists primary first, and records each change with the state it left', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const depression = await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F33.1', { isPrimary: true }) });
    vault.setNow('2026-03-11T12:00:00.000Z');
    const anxiety = await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F41.1') });
    vault.setNow('2026-03-12T12:00:00.000Z');
    await vault.call('diagnoses:update', { id: anxiety.id, version: anxiety.version, changes: { isPrimary: true } });
    vault.setNow('2026-03-13T12:00:00.000Z');
    const current = await vault.call('diagnoses:list', { patientId });
    const before = current.diagnoses.find((d) => d.code === 'F33.1')!;
    await vault.call('diagnoses:update', {
      id: before.id,
      version: before.version,
      changes: { status: 'in-remission', note: 'Full remission since January' },
    });

    const { diagnoses, history } = await vault.call('diagnoses:list', { patientId });
    expect(diagnoses.map((d) => `${d.code} ${d.isPrimary ? 'primary' : ''} ${d.status}`)).toEqual([
      'F41.1 primary active',
      'F33.1  in-remission',
    ]);
    expect(
      history.map(
        (e) =>
          `${e.at.slice(0, 10)} ${e.code} ${e.changes.join('+')} ${e.previousStatus ?? '-'}→${e.status}${e.isPrimary ? ' primary' : ''}`,
      ),
    ).toEqual([
      '2026-03-13 F33.1 status+note active→in-remission',
      '2026-03-12 F41.1 primary active→active primary',
      '2026-03-12 F33.1 primary active→active',
      '2026-03-11 F41.1 added -→active',
      '2026-03-10 F33.1 added -→active primary',
    ]);
    expect(
      (await vault.refuse('diagnoses:update', { id: depression.id, version: depression.version, changes: { status: 'resolved' } })).code,
    ).toBe('CONFLICT');
  });

  it('marks a diagnosis entered in error: it leaves the chart’s list and stays in its history with the reason', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const wrong = await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F20.9', { isPrimary: true }) });
    const marked = await vault.call('diagnoses:markEnteredInError', {
      id: wrong.id,
      version: wrong.version,
      reason: 'Recorded for the wrong patient',
    });
    expect(marked).toMatchObject({ isPrimary: false, enteredInError: { reason: 'Recorded for the wrong patient' } });
    expect((await vault.call('chart:summary', { patientId })).diagnoses).toEqual([]);
    const { diagnoses, history } = await vault.call('diagnoses:list', { patientId });
    expect(diagnoses).toHaveLength(1);
    expect(history[0]?.changes).toEqual(['entered-in-error']);
    expect(
      (await vault.refuse('diagnoses:update', { id: wrong.id, version: marked.version, changes: { status: 'resolved' } })).message,
    ).toMatch(/entered in error/);
    // The same code may then be diagnosed properly.
    await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F20.9') });
  });
});

describe('the chart', () => {
  it('has a header with the last and next session, the attendance, diagnoses, current medications, allergies and open drafts', async () => {
    vault = await openCalendarVault('2026-03-12T12:00:00.000Z');
    const patientId = vault.maren.id;
    const series = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly({ type: 'never' }) });
    await vault.call('appointments:setAttendance', { ref: series.ref, attendance: 'attended', lateMinutes: null });
    await vault.call('appointments:cancel', {
      ref: { type: 'occurrence', seriesId: series.seriesId!, originalStart: '2026-03-17T09:00:00' },
      scope: 'this',
      by: 'patient',
    });
    await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F33.1', { isPrimary: true }) });
    await vault.call('allergies:noneKnown', { patientId });
    await vault.call('notes:create', { patientId, template: 'soap', session: null, serviceDate: null });

    const summary = await vault.call('chart:summary', { patientId });
    expect(summary.patient.id).toBe(patientId);
    expect(summary.lastSession?.start).toBe('2026-03-10T09:00:00.000Z');
    // The 17th is cancelled: the next session is the 24th.
    expect(summary.nextSession?.start).toBe('2026-03-24T09:00:00.000Z');
    expect(summary.attendance.allTime).toMatchObject({ total: 2, kept: 1 });
    expect(summary.diagnoses.map((d) => d.code)).toEqual(['F33.1']);
    expect(summary.allergies.noKnownAllergiesAt).toBe('2026-03-12T12:00:00.000Z');
    expect(summary.draftCount).toBe(1);
    expect((await vault.call('chart:summary', { patientId: vault.tomas.id })).nextSession).toBeNull();
  });

  it('shows sessions, notes, medication and diagnosis changes on one timeline, newest first', async () => {
    vault = await openCalendarVault('2026-03-05T12:00:00.000Z');
    const patientId = vault.maren.id;
    const session = await vault.book({ start: '2026-03-03T09:00:00.000Z' });
    await vault.book({ start: '2026-03-20T09:00:00.000Z' });
    await vault.call('appointments:setAttendance', { ref: session.ref, attendance: 'attended', lateMinutes: null });
    await vault.call('diagnoses:add', { patientId, diagnosis: diagnosis('F41.1') });
    await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'start',
        name: 'Sertraline',
        dose: '50 mg',
        route: 'oral',
        frequency: 'once daily',
        date: '2026-03-04',
        reason: 'Anxiety',
      },
    });
    const note = await vault.call('notes:create', {
      patientId,
      template: 'psychiatric-follow-up',
      session: session.ref,
      serviceDate: null,
    });

    const timeline = await vault.call('chart:timeline', { patientId });
    expect(timeline.map((entry) => `${entry.day} ${entry.kind}`)).toEqual([
      '2026-03-05 diagnosis',
      '2026-03-04 medication',
      '2026-03-03 note',
      '2026-03-03 session',
    ]);
    const sessionEntry = timeline.find((entry) => entry.kind === 'session');
    expect(sessionEntry).toMatchObject({ appointment: { attendance: 'attended' }, noteId: note.id });
    // The session booked for later is not history yet.
    expect(timeline.filter((entry) => entry.kind === 'session')).toHaveLength(1);
  });

  it('answers NOT_FOUND for a chart that does not exist', async () => {
    vault = await openCalendarVault('2026-03-05T12:00:00.000Z');
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const channel of [
      'chart:summary',
      'chart:timeline',
      'diagnoses:list',
      'medications:list',
      'allergies:get',
      'notes:list',
    ] as const) {
      expect((await vault.refuse(channel, { patientId: nobody })).code, channel).toBe('NOT_FOUND');
    }
  });
});
