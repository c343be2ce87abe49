/**
 * sync_initial_ms: a new device receiving the 20-year practice through a real PostgreSQL on this
 * computer, through two app cores as the windows drive them: "Add a device" on the first (brought up
 * to date, its copy written and uploaded), then "Join a vault" on the second (the code redeemed, the
 * copy downloaded, opened and made its own, its key wrapped under its own passphrase), confirmed and
 * opened, until its status says up to date. `SYNC_BENCH_VAULT=/work/bench-vault npm run bench --
 * sync-initial` runs it on a copy of a kept vault (never the vault itself).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WORKER_BUNDLE } from '../../build/build-electron';
import { createAppCore } from '../../electron/app-core';
import type { AppCore, CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { ServerDetails } from '../../shared/sync/connection';
import { startPostgres } from '../unit/support/postgres';
import { BENCH_PASSPHRASE, onPracticeVaultCopy } from './kept-vault';
import type { Report } from './today-in-chromium';

const JOINED_PASSPHRASE = 'copper meadow whistle thunder ledger';
const TARGET_MS = 120_000;

const context: CallContext = {
  printer: { print: async () => 'cancelled' },
  files: { save: async () => 'cancelled' },
  folders: { choose: async () => undefined },
};

function caller(core: AppCore) {
  return async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await core.handle(channel, input, context);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  };
}

export async function benchmarkSyncInitial(report: Report): Promise<void> {
  await onPracticeVaultCopy('sync-initial', 'SYNC_BENCH_VAULT', async (firstDir) => {
    const cluster = await startPostgres();
    const joinDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-join-'));
    const first = createAppCore({ dataDir: firstDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
    const second = createAppCore({ dataDir: joinDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
    try {
      const server: ServerDetails = {
        host: cluster.host,
        port: cluster.port,
        database: cluster.database,
        user: cluster.user,
        password: cluster.password,
        tls: 'off',
        caCertificate: null,
      };
      const onFirst = caller(first);
      const onSecond = caller(second);
      await onFirst('vault:unlock', { passphrase: BENCH_PASSPHRASE });
      // The full integrity check of a vault this size runs after unlock; the pairing is timed without it.
      while ((await onFirst('vault:status', {})).integrityCheck === 'running') await new Promise((resolve) => setTimeout(resolve, 50));
      await onFirst('sync:connect', { server, deviceName: 'Office desktop' });

      const started = performance.now();
      const offered = await onFirst('sync:offerPairing', {});
      const offeredAt = performance.now();
      const steps = new Set<string>();
      let joining = true;
      const watching = (async () => {
        while (joining) {
          const progress = await onSecond('sync:joinProgress', {});
          if (progress) steps.add(`${progress.phase}:${progress.fraction.toFixed(2)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        await onSecond('sync:prepareJoin', { server, code: offered.code, deviceName: 'Laptop', passphrase: JOINED_PASSPHRASE });
      } finally {
        joining = false;
        await watching;
      }
      const preparedAt = performance.now();
      await onSecond('vault:confirmSetup', {});
      for (;;) {
        const status = await onSecond('sync:status', {});
        if (status.state === 'up-to-date') break;
        if (performance.now() - started > 10 * TARGET_MS) throw new Error(`The joined device did not catch up: ${status.state}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const done = performance.now();
      const patients = (await onSecond('patients:list', { includeArchived: true })).length;
      report('sync_initial_ms', Math.round(done - started), 'ms');
      report('sync_initial_offer_ms', Math.round(offeredAt - started), 'ms');
      report('sync_initial_join_ms', Math.round(preparedAt - offeredAt), 'ms');
      report('sync_initial_open_ms', Math.round(done - preparedAt), 'ms');
      report('sync_initial_progress_steps', steps.size, 'steps');
      report('sync_initial_patients', patients, 'patients');
      report('sync_initial_within_target', done - started <= TARGET_MS ? 'yes' : 'no', '');
    } finally {
      await Promise.all([first.close(), second.close()]);
      await rm(joinDir, { recursive: true, force: true });
      await cluster.stop();
    }
  });
}
