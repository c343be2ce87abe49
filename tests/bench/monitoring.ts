/**
 * Monitoring on the 20-year practice: years of results are added to it first, following the protocols
 * through each patient's medication history (tests/fixtures/results.ts). Then, in the database worker
 * alone (as today_get_worker_ms is measured):
 *
 * - monitoring_due_ms: the practice-wide due and overdue list (target 50 ms);
 * - results_chart_ms: what the results tab's charts are drawn from, for the patient with the most
 *   results: their results and their medication history (target 20 ms).
 */
import path from 'node:path';
import { WORKER_BUNDLE } from '../../build/build-electron';
import { DatabaseClient } from '../../electron/database/client';
import type { CallEnvironment } from '../../electron/features/handlers';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { localToday } from '../../shared/dates';
import type { PracticeProtocolChangeInput } from '../../shared/monitoring';
import { DEFAULT_PREFERENCES } from '../../shared/preferences';
import { importMonitoringResults } from '../fixtures/results';
import { openVaultDatabase } from '../fixtures/import';
import { BENCH_PASSPHRASE, onPracticeVaultCopy, upgradedVaultKey } from './kept-vault';
import { median } from './measure';
import { type Report } from './today-in-chromium';

const RUNS = 20;

const PRACTICE_CHANGES: PracticeProtocolChangeInput[] = [
  {
    protocol: 'clozapine',
    check: 'blood-count',
    change: {
      kind: 'schedule',
      phases: [
        { fromDay: 0, everyDays: 7 },
        { fromDay: 182, everyDays: 14 },
        { fromDay: 364, everyDays: 28 },
      ],
      band: null,
    },
    reason: 'The jurisdiction’s schedule',
    source: 'Clozapine REMS, 2015',
  },
  {
    protocol: 'lithium',
    check: 'lithium-level',
    change: {
      kind: 'schedule',
      phases: [
        { fromDay: 0, everyDays: 91 },
        { fromDay: 365, everyDays: 182 },
      ],
      band: { low: 0.6, high: 0.8 },
    },
    reason: 'The practice’s own range',
    source: 'Trust policy MM-12, 2025',
  },
];

export async function benchmarkMonitoring(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  // Unlocked once through the app, so the vault is at the latest schema (the results table) before results go in.
  const keyHex = await upgradedVaultKey(dataDir, passphrase);
  const today = localToday();
  const db = openVaultDatabase(path.join(dataDir, DATABASE_FILE_NAME), keyHex);
  let busiest: { patient_id: string; results: number } | undefined;
  try {
    const started = performance.now();
    const added = importMonitoringResults(db, today);
    process.stderr.write(
      `monitoring: ${added.results} results for ${added.patients} patients in ${Math.round(performance.now() - started)} ms\n`,
    );
    report('monitoring_results', added.results, 'results');
    report('monitoring_patients', added.patients, 'patients');
    busiest = db
      .prepare('SELECT patient_id, count(*) AS results FROM results GROUP BY patient_id ORDER BY results DESC LIMIT 1')
      .get<{ patient_id: string; results: number }>();
  } finally {
    db.close();
  }
  if (!busiest) throw new Error('No results were added: the practice has no patient on a monitored drug.');

  const client = new DatabaseClient(WORKER_BUNDLE);
  try {
    await client.open(path.join(dataDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'existing');
    const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
    const environment: CallEnvironment = {
      now: new Date().toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      workingHours,
      lateCancellationHours,
      feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
      ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
      planReviewDays,
      clinician: { name: '', credentials: '' },
      currency: 'USD',
    };
    // The practice follows its own clozapine counts and lithium range, as many do: the list reads and applies them each time.
    for (const change of PRACTICE_CHANGES) await client.run('monitoring:changeProtocol', { change }, environment);
    const due: number[] = [];
    let listed = { patients: 0, overdue: 0 };
    for (let i = 0; i < RUNS; i += 1) {
      const { value, workerMs } = await client.runTimed('monitoring:practice', {}, environment);
      due.push(workerMs);
      listed = {
        patients: value.patients.length,
        overdue: value.patients.filter((patient) => patient.due.some((check) => check.status === 'overdue')).length,
      };
    }
    process.stderr.write(`monitoring:practice: ${listed.patients} patients listed, ${listed.overdue} with something overdue\n`);
    report('monitoring_due_ms', median(due), 'ms');
    report('monitoring_due_listed_patients', listed.patients, 'patients');

    const chart: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const results = await client.runTimed('results:list', { patientId: busiest.patient_id }, environment);
      const medications = await client.runTimed('medications:list', { patientId: busiest.patient_id }, environment);
      chart.push(results.workerMs + medications.workerMs);
    }
    report('results_chart_ms', median(chart), 'ms');
    report('results_chart_results', busiest.results, 'results');
    await client.call('close', {});
  } finally {
    await client.stop();
  }
}

/**
 * `npm run bench -- monitoring`. With MONITORING_BENCH_VAULT naming a folder holding a 20-year practice
 * vault (the bench's passphrase), a copy of it is used; without it, the practice is built first.
 */
export async function benchmarkMonitoringAlone(report: Report): Promise<void> {
  await onPracticeVaultCopy('monitoring', 'MONITORING_BENCH_VAULT', (dataDir) =>
    benchmarkMonitoring(report, { dataDir, passphrase: BENCH_PASSPHRASE }),
  );
}
