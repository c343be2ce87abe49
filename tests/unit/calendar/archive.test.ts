import { afterEach, describe, expect, it } from 'vitest';
import { agenda, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

async function bookMarensWeek() {
  // A past session, two one-offs ahead, and a weekly series with no end.
  await vault.book({ start: '2026-03-02T09:00:00.000Z' });
  await vault.book({ start: '2026-03-12T09:00:00.000Z' });
  await vault.book({ start: '2026-04-20T09:00:00.000Z' });
  await vault.book({ start: '2026-03-13T11:00:00.000Z', recurrence: weekly() });
  await vault.book({ patientId: vault.tomas.id, start: '2026-03-12T10:00:00.000Z' });
  vault.setNow('2026-03-10T08:00:00.000Z');
}

describe('archiving a patient with sessions still booked', () => {
  it('counts the sessions booked from now on, a series with no end counted apart', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await bookMarensWeek();
    expect(await vault.call('appointments:upcoming', { patientId: vault.maren.id })).toEqual({ count: 2, endlessSeries: 1 });
    expect(await vault.call('appointments:upcoming', { patientId: vault.tomas.id })).toEqual({ count: 1, endlessSeries: 0 });
  });

  it('with the sessions cancelled, archives and cancels every one ahead as the clinician, reason “patient archived”', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await bookMarensWeek();
    const archived = await vault.call('patients:archive', { id: vault.maren.id, version: vault.maren.version, cancelFutureSessions: true });
    expect(archived.archivedAt).toBe('2026-03-10T08:00:00.000Z');
    expect(await vault.call('appointments:upcoming', { patientId: vault.maren.id })).toEqual({ count: 0, endlessSeries: 0 });
    const sessions = (await vault.range('2026-03-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')).filter(
      (session) => session.patientId === vault.maren.id,
    );
    expect(agenda(sessions)).toEqual([
      '2026-03-02T09:00 scheduled',
      '2026-03-12T09:00 cancelled-by-clinician',
      '2026-03-13T11:00 cancelled-by-clinician',
      '2026-03-20T11:00 cancelled-by-clinician',
      '2026-03-27T11:00 cancelled-by-clinician',
      '2026-04-03T11:00 cancelled-by-clinician',
      '2026-04-20T09:00 cancelled-by-clinician',
    ]);
    expect(sessions.filter((s) => s.attendance !== 'scheduled').every((s) => s.cancellationReason === 'patient archived')).toBe(true);
    // Another patient's session is left alone.
    expect(await vault.call('appointments:upcoming', { patientId: vault.tomas.id })).toEqual({ count: 1, endlessSeries: 0 });
  });

  it('keeping the sessions archives the patient and leaves them booked', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await bookMarensWeek();
    await vault.call('patients:archive', { id: vault.maren.id, version: vault.maren.version, cancelFutureSessions: false });
    expect(await vault.call('appointments:upcoming', { patientId: vault.maren.id })).toEqual({ count: 2, endlessSeries: 1 });
  });

  it('a stale version refuses both: nothing archived, nothing cancelled', async () => {
    vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
    await bookMarensWeek();
    const refused = await vault.refuse('patients:archive', {
      id: vault.maren.id,
      version: vault.maren.version + 5,
      cancelFutureSessions: true,
    });
    expect(refused.code).toBe('CONFLICT');
    expect(await vault.call('appointments:upcoming', { patientId: vault.maren.id })).toEqual({ count: 2, endlessSeries: 1 });
    expect((await vault.call('patients:get', { id: vault.maren.id })).archivedAt).toBeNull();
  });
});
