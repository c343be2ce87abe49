/**
 * `npm run bench`: one JSON object per line, {"name","value","unit"}. Measures the real worker
 * bundle on a real encrypted vault in a temp folder, then deletes the folder. The vault holds the
 * synthetic 20-year practice (2,500 patients, 40,000 sessions); the calendar's figures are taken in
 * the worker and in Chromium through the browser harness.
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
import { addMonths, startOfWeek } from 'date-fns';
import type { Appointment } from '../../shared/appointment';
import { recordedSessions } from '../fixtures/calendar';
import { importCalendar, openVaultDatabase } from '../fixtures/import';
import { generateCalendarPractice } from '../fixtures/practice';
import { launchChromium, monthLabel, navigateInApp, navigateWithAllEvents, type Step } from './calendar-in-chromium';

const PATIENTS = 2_500;
const SESSIONS = 40_000;
const PASSPHRASE = 'lantern orchard quietly violet harbor';
/** The default preferences' rule for flagging a drop in session feedback. */
const FEEDBACK_RULE = { below: 6, dropBy: 2 };
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
  const context: CallContext = {
    printer: { print: async () => 'cancelled' },
    files: { save: async () => 'cancelled' },
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

  try {
    const sheet = await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await call('vault:confirmSetup', {});

    const patientIds: string[] = [];
    const insertStarted = performance.now();
    for (const patient of practice.patients) patientIds.push((await call('patients:create', { patient })).id);
    report('patient_create_ms', (performance.now() - insertStarted) / PATIENTS, 'ms');

    // 40,000 sessions through IPC would take minutes: locked, the file takes them in one transaction.
    await call('vault:lock', {});
    const importStarted = performance.now();
    const db = openVaultDatabase(path.join(dir, DATABASE_FILE_NAME), sheet.databaseKeyHex);
    try {
      importCalendar(db, practice.calendar, patientIds);
    } finally {
      db.close();
    }
    report('practice_import_ms', performance.now() - importStarted, 'ms');

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

      // Every session the practice has had, read back a year at a time (the contract's longest range).
      const first = Date.parse(recordedSessions(practice.calendar)[0]!.start);
      for (let from = startOfWeek(first, { weekStartsOn: WEEK_STARTS_ON }).getTime(); from < asOf; from += 364 * DAY_MS) {
        const to = Math.min(from + 364 * DAY_MS, asOf);
        const part = await client.call('calendar.range', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), includeCancelled: true, context: { now: new Date(asOf).toISOString(), timeZone: TIME_ZONE }, rule: FEEDBACK_RULE });
        allSessions = allSessions.concat(part);
      }
      if (allSessions.length !== SESSIONS) throw new Error(`The vault answered ${allSessions.length} sessions for the practice's years, not ${SESSIONS}.`);

      // The busiest week of the practice's last year, as the calendar asks for it.
      const busiest = busiestWeek(allSessions, asOf - 365 * DAY_MS, asOf);
      const weekRange = {
        from: new Date(busiest.from).toISOString(),
        to: new Date(busiest.from + 7 * DAY_MS).toISOString(),
        includeCancelled: true,
        context: { now: new Date(asOf).toISOString(), timeZone: TIME_ZONE },
        rule: FEEDBACK_RULE,
      };
      const rangeTimes: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const { value, workerMs } = await client.callTimed('calendar.range', weekRange);
        if (value.length !== busiest.sessions) throw new Error(`The busiest week has ${busiest.sessions} sessions; the range query answered ${value.length}.`);
        rangeTimes.push(workerMs);
      }
      report('calendar_range_query_ms', median(rangeTimes), 'ms');
      report('calendar_range_query_sessions', busiest.sessions, 'sessions');

      report('worker_roundtrip_ms', await medianMs(1000, () => client.call('ping', {})), 'ms');
      await client.call('close', {});
    } finally {
      await client.stop();
    }
  } finally {
    await core.close();
  }

  try {
    await calendarInChromium(dir, practice.calendar.asOf, asOf, allSessions);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
  for (const [week, count] of perWeek) if (count > best.sessions || (count === best.sessions && week < best.from)) best = { from: week, sessions: count };
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

await main();
