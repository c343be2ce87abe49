/**
 * `npm test`: lint beside the type-check, format check, build and unit suites; then the end-to-end
 * suite, stopping at the first failure. Ends with a table of each step's time, then
 * `Summary: N passed, M failed` alone on the last line; CI reads it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
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

/** tmpfs's magic number in statfs(2). */
const TMPFS = 0x01021994;

/**
 * The suites' temporary folders (every test vault, backup and harness data folder, and Chromium's
 * profiles) go to /dev/shm when it is a writable tmpfs with room: each committed write there is
 * acknowledged without waiting for a disk: a fifth of the unit suite's time and a seventh of the end-to-end
 * suite's on a two-core machine. The
 * tests that need a disk of their own (a full one, a read-only one) mount it inside whatever this is.
 */
function fastTempDir(): Record<string, string> {
  const folder = '/dev/shm';
  try {
    accessSync(folder, constants.W_OK);
    const info = statfsSync(folder);
    if (info.type !== TMPFS || info.bavail * info.bsize < 2 * 1024 ** 3) return {};
    return { TMPDIR: folder };
  } catch {
    return {};
  }
}
const TEMP = fastTempDir();

const LINT: Step = {
  title: 'Lint: types, hooks and the boundaries between layers and features (ESLint, no warnings)',
  command: path.join(BIN, 'eslint'),
  args: ['.', '--max-warnings=0'],
};
const BESIDE_LINT: Step[] = [
  {
    // Project references: shared/ (no Node, no DOM), renderer/ (no Node) and electron/ (no DOM) are each
    // checked once in their own environment, and the tests against their declarations. TypeScript's
    // native compiler (tsgo, TypeScript 7) finds what tsc 5 finds for a fifth of the processor time, with
    // one checker thread: ESLint has the other core (more threads each redo shared work). ESLint keeps
    // TypeScript 5, whose programs typescript-eslint reads.
    title: 'Type-check each layer in its own environment, then the tests (tsgo -b)',
    command: path.join(BIN, 'tsgo'),
    args: ['-b', '--checkers', '1', '--builders', '1'],
  },
  { title: 'Check the format (Prettier)', command: path.join(BIN, 'prettier'), args: ['--check', '--log-level=warn', '.'] },
  // The end-to-end suite's builds, made while ESLint still holds the other core.
  { title: 'Build the renderer (vite)', command: path.join(BIN, 'vite'), args: ['build'] },
  {
    title: 'Build the main process, preload and database worker (esbuild)',
    command: path.join(BIN, 'tsx'),
    args: ['build/build-electron.ts'],
  },
];
const UNIT_TESTS: Step = {
  title: 'Unit and integration tests (vitest, Node, real SQLCipher)',
  command: path.join(BIN, 'vitest'),
  args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
  env: TEMP,
  counts: vitestCounts,
};
const END_TO_END: Step = {
  title: 'End-to-end tests (Playwright, Chromium, browser harness)',
  command: path.join(BIN, 'playwright'),
  args: ['test', '--reporter=list,json'],
  env: { ...TEMP, PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_REPORT },
  counts: playwrightCounts,
};

/**
 * Stages run one after another, stopping after the first that fails. A stage's lanes run side by side
 * (each lane's steps in order, stopping at the lane's first failure). ESLint is single-threaded and the
 * longest of the checks (about 80 s of one core), so on two cores everything else before the end-to-end
 * suite goes in the other lane: the type-check, the format check and the two builds take less than
 * ESLint alone, and the unit tests start on the core they leave, taking both once ESLint ends.
 */
const stages: Step[][][] = [[[LINT], [...BESIDE_LINT, UNIT_TESTS]], [[END_TO_END]]];
const steps: Step[] = stages.flat(2);

/** Runs a step; a step beside another keeps its output until it ends, so two steps' lines never mix. */
function run(step: Step, buffered: boolean): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(step.command, step.args, {
      cwd: ROOT,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...step.env, ...(buffered ? { FORCE_COLOR: '0' } : {}) },
    });
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    const output = (): string => Buffer.concat(chunks).toString('utf8');
    child.on('error', (error) => {
      resolve({ exitCode: 127, output: `${output()}Could not start ${step.command}: ${error.message}\n` });
    });
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), output: output() }));
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

/** Runs one lane's steps in order, recording each; stops the lane at its first failure. */
async function runLane(lane: readonly Step[], buffered: boolean): Promise<boolean> {
  for (const step of lane) {
    const number = steps.indexOf(step) + 1;
    const header = `\n=== Step ${number}/${steps.length}: ${step.title} ===\n`;
    if (!buffered) console.log(header);
    const stepStarted = Date.now();
    const { exitCode, output } = await run(step, buffered);
    if (buffered) console.log(`${header}\n${output.trimEnd()}`);
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
      failedStep ??= step.title;
      return false;
    }
  }
  return true;
}

for (const lanes of stages) {
  const results = await Promise.all(lanes.map((lane) => runLane(lane, lanes.length > 1)));
  if (results.includes(false)) break;
}

rmSync(reportDir, { recursive: true, force: true });
const ordered = steps.map(
  (step): Timing => timings.find((t) => t.step === step.title) ?? { step: step.title, ms: undefined, result: 'not run' },
);
console.log('');
console.log(
  failedStep
    ? `npm test FAILED at: ${failedStep} (${seconds(Date.now() - started)})`
    : `npm test passed: every step ok (${seconds(Date.now() - started)})`,
);
console.log('');
console.log(timingTable(ordered, Date.now() - started));
console.log('');
console.log(`Summary: ${total.passed} passed, ${total.failed} failed`);
process.exit(failedStep ? 1 : 0);
