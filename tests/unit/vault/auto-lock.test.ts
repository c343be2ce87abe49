import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleLock, type Schedule } from '../../../electron/vault/auto-lock';
import { openTempVault, setUp, type TempVault } from '../support/temp-vault';

const MINUTE = 60_000;

/** A clock and a timer queue the test moves by hand. */
function manualTime() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const schedule: Schedule = (run, delayMs) => {
    const timer = { at: now + delayMs, run };
    timers.push(timer);
    return () => {
      timers = timers.filter((t) => t !== timer);
    };
  };
  return {
    now: () => now,
    schedule,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
        await Promise.resolve();
      }
      now = until;
    },
  };
}

function idleLockFor(minutes: number) {
  const time = manualTime();
  const warnings: number[] = [];
  let locks = 0;
  const idleLock = new IdleLock({
    now: time.now,
    schedule: time.schedule,
    idleMinutes: () => minutes,
    onWarning: (secondsLeft) => warnings.push(secondsLeft),
    onIdle: async () => {
      locks += 1;
    },
  });
  return { idleLock, time, warnings, locks: () => locks };
}

describe('the idle lock', () => {
  it('locks after the preference’s minutes without activity, and not a moment before', async () => {
    const { idleLock, time, locks } = idleLockFor(10);
    idleLock.start();
    await time.advance(10 * MINUTE - 1);
    expect(locks()).toBe(0);
    await time.advance(1);
    expect(locks()).toBe(1);
  });

  it('warns a minute before locking', async () => {
    const { idleLock, time, warnings, locks } = idleLockFor(10);
    idleLock.start();
    await time.advance(9 * MINUTE - 1);
    expect(warnings).toEqual([]);
    await time.advance(1);
    expect(warnings).toEqual([60]);
    expect(locks()).toBe(0);
  });

  it('activity postpones the lock by the whole period', async () => {
    const { idleLock, time, locks } = idleLockFor(10);
    idleLock.start();
    await time.advance(8 * MINUTE);
    idleLock.activity();
    await time.advance(9 * MINUTE);
    expect(locks()).toBe(0);
    expect(idleLock.lockAt()).toBe(18 * MINUTE);
    await time.advance(MINUTE);
    expect(locks()).toBe(1);
  });

  it('does nothing while stopped (the vault is locked)', async () => {
    const { idleLock, time, locks } = idleLockFor(1);
    idleLock.start();
    idleLock.stop();
    await time.advance(60 * MINUTE);
    expect(locks()).toBe(0);
    expect(idleLock.lockAt()).toBeNull();
  });

  it('a check after the clock has moved on (the laptop slept, the timer never fired) locks at once', async () => {
    let now = 0;
    let locks = 0;
    const idleLock = new IdleLock({
      now: () => now,
      schedule: () => () => {},
      idleMinutes: () => 2,
      onWarning: () => {},
      onIdle: async () => {
        locks += 1;
      },
    });
    idleLock.start();
    now = 2 * MINUTE - 1;
    await idleLock.check();
    expect(locks).toBe(0);
    now = 3 * MINUTE;
    await idleLock.check();
    expect(locks).toBe(1);
  });
});

describe('the idle lock in the app', () => {
  let vault: TempVault | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await vault?.dispose();
    vault = undefined;
  });

  it('locks the vault with reason "idle" after the minutes set in preferences, after a warning', async () => {
    vault = await openTempVault({ autoLockMinutes: 2 });
    await setUp(vault);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Restart the count under the fake clock, as any call does.
    await vault.call('session:activity', {});

    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(vault.events).toContainEqual({ type: 'vault:idleWarning', secondsLeft: 60 });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });

    await vi.advanceTimersByTimeAsync(MINUTE - 1000);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });
    await vault.call('session:activity', {});
    await vi.advanceTimersByTimeAsync(2 * MINUTE - 1000);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });

    await vi.advanceTimersByTimeAsync(1000);
    // The lock closes the worker's connection, real work that took over a second on a busy machine
    // (vi.waitFor's default); the timeout says how long to wait, not what is expected.
    await vi.waitFor(async () => expect(vault?.events).toContainEqual({ type: 'vault:locked', reason: 'idle' }), { timeout: 15_000 });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    expect((await vault.refuse('patients:list', {})).code).toBe('VAULT_LOCKED');
  });

  it('calls the window makes by itself, like the session timer polling, do not keep the vault open', async () => {
    vault = await openTempVault({ autoLockMinutes: 2 });
    await setUp(vault);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await vault.call('session:activity', {});
    for (let second = 30; second < 2 * 60; second += 30) {
      await vi.advanceTimersByTimeAsync(30_000);
      await vault.call('sessions:running', {});
      await vault.call('patients:list', {});
    }
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(async () => expect(vault?.events).toContainEqual({ type: 'vault:locked', reason: 'idle' }), { timeout: 15_000 });
  });
});
