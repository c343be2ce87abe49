import { afterEach, describe, expect, it } from 'vitest';
import { openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

describe('booking the next session', () => {
  it('with no series, proposes a week after the next session, at its time, with the patient’s usual length', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await vault.book({ start: '2026-03-02T10:00:00.000Z', durationMinutes: 50 });
    await vault.book({ start: '2026-03-09T10:00:00.000Z', durationMinutes: 50 });
    await vault.book({ start: '2026-03-11T14:30:00.000Z', durationMinutes: 30, kind: 'medication-management', location: 'Room 4' });
    vault.setNow('2026-03-10T12:00:00.000Z');
    expect(await vault.call('appointments:proposeNext', { patientId: vault.maren.id })).toEqual({
      start: '2026-03-18T14:30:00.000Z',
      durationMinutes: 50,
      kind: 'medication-management',
      location: 'Room 4',
      isVideo: false,
      basedOn: '2026-03-11T14:30:00.000Z',
      step: 'a week',
    });
  });

  it('after a series that ends, proposes one interval after its last session', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await vault.book({ start: '2026-03-03T09:00:00.000Z', durationMinutes: 45, recurrence: weekly({ type: 'count', count: 3 }, 2) });
    // 3, 17 and 31 March: the next one is counted from, and each booked day after it is stepped over.
    vault.setNow('2026-03-04T08:00:00.000Z');
    expect(await vault.call('appointments:proposeNext', { patientId: vault.maren.id })).toMatchObject({
      start: '2026-04-14T09:00:00.000Z',
      durationMinutes: 45,
      basedOn: '2026-03-17T09:00:00.000Z',
      step: '2 weeks',
    });
  });

  it('after the last session, when none is booked, proposes the first day ahead one step on; a patient never booked gets next week', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await vault.book({ start: '2026-03-02T10:00:00.000Z' });
    vault.setNow('2026-03-05T12:00:00.000Z');
    expect(await vault.call('appointments:proposeNext', { patientId: vault.maren.id })).toMatchObject({
      start: '2026-03-09T10:00:00.000Z',
      basedOn: '2026-03-02T10:00:00.000Z',
    });
    expect(await vault.call('appointments:proposeNext', { patientId: vault.tomas.id })).toMatchObject({
      start: '2026-03-12T09:00:00.000Z',
      durationMinutes: null,
      basedOn: null,
    });
  });
});
