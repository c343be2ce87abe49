/**
 * `npm test`: type-check, unit suites, build, end-to-end suite, in that order, stopping at the
 * first failure. Ends with a table of each step's time, then `Summary: N passed, M failed` alone on
 * the last line; CI reads it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const reportDir = mkdtempSync(path.join(os.tmpdir(), 'alliance-test-reports-'));
const VITEST_REPORT = path.join(reportDir, 'vitest.json');
const PLAYWRIGHT_REPORT = path.join(reportDir, 'playwright.json');

type Counts = { passed: number; failed: number };
type Step = {
  title: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Test counts from the step's JSON report; steps without tests count as one failure when they fail. */
  counts?: () => Counts | undefined;
};

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function numberAt(value: unknown, key: string): number {
  if (typeof value !== 'object' || value === null) return 0;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'number' ? field : 0;
}

function vitestCounts(): Counts | undefined {
  const report = readJson(VITEST_REPORT);
  if (report === undefined) return undefined;
  return { passed: numberAt(report, 'numPassedTests'), failed: numberAt(report, 'numFailedTests') };
}

function playwrightCounts(): Counts | undefined {
  const report = readJson(PLAYWRIGHT_REPORT);
  if (typeof report !== 'object' || report === null) return undefined;
  const stats = (report as Record<string, unknown>).stats;
  // A flaky test passed only on retry; it still counts as a pass (retries are off, so it is rare).
  return {
    passed: numberAt(stats, 'expected') + numberAt(stats, 'flaky'),
    failed: numberAt(stats, 'unexpected'),
  };
}

const steps: Step[] = [
  {
    title: 'Lint: types, hooks and the boundaries between layers and features (ESLint, no warnings)',
    command: path.join(BIN, 'eslint'),
    args: ['.', '--max-warnings=0'],
  },
  { title: 'Check the format (Prettier)', command: path.join(BIN, 'prettier'), args: ['--check', '--log-level=warn', '.'] },
  { title: 'Type-check the whole project', command: path.join(BIN, 'tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { title: 'Type-check shared/ without Node or DOM', command: path.join(BIN, 'tsc'), args: ['-p', 'shared/tsconfig.json', '--noEmit'] },
  { title: 'Type-check renderer/ without Node', command: path.join(BIN, 'tsc'), args: ['-p', 'renderer/tsconfig.json', '--noEmit'] },
  { title: 'Type-check electron/ without the DOM', command: path.join(BIN, 'tsc'), args: ['-p', 'electron/tsconfig.json', '--noEmit'] },
  {
    title: 'Unit and integration tests (vitest, Node, real SQLCipher)',
    command: path.join(BIN, 'vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
    counts: vitestCounts,
  },
  { title: 'Build the renderer (vite)', command: path.join(BIN, 'vite'), args: ['build'] },
  {
    title: 'Build the main process, preload and database worker (esbuild)',
    command: path.join(BIN, 'tsx'),
    args: ['build/build-electron.ts'],
  },
  {
    title: 'End-to-end tests (Playwright, Chromium, browser harness)',
    command: path.join(BIN, 'playwright'),
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_REPORT },
    counts: playwrightCounts,
  },
];

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
    child.on('error', (error) => {
      console.error(`Could not start ${step.command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

type Timing = { step: string; ms: number | undefined; result: 'ok' | 'failed' | 'not run' };

/** Step, seconds, ok/failed: where the minutes of a run went, so a step that grows is seen. */
function timingTable(timings: readonly Timing[], totalMs: number): string {
  const rows = [
    ['Step', 'Seconds', 'Result'],
    ...timings.map((t) => [t.step, t.ms === undefined ? '' : (t.ms / 1000).toFixed(1), t.result]),
    ['Total', (totalMs / 1000).toFixed(1), ''],
  ];
  const width = Math.max(...rows.map(([step = '']) => step.length));
  return rows.map(([step = '', secs = '', result = '']) => `${step.padEnd(width)}  ${secs.padStart(7)}  ${result}`.trimEnd()).join('\n');
}

const started = Date.now();
const total: Counts = { passed: 0, failed: 0 };
const timings: Timing[] = [];
let failedStep: string | undefined;

for (const [index, step] of steps.entries()) {
  console.log(`\n=== Step ${index + 1}/${steps.length}: ${step.title} ===\n`);
  const stepStarted = Date.now();
  const exitCode = await run(step);
  const counts = step.counts?.();
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  const ok = exitCode === 0;
  const stepMs = Date.now() - stepStarted;
  timings.push({ step: step.title, ms: stepMs, result: ok ? 'ok' : 'failed' });
  console.log(`\n--- ${ok ? 'ok' : `FAILED (exit code ${exitCode})`}: ${step.title} (${seconds(stepMs)}) ---`);
  if (!ok) {
    // A failing step with no failing test in its report (a type error, a crash) still has to show as a failure.
    if (!counts || counts.failed === 0) total.failed += 1;
    failedStep = step.title;
    break;
  }
}

rmSync(reportDir, { recursive: true, force: true });
for (const step of steps.slice(timings.length)) timings.push({ step: step.title, ms: undefined, result: 'not run' });
console.log('');
console.log(
  failedStep
    ? `npm test FAILED at: ${failedStep} (${seconds(Date.now() - started)})`
    : `npm test passed: every step ok (${seconds(Date.now() - started)})`,
);
console.log('');
console.log(timingTable(timings, Date.now() - started));
console.log('');
console.log(`Summary: ${total.passed} passed, ${total.failed} failed`);
process.exit(failedStep ? 1 : 0);
