/**
 * The day read as the vault opens (electron/ipc/read-ahead): the window's request takes that reading
 * only when nothing could make it differ from a fresh one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEnvironment } from '../../../electron/features/handlers';
import { READ_AHEAD_KEPT_MS, ReadAhead } from '../../../electron/ipc/read-ahead';
import { DEFAULT_PREFERENCES } from '../../../shared/preferences';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE } from '../support/temp-vault';

const AT = '2026-03-10T08:00:00.000Z';

function environment(now = AT, overrides: Partial<CallEnvironment> = {}): CallEnvironment {
  const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
  return {
    now,
    timeZone: 'UTC',
    workingHours,
    lateCancellationHours,
    feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
    ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
    planReviewDays,
    clinician: { name: '', credentials: '' },
    currency: 'USD',
    ...overrides,
  };
}

function later(ms: number): string {
  return new Date(Date.parse(AT) + ms).toISOString();
}

describe('a reading started ahead', () => {
  it('answers the same request once, made within a few seconds with the same settings', async () => {
    const ahead = new ReadAhead();
    ahead.start('today:get', {}, environment(), async () => 'the day');
    expect(ahead.take('today:get', { other: 1 }, environment(later(10)))).toBeUndefined();
    ahead.start('today:get', {}, environment(), async () => 'the day');
    expect(await ahead.take('today:get', {}, environment(later(40)))).toBe('the day');
    expect(ahead.take('today:get', {}, environment(later(50)))).toBeUndefined();
  });

  it('answers nothing to a request made later, earlier, or with other settings, nor after it was cleared', () => {
    const ahead = new ReadAhead();
    const requests: Array<[string, CallEnvironment]> = [
      ['too late', environment(later(READ_AHEAD_KEPT_MS + 1))],
      ['clock set back', environment(later(-1))],
      ['another zone', environment(later(10), { timeZone: 'Europe/Berlin' })],
      ['another review interval', environment(later(10), { planReviewDays: 30 })],
    ];
    for (const [why, request] of requests) {
      ahead.start('today:get', {}, environment(), async () => 'the day');
      expect(ahead.take('today:get', {}, request), why).toBeUndefined();
    }
    ahead.start('today:get', {}, environment(), async () => 'the day');
    ahead.clear();
    expect(ahead.take('today:get', {}, environment(later(10)))).toBeUndefined();
  });

  it('leaves a failure to the request that takes it, and none goes unhandled', async () => {
    const ahead = new ReadAhead();
    ahead.start('today:get', {}, environment(), async () => {
      throw new Error('closed');
    });
    await expect(ahead.take('today:get', {}, environment(later(5)))).rejects.toThrow('closed');
  });
});

describe('the day after unlock', () => {
  let vault: CalendarVault;
  afterEach(async () => {
    await vault?.dispose();
  });

  it('shows a session booked right after unlock: a change drops the day read as the vault opened', async () => {
    vault = await openCalendarVault(AT);
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    await vault.book({ start: '2026-03-10T09:00:00.000Z' });
    expect((await vault.call('today:get', {})).sessions.map((s) => s.appointment.start)).toEqual(['2026-03-10T09:00:00.000Z']);
  });

  it('is the day at the request’s time when the clock has moved on since the unlock', async () => {
    vault = await openCalendarVault(AT);
    await vault.book({ start: '2026-03-11T09:00:00.000Z' });
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    vault.setNow('2026-03-11T07:00:00.000Z');
    const today = await vault.call('today:get', {});
    expect(today.date).toBe('2026-03-11');
    expect(today.sessions.map((s) => s.appointment.start)).toEqual(['2026-03-11T09:00:00.000Z']);
  });
});
