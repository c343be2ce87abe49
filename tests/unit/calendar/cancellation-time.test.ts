import { afterEach, describe, expect, it } from 'vitest';
import { agenda, occurrence, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

describe('when the patient cancelled', () => {
  it('a cancellation recorded days later is judged from when the patient cancelled, not from when it is recorded', async () => {
    // Last Thursday's session, recorded on Tuesday: the patient had called on the Monday before it.
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const thursday = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-10T10:00:00.000Z');
    const cancelled = await vault.call('appointments:cancel', {
      ref: thursday.ref,
      scope: 'this',
      by: 'patient',
      cancelledAt: '2026-03-02T16:30:00.000Z',
    });
    expect(cancelled).toMatchObject({ attendance: 'cancelled-by-patient', cancelledAt: '2026-03-02T16:30:00.000Z' });
    expect((await vault.call('patients:attendance', { patientId: vault.maren.id })).allTime).toMatchObject({
      lateCancellations: 0,
      cancellations: 1,
    });
  });

  it('a cancellation made less than the window before the start is late, whenever it is recorded', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const thursday = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-10T10:00:00.000Z');
    const cancelled = await vault.call('appointments:cancel', {
      ref: thursday.ref,
      scope: 'this',
      by: 'patient',
      cancelledAt: '2026-03-04T20:00:00.000Z',
    });
    expect(cancelled).toMatchObject({ attendance: 'late-cancellation', cancelledAt: '2026-03-04T20:00:00.000Z' });
  });

  it('with no time given, the cancellation is made now, and is stored as such', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const friday = await vault.book({ start: '2026-03-06T09:00:00.000Z' });
    const cancelled = await vault.call('appointments:cancel', { ref: friday.ref, scope: 'this', by: 'patient' });
    expect(cancelled).toMatchObject({ attendance: 'cancelled-by-patient', cancelledAt: '2026-03-01T08:00:00.000Z' });
    expect(await vault.call('appointments:get', { ref: friday.ref })).toMatchObject({ cancelledAt: '2026-03-01T08:00:00.000Z' });
  });

  it('a time after the start is refused unless the clinician says the patient cancelled after it began; a time to come is refused', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const thursday = await vault.book({ start: '2026-03-05T09:00:00.000Z' });
    vault.setNow('2026-03-10T10:00:00.000Z');
    const afterStart = { ref: thursday.ref, scope: 'this', by: 'patient', cancelledAt: '2026-03-05T09:20:00.000Z' } as const;
    const refused = await vault.refuse('appointments:cancel', afterStart);
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/after the session began/) });
    expect((await vault.call('appointments:get', { ref: thursday.ref })).attendance).toBe('scheduled');
    expect((await vault.refuse('appointments:cancel', { ...afterStart, cancelledAt: '2026-03-11T09:00:00.000Z' })).message).toMatch(
      /later than now/,
    );

    const cancelled = await vault.call('appointments:cancel', { ...afterStart, afterStart: true });
    expect(cancelled).toMatchObject({ attendance: 'late-cancellation', cancelledAt: '2026-03-05T09:20:00.000Z' });
  });

  it('each session of a series cancelled from a past call is judged by its own start', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const first = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 4 }) });
    // Called on the 9th at 10:00 about the 10th onwards; recorded on the 10th, an hour before the session.
    vault.setNow('2026-03-10T08:00:00.000Z');
    await vault.call('appointments:cancel', {
      ref: occurrence(first.seriesId!, '2026-03-10T09:00:00'),
      scope: 'following',
      by: 'patient',
      cancelledAt: '2026-03-09T10:00:00.000Z',
    });
    expect(agenda(await vault.range('2026-03-09T00:00:00.000Z', '2026-04-01T00:00:00.000Z'))).toEqual([
      '2026-03-10T09:00 late-cancellation',
      '2026-03-17T09:00 cancelled-by-patient',
      '2026-03-24T09:00 cancelled-by-patient',
    ]);
  });

  it('clearing the attendance of a cancelled session clears when it was cancelled', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    const friday = await vault.book({ start: '2026-03-06T09:00:00.000Z' });
    await vault.call('appointments:cancel', { ref: friday.ref, scope: 'this', by: 'clinician' });
    const cleared = await vault.call('appointments:setAttendance', { ref: friday.ref, attendance: 'scheduled', lateMinutes: null });
    expect(cleared).toMatchObject({ attendance: 'scheduled', cancelledAt: null });
  });
});
