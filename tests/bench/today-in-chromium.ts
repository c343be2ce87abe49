/**
 * today_view_ms: from the vault unlocked to the Today view painted, in the real app in Chromium
 * through the browser harness, on the 20-year practice, on its busiest day of the last year (the
 * harness's clock set to 07:30 that morning, so every session of the day is still to come and
 * carries its flags). The time runs from the answer to vault:unlock (the key derived and the
 * database open) to the frame that paints the day with all its sessions; beside it,
 * today_view_from_click_ms runs from the click on "Unlock", key derivation included. Each run opens
 * the window afresh and locks after; the median of the runs is reported, every run goes to stderr.
 *
 * Called from the bench runner on its vault, or alone with `npm run bench -- today`, which builds
 * the practice's vault first (a few minutes).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Request } from '@playwright/test';
import { createAppCore } from '../../electron/app-core';
import { DatabaseClient } from '../../electron/database/client';
import type { CallEnvironment } from '../../electron/features/handlers';
import { DEFAULT_PREFERENCES } from '../../shared/preferences';
import type { CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import { DATABASE_FILE_NAME } from '../../electron/vault/vault';
import { WORKER_BUNDLE, buildElectron } from '../../build/build-electron';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { localToInstant } from '../../shared/recurrence';
import { bulkLoadInFreshProcess } from '../fixtures/bulk-load';
import { recordedSessions } from '../fixtures/calendar';
import { generateCalendarPractice, type CalendarPractice } from '../fixtures/practice';
import { startHarness } from '../harness/server';
import { launchChromium, newContext } from './calendar-in-chromium';
import { median } from './measure';

export type Report = (name: string, value: number | string, unit: string) => void;

const RUNS = Number(process.env.TODAY_BENCH_RUNS ?? 7);
const DAY_MS = 86_400_000;

/** Runs in the page (as a string, so no bundler helper leaks into it). Clicks Unlock, waits for the day painted. */
const TIME_UNLOCK_TO_TODAY = `async ({ sessions }) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Unlock');
  if (!button) throw new Error('No Unlock button on the page.');
  const sessionLines = () => {
    const heading = [...document.querySelectorAll('main h2')].find((h) => h.textContent.startsWith('Sessions'));
    return heading ? heading.parentElement.querySelectorAll('.today__line').length : -1;
  };
  const ready = () => document.querySelector('main h1')?.textContent === 'Today' && sessionLines() === sessions && document.querySelectorAll('main section h2').length === 4;
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('Today showed ' + sessionLines() + ' sessions, expected ' + sessions));
    }, 30000);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const started = performance.now();
  button.click();
  await shown;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  const painted = performance.now();
  return { startedAt: performance.timeOrigin + started, paintedAt: performance.timeOrigin + painted };
}`;

/** The practice's local day (YYYY-MM-DD) with the most sessions in the year before its "today", and how many. */
export function busiestDay(practice: CalendarPractice): { date: string; sessions: number } {
  const { asOf, timeZone } = practice.calendar;
  const from = Date.parse(`${asOf}T00:00:00Z`) - 365 * DAY_MS;
  const perDay = new Map<string, number>();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (const session of recordedSessions(practice.calendar)) {
    const start = Date.parse(session.start);
    if (start < from) continue;
    const date = day.format(start);
    if (date >= asOf) continue;
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  let best = { date: '', sessions: -1 };
  for (const [date, sessions] of perDay)
    if (sessions > best.sessions || (sessions === best.sessions && date < best.date)) best = { date, sessions };
  return best;
}

/** today:get in the worker alone, on the same vault and morning: what the day's one query costs. */
async function todayInWorker(report: Report, dataDir: string, keyHex: string, now: number, timeZone: string): Promise<void> {
  const client = new DatabaseClient(WORKER_BUNDLE);
  try {
    await client.open(path.join(dataDir, DATABASE_FILE_NAME), Buffer.from(keyHex, 'hex'), 'existing');
    const { workingHours, lateCancellationHours, feedbackAlertBelow, feedbackDropBy, planReviewDays } = DEFAULT_PREFERENCES;
    const environment: CallEnvironment = {
      now: new Date(now).toISOString(),
      timeZone,
      workingHours,
      lateCancellationHours,
      feedbackRule: { below: feedbackAlertBelow, dropBy: feedbackDropBy },
      ruptureRule: { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy },
      planReviewDays,
      clinician: { name: '', credentials: '' },
      currency: 'USD',
    };
    const times: number[] = [];
    let lines = '';
    for (let i = 0; i < 20; i += 1) {
      const { value, workerMs } = await client.runTimed('today:get', {}, environment);
      times.push(workerMs);
      lines = `${value.sessions.length} sessions, ${value.selfHarm.length} item-9, ${value.unsignedNotes.length} unsigned, ${value.unrecordedAttendance.length} unrecorded`;
    }
    process.stderr.write(
      `today:get in the worker: first ${times[0]!.toFixed(1)} ms, then median ${median(times.slice(1)).toFixed(1)} ms; ${lines}\n`,
    );
    report('today_get_worker_ms', median(times), 'ms');
    await client.call('close', {});
  } finally {
    await client.stop();
  }
}

/** Unlocks the 20-year practice's vault in `dataDir` RUNS times and reports how soon the day is painted. */
export async function benchmarkTodayInChromium(
  report: Report,
  options: { dataDir: string; passphrase: string; practice: CalendarPractice; keyHex?: string; browser?: Browser },
): Promise<void> {
  const { date, sessions } = busiestDay(options.practice);
  const timeZone = options.practice.calendar.timeZone;
  const morning = localToInstant(`${date}T07:30:00`, timeZone).getTime();
  if (options.keyHex !== undefined) await todayInWorker(report, options.dataDir, options.keyHex, morning, timeZone);
  const openedAt = Date.now();
  // The harness's clock runs from 07:30 on the busiest day.
  const harness = await startHarness({ dataDir: options.dataDir, now: () => morning + (Date.now() - openedAt) });
  const browser = options.browser ?? (await launchChromium());
  const fromUnlock: number[] = [];
  const fromClick: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await newContext(browser, timeZone);
      try {
        const page = await context.newPage();
        let unlockRequest: Request | null = null;
        page.on('request', (request) => {
          if (request.url().includes('/invoke') && (request.postData() ?? '').includes('"channel":"vault:unlock"')) unlockRequest = request;
        });
        await page.goto(harness.url);
        await page.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
        const timed = await page.evaluate<{ startedAt: number; paintedAt: number }>(
          `(${TIME_UNLOCK_TO_TODAY})(${JSON.stringify({ sessions })})`,
        );
        const request = unlockRequest as Request | null;
        if (request === null) throw new Error('The page never asked to unlock.');
        await request.response();
        const timing = request.timing();
        const unlockedAt = timing.startTime + timing.responseEnd;
        fromUnlock.push(timed.paintedAt - unlockedAt);
        fromClick.push(timed.paintedAt - timed.startedAt);
        process.stderr.write(
          `today run ${run + 1}: ${(timed.paintedAt - unlockedAt).toFixed(1)} ms from unlocked, ${(timed.paintedAt - timed.startedAt).toFixed(1)} ms from the click\n`,
        );
        await harness.integrityChecked();
        await page.getByRole('button', { name: 'Lock', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Unlock Alliance' }).waitFor();
      } finally {
        await context.close();
      }
    }
  } finally {
    if (!options.browser) await browser.close();
    await harness.close();
  }
  report('today_view_ms', median(fromUnlock), 'ms');
  report('today_view_from_click_ms', median(fromClick), 'ms');
  report('today_view_sessions', sessions, 'sessions');
}

/** The 20-year practice's vault in `dir`, built as the bench runner builds it; answers its raw key. */
export async function buildPracticeVault(dir: string, passphrase: string, practice: CalendarPractice): Promise<string> {
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
  try {
    const sheet = await call('vault:prepareSetup', { passphrase });
    await call('vault:confirmSetup', {});
    const patientIds: string[] = [];
    for (const patient of practice.patients) patientIds.push((await call('patients:create', { patient })).id);
    await call('vault:lock', {});
    await bulkLoadInFreshProcess({
      databasePath: path.join(dir, DATABASE_FILE_NAME),
      keyHex: sheet.databaseKeyHex,
      practice: { patients: PATIENTS, appointments: SESSIONS, timeZone: practice.calendar.timeZone },
      patientIds,
      chart: { notes: 35_000 },
      feedback: { feedback: 30_000, measures: 20_000 },
    });
    return sheet.databaseKeyHex;
  } finally {
    await core.close();
  }
}

const PATIENTS = 2_500;
const SESSIONS = 40_000;

/**
 * `npm run bench -- today`: the 20-year practice's vault built as the runner builds it, then the day.
 * With TODAY_BENCH_VAULT=<folder> the vault is kept there, and reused by the next run given the key
 * it prints (TODAY_BENCH_KEY, for the worker's figure).
 */
export async function benchmarkTodayAlone(report: Report): Promise<void> {
  const passphrase = 'lantern orchard quietly violet harbor';
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  await buildElectron(['worker']);
  const kept = process.env.TODAY_BENCH_VAULT;
  const dir = kept ?? (await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-today-')));
  const practice = generateCalendarPractice({ patients: PATIENTS, appointments: SESSIONS, timeZone });
  try {
    let keyHex = process.env.TODAY_BENCH_KEY;
    if (!kept || !existsSync(path.join(dir, DATABASE_FILE_NAME))) {
      await mkdir(dir, { recursive: true });
      keyHex = await buildPracticeVault(dir, passphrase, practice);
      if (kept) process.stderr.write(`today: the vault kept in ${kept} opens with TODAY_BENCH_KEY=${keyHex}\n`);
    }
    await benchmarkTodayInChromium(report, { dataDir: dir, passphrase, practice, ...(keyHex ? { keyHex } : {}) });
  } finally {
    if (!kept) await rm(dir, { recursive: true, force: true });
  }
}
