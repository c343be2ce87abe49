import { EventEmitter } from 'node:events';
import type { PowerMonitor } from 'electron';
import { describe, expect, it } from 'vitest';
import { lockOnSleepAndScreenLock } from '../../../electron/power';
import type { LockReason } from '../../../shared/vault';

describe('sleep and screen lock', () => {
  function watched(lock: (reason: LockReason) => Promise<void>) {
    const powerMonitor = new EventEmitter();
    const errors: unknown[] = [];
    lockOnSleepAndScreenLock(powerMonitor as unknown as PowerMonitor, { lock }, (error) => errors.push(error));
    return { powerMonitor, errors };
  }

  it('lock the vault, each with its own reason', () => {
    const reasons: LockReason[] = [];
    const { powerMonitor } = watched(async (reason) => {
      reasons.push(reason);
    });
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(reasons).toEqual(['suspend', 'screen-locked']);
  });

  it('report a lock that failed instead of losing it', async () => {
    const failure = new Error('worker gone');
    const { powerMonitor, errors } = watched(() => Promise.reject(failure));
    powerMonitor.emit('suspend');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toEqual([failure]);
  });
});
