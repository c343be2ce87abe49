import type { PowerMonitor } from 'electron';
import type { LockReason } from '../shared/vault';
import type { AppCore } from './app-core-types';

/** The vault locks when the computer sleeps or its screen locks: an unattended laptop shows nothing. */
export function lockOnSleepAndScreenLock(powerMonitor: PowerMonitor, core: Pick<AppCore, 'lock'>, onError: (error: unknown) => void): void {
  const lock = (reason: LockReason) => {
    core.lock(reason).catch(onError);
  };
  powerMonitor.on('suspend', () => lock('suspend'));
  powerMonitor.on('lock-screen', () => lock('screen-locked'));
}
