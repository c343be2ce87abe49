/**
 * SIGKILL at random moments, as a crash or a power cut would: a set-up leaves nothing or a whole
 * vault, and no write the vault acknowledged is ever lost.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME } from '../../../electron/vault/keyfile';
import { SETUP_FOLDER } from '../../../electron/vault/vault';
import { startVaultChild } from '../support/child-process';
import { openTempVault, PASSPHRASE, realSetUp, setUp } from '../support/temp-vault';

const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-kill-'));
  folders.push(dir);
  return dir;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('killed with SIGKILL', () => {
  it('during set-up, the folder holds either a whole vault or a leftover that is set aside so set-up can start again', async () => {
    // How long a confirmation takes here, so the kills land across all of it.
    const timing = await startVaultChild('setup', await folder());
    await timing.waitFor(/^confirming$/);
    const started = performance.now();
    await timing.waitFor(/^confirmed$/);
    const confirmMs = performance.now() - started;
    await timing.exited;

    const outcomes = { whole: 0, setAside: 0, untouched: 0 };
    for (let round = 0; round < 8; round += 1) {
      const dir = await folder();
      const child = await startVaultChild('setup', dir);
      await child.waitFor(/^confirming$/);
      await pause(Math.random() * confirmMs * 1.2);
      await child.kill();

      const vault = await openTempVault({ dir });
      try {
        const status = await vault.call('vault:status', {});
        if (status.state === 'locked') {
          outcomes.whole += 1;
          expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
        } else {
          expect(status.state).toBe('new');
          if (status.setAside) outcomes.setAside += 1;
          else outcomes.untouched += 1;
          await realSetUp(vault);
          expect((await vault.call('vault:status', {})).state).toBe('unlocked');
        }
        expect(await readdir(dir)).not.toContain(SETUP_FOLDER);
        expect(existsSync(path.join(dir, KEY_FILE_NAME))).toBe(true);
      } finally {
        await vault.dispose();
      }
    }
    expect(outcomes.whole + outcomes.setAside + outcomes.untouched).toBe(8);
  });

  it('during writes, at 20 random moments, no acknowledged write is lost', async () => {
    const dir = await folder();
    const first = await openTempVault({ dir });
    await setUp(first);
    await first.dispose();

    const acknowledged: string[] = [];
    for (let round = 0; round < 20; round += 1) {
      const child = await startVaultChild('write', dir);
      await child.waitFor(/^unlocked$/);
      await pause(20 + Math.random() * 150);
      await child.kill();
      acknowledged.push(...child.lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4)));
    }
    expect(acknowledged.length).toBeGreaterThan(20);

    const vault = await openTempVault({ dir });
    try {
      expect(await vault.call('vault:unlock', { passphrase: PASSPHRASE })).toEqual({ state: 'unlocked' });
      const names = new Set((await vault.call('patients:list', { includeArchived: true })).map((patient) => patient.familyName));
      expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);
      expect(await vault.call('audit:verify', {})).toMatchObject({ firstBroken: null });
    } finally {
      await vault.dispose();
    }
  });
});
