import { afterEach, describe, expect, it } from 'vitest';
import { openCalendarVault, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

describe('starting a session late', () => {
  it('is never recorded as the patient’s lateness without asking whose it was', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-05T09:12:00.000Z');
    const refused = await vault.refuse('sessions:start', { ref: booked.ref });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/whose lateness/) });
    expect(await vault.call('appointments:get', { ref: booked.ref })).toMatchObject({ attendance: 'scheduled', actualStart: null });
  });

  it('the patient’s lateness makes the session late by the minutes', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-05T09:12:00.000Z');
    expect(await vault.call('sessions:start', { ref: booked.ref, lateness: 'patient' })).toMatchObject({
      attendance: 'late',
      lateMinutes: 12,
      actualStart: '2026-03-05T09:12:00.000Z',
    });
  });

  it('the clinician’s lateness (or a session that ran over) leaves the patient attended, begun late', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-05T09:12:00.000Z');
    expect(await vault.call('sessions:start', { ref: booked.ref, lateness: 'clinician' })).toMatchObject({
      attendance: 'attended',
      lateMinutes: null,
      actualStart: '2026-03-05T09:12:00.000Z',
    });
    const [late] = await vault.call('reports:lateSessions', { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(late).toMatchObject({ start: '2026-03-05T09:00:00.000Z', begunLateMinutes: 12, endedLateMinutes: 0 });
  });

  it('no one’s lateness (the timer started late) records the start at the schedule', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const booked = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-05T09:12:00.000Z');
    expect(await vault.call('sessions:start', { ref: booked.ref, lateness: 'none' })).toMatchObject({
      attendance: 'attended',
      lateMinutes: null,
      actualStart: '2026-03-05T09:00:00.000Z',
    });
  });
});

describe('the sessions that ran late, for the on-time report', () => {
  it('lists, by start, each session begun or ended more than two minutes off schedule, with its patient and minutes', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const run = async (patientId: string, start: string, startedAt: string, endedAt: string) => {
      const session = await vault.book({ patientId, start });
      vault.setNow(startedAt);
      await vault.call('sessions:start', { ref: session.ref, lateness: 'patient' });
      vault.setNow(endedAt);
      await vault.call('sessions:end', { ref: session.ref });
    };
    await run(vault.maren.id, '2026-03-03T09:00:00.000Z', '2026-03-03T09:01:00.000Z', '2026-03-03T09:51:00.000Z');
    await run(vault.tomas.id, '2026-03-04T09:00:00.000Z', '2026-03-04T09:07:00.000Z', '2026-03-04T09:50:00.000Z');
    await run(vault.maren.id, '2026-03-05T09:00:00.000Z', '2026-03-05T09:00:00.000Z', '2026-03-05T10:05:00.000Z');
    await run(vault.maren.id, '2026-04-02T09:00:00.000Z', '2026-04-02T09:30:00.000Z', '2026-04-02T09:50:00.000Z');

    const late = await vault.call('reports:lateSessions', { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(
      late.map(({ patientName, start, begunLateMinutes, endedLateMinutes }) => ({
        patientName,
        start,
        begunLateMinutes,
        endedLateMinutes,
      })),
    ).toEqual([
      { patientName: 'Lindqvist, Tomas', start: '2026-03-04T09:00:00.000Z', begunLateMinutes: 7, endedLateMinutes: 0 },
      {
        patientName: expect.stringContaining(vault.maren.familyName),
        start: '2026-03-05T09:00:00.000Z',
        begunLateMinutes: 0,
        endedLateMinutes: 15,
      },
    ]);
    expect(late[0]!.ref).toEqual({ type: 'single', id: expect.any(String) });
  });
});
