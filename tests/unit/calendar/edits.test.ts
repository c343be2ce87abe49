import { afterEach, describe, expect, it } from 'vitest';
import { agenda, occurrence, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

describe('moving one session', () => {
  it('a moved occurrence shows once, at its new time, and keeps its attendance and note', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly() });
    const seriesId = first.seriesId!;
    const slot = occurrence(seriesId, '2026-03-10T09:00:00');
    const marked = await vault.call('appointments:setAttendance', { ref: slot, attendance: 'late', lateMinutes: 5 });
    expect(marked).toMatchObject({ attendance: 'late', lateMinutes: 5, version: 1, isMoved: false });
    const noted = await vault.call('appointments:update', {
      ref: slot,
      scope: 'this',
      version: 1,
      changes: { note: 'Bring the referral letter' },
      acknowledgeWarnings: false,
    });

    // Into the next week: its old week no longer shows it, the new week shows it beside the regular session.
    const moved = await vault.call('appointments:update', {
      ref: slot,
      scope: 'this',
      version: noted.version,
      changes: { start: '2026-03-16T15:00:00.000Z', durationMinutes: 30 },
      acknowledgeWarnings: false,
    });
    expect(moved).toMatchObject({
      key: `${seriesId}@2026-03-10T09:00:00`,
      isMoved: true,
      attendance: 'late',
      lateMinutes: 5,
      note: 'Bring the referral letter',
      end: '2026-03-16T15:30:00.000Z',
    });
    expect(agenda(await vault.range('2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'))).toEqual([]);
    expect(agenda(await vault.range('2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z'))).toEqual([
      '2026-03-16T15:00 late (moved)',
      '2026-03-17T09:00 scheduled',
    ]);
    // Still the same session by its original slot.
    expect(await vault.call('appointments:get', { ref: slot })).toEqual(moved);
  });

  it('moving a one-off keeps it the same session with a new version', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T10:00:00.000Z' });
    const moved = await vault.call('appointments:update', {
      ref: booked.ref,
      scope: 'this',
      version: booked.version,
      changes: { start: '2026-03-05T13:00:00.000Z' },
      acknowledgeWarnings: false,
    });
    expect(moved).toMatchObject({ key: booked.key, start: '2026-03-05T13:00:00.000Z', version: booked.version + 1, isMoved: false });
  });
});

describe('stale edits', () => {
  it('an edit from a version someone else already changed is a CONFLICT and changes nothing', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T10:00:00.000Z' });
    await vault.call('appointments:update', {
      ref: booked.ref,
      scope: 'this',
      version: 1,
      changes: { location: 'Room 4' },
      acknowledgeWarnings: false,
    });
    const stale = await vault.refuse('appointments:update', {
      ref: booked.ref,
      scope: 'this',
      version: 1,
      changes: { location: 'Room 9' },
      acknowledgeWarnings: false,
    });
    expect(stale.code).toBe('CONFLICT');
    expect((await vault.call('appointments:get', { ref: booked.ref })).location).toBe('Room 4');

    // An occurrence is version 0 until someone touches it; after that, version 0 is stale.
    const first = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly() });
    const slot = occurrence(first.seriesId!, '2026-03-17T09:00:00');
    await vault.call('appointments:setAttendance', { ref: slot, attendance: 'no-show', lateMinutes: null });
    const staleOccurrence = await vault.refuse('appointments:update', {
      ref: slot,
      scope: 'this',
      version: 0,
      changes: { note: 'x' },
      acknowledgeWarnings: false,
    });
    expect(staleOccurrence.code).toBe('CONFLICT');
    expect((await vault.call('appointments:get', { ref: slot })).note).toBe('');
  });
});

describe('this and following', () => {
  it('moves the sessions from the chosen one on to a new day and time, and the earlier sessions keep their history', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly() });
    const oldSeries = first.seriesId!;
    vault.setNow('2026-03-18T12:00:00.000Z');
    await vault.call('appointments:setAttendance', {
      ref: occurrence(oldSeries, '2026-03-03T09:00:00'),
      attendance: 'attended',
      lateMinutes: null,
    });
    await vault.call('appointments:setAttendance', {
      ref: occurrence(oldSeries, '2026-03-10T09:00:00'),
      attendance: 'no-show',
      lateMinutes: null,
    });
    await vault.call('appointments:setAttendance', {
      ref: occurrence(oldSeries, '2026-03-17T09:00:00'),
      attendance: 'attended',
      lateMinutes: null,
    });
    // A later session with its own note, stored before the split: it must follow the new plan with its note.
    await vault.call('appointments:update', {
      ref: occurrence(oldSeries, '2026-03-31T09:00:00'),
      scope: 'this',
      version: 0,
      changes: { note: 'Last session before the holidays' },
      acknowledgeWarnings: false,
    });

    const moved = await vault.call('appointments:update', {
      ref: occurrence(oldSeries, '2026-03-24T09:00:00'),
      scope: 'following',
      version: 0,
      changes: { start: '2026-03-25T10:00:00.000Z' },
      acknowledgeWarnings: false,
    });
    expect(moved.seriesId).not.toBe(oldSeries);
    expect(moved).toMatchObject({ start: '2026-03-25T10:00:00.000Z', recurrence: weekly(), isMoved: false });

    const spring = await vault.range('2026-03-01T00:00:00.000Z', '2026-04-15T00:00:00.000Z');
    expect(agenda(spring)).toEqual([
      '2026-03-03T09:00 attended',
      '2026-03-10T09:00 no-show',
      '2026-03-17T09:00 attended',
      '2026-03-25T10:00 scheduled',
      '2026-04-01T10:00 scheduled',
      '2026-04-08T10:00 scheduled',
    ]);
    expect(spring.slice(0, 3).every((s) => s.seriesId === oldSeries)).toBe(true);
    expect(spring.slice(3).every((s) => s.seriesId === moved.seriesId)).toBe(true);
    expect(spring[0]!.recurrence).toEqual(weekly({ type: 'until', date: '2026-03-23' }));
    expect(spring[4]).toMatchObject({
      note: 'Last session before the holidays',
      version: 2,
      ref: occurrence(moved.seriesId!, '2026-04-01T10:00:00'),
    });
  });

  it('a counted series keeps its number of sessions across the split', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'count', count: 6 }) });
    const changed = await vault.call('appointments:update', {
      ref: occurrence(first.seriesId!, '2026-03-17T09:00:00'),
      scope: 'following',
      version: 0,
      changes: { isVideo: true, location: '' },
      acknowledgeWarnings: false,
    });
    expect(changed.recurrence).toEqual(weekly({ type: 'count', count: 4 }));
    const sessions = await vault.range('2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z');
    expect(sessions.map((s) => `${s.start.slice(0, 10)} ${s.isVideo ? 'video' : s.location}`)).toEqual([
      '2026-03-03 Room 2',
      '2026-03-10 Room 2',
      '2026-03-17 video',
      '2026-03-24 video',
      '2026-03-31 video',
      '2026-04-07 video',
    ]);
  });
});

describe('the whole series', () => {
  it('changes every session not yet begun and leaves past sessions as they were', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'count', count: 8 }) });
    const seriesId = first.seriesId!;
    vault.setNow('2026-03-18T12:00:00.000Z');
    await vault.call('appointments:setAttendance', {
      ref: occurrence(seriesId, '2026-03-03T09:00:00'),
      attendance: 'attended',
      lateMinutes: null,
    });
    await vault.call('appointments:setAttendance', {
      ref: occurrence(seriesId, '2026-03-10T09:00:00'),
      attendance: 'late',
      lateMinutes: 5,
    });

    // Edited from the very first session: still only the sessions ahead change.
    const edited = await vault.call('appointments:update', {
      ref: occurrence(seriesId, '2026-03-03T09:00:00'),
      scope: 'series',
      version: 1,
      changes: { location: 'Room 5', durationMinutes: 45, start: '2026-03-03T08:30:00.000Z' },
      acknowledgeWarnings: true,
    });
    expect(edited).toMatchObject({ start: '2026-03-24T08:30:00.000Z', durationMinutes: 45, location: 'Room 5' });

    const sessions = await vault.range('2026-03-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z');
    expect(sessions.map((s) => `${s.start.slice(5, 16)} ${s.durationMinutes} ${s.location} ${s.attendance}`)).toEqual([
      '03-03T09:00 50 Room 2 attended',
      '03-10T09:00 50 Room 2 late',
      '03-17T09:00 50 Room 2 scheduled',
      '03-24T08:30 45 Room 5 scheduled',
      '03-31T08:30 45 Room 5 scheduled',
      '04-07T08:30 45 Room 5 scheduled',
      '04-14T08:30 45 Room 5 scheduled',
      '04-21T08:30 45 Room 5 scheduled',
    ]);
  });

  it('moving a date-ended series a week later keeps the sessions already touched: one with no place left becomes a one-off', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'until', date: '2026-04-14' }) });
    const seriesId = first.seriesId!;
    const sixth = occurrence(seriesId, '2026-04-07T09:00:00');
    const seventh = occurrence(seriesId, '2026-04-14T09:00:00');
    await vault.call('appointments:update', {
      ref: sixth,
      scope: 'this',
      version: 0,
      changes: { note: 'Bring the school report' },
      acknowledgeWarnings: false,
    });
    await vault.call('appointments:cancel', { ref: seventh, scope: 'this', by: 'patient' });

    const moved = await vault.call('appointments:update', {
      ref: first.ref,
      scope: 'series',
      version: 0,
      changes: { start: '2026-03-10T09:00:00.000Z' },
      acknowledgeWarnings: true,
    });
    expect(moved.start).toBe('2026-03-10T09:00:00.000Z');

    const sessions = await vault.range('2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z');
    // Two sessions at one time come in the order of their ids, which are random: compare them sorted.
    expect(sessions.map((s) => `${s.start.slice(5, 16)} ${s.attendance} ${s.ref.type}${s.note ? ` "${s.note}"` : ''}`).sort()).toEqual(
      [
        '03-10T09:00 scheduled occurrence',
        '03-17T09:00 scheduled occurrence',
        '03-24T09:00 scheduled occurrence',
        '03-31T09:00 scheduled occurrence',
        '04-07T09:00 scheduled occurrence',
        // The sixth session of the old plan is the sixth of the new one, a week later, with its note.
        '04-14T09:00 scheduled occurrence "Bring the school report"',
        // The old seventh has no place in a series that still ends on 14 April; its cancellation is kept.
        '04-14T09:00 cancelled-by-patient single',
      ].sort(),
    );
  });

  it('a series with no session left ahead cannot be changed as a whole', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'count', count: 2 }) });
    vault.setNow('2026-04-01T08:00:00.000Z');
    const refused = await vault.refuse('appointments:update', {
      ref: first.ref,
      scope: 'series',
      version: 0,
      changes: { note: 'x' },
      acknowledgeWarnings: false,
    });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/already taken place/) });
  });
});

describe('scheduling warnings', () => {
  it('a double booking against a series occurrence is refused with SCHEDULING_WARNING, then booked when acknowledged', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    await vault.book({ recurrence: weekly() });
    const input = {
      patientId: vault.tomas.id,
      start: '2026-03-17T09:30:00.000Z',
      durationMinutes: 50,
      kind: 'intake' as const,
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    };
    const warnings = await vault.call('appointments:warnings', { start: input.start, durationMinutes: 50, ignore: null });
    expect(warnings).toEqual([
      {
        kind: 'double-booking',
        message: 'This overlaps another session: Tue 17 Mar 2026, 09:00–09:50.',
        session: { start: '2026-03-17T09:00:00.000Z', end: '2026-03-17T09:50:00.000Z' },
      },
    ]);
    const refused = await vault.refuse('appointments:create', { appointment: input, acknowledgeWarnings: false });
    expect(refused).toMatchObject({ code: 'SCHEDULING_WARNING', issues: [{ path: 'double-booking', message: warnings[0]!.message }] });
    expect(await vault.range('2026-03-17T00:00:00.000Z', '2026-03-18T00:00:00.000Z')).toHaveLength(1);

    const booked = await vault.call('appointments:create', { appointment: input, acknowledgeWarnings: true });
    expect(booked.start).toBe('2026-03-17T09:30:00.000Z');
    expect(await vault.range('2026-03-17T00:00:00.000Z', '2026-03-18T00:00:00.000Z')).toHaveLength(2);
  });

  it('a cancelled session does not count as a clash, and a session does not clash with itself', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T10:00:00.000Z' });
    expect(
      await vault.call('appointments:warnings', { start: '2026-03-05T10:20:00.000Z', durationMinutes: 50, ignore: booked.ref }),
    ).toEqual([]);
    const nudged = await vault.call('appointments:update', {
      ref: booked.ref,
      scope: 'this',
      version: 1,
      changes: { start: '2026-03-05T10:20:00.000Z' },
      acknowledgeWarnings: false,
    });
    await vault.call('appointments:cancel', { ref: nudged.ref, scope: 'this', by: 'clinician' });
    expect(await vault.call('appointments:warnings', { start: '2026-03-05T10:00:00.000Z', durationMinutes: 50, ignore: null })).toEqual([]);
  });

  it('a session outside working hours is flagged: a Saturday, and one that runs past the end of the day', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const saturday = await vault.call('appointments:warnings', { start: '2026-03-07T10:00:00.000Z', durationMinutes: 50, ignore: null });
    expect(saturday).toEqual([
      {
        kind: 'outside-working-hours',
        message: 'Sat 7 Mar 2026, 10:00–10:50 is outside working hours (Mon–Fri, 09:00–17:00).',
        session: { start: '2026-03-07T10:00:00.000Z', end: '2026-03-07T10:50:00.000Z' },
        workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      },
    ]);
    const late = await vault.call('appointments:warnings', { start: '2026-03-05T16:30:00.000Z', durationMinutes: 50, ignore: null });
    expect(late.map((w) => w.kind)).toEqual(['outside-working-hours']);
    expect(await vault.call('appointments:warnings', { start: '2026-03-05T16:10:00.000Z', durationMinutes: 50, ignore: null })).toEqual([]);

    await vault.call('preferences:update', { workingHours: { start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5, 6] } });
    expect(await vault.call('appointments:warnings', { start: '2026-03-07T10:00:00.000Z', durationMinutes: 50, ignore: null })).toEqual([]);
  });

  it('a new series is checked against the sessions ahead of it, and a move onto another session is refused until acknowledged', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const later = await vault.book({ patientId: vault.tomas.id, start: '2026-06-16T09:10:00.000Z' });
    const refused = await vault.refuse('appointments:create', {
      appointment: {
        patientId: vault.maren.id,
        start: '2026-03-03T09:00:00.000Z',
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: weekly(),
      },
      acknowledgeWarnings: false,
    });
    expect(refused).toMatchObject({
      code: 'SCHEDULING_WARNING',
      issues: [{ path: 'double-booking', message: expect.stringMatching(/Tue 16 Jun 2026, 09:10–10:00/) }],
    });

    const other = await vault.book({ start: '2026-03-05T14:00:00.000Z' });
    const move = { ref: other.ref, scope: 'this' as const, version: other.version, changes: { start: '2026-06-16T09:30:00.000Z' } };
    expect((await vault.refuse('appointments:update', { ...move, acknowledgeWarnings: false })).code).toBe('SCHEDULING_WARNING');
    expect((await vault.call('appointments:get', { ref: other.ref })).start).toBe('2026-03-05T14:00:00.000Z');
    expect((await vault.call('appointments:update', { ...move, acknowledgeWarnings: true })).start).toBe('2026-06-16T09:30:00.000Z');
    expect(later.start).toBe('2026-06-16T09:10:00.000Z');
  });
});
