import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_BUNDLE } from '../../../build/build-electron';
import type { BridgeEvent } from '../../../shared/contract';
import { DatabaseClient } from '../../../electron/database/client';
import { Vault } from '../../../electron/vault/vault';
import { PASSPHRASE } from '../support/temp-vault';
import { testEnvironment } from '../support/environment';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('locking the vault', () => {
  it('closes the worker’s connection, so nothing below the main process can still read the database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-lock-'));
    const database = new DatabaseClient(WORKER_BUNDLE);
    cleanups.push(async () => {
      await database.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const events: BridgeEvent[] = [];
    const vault = new Vault({ dataDir: dir, database, emit: (event) => events.push(event), now: () => Date.now() });

    await vault.prepareSetup(PASSPHRASE);
    await vault.confirmSetup();
    expect(await database.call('connection', {})).toEqual({ open: true });
    expect(vault.isUnlocked()).toBe(true);

    await vault.lock('manual');
    expect(await database.call('connection', {})).toEqual({ open: false });
    expect(vault.isUnlocked()).toBe(false);
    await expect(database.run('patients:list', { includeArchived: false }, testEnvironment())).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
    expect(events).toEqual([{ type: 'vault:unlocked' }, { type: 'vault:locked', reason: 'manual' }]);

    await vault.unlock(PASSPHRASE);
    expect(await database.call('connection', {})).toEqual({ open: true });
  });
});
