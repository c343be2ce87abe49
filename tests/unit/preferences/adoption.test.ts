/**
 * The practice's settings a device kept in its preference file before they moved into the vault: taken
 * into the vault at the first unlock, once, and only where the vault has none; and the merged
 * preferences the window reads and sets, locked and unlocked. One vault folder, opened by two app cores
 * in turn (two devices' preference files).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../shared/preferences';
import { openTempVault, PASSPHRASE, setUp, type TempVault } from '../support/temp-vault';

let dir: string;
let vault: TempVault;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-adoption-'));
  vault = await openTempVault({
    dir,
    preferences: { theme: 'dark', planReviewDays: 60, crisisContacts: 'Samaritans 116 123', feedbackAlertBelow: 6 },
  });
  await setUp(vault);
});
afterAll(async () => {
  await vault?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a device’s practice settings from before they moved into the vault', () => {
  it('are in the vault from the first unlock, and no longer in the device’s preferences', async () => {
    expect(await vault.call('preferences:practice', {})).toMatchObject({ planReviewDays: 60, crisisContacts: 'Samaritans 116 123' });
    expect(await vault.call('preferences:get', {})).toMatchObject({
      theme: 'dark',
      planReviewDays: 60,
      crisisContacts: 'Samaritans 116 123',
    });
    expect(vault.preferences.practiceToAdopt()).toEqual({});
    // The windows read again what they may have read before the vault took them.
    expect(vault.events.some((event) => event.type === 'data:changed' && event.scopes.includes('preferences'))).toBe(true);
  });

  it('read as the defaults while the vault is locked, and cannot be changed then; this device’s can', async () => {
    await vault.call('vault:lock', {});
    expect(await vault.call('preferences:get', {})).toMatchObject({
      theme: 'dark',
      planReviewDays: DEFAULT_PRACTICE_SETTINGS.planReviewDays,
    });
    expect(await vault.refuse('preferences:update', { planReviewDays: 30, theme: 'light' })).toMatchObject({ code: 'VAULT_LOCKED' });
    expect((await vault.call('preferences:get', {})).theme).toBe('dark');
    expect((await vault.call('preferences:update', { theme: 'light' })).theme).toBe('light');
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await vault.call('preferences:get', {})).planReviewDays).toBe(60);
  });

  it('of another device opening the same vault are taken only where the vault has none', async () => {
    await vault.dispose();
    vault = await openTempVault({ dir, preferences: { planReviewDays: 120, practiceName: 'Harbour Street Psychiatry' } });
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(await vault.call('preferences:get', {})).toMatchObject({
      planReviewDays: 60,
      crisisContacts: 'Samaritans 116 123',
      practiceName: 'Harbour Street Psychiatry',
    });
    expect(vault.preferences.practiceToAdopt()).toEqual({});
  });
});
