/**
 * The calendar's figures in Chromium: the real app through the browser harness (ranges loaded
 * from the vault as the person navigates), and a benchmark-only page that hands the same calendar
 * components every session at once. Times are taken inside the page, from the click on "Next" to
 * the frame after the new period's sessions are in the DOM.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build as viteBuild } from 'vite';
import { mimeTypeFor } from '../../electron/mime-types';
import type { Appointment } from '../../shared/appointment';
import { CHROMIUM_ARGS, findChromium } from '../chromium';
import { startHarness } from '../harness/server';

const BENCH_PAGE_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'calendar-page');
/** The harness's test locale: weeks start on Monday, labels read "September 2025". */
const LOCALE = 'en-GB';

export type Step = { ms: number; label: string; events: number };

/**
 * Runs in the page (as a string, so no bundler helper leaks into it). Clicks "Next", then waits
 * until the toolbar names another period, the calendar is no longer loading and it shows sessions
 * (exactly `expected` of them when given), then for the frame that paints them.
 */
const TIME_NEXT = `async ({ expected }) => {
  const frame = document.querySelector('.calendar-frame');
  const next = document.querySelector('.cal-toolbar button[aria-label="Next"]');
  if (!frame || !next) throw new Error('No calendar with a Next button on the page.');
  const label = () => document.querySelector('.cal-toolbar__label')?.textContent ?? '';
  const events = () => frame.querySelectorAll('.rbc-event').length;
  const before = label();
  const ready = () =>
    label() !== before && frame.getAttribute('aria-busy') !== 'true' && (expected === null ? events() > 0 : events() === expected);
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('After "Next" the calendar showed ' + events() + ' sessions under "' + label() + '", expected ' + expected));
    }, 15000);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const started = performance.now();
  next.click();
  await shown;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  return { ms: performance.now() - started, label: label(), events: events() };
}`;

async function timeNext(page: Page, expected: number | null): Promise<Step> {
  return page.evaluate<Step>(`(${TIME_NEXT})(${JSON.stringify({ expected })})`);
}

/** A page context as the end-to-end suite makes one: the harness's locale, the practice's zone, nothing beyond 127.0.0.1. */
export async function newContext(browser: Browser, timeZone: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: LOCALE, timezoneId: timeZone });
  // As in the end-to-end suite: nothing leaves 127.0.0.1.
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  return context;
}

async function calendarLabel(page: Page): Promise<string> {
  return (await page.locator('.cal-toolbar__label').textContent()) ?? '';
}

/** Waits until the calendar has finished loading what it shows. */
async function settled(page: Page): Promise<void> {
  await page.locator('.calendar-frame[aria-busy="false"]').waitFor();
}

export function monthLabel(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone }).format(date);
}

/** `previousClicks`: how far back the month view went from today to reach `firstMonth`. */
export type HarnessRun = { previousClicks: number; months: Step[]; weeks: Step[] };

/**
 * The app as a person uses it: unlock, month view, back to `firstMonth`, then month by month
 * forward (`monthSteps` times), then the week view and week by week forward (`weekSteps` times).
 */
export async function navigateInApp(options: {
  browser: Browser;
  dataDir: string;
  passphrase: string;
  timeZone: string;
  firstMonth: string;
  monthSteps: number;
  weekSteps: number;
}): Promise<HarnessRun> {
  const harness = await startHarness({ dataDir: options.dataDir });
  const context = await newContext(options.browser, options.timeZone);
  try {
    const page = await context.newPage();
    await page.goto(harness.url);
    await page.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    await settled(page);
    await harness.integrityChecked();

    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Month' }).click();
    await settled(page);
    let previousClicks = 0;
    for (; (await calendarLabel(page)) !== options.firstMonth; previousClicks += 1) {
      if (previousClicks > 240) throw new Error(`The month view never reached ${options.firstMonth}.`);
      await page.getByRole('button', { name: 'Previous' }).click();
      await settled(page);
    }
    const months: Step[] = [];
    for (let i = 0; i < options.monthSteps; i += 1) months.push(await timeNext(page, null));

    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Week', exact: true }).click();
    await settled(page);
    const weeks: Step[] = [];
    for (let i = 0; i < options.weekSteps; i += 1) weeks.push(await timeNext(page, null));
    return { previousClicks, months, weeks };
  } finally {
    await context.close();
    await harness.close();
  }
}

function serveFolder(folder: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = path.resolve(folder, `.${path.posix.normalize(url.pathname === '/' ? '/index.html' : url.pathname)}`);
    if (!file.startsWith(folder + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    stat(file).then(
      (info) => {
        response.writeHead(200, { 'content-type': mimeTypeFor(file), 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }));
  });
}

/**
 * The benchmark-only page: the app's calendar components, built by Vite for production as the app
 * is, handed every session at once, then week by week forward from `firstWeek`.
 */
export async function navigateWithAllEvents(options: {
  browser: Browser;
  timeZone: string;
  appointments: Appointment[];
  /** Any instant inside the first week shown. */
  firstWeek: string;
  /** The number of sessions the calendar must show after each step. */
  expected: number[];
}): Promise<Step[]> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-bench-page-'));
  let served: { url: string; server: Server } | undefined;
  const context = await newContext(options.browser, options.timeZone);
  try {
    await viteBuild({
      configFile: false,
      root: BENCH_PAGE_ROOT,
      base: './',
      plugins: [react()],
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 5000 },
    });
    served = await serveFolder(outDir);
    const page = await context.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => 'calendarBench' in window);
    await page.evaluate(({ appointments, firstWeek }) => window.calendarBench.show(appointments, firstWeek, 'week'), {
      appointments: options.appointments,
      firstWeek: options.firstWeek,
    });
    const steps: Step[] = [];
    for (const expected of options.expected) steps.push(await timeNext(page, expected));
    return steps;
  } finally {
    await context.close();
    await new Promise<void>((resolve) => (served ? served.server.close(() => resolve()) : resolve()));
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}
