/**
 * The day's "attendance to record" is read apart from the calendar's range, for speed (stored rows
 * filtered in SQL, a series slot turned into an instant only when nothing is stored for it). It must
 * list exactly what the calendar's own reading of the last 30 days gives once narrowed: here on a
 * scripted month in Berlin across the change to summer time, with weekly, fortnightly counted, monthly
 * and split series, moved, cancelled, started and recorded sessions, and sessions at both edges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../../shared/appointment';
import { UNRECORDED_ATTENDANCE_DAYS } from '../../../shared/today';
import { openCalendarVault, occurrence, weekly, type CalendarVault } from '../calendar/calendar-vault';

const DAY_MS = 86_400_000;
const NOW = '2026-04-10T08:00:00.000Z';
const zone = process.env.TZ;
let vault: CalendarVault;

/** The calendar's reading of the stretch, narrowed as the day used to narrow it. */
async function calendarReading(now: string): Promise<Appointment[]> {
  const since = new Date(Date.parse(now) - UNRECORDED_ATTENDANCE_DAYS * DAY_MS).toISOString();
  const range = await vault.range(since, now, false);
  return range.filter((a) => a.attendance === 'scheduled' && a.actualStart === null && a.end <= now && a.start >= since);
}

beforeAll(async () => {
  process.env.TZ = 'Europe/Berlin';
  vault = await openCalendarVault('2026-02-20T08:00:00.000Z');
  const tomas = vault.tomas.id;
  // Mondays 09:00 in Berlin (08:00 UTC, 07:00 UTC from 30 March), never ending.
  const mondays = await vault.book({ start: '2026-03-02T08:00:00.000Z', recurrence: weekly() });
  // Every other Wednesday 14:00, six sessions.
  const wednesdays = await vault.book({
    patientId: tomas,
    start: '2026-03-04T13:00:00.000Z',
    recurrence: weekly({ type: 'count', count: 6 }, 2),
  });
  // The last Friday of each month, 10:00.
  await vault.book({
    start: '2026-02-27T09:00:00.000Z',
    recurrence: { frequency: 'monthly', interval: 1, monthlyOrdinal: -1, end: { type: 'never' } },
  });
  // Thursdays 16:00, moved to 17:00 from 26 March on (the series split there).
  const thursdays = await vault.book({ patientId: tomas, start: '2026-03-05T15:00:00.000Z', recurrence: weekly() });
  // One-offs: begun 20 minutes before the stretch, inside it, one to be started, one ending after "now".
  await vault.book({ start: '2026-03-11T07:40:00.000Z' });
  await vault.book({ patientId: tomas, start: '2026-03-25T11:00:00.000Z' });
  const started = await vault.book({ start: '2026-03-26T12:00:00.000Z' });
  await vault.book({ patientId: tomas, start: '2026-04-10T07:30:00.000Z' });

  const seriesId = (a: Appointment) => a.seriesId ?? '';
  vault.setNow('2026-03-20T08:00:00.000Z');
  await vault.call('appointments:setAttendance', {
    ref: occurrence(seriesId(mondays), '2026-03-16T09:00:00'),
    attendance: 'attended',
    lateMinutes: null,
  });
  await vault.call('appointments:setAttendance', {
    ref: occurrence(seriesId(mondays), '2026-03-09T09:00:00'),
    attendance: 'no-show',
    lateMinutes: null,
  });
  // A fortnightly session moved a day later, and a later one cancelled.
  const moved = await vault.call('appointments:update', {
    ref: occurrence(seriesId(wednesdays), '2026-03-18T14:00:00'),
    scope: 'this',
    version: 0,
    changes: { start: '2026-03-19T14:00:00.000Z' },
    acknowledgeWarnings: true,
  });
  expect(moved.isMoved).toBe(true);
  await vault.call('appointments:cancel', { ref: occurrence(seriesId(wednesdays), '2026-04-01T14:00:00'), scope: 'this', by: 'patient' });
  const thursday = await vault.call('appointments:update', {
    ref: occurrence(seriesId(thursdays), '2026-03-26T16:00:00'),
    scope: 'following',
    version: 0,
    changes: { start: '2026-03-26T16:00:00.000Z' },
    acknowledgeWarnings: true,
  });
  expect(thursday.seriesId).not.toBe(thursdays.seriesId);
  vault.setNow('2026-03-26T12:01:00.000Z');
  await vault.call('sessions:start', { ref: started.ref });
  vault.setNow(NOW);
});

afterAll(async () => {
  await vault?.dispose();
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('attendance to record', () => {
  it('lists what the calendar shows for the last 30 days with no attendance recorded, in its order', async () => {
    const today = await vault.call('today:get', {});
    const expected = await calendarReading(NOW);
    expect(today.unrecordedAttendance).toEqual(expected);
    // Before 11 March 08:00, recorded, started, cancelled or not over yet: none of those is listed.
    expect(today.unrecordedAttendance.map((a) => `${a.start.slice(5, 16)} ${a.patientName}${a.isMoved ? ' (moved)' : ''}`)).toEqual([
      '03-12T15:00 Lindqvist, Tomas',
      '03-19T14:00 Lindqvist, Tomas (moved)',
      '03-19T15:00 Lindqvist, Tomas',
      '03-23T08:00 Holloway, Maren',
      '03-25T11:00 Lindqvist, Tomas',
      '03-26T16:00 Lindqvist, Tomas',
      '03-27T09:00 Holloway, Maren',
      // Summer time from 29 March: the same 09:00 and 17:00 on the clinic's clock, an hour earlier in UTC.
      '03-30T07:00 Holloway, Maren',
      '04-02T15:00 Lindqvist, Tomas',
      '04-06T07:00 Holloway, Maren',
      '04-09T15:00 Lindqvist, Tomas',
    ]);
  });

  it('agrees with the calendar on every morning of the month, as sessions fall into and out of the stretch', async () => {
    for (let day = 0; day < 30; day += 3) {
      const now = new Date(Date.parse('2026-03-12T06:00:00.000Z') + day * DAY_MS + day * 3_600_000).toISOString();
      vault.setNow(now);
      expect((await vault.call('today:get', {})).unrecordedAttendance, now).toEqual(await calendarReading(now));
    }
    vault.setNow(NOW);
  });
});
