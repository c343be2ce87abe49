/**
 * Replication's figures, on two devices of one vault (two database workers, two data folders) and a
 * throwaway PostgreSQL on loopback:
 * - sync_change_ms: a note signed on the laptop until the desktop shows it signed: the laptop's push
 *   (50 ms after the write), the server's NOTIFY, the desktop's pull and apply, its data:changed
 *   event and its read of the note. Median of RUNS, target ≤ 1,000 ms.
 * - sync_push_overhead_ms: what change capture and the clock's stamp add to signing a note, in the
 *   worker (the median signing with the vault connected, less the median with it disconnected,
 *   alternating blocks of each). Target ≤ 2 ms.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { WORKER_BUNDLE } from '../../build/build-electron';
import { DatabaseClient } from '../../electron/database/client';
import type { SyncEvent } from '../../electron/database/api';
import type { CallEnvironment } from '../../electron/features/handlers';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { contract, type ChannelInput, type WorkerChannel } from '../../shared/contract';
import { DEFAULT_PREFERENCES } from '../../shared/preferences';
import { startPostgres } from '../unit/support/postgres';
import { copyAsNewDevice, loopbackDetails } from '../unit/support/sync-device-copy';
import { median } from './measure';
import type { Report } from './today-in-chromium';

const RUNS = Number(process.env.SYNC_BENCH_RUNS ?? 20);
/** Signings per block, and blocks of each kind, for the overhead. */
const BLOCK = 6;
const BLOCKS = 8;

function environment(): CallEnvironment {
  const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
  return {
    now: new Date().toISOString(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    workingHours,
    lateCancellationHours,
    feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
    ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
    planReviewDays,
    clinician: { name: 'Ana Reyes', credentials: 'MD' },
    currency: 'USD',
  };
}

type Device = {
  client: DatabaseClient;
  run<C extends WorkerChannel>(channel: C, input: ChannelInput<C>): Promise<{ value: unknown; workerMs: number }>;
  /** Resolves at the next sync event naming `scope`. */
  heard(scope: string): Promise<void>;
};

function device(): Device {
  const waiting: { scope: string; resolve: () => void }[] = [];
  const client = new DatabaseClient(WORKER_BUNDLE, {
    onSync: (event: SyncEvent) => {
      for (const waiter of waiting.splice(0)) {
        if (event.scopes.includes(waiter.scope as never)) waiter.resolve();
        else waiting.push(waiter);
      }
    },
  });
  return {
    client,
    // Parsed against the contract, as the main process does before it forwards a channel.
    run: (channel, input) => client.runTimed(channel, contract[channel].input.parse(input) as never, environment()),
    heard: (scope) => new Promise((resolve) => waiting.push({ scope, resolve })),
  };
}

type Note = { id: string; version: number };

async function draftNote(laptop: Device, patientId: string, text: string): Promise<Note> {
  const { value: note } = await laptop.run('notes:create', {
    patientId,
    template: 'psychiatric-follow-up',
    session: null,
    serviceDate: null,
  });
  const { id, version } = note as Note;
  const { value: saved } = await laptop.run('notes:saveDraft', {
    id,
    version,
    fields: { intervalHistory: text },
    serviceDate: new Date().toISOString().slice(0, 10),
  });
  return { id, version: (saved as Note).version };
}

export async function benchmarkSync(report: Report): Promise<void> {
  const cluster = await startPostgres();
  const root = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-sync-'));
  const [laptopDir, desktopDir] = [path.join(root, 'laptop'), path.join(root, 'desktop')];
  const keyHex = randomBytes(32).toString('hex');
  const laptop = device();
  const desktop = device();
  // The workers do not hold the process open while it waits for the desktop to hear of a change.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await mkdir(laptopDir, { mode: 0o700 });
    await laptop.client.open(path.join(laptopDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'create');
    await laptop.run('sync:connect', { server: loopbackDetails(cluster), deviceName: 'Laptop' });
    await laptop.run('sync:syncNow', {});
    await laptop.client.call('close', {});
    await copyAsNewDevice(laptopDir, desktopDir, keyHex, cluster, 'Office desktop');
    await laptop.client.open(path.join(laptopDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'existing');
    await desktop.client.open(path.join(desktopDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'existing');

    const { value: patient } = await laptop.run('patients:create', {
      patient: { givenName: 'Ines', familyName: 'Moreau', preferredName: '', dateOfBirth: '1984-06-12', phone: '', email: '' },
    });
    const patientId = (patient as { id: string }).id;

    // sync_change_ms: each note drafted, the two devices brought up to date, then signed and awaited on the desktop.
    const changeMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const note = await draftNote(laptop, patientId, `Run ${run}: sleeping better`);
      await laptop.run('sync:syncNow', {});
      await desktop.run('sync:syncNow', {});
      const started = performance.now();
      const heard = desktop.heard('notes');
      await laptop.run('notes:sign', { id: note.id, version: note.version, signedBy: 'Dr Ana Reyes, MD' });
      for (;;) {
        await heard;
        const { value } = await desktop.run('notes:get', { id: note.id });
        if ((value as { status: string }).status === 'signed') break;
      }
      changeMs.push(performance.now() - started);
    }
    report('sync_change_ms', Math.round(median(changeMs)), 'ms');
    console.error(`sync_change_ms runs: ${changeMs.map((ms) => Math.round(ms)).join(' ')}`);

    // sync_push_overhead_ms: signing with the vault connected (stamp and capture) and disconnected, in alternating blocks.
    const connected: number[] = [];
    const disconnected: number[] = [];
    for (let block = 0; block < BLOCKS * 2; block += 1) {
      const capturing = block % 2 === 0;
      if (capturing) await laptop.run('sync:connect', { server: loopbackDetails(cluster), deviceName: 'Laptop' });
      else await laptop.run('sync:disconnect', {});
      const notes: Note[] = [];
      for (let i = 0; i < BLOCK; i += 1) notes.push(await draftNote(laptop, patientId, `Block ${block}, note ${i}`));
      // The drafts' push done, so no exchange shares the worker's thread with the signings.
      if (capturing) await laptop.run('sync:syncNow', {});
      for (const note of notes) {
        const { workerMs } = await laptop.run('notes:sign', { id: note.id, version: note.version, signedBy: 'Dr Ana Reyes, MD' });
        (capturing ? connected : disconnected).push(workerMs);
      }
    }
    report('sync_push_overhead_ms', Math.round((median(connected) - median(disconnected)) * 100) / 100, 'ms');
    console.error(
      `sync_push_overhead_ms: note_sign median ${median(connected).toFixed(2)} ms connected, ${median(disconnected).toFixed(2)} ms not`,
    );
  } finally {
    clearInterval(keepAlive);
    await Promise.all([laptop.client.stop(), desktop.client.stop()]);
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  }
}
