/**
 * letter_prefill_ms: a letter to the primary care physician begun for the practice's busiest chart (the
 * patient with the most notes, measures and medication entries), pre-filled with every part of the
 * record under a consent that covers them all: diagnoses, medications with the last 90 days' changes,
 * the latest PHQ-9 and GAD-7 read against their baselines, the plan's goals and next appointment, and
 * the latest signed note. Timed in the database worker alone (letters:create), target 50 ms.
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

export async function benchmarkLetters(report: Report, { dataDir, passphrase }: { dataDir: string; passphrase: string }): Promise<void> {
  const keyHex = await upgradedVaultKey(dataDir, passphrase);
  const db = openVaultDatabase(path.join(dataDir, DATABASE_FILE_NAME), keyHex);
  let busiest: { patient_id: string; records: number } | undefined;
  try {
    busiest = db
      .prepare(
        `SELECT patient_id, sum(n) AS records FROM (
           SELECT patient_id, count(*) AS n FROM notes GROUP BY patient_id
           UNION ALL SELECT patient_id, count(*) FROM measures GROUP BY patient_id
           UNION ALL SELECT patient_id, count(*) FROM medication_events GROUP BY patient_id
         ) GROUP BY patient_id ORDER BY records DESC LIMIT 1`,
      )
      .get<{ patient_id: string; records: number }>();
  } finally {
    db.close();
  }
  if (!busiest) throw new Error('The practice has no chart to write a letter from.');

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
      clinician: { name: 'Ana Reyes', credentials: 'MD' },
      currency: 'USD',
    };
    const consent = await client.run(
      'consents:record',
      {
        patientId: busiest.patient_id,
        recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: '' },
        parts: ['diagnoses', 'medications', 'notes', 'plan', 'measures'],
        purpose: 'Shared care',
        validFrom: environment.now.slice(0, 10),
        validUntil: null,
        givenAs: 'signed-form',
      },
      environment,
    );
    const runs: number[] = [];
    let characters = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const { value, workerMs } = await client.runTimed(
        'letters:create',
        { patientId: busiest.patient_id, kind: 'pcp', consentId: consent.id, locale: 'en-US' },
        environment,
      );
      runs.push(workerMs);
      characters = value.sections.reduce((sum, section) => sum + section.text.length, 0);
    }
    report('letter_prefill_ms', median(runs), 'ms');
    process.stderr.write(
      `letters:create: busiest chart ${busiest.records} notes, measures and medication entries; ${characters} characters pre-filled\n`,
    );
    await client.call('close', {});
  } finally {
    await client.stop();
  }
}

/**
 * `npm run bench -- letters`. With LETTERS_BENCH_VAULT naming a folder holding a 20-year practice vault
 * (the bench's passphrase), a copy of it is used (never the folder itself); without it, the practice is built first.
 */
export async function benchmarkLettersAlone(report: Report): Promise<void> {
  await onPracticeVaultCopy('letters', 'LETTERS_BENCH_VAULT', (dataDir) =>
    benchmarkLetters(report, { dataDir, passphrase: BENCH_PASSPHRASE }),
  );
}
