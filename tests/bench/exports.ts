/**
 * Exports on the 20-year practice: the busiest chart's copy (its PDF, written by the worker, and its
 * FHIR Bundle, both through the core as the window asks for them), and the whole practice as FHIR
 * NDJSON and CSV, with the window's calls answered while it runs.
 *
 * export_patient_ms = the PDF + the FHIR Bundle of the busiest chart, each as the window waits for
 * it (the call through the main process and back, the file in hand).
 * chart_open_during_patient_pdf_max_ms = the slowest of the charts opened while that PDF is written again.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { KEY_FILE_NAME, parseKeyFile, passphraseSecret, unwrapKey } from '../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { openVaultDatabase } from '../fixtures/import';
import { generateCalendarPractice } from '../fixtures/practice';
import { buildPracticeVault } from './today-in-chromium';
import { median } from './measure';

type Report = (name: string, value: number | string, unit: string) => void;

/** Runs of the patient's export, the median reported. */
const PATIENT_RUNS = 3;
/** Pause between two chart opens while the busiest chart's PDF is written. */
const CHART_OPEN_PAUSE_MS = 50;
/** How often the window's stand-in asks while the practice is exported. */
const POLL_MS = 100;

async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(folder)) bytes += (await stat(path.join(folder, name))).size;
  return bytes;
}

/** The chart with the most signed notes, and how many, read with the raw key as any SQLCipher tool would. */
async function busiestChart(dataDir: string, passphrase: string): Promise<{ patientId: string; notes: number }> {
  const keyFile = parseKeyFile(await readFile(path.join(dataDir, KEY_FILE_NAME), 'utf8'));
  const key = await unwrapKey(keyFile, 'passphrase', passphraseSecret(passphrase));
  if (!key) throw new Error('The passphrase does not open this vault.');
  const db = openVaultDatabase(path.join(dataDir, DATABASE_FILE_NAME), key.toString('hex'));
  key.fill(0);
  try {
    const row = db
      .prepare("SELECT patient_id, count(*) AS notes FROM notes WHERE status = 'signed' GROUP BY patient_id ORDER BY notes DESC LIMIT 1")
      .get<{ patient_id: string; notes: number }>();
    if (!row) throw new Error('The vault has no signed notes.');
    return { patientId: row.patient_id, notes: Number(row.notes) };
  } finally {
    db.close();
  }
}

export async function benchmarkExports(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  const busiest = await busiestChart(dataDir, passphrase);
  report('export_patient_notes', busiest.notes, 'notes');
  const exportsDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-export-'));
  const folders: (string | undefined)[] = [];
  const context: CallContext = {
    printer: { print: async () => 'cancelled' },
    files: { save: async () => 'cancelled' },
    folders: { choose: async () => folders.shift() },
  };
  const core = createAppCore({ dataDir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await core.handle(channel, input, context);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  }
  try {
    await call('vault:unlock', { passphrase });
    while ((await call('vault:status', {})).integrityCheck === 'running') await new Promise((resolve) => setTimeout(resolve, 50));

    const pdfs: number[] = [];
    const bundles: number[] = [];
    let bundleChars = 0;
    let pdfPages = 0;
    let pdfChars = 0;
    for (let run = 0; run < PATIENT_RUNS; run += 1) {
      let started = performance.now();
      const written = await call('exports:patientPdf', { patientId: busiest.patientId, locale: 'en-GB' });
      pdfs.push(performance.now() - started);
      pdfPages = written.pages;
      pdfChars = written.pdf.length;
      started = performance.now();
      const { json } = await call('exports:patientBundle', { patientId: busiest.patientId });
      bundles.push(performance.now() - started);
      bundleChars = json.length;
    }
    report('export_patient_ms', median(pdfs) + median(bundles), 'ms');
    report('export_patient_pdf_ms', median(pdfs), 'ms');
    report('export_patient_pdf_pages', pdfPages, 'pages');
    report('export_patient_pdf_mb', (pdfChars * 3) / 4 / 1_048_576, 'MB');
    report('export_patient_fhir_ms', median(bundles), 'ms');
    report('export_patient_fhir_mb', bundleChars / 1_048_576, 'MB');

    // The busiest chart's PDF once more, while the window's stand-in opens other charts (their summary,
    // timeline and latest notes, as the chart view asks) one after another, a person clicking about.
    const others = (await call('patients:list', {})).map((patient) => patient.id).filter((id) => id !== busiest.patientId);
    const opens: number[] = [];
    let writing = true;
    const pdf = call('exports:patientPdf', { patientId: busiest.patientId, locale: 'en-GB' }).finally(() => {
      writing = false;
    });
    for (let next = 0; writing; next += 1) {
      const patientId = others[next % others.length] ?? busiest.patientId;
      const opened = performance.now();
      await Promise.all([
        call('chart:summary', { patientId }),
        call('chart:timeline', { patientId }),
        call('notes:list', { patientId, limit: 20, after: null }),
      ]);
      opens.push(performance.now() - opened);
      await new Promise((resolve) => setTimeout(resolve, CHART_OPEN_PAUSE_MS));
    }
    await pdf;
    report('chart_open_during_patient_pdf_max_ms', Math.max(...opens), 'ms');
    report('chart_open_during_patient_pdf_median_ms', median(opens), 'ms');
    report('chart_opens_during_patient_pdf', opens.length, 'opens');

    // The whole practice, while the window's stand-in polls the progress and opens a chart, as a person would.
    folders.push(exportsDir);
    const polls: number[] = [];
    let chartOpenMs: number | null = null;
    let running = true;
    const polling = (async () => {
      while (running) {
        const started = performance.now();
        const progress = await call('exports:practiceProgress', {});
        polls.push(performance.now() - started);
        if (chartOpenMs === null && progress?.step === 'charts' && progress.done > progress.total / 2) {
          const opened = performance.now();
          await call('chart:summary', { patientId: busiest.patientId });
          chartOpenMs = performance.now() - opened;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();
    const started = performance.now();
    const result = await call('exports:practice', {}).finally(() => {
      running = false;
    });
    report('export_practice_ms', performance.now() - started, 'ms');
    await polling;
    if (result.outcome !== 'exported') throw new Error('The practice export was cancelled.');
    report('export_practice_patients', result.patients, 'patients');
    for (const file of result.files) process.stderr.write(`exports: ${file.name} ${file.rows} rows\n`);
    report(
      'export_practice_resources',
      result.files.filter((f) => f.name.endsWith('.ndjson')).reduce((sum, f) => sum + f.rows, 0),
      'resources',
    );
    report('export_practice_mb', (await folderBytes(path.join(exportsDir, result.folderName))) / 1_048_576, 'MB');
    report('export_practice_progress_poll_max_ms', Math.max(...polls), 'ms');
    if (chartOpenMs !== null) report('export_practice_chart_open_during_ms', chartOpenMs, 'ms');
  } finally {
    await core.close();
    await rm(exportsDir, { recursive: true, force: true });
  }
}

/**
 * The exports' figures alone. With EXPORTS_BENCH_VAULT naming a folder that holds a 20-year practice
 * vault (opened with the bench's passphrase), a copy of it is used and the folder is left as it was;
 * without it, the practice is built first (several minutes).
 */
export async function benchmarkExportsAlone(report: Report): Promise<void> {
  const passphrase = 'lantern orchard quietly violet harbor';
  await buildElectron(['worker']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-exports-'));
  try {
    const kept = process.env.EXPORTS_BENCH_VAULT;
    if (kept) {
      for (const name of [DATABASE_FILE_NAME, KEY_FILE_NAME]) await cp(path.join(kept, name), path.join(dir, name));
    } else {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      await buildPracticeVault(dir, passphrase, generateCalendarPractice({ patients: 2_500, appointments: 40_000, timeZone }));
    }
    await benchmarkExports(report, { dataDir: dir, passphrase });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
