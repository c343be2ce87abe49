import { afterEach, describe, expect, it } from 'vitest';
import { openTempVault, setUp, type TempVault } from '../support/temp-vault';

let vault: TempVault;
afterEach(async () => {
  await vault?.dispose();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a lock asked for from the menu', () => {
  it('tells the window first, and locks by itself if the window does not within the grace period', async () => {
    vault = await openTempVault({ lockRequestGraceMs: 200 });
    await setUp(vault);
    vault.core.requestLock();
    expect(vault.events.at(-1)).toEqual({ type: 'vault:lockRequested' });
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });
    await wait(400);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'locked' });
    expect(vault.events.at(-1)).toEqual({ type: 'vault:locked', reason: 'manual' });
  });

  it('locks once when the window locks in time, and the late fallback does not lock a vault opened again', async () => {
    vault = await openTempVault({ lockRequestGraceMs: 300 });
    await setUp(vault);
    vault.core.requestLock();
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: 'lantern orchard quietly violet harbor' });
    await wait(500);
    expect(await vault.call('vault:status', {})).toEqual({ state: 'unlocked' });
    expect(vault.events.filter((event) => event.type === 'vault:locked')).toHaveLength(1);
  });

  it('does nothing while the vault is locked', async () => {
    vault = await openTempVault({ lockRequestGraceMs: 100 });
    await setUp(vault);
    await vault.call('vault:lock', {});
    const before = vault.events.length;
    vault.core.requestLock();
    expect(vault.events).toHaveLength(before);
  });
});
