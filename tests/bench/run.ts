/**
 * `npm run bench`: one JSON object per line, {"name","value","unit"}. Measures the real worker
 * bundle on a real encrypted vault in a temp folder, then deletes the folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { DatabaseClient } from '../../electron/database/client';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { SCRYPT_PARAMS } from '../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { generatePractice } from '../fixtures/practice';

const PATIENTS = 2_500;
const PASSPHRASE = 'lantern orchard quietly violet harbor';

function report(name: string, value: number | string, unit: string): void {
  const rounded = typeof value === 'number' ? Math.round(value * 1000) / 1000 : value;
  process.stdout.write(`${JSON.stringify({ name, value: rounded, unit })}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median time of `times` calls of `action`, one after another. */
async function medianMs(times: number, action: () => Promise<unknown>): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await action();
    durations.push(performance.now() - started);
  }
  return median(durations);
}

async function main(): Promise<void> {
  await buildElectron(['worker']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-'));
  const context: CallContext = { printer: { print: async () => 'cancelled' } };
  const core = createAppCore({ dataDir: dir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await core.handle(channel, input, context);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  }

  try {
    const sheet = await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await call('vault:confirmSetup', {});

    const practice = generatePractice({ patients: PATIENTS });
    const insertStarted = performance.now();
    for (const patient of practice.patients) await call('patients:create', { patient });
    report('patient_create_ms', (performance.now() - insertStarted) / PATIENTS, 'ms');

    // Unlock as a person does: derive the key, open the database, show the patient list.
    report('kdf', `scrypt N=${SCRYPT_PARAMS.N} r=${SCRYPT_PARAMS.r} p=${SCRYPT_PARAMS.p}`, '');
    const unlocks: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await call('vault:lock', {});
      const started = performance.now();
      await call('vault:unlock', { passphrase: PASSPHRASE });
      const list = await call('patients:list', {});
      unlocks.push(performance.now() - started);
      if (list.length !== PATIENTS) throw new Error(`Expected ${PATIENTS} patients after unlock, found ${list.length}`);
    }
    report('unlock_ms', median(unlocks), 'ms');

    report('core_call_ms', await medianMs(1000, () => call('session:activity', {})), 'ms');
    report('patient_list_core_ms', await medianMs(20, () => call('patients:list', {})), 'ms');
    await core.close();

    // The worker's own view: the same bundle and query, timed inside the worker.
    const client = new DatabaseClient(WORKER_BUNDLE);
    try {
      await client.open(path.join(dir, DATABASE_FILE_NAME), Buffer.from(sheet.databaseKeyHex, 'hex'), 'existing');
      const inWorker: number[] = [];
      const roundtrip: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        const { value, workerMs } = await client.callTimed('patients.list', { includeArchived: false });
        roundtrip.push(performance.now() - started);
        inWorker.push(workerMs);
        if (value.length !== PATIENTS) throw new Error(`Expected ${PATIENTS} patients, found ${value.length}`);
      }
      report('patient_list_ms', median(inWorker), 'ms');
      report('patient_list_roundtrip_ms', median(roundtrip), 'ms');

      report('worker_roundtrip_ms', await medianMs(1000, () => client.call('ping', {})), 'ms');
      await client.call('close', {});
    } finally {
      await client.stop();
    }
  } finally {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
