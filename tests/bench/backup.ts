/**
 * backup_ms and backup_verify_ms on the 20-year practice's vault, through the app core as the window
 * drives it ("Back up now", then the status polled), and whether the window still answers while the
 * backup runs: a chart opened (its summary, timeline and latest notes, as the chart view asks for
 * them) again and again during the backup, each timed. `npm run bench -- backup` builds the vault
 * alone; the full run takes it on the practice's vault.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { readBackupManifest } from '../../electron/features/backups/manifest';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { generateCalendarPractice } from '../fixtures/practice';
import { buildPracticeVault, type Report } from './today-in-chromium';

/**
 * Charts opened before the backup, for the figures at rest: each a chart not opened before, as the ones
 * opened during the backup are, so the two sets of figures compare (a first open reads its pages from disk).
 */
const CHARTS_AT_REST = 100;
/** Pause between two chart opens during the backup: a person clicking about. */
const BETWEEN_OPENS_MS = 100;

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}

export async function benchmarkBackup(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  const backups = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-backups-'));
  const context: CallContext = {
    printer: { print: async () => 'cancelled' },
    files: { save: async () => 'cancelled' },
    folders: { choose: async () => backups },
  };
  const core = createAppCore({ dataDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await core.handle(channel, input, context);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  }
  try {
    await call('vault:unlock', { passphrase });
    // The full integrity check of a vault this size runs after unlock; the backup is timed without it.
    while ((await call('vault:status', {})).integrityCheck === 'running') await new Promise((resolve) => setTimeout(resolve, 50));
    await call('backups:chooseFolder', {});
    const patients = (await call('patients:list', {})).map((patient) => patient.id);
    let next = 0;
    async function openChart(): Promise<number> {
      const patientId = patients[next++ % patients.length] ?? '';
      const started = performance.now();
      await Promise.all([
        call('chart:summary', { patientId }),
        call('chart:timeline', { patientId }),
        call('notes:list', { patientId, limit: 20, after: null }),
      ]);
      return performance.now() - started;
    }
    const atRest: number[] = [];
    for (let i = 0; i < CHARTS_AT_REST; i += 1) atRest.push(await openChart());

    const started = performance.now();
    await call('backups:backUpNow', {});
    let verifyingFrom: number | undefined;
    let lastFraction = 0;
    let progressSteps = 0;
    const during: number[] = [];
    for (;;) {
      const status = await call('backups:status', {});
      if (!status.running) break;
      if (status.running.phase === 'verifying') verifyingFrom ??= performance.now();
      if (status.running.fraction > lastFraction) progressSteps += 1;
      lastFraction = status.running.fraction;
      during.push(await openChart());
      await new Promise((resolve) => setTimeout(resolve, BETWEEN_OPENS_MS));
    }
    const ended = performance.now();
    const status = await call('backups:status', {});
    if (!status.lastVerified || status.lastFailure)
      throw new Error(`The backup failed: ${status.lastFailure?.message ?? 'no verified backup'}`);
    const manifest = await readBackupManifest(status.lastVerified.folder);
    const databaseBytes = manifest.files.find((file) => file.name === DATABASE_FILE_NAME)?.bytes ?? 0;

    report('backup_ms', (verifyingFrom ?? ended) - started, 'ms');
    report('backup_verify_ms', ended - (verifyingFrom ?? ended), 'ms');
    report('backup_size_mb', databaseBytes / 1_048_576, 'MB');
    report('backup_progress_steps', progressSteps, 'steps');
    report('chart_open_at_rest_median_ms', percentile(atRest, 0.5), 'ms');
    report('chart_open_at_rest_p95_ms', percentile(atRest, 0.95), 'ms');
    report('chart_open_at_rest_max_ms', Math.max(...atRest), 'ms');
    report('chart_open_during_backup_median_ms', percentile(during, 0.5), 'ms');
    report('chart_open_during_backup_p95_ms', percentile(during, 0.95), 'ms');
    report('chart_open_during_backup_max_ms', Math.max(...during), 'ms');
    report('chart_opens_during_backup', during.length, 'opens');
  } finally {
    await core.close();
    await rm(backups, { recursive: true, force: true });
  }
}

/** `npm run bench -- backup`: the 20-year practice's vault built as the runner builds it, then the backup. */
export async function benchmarkBackupAlone(report: Report): Promise<void> {
  const passphrase = 'lantern orchard quietly violet harbor';
  await buildElectron(['worker']);
  const kept = process.env.BACKUP_BENCH_VAULT;
  const dir = kept ?? (await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-backup-')));
  try {
    const practice = generateCalendarPractice({
      patients: 2_500,
      appointments: 40_000,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    if (!kept || !existsSync(path.join(dir, DATABASE_FILE_NAME))) {
      await mkdir(dir, { recursive: true });
      await buildPracticeVault(dir, passphrase, practice);
    }
    await benchmarkBackup(report, { dataDir: dir, passphrase });
  } finally {
    if (!kept) await rm(dir, { recursive: true, force: true });
  }
}
