/**
 * The clinical reading of PHQ-9 and GAD-7 on the 20-year practice, in the database worker alone (as
 * monitoring_due_ms is measured):
 *
 * - measures_classify_ms: one chart's reading (outcomes:patient: every PHQ-9 and GAD-7 read against
 *   the baseline, the expected course, the open flags with their next session) for the patient with
 *   the most measures (target 10 ms);
 * - practice_outcomes_ms: the practice view's outcome rates per quarter and its lists of patients not
 *   on track or reliably worse, over the last year (outcomes:practice, target 200 ms).
 */
import path from 'node:path';
import { WORKER_BUNDLE } from '../../build/build-electron';
import { DatabaseClient } from '../../electron/database/client';
import type { CallEnvironment } from '../../electron/features/handlers';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { DEFAULT_PREFERENCES } from '../../shared/preferences';
import { openVaultDatabase } from '../fixtures/import';
import { BENCH_PASSPHRASE, onPracticeVaultCopy, upgradedVaultKey } from './kept-vault';
import { median } from './measure';
import { type Report } from './today-in-chromium';

const RUNS = 20;
const YEAR_MS = 365 * 86_400_000;

export async function benchmarkOutcomes(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  // Unlocked once through the app, so the vault is at the latest schema (the acknowledgements table).
  const keyHex = await upgradedVaultKey(dataDir, passphrase);
  const db = openVaultDatabase(path.join(dataDir, DATABASE_FILE_NAME), keyHex);
  let busiest: { patient_id: string; measures: number } | undefined;
  let total: number;
  try {
    busiest = db
      .prepare(
        `SELECT patient_id, count(*) AS measures FROM measures WHERE instrument IN ('phq9', 'gad7')
         GROUP BY patient_id ORDER BY measures DESC LIMIT 1`,
      )
      .get<{ patient_id: string; measures: number }>();
    total = db.prepare(`SELECT count(*) FROM measures WHERE instrument IN ('phq9', 'gad7')`, { pluck: true }).get<number>() ?? 0;
  } finally {
    db.close();
  }
  if (!busiest) throw new Error('The practice has no PHQ-9 or GAD-7 to read.');

  const client = new DatabaseClient(WORKER_BUNDLE);
  try {
    await client.open(path.join(dataDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'existing');
    const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
    const now = new Date();
    const environment: CallEnvironment = {
      now: now.toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      workingHours,
      lateCancellationHours,
      feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
      ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
      planReviewDays,
      clinician: { name: '', credentials: '' },
      currency: 'USD',
    };

    const classify: number[] = [];
    let flags = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const { value, workerMs } = await client.runTimed('outcomes:patient', { patientId: busiest.patient_id }, environment);
      classify.push(workerMs);
      flags = value.openFlags.length;
    }
    report('measures_classify_ms', median(classify), 'ms');
    report('measures_classify_measures', busiest.measures, 'measures');
    process.stderr.write(`outcomes:patient: ${busiest.measures} measures, ${flags} open flags\n`);

    const practice: number[] = [];
    let listed = { notOnTrack: 0, deteriorations: 0, quarters: 0 };
    const range = { from: new Date(now.getTime() - YEAR_MS).toISOString(), to: now.toISOString() };
    for (let i = 0; i < RUNS; i += 1) {
      const { value, workerMs } = await client.runTimed('outcomes:practice', range, environment);
      practice.push(workerMs);
      listed = { notOnTrack: value.notOnTrack.length, deteriorations: value.deteriorations.length, quarters: value.quarters.length };
    }
    report('practice_outcomes_ms', median(practice), 'ms');
    report('practice_outcomes_practice_measures', total, 'measures');
    process.stderr.write(
      `outcomes:practice: ${total} PHQ-9 and GAD-7 in the practice, ${listed.notOnTrack} not on track, ${listed.deteriorations} reliably worse, ${listed.quarters} quarter rows\n`,
    );
    await client.call('close', {});
  } finally {
    await client.stop();
  }
}

/**
 * `npm run bench -- outcomes`. With OUTCOMES_BENCH_VAULT naming a folder holding a 20-year practice
 * vault (the bench's passphrase), a copy of it is used (never the folder itself); without it, the
 * practice is built first.
 */
export async function benchmarkOutcomesAlone(report: Report): Promise<void> {
  await onPracticeVaultCopy('outcomes', 'OUTCOMES_BENCH_VAULT', (dataDir) =>
    benchmarkOutcomes(report, { dataDir, passphrase: BENCH_PASSPHRASE }),
  );
}
