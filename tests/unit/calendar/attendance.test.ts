import { afterEach, describe, expect, it } from 'vitest';
import { agenda, occurrence, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

describe('cancelling', () => {
  it('a patient cancelling inside the late-cancellation window is a late cancellation; earlier, an ordinary one', async () => {
    vault = await openCalendarVault('2026-03-09T10:00:00.000Z');
    const tomorrow = await vault.book({ start: '2026-03-10T09:00:00.000Z' });
    const thursday = await vault.book({ start: '2026-03-12T09:00:00.000Z' });
    const friday = await vault.book({ start: '2026-03-13T09:00:00.000Z' });

    // 23 hours ahead, inside the default 24.
    expect((await vault.call('appointments:cancel', { ref: tomorrow.ref, scope: 'this', by: 'patient' })).attendance).toBe(
      'late-cancellation',
    );
    expect((await vault.call('appointments:cancel', { ref: thursday.ref, scope: 'this', by: 'patient' })).attendance).toBe(
      'cancelled-by-patient',
    );
    expect((await vault.call('appointments:cancel', { ref: friday.ref, scope: 'this', by: 'clinician' })).attendance).toBe(
      'cancelled-by-clinician',
    );

    // Cancelled sessions stay on the calendar unless hidden.
    const week = await vault.range('2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z');
    expect(agenda(week)).toEqual([
      '2026-03-10T09:00 late-cancellation',
      '2026-03-12T09:00 cancelled-by-patient',
      '2026-03-13T09:00 cancelled-by-clinician',
    ]);
    expect(await vault.range('2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z', false)).toEqual([]);
  });

  it('the window is the preference: with 72 hours, a cancellation three days ahead is late', async () => {
    vault = await openCalendarVault('2026-03-09T10:00:00.000Z');
    await vault.call('preferences:update', { lateCancellationHours: 72 });
    const thursday = await vault.book({ start: '2026-03-12T09:00:00.000Z' });
    expect((await vault.call('appointments:cancel', { ref: thursday.ref, scope: 'this', by: 'patient' })).attendance).toBe(
      'late-cancellation',
    );
  });

  it('cancelling this and following keeps earlier sessions, and shows the rest as cancelled', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'count', count: 6 }) });
    const seriesId = first.seriesId!;
    vault.setNow('2026-03-16T10:00:00.000Z');
    await vault.call('appointments:setAttendance', {
      ref: occurrence(seriesId, '2026-03-03T09:00:00'),
      attendance: 'attended',
      lateMinutes: null,
    });
    const cancelled = await vault.call('appointments:cancel', {
      ref: occurrence(seriesId, '2026-03-17T09:00:00'),
      scope: 'following',
      by: 'patient',
    });
    expect(cancelled.attendance).toBe('late-cancellation');
    expect(agenda(await vault.range('2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'))).toEqual([
      '2026-03-03T09:00 attended',
      '2026-03-10T09:00 scheduled',
      '2026-03-17T09:00 late-cancellation',
      '2026-03-24T09:00 cancelled-by-patient',
      '2026-03-31T09:00 cancelled-by-patient',
      '2026-04-07T09:00 cancelled-by-patient',
    ]);
  });

  it('cancelling a never-ending series stops it: four weeks stay visible as cancelled, nothing is booked after', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly() });
    await vault.call('appointments:cancel', { ref: first.ref, scope: 'series', by: 'clinician' });
    expect(agenda(await vault.range('2026-03-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'))).toEqual([
      '2026-03-03T09:00 cancelled-by-clinician',
      '2026-03-10T09:00 cancelled-by-clinician',
      '2026-03-17T09:00 cancelled-by-clinician',
      '2026-03-24T09:00 cancelled-by-clinician',
    ]);
    expect(await vault.range('2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z')).toEqual([]);
  });

  it('a session that has begun cannot be cancelled', async () => {
    vault = await openCalendarVault('2026-03-03T09:01:00.000Z');
    const booked = await vault.book({ start: '2026-03-03T09:00:00.000Z' });
    await vault.call('sessions:start', { ref: booked.ref });
    expect((await vault.refuse('appointments:cancel', { ref: booked.ref, scope: 'this', by: 'patient' })).code).toBe('INVALID_INPUT');
  });
});

describe('the session timer', () => {
  it('records the actual start and end from the clock, and a start more than two minutes late marks the session late', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly() });
    const slot = occurrence(first.seriesId!, '2026-03-10T09:00:00');
    expect(await vault.call('sessions:running', {})).toBeNull();

    vault.setNow('2026-03-10T09:04:00.000Z');
    vault.events.length = 0;
    const started = await vault.call('sessions:start', { ref: slot, lateness: 'patient' });
    expect(started).toMatchObject({
      actualStart: '2026-03-10T09:04:00.000Z',
      actualEnd: null,
      attendance: 'late',
      lateMinutes: 4,
      version: 1,
    });
    expect(vault.events).toEqual([
      { type: 'data:changed', scopes: expect.arrayContaining(['calendar', 'sessions', 'patients', 'reports']) },
    ]);
    expect(await vault.call('sessions:running', {})).toEqual(started);
    // Starting it again changes nothing.
    expect(await vault.call('sessions:start', { ref: slot })).toEqual(started);

    vault.setNow('2026-03-10T09:51:30.000Z');
    const ended = await vault.call('sessions:end', { ref: slot });
    expect(ended).toMatchObject({ actualStart: '2026-03-10T09:04:00.000Z', actualEnd: '2026-03-10T09:51:30.000Z', attendance: 'late' });
    expect(await vault.call('sessions:running', {})).toBeNull();
    expect((await vault.refuse('sessions:end', { ref: slot })).code).toBe('INVALID_INPUT');
  });

  it('a start within two minutes is attended; a second session cannot start while one runs; a session far off cannot start', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const nine = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    const ten = await vault.book({ patientId: vault.tomas.id, start: '2026-03-05T10:00:00.000Z' });
    const nextWeek = await vault.book({ start: '2026-03-12T09:00:00.000Z' });

    vault.setNow('2026-03-05T09:02:00.000Z');
    expect(await vault.call('sessions:start', { ref: nine.ref })).toMatchObject({ attendance: 'attended', lateMinutes: null });
    vault.setNow('2026-03-05T09:45:00.000Z');
    expect((await vault.refuse('sessions:start', { ref: ten.ref })).code).toBe('CONFLICT');
    await vault.call('sessions:end', { ref: nine.ref });
    expect((await vault.call('sessions:start', { ref: ten.ref })).attendance).toBe('attended');
    expect((await vault.refuse('sessions:start', { ref: nextWeek.ref })).message).toMatch(/due now/);
    expect((await vault.refuse('sessions:end', { ref: nextWeek.ref })).message).toMatch(/not been started/);
  });
});

describe('the on-time report', () => {
  it('counts, per week and per month, the sessions kept, those timed, and those begun and ended within two minutes of schedule', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const run = async (start: string, startedAt: string, endedAt: string | null) => {
      const session = await vault.book({ start });
      vault.setNow(startedAt);
      await vault.call('sessions:start', { ref: session.ref, lateness: 'clinician' });
      if (endedAt) {
        vault.setNow(endedAt);
        await vault.call('sessions:end', { ref: session.ref });
      }
    };
    // Week 10: on time both ways; late start (5 min), ended 3 min over.
    await run('2026-03-03T09:00:00.000Z', '2026-03-03T09:01:00.000Z', '2026-03-03T09:51:30.000Z');
    await run('2026-03-04T09:00:00.000Z', '2026-03-04T09:05:00.000Z', '2026-03-04T09:53:00.000Z');
    // Week 11: begun two minutes early, ended on the dot; begun on time and never ended.
    await run('2026-03-10T09:00:00.000Z', '2026-03-10T08:58:00.000Z', '2026-03-10T09:50:00.000Z');
    await run('2026-03-11T09:00:00.000Z', '2026-03-11T09:00:00.000Z', null);
    vault.setNow('2026-03-11T12:00:00.000Z');
    // A session nobody started is not in the report; one marked attended without the timer is kept, not timed.
    await vault.book({ start: '2026-03-12T09:00:00.000Z' });
    const untimed = await vault.book({ start: '2026-03-12T11:00:00.000Z' });
    vault.setNow('2026-03-12T12:00:00.000Z');
    await vault.call('appointments:setAttendance', { ref: untimed.ref, attendance: 'attended', lateMinutes: null });

    const weeks = await vault.call('reports:onTime', { from: '2026-03-02T00:00:00.000Z', to: '2026-03-23T00:00:00.000Z', groupBy: 'week' });
    expect(weeks).toEqual([
      { period: '2026-W10', periodStart: '2026-03-02', kept: 2, sessions: 2, begunOnTime: 1, endedOnTime: 1 },
      { period: '2026-W11', periodStart: '2026-03-09', kept: 3, sessions: 2, begunOnTime: 2, endedOnTime: 1 },
      { period: '2026-W12', periodStart: '2026-03-16', kept: 0, sessions: 0, begunOnTime: 0, endedOnTime: 0 },
    ]);
    const months = await vault.call('reports:onTime', {
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      groupBy: 'month',
    });
    expect(months).toEqual([
      { period: '2026-02', periodStart: '2026-02-01', kept: 0, sessions: 0, begunOnTime: 0, endedOnTime: 0 },
      { period: '2026-03', periodStart: '2026-03-01', kept: 5, sessions: 4, begunOnTime: 3, endedOnTime: 2 },
    ]);
  });
});

describe('a patient’s attendance record', () => {
  it('counts the last 90 days and all time; an unrecorded past session counts in the total only', async () => {
    vault = await openCalendarVault('2025-01-01T08:00:00.000Z');
    const { maren, tomas } = vault;
    // More than 90 days back.
    const january = await vault.book({ start: '2025-01-07T09:00:00.000Z' });
    const february = await vault.book({ start: '2025-02-04T09:00:00.000Z' });
    const march = await vault.book({ start: '2025-03-04T09:00:00.000Z' });
    vault.setNow('2025-03-04T08:00:00.000Z');
    await vault.call('appointments:cancel', { ref: march.ref, scope: 'this', by: 'patient' });
    // A weekly series from 2 June 2026, of which five sessions are past by the 30th at noon.
    vault.setNow('2026-05-01T08:00:00.000Z');
    const series = await vault.book({ start: '2026-06-02T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 10 }) });
    await vault.book({ start: '2026-07-15T09:00:00.000Z' });
    await vault.book({ patientId: tomas.id, start: '2026-06-03T09:00:00.000Z' });

    vault.setNow('2026-06-30T12:00:00.000Z');
    const mark = (
      ref: Parameters<typeof vault.call<'appointments:setAttendance'>>[1]['ref'],
      attendance: 'attended' | 'late' | 'no-show' | 'cancelled-by-patient',
      lateMinutes: number | null = null,
    ) => vault.call('appointments:setAttendance', { ref, attendance, lateMinutes });
    await mark(january.ref, 'attended');
    await mark(february.ref, 'no-show');
    const seriesId = series.seriesId!;
    await mark(occurrence(seriesId, '2026-06-02T09:00:00'), 'attended');
    await mark(occurrence(seriesId, '2026-06-09T09:00:00'), 'late', 10);
    await mark(occurrence(seriesId, '2026-06-16T09:00:00'), 'cancelled-by-patient');
    vault.events.length = 0;
    await mark(occurrence(seriesId, '2026-06-23T09:00:00'), 'no-show');
    expect(vault.events).toEqual([{ type: 'data:changed', scopes: expect.arrayContaining(['patients', 'calendar']) }]);
    // 30 June 09:00 is past and unrecorded.

    const record = await vault.call('patients:attendance', { patientId: maren.id });
    expect(record.last90Days).toEqual({ total: 5, kept: 2, late: 1, noShows: 1, lateCancellations: 0, cancellations: 1 });
    expect(record.allTime).toEqual({ total: 8, kept: 3, late: 1, noShows: 2, lateCancellations: 1, cancellations: 1 });
    const other = await vault.call('patients:attendance', { patientId: tomas.id });
    expect(other.allTime).toEqual({ total: 1, kept: 0, late: 0, noShows: 0, lateCancellations: 0, cancellations: 0 });
  });

  it('a moved series session counts once, at the time it was held', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const first = await vault.book({ recurrence: weekly({ type: 'count', count: 3 }) });
    const slot = occurrence(first.seriesId!, '2026-03-10T09:00:00');
    // Moved from 10 March to 20 March: on the 15th it is not yet past.
    await vault.call('appointments:update', {
      ref: slot,
      scope: 'this',
      version: 0,
      changes: { start: '2026-03-20T09:00:00.000Z' },
      acknowledgeWarnings: true,
    });
    vault.setNow('2026-03-15T08:00:00.000Z');
    expect((await vault.call('patients:attendance', { patientId: vault.maren.id })).allTime.total).toBe(1);
    vault.setNow('2026-03-21T08:00:00.000Z');
    expect((await vault.call('patients:attendance', { patientId: vault.maren.id })).allTime.total).toBe(3);
  });
});
