/**
 * The treatment plan's figures in Chromium, through the browser harness: a patient whose plan has
 * five goals and two years of weekly progress on each (520 updates), written through the channels as
 * the window writes them. Then, in the real app:
 *
 * - plan_open_ms: from the click on the chart's Plan tab to the frame that paints the plan with its
 *   five goals, the place of each progress chart, and every chart inside the window drawn (one below
 *   the fold is drawn as it comes near); the page is reloaded before each opening, so nothing is cached;
 * - plan_print_pdf_ms: from the request for the printed summary (navigating to its print route) to
 *   the PDF's bytes from page.pdf(), as Electron's printToPDF prints the same route.
 *
 * Each is the median of several runs; every run goes to stderr. Run on its own with
 * `npx tsx tests/bench/plan-in-chromium.ts`, or call `benchmarkPlanInChromium` from the bench runner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import type { PlanContent } from '../../shared/plan';
import { startHarness } from '../harness/server';
import { launchChromium, newContext } from './calendar-in-chromium';
import { invokeIn, isoDay, median } from './measure';

const PASSPHRASE = 'plan bench harbour lantern violet';
const GOALS = 5;
const WEEKS = 104;
const RUNS = Number(process.env.PLAN_BENCH_RUNS ?? 7);
const DAY_MS = 86_400_000;
/** The practice works in this machine's zone, as the app does, and Chromium is told the same. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export type Report = (name: string, value: number, unit: string) => void;

/** Runs in the page (as a string, so no bundler helper leaks into it). */
const TIME_OPEN = `async ({ patientId, goals }) => {
  const link = document.querySelector('a[href="#/patients/' + patientId + '/plan"]');
  if (!link) throw new Error('The chart has no Plan tab.');
  let goalsMs = null;
  // Painted: every goal and its chart's place in the page, and each chart inside the window drawn
  // (a chart below the fold is drawn as it comes near, see ProgressChart).
  const ready = () => {
    const plan = document.querySelector('article[aria-label^="The plan, version"]');
    if (!plan) return false;
    if (plan.querySelectorAll('.plan-goal').length !== goals) return false;
    if (goalsMs === null) goalsMs = performance.now() - started;
    const figures = [...plan.querySelectorAll('figure.plan-chart')];
    if (figures.length !== goals) return false;
    return figures.every((figure) => figure.getBoundingClientRect().top >= innerHeight || figure.querySelector('.recharts-line-curve') !== null);
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
      reject(new Error('The plan did not show its ' + goals + ' goals and charts within 15 s.'));
    }, 15000);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  performance.clearResourceTimings();
  const started = performance.now();
  link.click();
  await shown;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  const bridgeMs = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/invoke')).reduce((sum, entry) => sum + entry.duration, 0);
  return { ms: performance.now() - started, goalsMs, bridgeMs };
}`;

/** Weekly updates on each goal, the latest today, through window.alliance (as a string, for the same reason). */
const WRITE_PROGRESS = `async ({ planId, goalIds, weeks }) => {
  const pad = (n) => String(n).padStart(2, '0');
  let count = 0;
  for (let week = weeks - 1; week >= 0; week -= 1) {
    const at = new Date(Date.now() - week * 7 * 86400000);
    const date = at.getFullYear() + '-' + pad(at.getMonth() + 1) + '-' + pad(at.getDate());
    for (let index = 0; index < goalIds.length; index += 1) {
      const rating = Math.max(0, Math.min(10, Math.round(2 + ((weeks - week) / weeks) * 6 + Math.sin(week + index) * 1.5)));
      const result = await window.alliance.invoke('plans:addProgress', {
        planId,
        update: { goalId: goalIds[index], date, rating, working: 'Kept to the plan most days', notWorking: week % 3 === 0 ? 'A hard week at work' : '', noteId: null },
      });
      if (!result.ok) throw new Error('plans:addProgress answered ' + result.error.code);
      count += 1;
    }
  }
  return count;
}`;

/** The patient and the plan: five goals of two objectives, a medication and a psychotherapy, agreed today; two years of weekly progress. */
async function writePlan(page: Page): Promise<{ patientId: string; versionId: string }> {
  const invoke = invokeIn(page);
  const patient = await invoke('patients:create', {
    patient: { givenName: 'Rosalind', familyName: 'Achterberg', preferredName: '', dateOfBirth: '1971-04-02', phone: '', email: '' },
  });
  await invoke('diagnoses:add', {
    patientId: patient.id,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
  });
  await invoke('medications:record', {
    patientId: patient.id,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: isoDay(Date.now() - 800 * DAY_MS),
      reason: 'Depression',
    },
  });
  const begun = await invoke('plans:create', { patientId: patient.id });
  const content: PlanContent = {
    ...begun.current.content,
    presentingProblems: 'Recurrent low mood, poor sleep, withdrawal from friends and work.',
    dailyLifeEffect: 'Part-time at work; rarely leaves the house at weekends.',
    strengths: 'Supportive partner; enjoys gardening; engaged in treatment.',
    goals: Array.from({ length: GOALS }, (_, g) => ({
      id: crypto.randomUUID(),
      patientWords: `Goal ${g + 1} in my own words: feel steadier and get back to the things I used to enjoy`,
      formulation: 'Behavioural activation with graded steps; review at each session.',
      objectives: [0, 1].map((o) => ({
        id: crypto.randomUUID(),
        description: `Objective ${g + 1}.${o + 1}: a measurable step, three times a week`,
        measure: 'Diary',
        targetDate: isoDay(Date.now() + 60 * DAY_MS),
        status: 'in-progress' as const,
      })),
    })),
    interventions: {
      ...begun.current.content.interventions,
      psychotherapy: [
        {
          id: crypto.randomUUID(),
          modality: 'Cognitive behavioural therapy',
          frequency: 'Weekly',
          sessionMinutes: 50,
          description: 'Thoughts, feelings and actions, and small experiments between sessions.',
        },
      ],
    },
    safetyPlan: {
      ...begun.current.content.safetyPlan,
      warningSigns: 'Staying in bed past noon',
      peopleToAsk: 'Partner',
      professionals: 'The practice; the crisis line',
    },
  };
  const saved = await invoke('plans:saveDraft', { versionId: begun.current.id, version: begun.current.version, content });
  const agreed = await invoke('plans:agree', {
    versionId: saved.id,
    version: saved.version,
    agreement: { date: isoDay(Date.now()), method: 'signed', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
  });
  // 520 updates in one page call: the channel the window uses, without a round trip from Node for each.
  const goalIds = agreed.current.content.goals.map((goal) => goal.id);
  const written = await page.evaluate<number>(`(${WRITE_PROGRESS})(${JSON.stringify({ planId: agreed.planId, goalIds, weeks: WEEKS })})`);
  if (written !== GOALS * WEEKS) throw new Error(`Wrote ${written} progress updates, expected ${GOALS * WEEKS}.`);
  return { patientId: patient.id, versionId: agreed.current.id };
}

async function openChart(page: Page, url: string, patientId: string): Promise<void> {
  await page.goto(`${url.split('#')[0]}#/patients/${patientId}`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Achterberg, Rosalind' }).waitFor();
  await page
    .getByRole('list', { name: 'Notes, newest first' })
    .or(page.getByRole('heading', { name: 'No notes yet' }))
    .waitFor();
}

/** Builds its own vault in a temporary folder, measures, reports, and removes the folder. */
export async function benchmarkPlanInChromium(report: Report, given?: Browser): Promise<{ openMs: number[]; printMs: number[] }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-plan-bench-'));
  const harness = await startHarness({ dataDir });
  const browser = given ?? (await launchChromium());
  const context = await newContext(browser, TIME_ZONE);
  try {
    const page = await context.newPage();
    await page.goto(harness.url);
    // Once the set-up screen shows, the window has done its own start (which clears any set-up half done).
    await page.getByRole('heading', { level: 1, name: 'Welcome to Alliance' }).waitFor();
    const setUp = invokeIn(page);
    await setUp('vault:prepareSetup', { passphrase: PASSPHRASE });
    await setUp('vault:confirmSetup', {});
    const { patientId, versionId } = await writePlan(page);

    const openMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await openChart(page, harness.url, patientId);
      const { ms, goalsMs, bridgeMs } = await page.evaluate<{ ms: number; goalsMs: number; bridgeMs: number }>(
        `(${TIME_OPEN})(${JSON.stringify({ patientId, goals: GOALS })})`,
      );
      openMs.push(ms);
      process.stderr.write(
        `plan_open run ${run + 1}: ${ms.toFixed(1)} ms (goals in the page at ${goalsMs.toFixed(1)} ms, bridge calls ${bridgeMs.toFixed(1)} ms)\n`,
      );
    }

    const printMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await openChart(page, harness.url, patientId);
      const started = performance.now();
      await page.evaluate((id) => {
        window.location.hash = `#/print/plan/${id}`;
      }, versionId);
      await page.waitForFunction(
        // Every goal's chart drawn, and nothing in the document still loading (the feedback section's own data).
        (goals) =>
          document.querySelectorAll('article[aria-label="Printable treatment plan"] .plan-chart--print .recharts-line-curve').length ===
            goals && document.querySelectorAll('article[aria-label="Printable treatment plan"] [role="status"]').length === 0,
        GOALS,
        { polling: 'raf' },
      );
      const shownMs = performance.now() - started;
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const ms = performance.now() - started;
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('page.pdf() gave no PDF.');
      printMs.push(ms);
      process.stderr.write(
        `plan_print_pdf run ${run + 1}: ${ms.toFixed(1)} ms (the summary drawn at ${shownMs.toFixed(1)} ms), ${pdf.length} bytes\n`,
      );
    }

    report('plan_open_ms', median(openMs), 'ms');
    report('plan_print_pdf_ms', median(printMs), 'ms');
    return { openMs, printMs };
  } finally {
    await context.close();
    if (!given) await browser.close();
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report: Report = (name, value, unit) =>
    process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`);
  benchmarkPlanInChromium(report).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
