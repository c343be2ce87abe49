/**
 * `npm run bench`: one JSON object per line, {"name","value","unit"}. Measures the real worker
 * bundle on a real encrypted vault in a temp folder, then deletes the folder. The vault holds the
 * synthetic 20-year practice (2,500 patients, 40,000 sessions, 35,000 signed notes of about 640
 * words, 30,000 session feedback entries and 20,000 PHQ-9s and GAD-7s); the calendar's and the
 * chart's figures are taken in the worker and in Chromium through the browser harness. The
 * treatment plan's come last, from ./plan-in-chromium on a vault of their own. Diagnostics
 * (per-query search times, per-chart trend times, each plan run) go to stderr.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import type { IntegrityEvent } from '../../electron/database/api';
import type { CallEnvironment } from '../../electron/features/handlers';
import { DEFAULT_PREFERENCES } from '../../shared/preferences';
import { DatabaseClient } from '../../electron/database/client';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { SCRYPT_PARAMS } from '../../electron/vault/keyfile';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { addMonths, startOfWeek } from 'date-fns';
import type { Appointment } from '../../shared/appointment';
import type { FeedbackAnswers } from '../../shared/feedback';
import { signedText, type NoteFields } from '../../shared/note';
import { displayName, type PatientSummary } from '../../shared/patient';
import type { SearchResult } from '../../shared/search';
import { bulkLoadInFreshProcess, type BulkLoadResult } from '../fixtures/bulk-load';
import { recordedSessions } from '../fixtures/calendar';
import { generateCharts, SYNTHETIC_CLINICIAN } from '../fixtures/chart';
import { generateCalendarPractice } from '../fixtures/practice';
import { measureRendererStart } from './renderer-start';
import { launchChromium, monthLabel, navigateInApp, navigateWithAllEvents, newContext, type Step } from './calendar-in-chromium';
import { openChartsInApp, type ChartOpening, type ChartToOpen } from './chart-in-chromium';
import { benchmarkPlanInChromium } from './plan-in-chromium';
import { benchmarkSuperbillInChromium } from './superbill-in-chromium';
import { benchmarkExports, benchmarkExportsAlone } from './exports';
import { benchmarkMonitoring, benchmarkMonitoringAlone } from './monitoring';
import { benchmarkLetters, benchmarkLettersAlone } from './letters';
import { benchmarkOutcomes, benchmarkOutcomesAlone } from './outcomes';
import { benchmarkIcdSearch } from './icd-search';
import { benchmarkBackup, benchmarkBackupAlone } from './backup';
import { benchmarkRestore, benchmarkRestoreAlone } from './restore';
import { benchmarkTodayAlone, benchmarkTodayInChromium, buildPracticeVault } from './today-in-chromium';
import { median } from './measure';
import { benchmarkSync } from './sync';
import { benchmarkSyncInitial } from './sync-initial';

const PATIENTS = 2_500;
const SESSIONS = 40_000;
const NOTES = 35_000;
const FEEDBACK = 30_000;
const MEASURES = 20_000;
/** Sessions without feedback given feedback for feedback_save_ms. */
const FEEDBACK_SAVES = 40;
/** Charts whose trends are loaded for chart_trends_ms: the patients with the most feedback and measures. */
const TRENDS_CHARTS = 10;
/** Drafts signed for note_sign_ms. */
const SIGNINGS = 40;
/** Charts opened in Chromium, each once: the patients with the most notes. */
const CHARTS_OPENED = 7;
/** Each query is typed this many times, character by character; the first round meets a cold cache. */
const SEARCH_ROUNDS = 3;
const PASSPHRASE = 'lantern orchard quietly violet harbor';
/** The default preferences' rule for flagging a drop in session feedback. */
const FEEDBACK_RULE = { below: 6, dropBy: 2 };

/** What the main process would send a worker channel with: the time given, the practice's zone, the default preferences. */
function environment(now: string): CallEnvironment {
  const { workingHours, lateCancellationHours, planReviewDays } = DEFAULT_PREFERENCES;
  return {
    now,
    timeZone: TIME_ZONE,
    workingHours,
    lateCancellationHours,
    feedbackRule: FEEDBACK_RULE,
    ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
    planReviewDays,
    clinician: { name: DEFAULT_PREFERENCES.clinicianName, credentials: DEFAULT_PREFERENCES.clinicianCredentials },
    currency: DEFAULT_PREFERENCES.currency,
  };
}
/** The practice works in this machine's zone, as the app does, and Chromium is told the same. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const DAY_MS = 86_400_000;
/** The harness's locale (en-GB) starts weeks on Monday. */
const WEEK_STARTS_ON = 1;
const WEEK_STEPS = 10;
const MONTH_STEPS = 7;

function report(name: string, value: number | string, unit: string): void {
  const rounded = typeof value === 'number' ? Math.round(value * 1000) / 1000 : value;
  process.stdout.write(`${JSON.stringify({ name, value: rounded, unit })}\n`);
}

/** The value below which `share` of the values lie (nearest rank). */
function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
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
  const context: CallContext = {
    printer: { print: async () => 'cancelled' },
    files: { save: async () => 'cancelled' },
    folders: { choose: async () => undefined },
  };
  const core = createAppCore({ dataDir: dir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE });
  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await core.handle(channel, input, context);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as ChannelOutput<C>;
  }

  const practice = generateCalendarPractice({ patients: PATIENTS, appointments: SESSIONS, timeZone: TIME_ZONE });
  const asOf = Date.parse(`${practice.calendar.asOf}T00:00:00`);
  let allSessions: Appointment[] = [];
  let loaded: BulkLoadResult | undefined;
  let chartsToOpen: ChartToOpen[] | undefined;

  try {
    const sheet = await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await call('vault:confirmSetup', {});

    const patientIds: string[] = [];
    const insertStarted = performance.now();
    for (const patient of practice.patients) patientIds.push((await call('patients:create', { patient })).id);
    report('patient_create_ms', (performance.now() - insertStarted) / PATIENTS, 'ms');

    // 40,000 sessions and 35,000 notes through IPC would take hours: locked, the file takes them in
    // one transaction each, in a fresh process where SQLCipher's memory security is still off.
    await call('vault:lock', {});
    const loadStarted = performance.now();
    loaded = await bulkLoadInFreshProcess({
      databasePath: path.join(dir, DATABASE_FILE_NAME),
      keyHex: sheet.databaseKeyHex,
      practice: { patients: PATIENTS, appointments: SESSIONS, timeZone: TIME_ZONE },
      patientIds,
      chart: { notes: NOTES },
      feedback: { feedback: FEEDBACK, measures: MEASURES },
    });
    const { charts, feedback } = loaded;
    if (loaded.appointments !== SESSIONS || charts === null || charts.notes !== NOTES) {
      throw new Error(`The bulk load wrote ${loaded.appointments} sessions and ${charts?.notes ?? 0} notes, not ${SESSIONS} and ${NOTES}.`);
    }
    if (feedback === null || feedback.feedback !== FEEDBACK || feedback.measures !== MEASURES) {
      throw new Error(
        `The bulk load wrote ${feedback?.feedback ?? 0} feedback entries and ${feedback?.measures ?? 0} measures, not ${FEEDBACK} and ${MEASURES}.`,
      );
    }
    report('practice_import_ms', loaded.timings.practiceImportMs, 'ms');
    report('notes_import_ms', loaded.timings.notesImportMs, 'ms');
    report('notes_generate_ms', loaded.timings.chartGenerateMs, 'ms');
    report('notes_insert_ms', loaded.timings.chartInsertMs, 'ms');
    report('search_index_rebuild_ms', loaded.timings.searchIndexMs, 'ms');
    report('feedback_import_ms', loaded.timings.feedbackImportMs, 'ms');
    report('feedback_generate_ms', loaded.timings.feedbackGenerateMs, 'ms');
    report('feedback_insert_ms', loaded.timings.feedbackInsertMs, 'ms');
    report('bulk_load_process_ms', performance.now() - loadStarted, 'ms');
    report('notes_signed', charts.notes, 'notes');
    report('notes_with_session', charts.notesWithSession, 'notes');
    report('note_words_mean', charts.words / charts.notes, 'words');
    report('feedback_entries', feedback.feedback, 'entries');
    report('measure_entries', feedback.measures, 'measures');
    report('measures_item9_open', feedback.selfHarmOpen, 'measures');
    report('vault_size_mb', loaded.databaseBytes / 1_048_576, 'MB');

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
    // The full integrity check runs after unlock on a vault this size; what follows is timed without it.
    while ((await call('vault:status', {})).integrityCheck === 'running') await new Promise((resolve) => setTimeout(resolve, 50));

    report('core_call_ms', await medianMs(1000, () => call('session:activity', {})), 'ms');
    report('patient_list_core_ms', await medianMs(20, () => call('patients:list', {})), 'ms');
    await core.close();

    // The worker's own view: the same bundle and query, timed inside the worker.
    let integrityAnswered: (event: IntegrityEvent) => void = () => undefined;
    const integrity = new Promise<IntegrityEvent>((resolve) => {
      integrityAnswered = resolve;
    });
    const client = new DatabaseClient(WORKER_BUNDLE, { onIntegrity: (event) => integrityAnswered(event) });
    try {
      // The full check (SQLCipher's page check and quick_check) of a vault this size runs after unlock, on its own thread.
      const opened = await client.open(path.join(dir, DATABASE_FILE_NAME), Buffer.from(sheet.databaseKeyHex, 'hex'), 'existing');
      if (opened.integrity === 'running') {
        // The worker thread does not hold the process open by itself while nothing is asked of it.
        const keepAlive = setInterval(() => undefined, 1000);
        const checked = await integrity.finally(() => clearInterval(keepAlive));
        if (checked.problem) throw new Error(`The integrity check found: ${checked.problem}`);
        report('unlock_integrity_ms', checked.elapsedMs, 'ms');
      } else {
        report('unlock_integrity_inline', 1, 'checked before unlock answered');
      }
      const inWorker: number[] = [];
      const roundtrip: number[] = [];
      let patients: PatientSummary[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        const { value, workerMs } = await client.runTimed(
          'patients:list',
          { includeArchived: false },
          environment(new Date().toISOString()),
        );
        roundtrip.push(performance.now() - started);
        inWorker.push(workerMs);
        if (value.length !== PATIENTS) throw new Error(`Expected ${PATIENTS} patients, found ${value.length}`);
        patients = value;
      }
      report('patient_list_ms', median(inWorker), 'ms');
      report('patient_list_roundtrip_ms', median(roundtrip), 'ms');

      // Every session the practice has had, read back a year at a time (the contract's longest range).
      const first = Date.parse(recordedSessions(practice.calendar)[0]!.start);
      for (let from = startOfWeek(first, { weekStartsOn: WEEK_STARTS_ON }).getTime(); from < asOf; from += 364 * DAY_MS) {
        const to = Math.min(from + 364 * DAY_MS, asOf);
        const part = await client.run(
          'calendar:range',
          { from: new Date(from).toISOString(), to: new Date(to).toISOString(), includeCancelled: true },
          environment(new Date(asOf).toISOString()),
        );
        allSessions = allSessions.concat(part);
      }
      if (allSessions.length !== SESSIONS)
        throw new Error(`The vault answered ${allSessions.length} sessions for the practice's years, not ${SESSIONS}.`);

      // The busiest week of the practice's last year, as the calendar asks for it.
      const busiest = busiestWeek(allSessions, asOf - 365 * DAY_MS, asOf);
      const weekRange = {
        from: new Date(busiest.from).toISOString(),
        to: new Date(busiest.from + 7 * DAY_MS).toISOString(),
        includeCancelled: true,
      };
      const weekEnvironment = environment(new Date(asOf).toISOString());
      const rangeTimes: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const { value, workerMs } = await client.runTimed('calendar:range', weekRange, weekEnvironment);
        if (value.length !== busiest.sessions)
          throw new Error(`The busiest week has ${busiest.sessions} sessions; the range query answered ${value.length}.`);
        rangeTimes.push(workerMs);
      }
      report('calendar_range_query_ms', median(rangeTimes), 'ms');
      report('calendar_range_query_sessions', busiest.sessions, 'sessions');

      await searchAsTyped(client, patients);
      const perPatient = loaded?.charts?.notesPerPatient ?? [];
      chartsToOpen = await chartsInWorker(
        client,
        patients,
        perPatient.slice(0, CHARTS_OPENED).map((p) => p.patientId),
      );
      const busiestTrends = (loaded?.feedback?.entriesPerPatient ?? []).slice(0, TRENDS_CHARTS);
      await trendsInWorker(client, busiestTrends);
      await practiceFeedback(client, asOf);
      await saveFeedback(client, allSessions, new Set(busiestTrends.map((p) => p.patientId)));
      // Signing happens in a quiet chart, so the charts opened above keep their latest notes.
      await signDrafts(client, perPatient.at(-1)?.patientId ?? patients[0]!.id);
      const verified = await client.run('audit:verify', {}, environment(new Date().toISOString()));
      if (verified.firstBroken !== null)
        throw new Error(`The audit chain broke at entry ${verified.firstBroken.seq}: ${verified.firstBroken.problem}`);

      report('worker_roundtrip_ms', await medianMs(1000, () => client.call('ping', {})), 'ms');
      await client.call('close', {});
    } finally {
      await client.stop();
    }
  } finally {
    await core.close();
  }

  try {
    // backup_ms, backup_verify_ms and a chart opened while the backup runs.
    await benchmarkBackup(report, { dataDir: dir, passphrase: PASSPHRASE });
    await calendarInChromium(dir, practice.calendar.asOf, asOf, allSessions);
    await chartsInChromium(dir, chartsToOpen ?? []);
    // today_view_ms: unlock to the day painted, on the practice's busiest day.
    await benchmarkTodayInChromium(report, { dataDir: dir, passphrase: PASSPHRASE, practice });
    // monitoring_due_ms and results_chart_ms, once years of results are added to the practice.
    await benchmarkMonitoring(report, { dataDir: dir, passphrase: PASSPHRASE });
    // measures_classify_ms and practice_outcomes_ms: the reading of PHQ-9 and GAD-7, in the worker.
    await benchmarkOutcomes(report, { dataDir: dir, passphrase: PASSPHRASE });
    // letter_prefill_ms: a letter to the PCP pre-filled from the busiest chart, in the worker.
    await benchmarkLetters(report, { dataDir: dir, passphrase: PASSPHRASE });
    // export_patient_ms and export_practice_ms: near the end, as they add audit entries to the vault.
    await benchmarkExports(report, { dataDir: dir, passphrase: PASSPHRASE });
    // restore_drill_ms and restore_ms, last: the restore replaces the vault (with a backup of itself).
    await benchmarkRestore(report, { dataDir: dir, passphrase: PASSPHRASE });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The window's first screen: renderer_start_ms and renderer_initial_js_kb, on a small vault of its own. */
async function rendererStart(): Promise<void> {
  const browser = await launchChromium();
  try {
    const { startMs, initialJsKb } = await measureRendererStart(browser);
    report('renderer_start_ms', startMs, 'ms');
    report('renderer_initial_js_kb', initialJsKb, 'KiB');
  } finally {
    await browser.close();
  }
}

/**
 * Ctrl/Cmd+K as a person uses it: each query typed a character at a time, one search per
 * keystroke (the palette asks on every change), over names, a drug, a phrase from the notes, a
 * date of birth and a phone number as people write them.
 */
async function searchAsTyped(client: DatabaseClient, patients: PatientSummary[]): Promise<void> {
  const someone = patients.find((p) => p.chartNumber === 1234) ?? patients[0]!;
  const [year, month, day] = someone.dateOfBirth.split('-') as [string, string, string];
  const phone = (someone.phone ?? '+1 555 010 2030').replace(/^\+1 555 /, '');
  const queries: Array<{ text: string; finds: (results: SearchResult[]) => boolean }> = [
    { text: 'Thornbury', finds: (r) => r.length > 0 && r.every((x) => x.matchedOn === 'name' && x.name.startsWith('Thornbury')) },
    {
      text: 'lithium',
      finds: (r) =>
        r.some((x) => x.matchedOn === 'note' && (x.note?.snippet.some((part) => part.match && /^lithium$/i.test(part.text)) ?? false)),
    },
    { text: 'sleep improv', finds: (r) => r.some((x) => x.matchedOn === 'note') },
    { text: `${month}/${day}/${year}`, finds: (r) => r.some((x) => x.patientId === someone.id && x.matchedOn === 'date of birth') },
    { text: phone, finds: (r) => r.some((x) => x.patientId === someone.id && x.matchedOn === 'phone') },
    { text: 'akathisia', finds: (r) => r.some((x) => x.matchedOn === 'note') },
  ];
  const inWorker: number[] = [];
  const roundtrips: number[] = [];
  const perQuery = new Map<string, number[]>();
  for (let round = 0; round < SEARCH_ROUNDS; round += 1) {
    for (const query of queries) {
      for (let typed = 1; typed <= query.text.length; typed += 1) {
        const text = query.text.slice(0, typed);
        const started = performance.now();
        const { value, workerMs } = await client.runTimed('search:query', { text, limit: 12 }, environment(new Date().toISOString()));
        roundtrips.push(performance.now() - started);
        inWorker.push(workerMs);
        perQuery.set(text, [...(perQuery.get(text) ?? []), workerMs]);
        if (typed === query.text.length && !query.finds(value))
          throw new Error(`Searching "${query.text}" did not find what it should: ${JSON.stringify(value.slice(0, 3))}`);
      }
    }
  }
  report('search_keystroke_ms', median(inWorker), 'ms');
  report('search_keystroke_p95_ms', percentile(inWorker, 0.95), 'ms');
  report('search_keystroke_max_ms', Math.max(...inWorker), 'ms');
  report('search_keystroke_roundtrip_ms', median(roundtrips), 'ms');
  report('search_keystrokes', inWorker.length, 'searches');
  // Which keystrokes cost most, for whoever has to make them faster.
  const slowest = [...perQuery]
    .map(([text, times]) => ({ text, median: median(times), max: Math.max(...times) }))
    .sort((a, b) => b.median - a.median);
  process.stderr.write(
    `search, slowest keystrokes (worker ms): ${slowest
      .slice(0, 12)
      .map((k) => `${JSON.stringify(k.text)} ${k.median.toFixed(1)} (max ${k.max.toFixed(1)})`)
      .join('; ')}\n`,
  );
}

/** The charts Chromium will open, with their latest notes; and what opening one costs in the worker. */
async function chartsInWorker(client: DatabaseClient, patients: PatientSummary[], ids: string[]): Promise<ChartToOpen[]> {
  const context = environment(new Date().toISOString());
  const summaries: number[] = [];
  const pages: number[] = [];
  const charts: ChartToOpen[] = [];
  for (const patientId of ids) {
    const patient = patients.find((p) => p.id === patientId);
    if (!patient) throw new Error(`No patient ${patientId} in the list.`);
    summaries.push((await client.runTimed('chart:summary', { patientId }, context)).workerMs);
    const { value, workerMs } = await client.runTimed('notes:list', { patientId, limit: 20, after: null }, context);
    pages.push(workerMs);
    if (value.notes.length !== 20 || value.notes.some((note) => note.status !== 'signed'))
      throw new Error(`${displayName(patient)} has fewer than 20 signed notes.`);
    charts.push({ patientId, name: displayName(patient), latestNoteIds: value.notes.map((note) => note.id) });
  }
  report('chart_summary_ms', median(summaries), 'ms');
  report('notes_list_ms', median(pages), 'ms');
  return charts;
}

/**
 * A patient's feedback and measures over time, as the chart and the plan load them for their charts
 * (feedback.trends, which also reads the open drop and item-9 answers and audits the reading), for
 * the patients with the most entries. Each chart is opened once, as a person opens it: that first
 * reading is the one that writes the audit entry. Repeats within ten minutes are not audited again;
 * their time is reported beside it.
 */
async function trendsInWorker(
  client: DatabaseClient,
  busiest: Array<{ patientId: string; feedback: number; measures: number }>,
): Promise<void> {
  if (busiest.length === 0) throw new Error('The bulk load reported no feedback per patient.');
  const first: number[] = [];
  const again: number[] = [];
  for (const { patientId, feedback, measures } of busiest) {
    const now = new Date().toISOString();
    const { value, workerMs } = await client.runTimed('feedback:trends', { patientId }, environment(now));
    if (value.feedback.length !== feedback || value.measures.length !== measures) {
      throw new Error(
        `feedback.trends answered ${value.feedback.length} feedback and ${value.measures.length} measures; the bulk load wrote ${feedback} and ${measures}.`,
      );
    }
    first.push(workerMs);
    const repeats: number[] = [];
    for (let i = 0; i < 5; i += 1) repeats.push((await client.runTimed('feedback:trends', { patientId }, environment(now))).workerMs);
    again.push(median(repeats));
  }
  report('chart_trends_ms', median(first), 'ms');
  report('chart_trends_max_ms', Math.max(...first), 'ms');
  report('chart_trends_repeat_ms', median(again), 'ms');
  report('chart_trends_entries', median(busiest.map((p) => p.feedback + p.measures)), 'entries');
  report('chart_trends_charts', busiest.length, 'charts');
  process.stderr.write(
    `chart trends, per chart (feedback + measures: first, repeat worker ms): ${busiest.map((p, i) => `${p.feedback}+${p.measures}: ${first[i]!.toFixed(2)}, ${again[i]!.toFixed(2)}`).join('; ')}\n`,
  );
}

/** The practice view of feedback over the last year: completion per month and the patients whose ratings fell. */
async function practiceFeedback(client: DatabaseClient, asOf: number): Promise<void> {
  const from = new Date(asOf - 365 * DAY_MS).toISOString();
  const { value, workerMs } = await client.runTimed(
    'feedback:practice',
    { from, to: new Date(asOf).toISOString() },
    environment(new Date(asOf).toISOString()),
  );
  report('feedback_practice_ms', workerMs, 'ms');
  report('feedback_falling_patients', value.falling.length, 'patients');
}

/**
 * Session feedback as the patient gives it at the end of a session: feedback.record on kept sessions
 * that have none yet, in the worker, which checks the session, writes the row and its audit entry in
 * one transaction. The sessions are spread over the practice's years, away from the charts above.
 */
async function saveFeedback(client: DatabaseClient, sessions: Appointment[], avoid: ReadonlySet<string>): Promise<void> {
  const kept = sessions.filter((s) => (s.attendance === 'attended' || s.attendance === 'late') && !avoid.has(s.patientId));
  const answers: FeedbackAnswers = {
    heard: 9,
    focus: 8,
    approach: 9,
    overall: 9,
    helpful: 'Making a plan for the mornings',
    notHelpful: '',
    unproductiveTopic: '',
  };
  const saving: number[] = [];
  const roundtrips: number[] = [];
  const step = Math.max(1, Math.floor(kept.length / (FEEDBACK_SAVES * 8)));
  for (let i = 0; i < kept.length && saving.length < FEEDBACK_SAVES; i += step) {
    const session = kept[i]!;
    if ((await client.run('feedback:forSession', { ref: session.ref }, environment(new Date().toISOString()))).feedback !== null) continue;
    const started = performance.now();
    // As the patient gives it at the end of the session, in patient mode.
    const { value, workerMs } = await client.callTimed('patientMode.recordFeedback', {
      ref: session.ref,
      answers,
      environment: environment(new Date().toISOString()),
    });
    roundtrips.push(performance.now() - started);
    saving.push(workerMs);
    if (value.score !== 8.8) throw new Error(`feedback.record answered score ${value.score} for the session; 8.8 was given.`);
  }
  if (saving.length < FEEDBACK_SAVES)
    throw new Error(`Only ${saving.length} kept sessions without feedback were found; ${FEEDBACK_SAVES} are needed.`);
  report('feedback_save_ms', median(saving), 'ms');
  report('feedback_save_p95_ms', percentile(saving, 0.95), 'ms');
  report('feedback_save_roundtrip_ms', median(roundtrips), 'ms');
}

/**
 * Signing as the clinician does it: a fresh follow-up note of about 640 words, begun and saved
 * through the worker, then signed; the time is the worker's for notes.sign alone, which reads the
 * draft, hashes its text, writes the signature and appends the audit entry in one transaction.
 */
async function signDrafts(client: DatabaseClient, patientId: string): Promise<void> {
  const small = generateCalendarPractice({ seed: 11, patients: 8, appointments: 80, weeks: 6, timeZone: TIME_ZONE });
  const written: NoteFields[] = [...generateCharts(small, { notes: 60 })]
    .flatMap((chart) => chart.notes)
    .filter((note) => note.template === 'psychiatric-follow-up')
    .map((note) => note.fields);
  if (written.length === 0) throw new Error('The small practice wrote no follow-up notes to sign.');
  const signing: number[] = [];
  const roundtrips: number[] = [];
  for (let i = 0; i < SIGNINGS; i += 1) {
    const now = () => new Date().toISOString();
    const fields = written[i % written.length]!;
    const draft = await client.run(
      'notes:create',
      { patientId, template: 'psychiatric-follow-up', session: null, serviceDate: null, copyFrom: null },
      environment(now()),
    );
    const saved = await client.run(
      'notes:saveDraft',
      { id: draft.id, version: draft.version, fields, serviceDate: draft.serviceDate, copiedKeys: [] },
      environment(now()),
    );
    const started = performance.now();
    const { value, workerMs } = await client.runTimed(
      'notes:sign',
      { id: draft.id, version: saved.version, signedBy: SYNTHETIC_CLINICIAN },
      environment(now()),
    );
    roundtrips.push(performance.now() - started);
    signing.push(workerMs);
    const hash = createHash('sha256')
      .update(signedText({ template: value.template, serviceDate: value.serviceDate, fields }))
      .digest('hex');
    if (value.status !== 'signed' || value.contentHash !== hash)
      throw new Error('notes.sign answered a note that is not signed with its text’s hash.');
  }
  report('note_sign_ms', median(signing), 'ms');
  report('note_sign_p95_ms', percentile(signing, 0.95), 'ms');
  report('note_sign_roundtrip_ms', median(roundtrips), 'ms');
}

/** From the patient list to a chart showing its latest 20 notes, in the real app, for the busiest charts. */
async function chartsInChromium(dataDir: string, charts: ChartToOpen[]): Promise<void> {
  const browser = await launchChromium();
  let openings: ChartOpening[];
  try {
    openings = await openChartsInApp({ browser, newContext: (b) => newContext(b, TIME_ZONE), dataDir, passphrase: PASSPHRASE, charts });
  } finally {
    await browser.close();
  }
  report('chart_open_ms', median(openings.map((o) => o.ms)), 'ms');
  report('chart_open_max_ms', Math.max(...openings.map((o) => o.ms)), 'ms');
  report('chart_open_header_ms', median(openings.map((o) => o.headerMs)), 'ms');
  report('chart_open_list_gone_ms', median(openings.map((o) => o.listGoneMs)), 'ms');
  report('chart_open_bridge_ms', median(openings.map((o) => o.bridgeMs)), 'ms');
  report('chart_open_charts', openings.length, 'charts');
}

/** The Monday-to-Monday week (local time) with the most sessions whose start lies in [from, to). */
function busiestWeek(sessions: Appointment[], from: number, to: number): { from: number; sessions: number } {
  const perWeek = new Map<number, number>();
  for (const session of sessions) {
    const start = Date.parse(session.start);
    if (start < from || start >= to) continue;
    const week = startOfWeek(start, { weekStartsOn: WEEK_STARTS_ON }).getTime();
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  let best = { from: 0, sessions: -1 };
  for (const [week, count] of perWeek)
    if (count > best.sessions || (count === best.sessions && week < best.from)) best = { from: week, sessions: count };
  return best;
}

function countBetween(sessions: Appointment[], from: number, to: number): number {
  let count = 0;
  for (const session of sessions) {
    const start = Date.parse(session.start);
    if (start >= from && start < to) count += 1;
  }
  return count;
}

/**
 * Month and week navigation in the real app, through the harness, over the practice's last year;
 * then the same weeks on the benchmark page with all 40,000 sessions handed to the calendar.
 */
async function calendarInChromium(dataDir: string, asOfDate: string, asOf: number, allSessions: Appointment[]): Promise<void> {
  // Months from eleven months before "today": the week steps that follow stay inside the last year.
  const [year, month] = asOfDate.split('-').map(Number) as [number, number];
  const firstMonth = new Date(year, month - 1 - 11, 1);
  const today = new Date();
  const browser = await launchChromium();
  try {
    const app = await navigateInApp({
      browser,
      dataDir,
      passphrase: PASSPHRASE,
      timeZone: TIME_ZONE,
      firstMonth: monthLabel(firstMonth, TIME_ZONE),
      monthSteps: MONTH_STEPS,
      weekSteps: WEEK_STEPS,
    });
    // What each month view holds: its whole weeks, the days of the months either side included.
    const monthSessions = app.months.map((_, i) => {
      const first = startOfWeek(new Date(firstMonth.getFullYear(), firstMonth.getMonth() + i + 1, 1), { weekStartsOn: WEEK_STARTS_ON });
      const last = startOfWeek(new Date(firstMonth.getFullYear(), firstMonth.getMonth() + i + 2, 0), { weekStartsOn: WEEK_STARTS_ON });
      return countBetween(allSessions, first.getTime(), last.getTime() + 7 * DAY_MS);
    });
    report('calendar_month_render_ms', median(app.months.map((step) => step.ms)), 'ms');
    report('calendar_month_sessions', median(monthSessions), 'sessions');
    const appWeekNav = median(app.weeks.map((step) => step.ms));
    report('calendar_week_nav_ms', appWeekNav, 'ms');
    report('calendar_week_nav_sessions', median(app.weeks.map((step) => step.events)), 'sessions');

    // The same weeks, every session of twenty years handed over at once.
    // Where the app's week steps began: today, a month back per click, a month on per step, as the calendar counts months.
    let shown = today;
    for (let i = 0; i < app.previousClicks; i += 1) shown = addMonths(shown, -1);
    for (let i = 0; i < MONTH_STEPS; i += 1) shown = addMonths(shown, 1);
    const weekShownFirst = startOfWeek(shown, { weekStartsOn: WEEK_STARTS_ON });
    const expected = Array.from({ length: WEEK_STEPS }, (_, i) => {
      const from = weekShownFirst.getTime() + (i + 1) * 7 * DAY_MS;
      return countBetween(allSessions, from, from + 7 * DAY_MS);
    });
    if (expected.some((n) => n === 0) || weekShownFirst.getTime() + (WEEK_STEPS + 1) * 7 * DAY_MS > asOf + 7 * DAY_MS) {
      throw new Error('The weeks measured must be busy weeks before the practice\'s "today".');
    }
    const shownInApp = app.weeks.map((step) => step.events);
    if (shownInApp.join() !== expected.join()) {
      throw new Error(`The app showed ${shownInApp.join(', ')} sessions in the weeks measured; the vault holds ${expected.join(', ')}.`);
    }
    const all: Step[] = await navigateWithAllEvents({
      browser,
      timeZone: TIME_ZONE,
      appointments: allSessions,
      firstWeek: weekShownFirst.toISOString(),
      expected,
    });
    const allEventsWeekNav = median(all.map((step) => step.ms));
    report('calendar_week_nav_all_events_ms', allEventsWeekNav, 'ms');
    report('calendar_week_nav_all_events_ratio', allEventsWeekNav / appWeekNav, 'x');
  } finally {
    await browser.close();
  }
}

/**
 * The parts of the benchmark, in the order a full run takes them. `npm run bench -- icd plan` runs
 * only the parts named; the 20-year practice alone takes minutes.
 */
const PARTS: Record<string, () => Promise<void>> = {
  /** The 20-year practice: import, unlock, the worker's figures, Ctrl+K search, the calendar and charts in Chromium. */
  practice: main,
  /** The treatment plan's figures (plan_open_ms, plan_print_pdf_ms), on a vault of their own. */
  plan: async () => {
    await benchmarkPlanInChromium(report);
  },
  /** superbill_pdf_ms: a year of weekly coded sessions printed as one superbill, on a vault of its own. */
  superbill: async () => {
    await benchmarkSuperbillInChromium(report);
  },
  renderer: rendererStart,
  /** icd_search_ms: the diagnosis type-ahead, per keystroke, in Node. */
  icd: async () => benchmarkIcdSearch(report),
  /** sync_change_ms and sync_push_overhead_ms: two devices of one vault through a throwaway PostgreSQL on loopback. */
  sync: async () => benchmarkSync(report),
};

/** Parts a full run takes inside another (today_view_ms is measured on the practice), run alone when named. */
const ALONE: Record<string, () => Promise<void>> = {
  /** today_view_ms on the 20-year practice, without the rest of its figures. */
  today: () => benchmarkTodayAlone(report),
  /** restore_drill_ms and restore_ms on the 20-year practice (RESTORE_BENCH_VAULT: a kept one, copied), without the rest. */
  restore: () =>
    benchmarkRestoreAlone(report, PASSPHRASE, async (dir) => {
      await buildPracticeVault(
        dir,
        PASSPHRASE,
        generateCalendarPractice({ patients: PATIENTS, appointments: SESSIONS, timeZone: TIME_ZONE }),
      );
    }),
  /** export_patient_ms and export_practice_ms on the 20-year practice (EXPORTS_BENCH_VAULT: a copy of a vault already built). */
  exports: () => benchmarkExportsAlone(report),
  /** backup_ms, backup_verify_ms and chart opens during a backup, on the 20-year practice. */
  backup: () => benchmarkBackupAlone(report),
  /** monitoring_due_ms and results_chart_ms on the 20-year practice with years of results (MONITORING_BENCH_VAULT: a copy of a kept vault). */
  monitoring: () => benchmarkMonitoringAlone(report),
  /** measures_classify_ms and practice_outcomes_ms on the 20-year practice (OUTCOMES_BENCH_VAULT: a copy of a kept vault). */
  outcomes: () => benchmarkOutcomesAlone(report),
  /** letter_prefill_ms for the busiest chart of the 20-year practice (LETTERS_BENCH_VAULT: a copy of a kept vault). */
  letters: () => benchmarkLettersAlone(report),
  /** sync_initial_ms: a new device receiving the 20-year practice through PostgreSQL (SYNC_BENCH_VAULT: a copy of a kept vault). */
  'sync-initial': () => benchmarkSyncInitial(report),
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in PARTS) && !(name in ALONE));
if (unknown.length > 0) {
  throw new Error(`No benchmark part ${unknown.join(', ')}; the parts are ${[...Object.keys(PARTS), ...Object.keys(ALONE)].join(', ')}.`);
}
for (const [name, run] of Object.entries(PARTS)) if (chosen.length === 0 || chosen.includes(name)) await run();
for (const [name, run] of Object.entries(ALONE)) if (chosen.includes(name)) await run();
