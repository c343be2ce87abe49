import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempVault, setUp, type TempVault } from '../support/temp-vault';

let vault: TempVault;
beforeEach(async () => {
  vault = await openTempVault();
});
afterEach(async () => {
  await vault.dispose();
});

describe('dispatch', () => {
  it('a channel the contract does not name is UNKNOWN_CHANNEL', async () => {
    for (const channel of ['patients:delete', '__proto__', 'constructor', 42, null, undefined]) {
      expect((await vault.refuse(channel, {})).code, String(channel)).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('print:window asks the calling window’s printer and answers its outcome', async () => {
    expect(await vault.call('print:window', { target: 'pdf', suggestedFileName: 'Alliance recovery sheet' })).toEqual({ outcome: 'saved' });
    expect(await vault.call('print:window', { target: 'printer', suggestedFileName: 'Plan' })).toEqual({ outcome: 'printed' });
    expect(vault.printed).toEqual([
      { target: 'pdf', suggestedFileName: 'Alliance recovery sheet' },
      { target: 'printer', suggestedFileName: 'Plan' },
    ]);
  });

  it('an unexpected failure answers INTERNAL with a generic message, never the raw error text', async () => {
    const secret = 'Patient Jane Roe disclosed something';
    const context = {
      ...vault.context,
      printer: {
        print: async (): Promise<never> => {
          throw new Error(secret);
        },
      },
    };
    const result = await vault.core.handle('print:window', { target: 'pdf', suggestedFileName: 'Plan' }, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(JSON.stringify(result.error)).not.toContain('Jane');
  });

  it('preferences are read and changed through their channels', async () => {
    expect(await vault.call('preferences:get', {})).toMatchObject({ autoLockMinutes: 10, theme: 'system', lastView: 'calendar' });
    expect(await vault.call('preferences:update', { autoLockMinutes: 3, theme: 'dark' })).toMatchObject({
      autoLockMinutes: 3,
      theme: 'dark',
      lastView: 'calendar',
    });
    expect(vault.preferences.get().autoLockMinutes).toBe(3);
    const refused = await vault.refuse('preferences:update', { autoLockMinutes: 0 });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'autoLockMinutes', message: 'At least 1 minute' }] });
    expect(vault.preferences.get().autoLockMinutes).toBe(3);
  });

  it('session activity answers when the idle lock will fall, and nothing while locked', async () => {
    expect(await vault.call('session:activity', {})).toEqual({ idleLockAt: null });
    await setUp(vault);
    const { idleLockAt } = await vault.call('session:activity', {});
    expect(idleLockAt).not.toBeNull();
    const minutesAhead = (Date.parse(idleLockAt ?? '') - Date.now()) / 60_000;
    expect(minutesAhead).toBeGreaterThan(9.9);
    expect(minutesAhead).toBeLessThanOrEqual(10);
  });

  it('a mutation that fails emits no data:changed', async () => {
    await setUp(vault);
    vault.events.length = 0;
    await vault.refuse('patients:archive', { id: '6f9619ff-8b86-4011-b42d-00c04fc964ff', version: 1 });
    expect(vault.events).toEqual([]);
  });
});
