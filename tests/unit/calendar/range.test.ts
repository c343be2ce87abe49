import { afterEach, describe, expect, it } from 'vitest';
import { agenda, occurrence, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

// Monday 2 March 2026, 08:00 UTC; the process's zone is UTC, so the clock on the wall reads the same.
const MONDAY = '2026-03-02T08:00:00.000Z';

describe('the calendar for a range', () => {
  it('shows a weekly series, its exceptions and one-off sessions together, each once, in time order', async () => {
    vault = await openCalendarVault(MONDAY);
    const first = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 10 }) });
    expect(first).toMatchObject({
      start: '2026-03-03T09:00:00.000Z',
      end: '2026-03-03T09:50:00.000Z',
      version: 0,
      isMoved: false,
      attendance: 'scheduled',
    });
    expect(first.recurrence).toEqual(weekly({ type: 'count', count: 10 }));
    const seriesId = first.seriesId!;
    const oneOff = await vault.book({ patientId: vault.tomas.id, start: '2026-03-04T11:00:00.000Z', kind: 'intake', recurrence: null });
    expect(oneOff).toMatchObject({ seriesId: null, ref: { type: 'single', id: oneOff.key }, patientName: 'Lindqvist, Tomas', version: 1 });

    await vault.call('appointments:update', {
      ref: occurrence(seriesId, '2026-03-10T09:00:00'),
      scope: 'this',
      version: 0,
      changes: { start: '2026-03-12T14:00:00.000Z' },
      acknowledgeWarnings: true,
    });

    const firstWeek = await vault.range('2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z');
    expect(firstWeek.map((s) => [s.start, s.patientName, s.kind])).toEqual([
      ['2026-03-03T09:00:00.000Z', 'Holloway, Maren', 'therapy'],
      ['2026-03-04T11:00:00.000Z', 'Lindqvist, Tomas', 'intake'],
    ]);
    const secondWeek = await vault.range('2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z');
    expect(agenda(secondWeek)).toEqual(['2026-03-12T14:00 scheduled (moved)']);
    expect(secondWeek[0]!.key).toBe(`${seriesId}@2026-03-10T09:00:00`);

    const tenWeeks = await vault.range('2026-03-02T00:00:00.000Z', '2026-05-11T00:00:00.000Z');
    expect(tenWeeks).toHaveLength(11);
    expect(new Set(tenWeeks.map((s) => s.key)).size).toBe(11);
    expect(tenWeeks.filter((s) => s.seriesId === seriesId).at(-1)!.start).toBe('2026-05-05T09:00:00.000Z');
    expect(await vault.range('2026-05-06T00:00:00.000Z', '2026-06-06T00:00:00.000Z')).toEqual([]);
  });

  it('includes a session that began before the range and runs into it', async () => {
    vault = await openCalendarVault(MONDAY);
    await vault.book({ start: '2026-03-03T23:30:00.000Z', durationMinutes: 60 });
    const wednesday = await vault.range('2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z');
    expect(wednesday.map((s) => s.start)).toEqual(['2026-03-03T23:30:00.000Z']);
    expect(await vault.range('2026-03-04T00:30:00.000Z', '2026-03-05T00:00:00.000Z')).toEqual([]);
  });

  it('a session looked up by its reference is the one the calendar shows', async () => {
    vault = await openCalendarVault(MONDAY);
    const first = await vault.book({ recurrence: weekly() });
    const shown = (await vault.range('2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z'))[0]!;
    expect(await vault.call('appointments:get', { ref: shown.ref })).toEqual(shown);
    expect(shown.ref).toEqual(occurrence(first.seriesId!, '2026-03-17T09:00:00'));
    const missing = await vault.refuse('appointments:get', { ref: occurrence(first.seriesId!, '2026-03-18T09:00:00') });
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('a series that starts on a day its rule does not give is refused', async () => {
    vault = await openCalendarVault(MONDAY);
    // Tuesday 3 March is the first Tuesday, not the last.
    const refused = await vault.refuse('appointments:create', {
      appointment: {
        patientId: vault.maren.id,
        start: '2026-03-03T09:00:00.000Z',
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: { frequency: 'monthly', interval: 1, monthlyOrdinal: -1, end: { type: 'never' } },
      },
      acknowledgeWarnings: true,
    });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'appointment.recurrence' }] });
    expect(await vault.range('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).toEqual([]);
  });

  it('a monthly series on the last Friday lands on the last Friday of each month', async () => {
    vault = await openCalendarVault(MONDAY);
    await vault.book({
      start: '2026-03-27T10:00:00.000Z',
      recurrence: { frequency: 'monthly', interval: 1, monthlyOrdinal: -1, end: { type: 'count', count: 3 } },
    });
    const sessions = await vault.range('2026-03-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z');
    expect(sessions.map((s) => s.start.slice(0, 10))).toEqual(['2026-03-27', '2026-04-24', '2026-05-29']);
  });

  it('booking for a patient who does not exist is NOT_FOUND and books nothing', async () => {
    vault = await openCalendarVault(MONDAY);
    const refused = await vault.refuse('appointments:create', {
      appointment: {
        patientId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
        start: '2026-03-03T09:00:00.000Z',
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
    expect(refused.code).toBe('NOT_FOUND');
    expect(await vault.range('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).toEqual([]);
  });

  it('bookings and moves tell the window the calendar changed', async () => {
    vault = await openCalendarVault(MONDAY);
    vault.events.length = 0;
    await vault.book({});
    expect(vault.events).toEqual([{ type: 'data:changed', scopes: expect.arrayContaining(['calendar', 'appointments', 'sessions']) }]);
    vault.events.length = 0;
    await vault.range('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z');
    expect(vault.events).toEqual([]);
  });
});

describe('a series across a daylight-saving change', () => {
  it('stays at 09:00 on the clinic’s clock while its instant moves by an hour', async () => {
    const original = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      vault = await openCalendarVault('2026-03-20T08:00:00.000Z');
      // Monday 23 March 09:00 in Berlin is 08:00 UTC; after the change on 29 March it is 07:00 UTC.
      await vault.book({ start: '2026-03-23T08:00:00.000Z', recurrence: weekly({ type: 'count', count: 3 }) });
      const sessions = await vault.range('2026-03-22T00:00:00.000Z', '2026-04-13T00:00:00.000Z');
      expect(sessions.map((s) => s.start)).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z']);
      // 09:00 in Berlin is inside working hours on both sides of the change.
      const warnings = await vault.call('appointments:warnings', { start: '2026-03-31T07:00:00.000Z', durationMinutes: 50, ignore: null });
      expect(warnings).toEqual([]);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
