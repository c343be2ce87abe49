/**
 * Opening charts in the real app in Chromium, through the browser harness: from the patient list
 * filtered to the patient's name, a click on it, timed inside the page until the chart shows that patient's name and
 * the first page of notes (the latest 20), then the frame that paints them. The page is found by
 * what a person sees (the chart's level-1 heading, the list named "Notes, newest first", the table
 * captioned "Patients"), not by styling.
 *
 * Each opening also says where its time went: until the patient list was gone from the page, until
 * the heading showed the name, and how long the bridge calls took (the harness's resource timings).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startHarness } from '../harness/server';

/** Runs in the page (as a string, so no bundler helper leaks into it). */
const TIME_OPEN = `async ({ patientId, name, notes }) => {
  const link = document.querySelector('a[href="#/patients/' + patientId + '"]');
  if (!link) throw new Error('The patient list has no link to ' + name + '.');
  const heading = () => document.querySelector('h1');
  const items = () => document.querySelectorAll('ol[aria-label="Notes, newest first"] > li').length;
  const listShown = () => [...document.querySelectorAll('table > caption')].some((caption) => caption.textContent.startsWith('Patients'));
  let headerMs = null;
  let listGoneMs = null;
  performance.clearResourceTimings();
  const started = performance.now();
  const ready = () => {
    if (listGoneMs === null && !listShown()) listGoneMs = performance.now() - started;
    const title = heading();
    if (headerMs === null && title && title.textContent === name) headerMs = performance.now() - started;
    return headerMs !== null && items() === notes;
  };
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('The chart of ' + name + ' showed "' + (heading()?.textContent ?? '') + '" with ' + items() + ' notes, expected ' + notes));
    }, 15000);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  link.click();
  await shown;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  const ms = performance.now() - started;
  const bridgeMs = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/invoke')).reduce((sum, entry) => sum + entry.duration, 0);
  const shownIds = [...document.querySelectorAll('ol[aria-label="Notes, newest first"] > li a[href*="/notes/"]')].map((a) => a.getAttribute('href').split('/notes/')[1]);
  return { ms, headerMs, listGoneMs, bridgeMs, shownIds };
}`;

export type ChartToOpen = {
  patientId: string;
  /** As the chart's heading shows it. */
  name: string;
  /** The ids of the patient's latest notes, newest first, as notes:list answers them. */
  latestNoteIds: string[];
};

export type ChartOpening = {
  patientId: string;
  /** From the click to the frame that paints the chart with its latest notes. */
  ms: number;
  /** Until the heading shows the patient's name (the chart's summary has arrived and rendered). */
  headerMs: number;
  /** Until the patient list has left the page. */
  listGoneMs: number;
  /** The bridge calls' own time (request to response), added up. */
  bridgeMs: number;
};

/** The patient list, filtered to the patient's name as a person narrows it before clicking. */
async function toPatientList(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Patients', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
  await page.getByRole('table').waitFor();
  await page.getByLabel('Filter patients').fill(name);
  await page.getByRole('link', { name, exact: true }).first().waitFor();
}

/** Unlocks the vault in the real app, then opens each chart once from the patient list. */
export async function openChartsInApp(options: {
  browser: Browser;
  newContext: (browser: Browser) => Promise<BrowserContext>;
  dataDir: string;
  passphrase: string;
  charts: ChartToOpen[];
}): Promise<ChartOpening[]> {
  const harness = await startHarness({ dataDir: options.dataDir });
  const context = await options.newContext(options.browser);
  try {
    const page = await context.newPage();
    await page.goto(harness.url);
    await page.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('navigation').first().waitFor();
    await harness.integrityChecked();
    const openings: ChartOpening[] = [];
    for (const chart of options.charts) {
      await toPatientList(page, chart.name);
      const expected = chart.latestNoteIds.length;
      const opened = await page.evaluate<{
        ms: number;
        headerMs: number;
        listGoneMs: number | null;
        bridgeMs: number;
        shownIds: string[];
      }>(`(${TIME_OPEN})(${JSON.stringify({ patientId: chart.patientId, name: chart.name, notes: expected })})`);
      if (opened.shownIds.join() !== chart.latestNoteIds.join()) {
        throw new Error(`The chart of ${chart.name} listed notes ${opened.shownIds.slice(0, 3).join(', ')}…, not the latest ${expected}.`);
      }
      openings.push({
        patientId: chart.patientId,
        ms: opened.ms,
        headerMs: opened.headerMs,
        listGoneMs: opened.listGoneMs ?? opened.headerMs,
        bridgeMs: opened.bridgeMs,
      });
    }
    return openings;
  } finally {
    await context.close();
    await harness.close();
  }
}
