/**
 * superbill_pdf_ms in Chromium, through the browser harness: a patient with a year of weekly
 * therapy sessions (52), each kept and coded, and a payment a month, written through the channels as
 * the window writes them. Measured: from the request for the year's superbill (navigating to its print
 * route) to the PDF's bytes from page.pdf(), as Electron's printToPDF prints the same route. The
 * median of several runs; every run goes to stderr. Run on its own with
 * `npx tsx tests/bench/superbill-in-chromium.ts`, or `npm run bench -- superbill`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { startHarness } from '../harness/server';
import { launchChromium, newContext } from './calendar-in-chromium';
import { invokeIn, isoDay, median } from './measure';

const PASSPHRASE = 'superbill bench quill harbour';
const WEEKS = 52;
const RUNS = Number(process.env.SUPERBILL_BENCH_RUNS ?? 7);
const DAY_MS = 86_400_000;
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export type Report = (name: string, value: number, unit: string) => void;

/** The patient, two diagnoses, the fees, a year of weekly kept sessions each coded, and a payment every four weeks. */
async function writeYear(page: Page): Promise<{ patientId: string; from: string; to: string }> {
  const invoke = invokeIn(page);
  await invoke('preferences:update', { practiceName: 'Harbour Street Psychiatry', practiceNpi: '1234567893', practiceTaxId: '12-3456789' });
  const patient = await invoke('patients:create', {
    patient: { givenName: 'Rosalind', familyName: 'Achterberg', preferredName: '', dateOfBirth: '1971-04-02', phone: '', email: '' },
  });
  for (const [code, isPrimary] of [
    ['F33.1', true],
    ['F41.1', false],
  ] as const)
    await invoke('diagnoses:add', { patientId: patient.id, diagnosis: { code, status: 'active', isPrimary, onsetDate: '', note: '' } });
  await invoke('billing:setFees', { fees: [{ code: '90834', amount: 15000 }] });
  const firstMs = Date.now() - WEEKS * 7 * DAY_MS;
  for (let week = 0; week < WEEKS; week += 1) {
    const start = new Date(firstMs + week * 7 * DAY_MS);
    start.setHours(10, 0, 0, 0);
    const booked = await invoke('appointments:create', {
      appointment: {
        patientId: patient.id,
        start: start.toISOString(),
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
    const attended = await invoke('appointments:setAttendance', { ref: booked.ref, attendance: 'attended', lateMinutes: null });
    if (attended.ref.type !== 'single') throw new Error('A one-off session was expected.');
    await invoke('billing:code', {
      appointmentId: attended.ref.id,
      lines: [{ code: '90834', modifier: null, units: 1 }],
      diagnoses: ['F33.1', 'F41.1'],
    });
    if (week % 4 === 3)
      await invoke('billing:recordPayment', {
        patientId: patient.id,
        kind: 'payment',
        date: isoDay(start.getTime()),
        amount: 60000,
        method: 'card',
        note: '',
      });
  }
  return { patientId: patient.id, from: isoDay(firstMs - DAY_MS), to: isoDay(Date.now()) };
}

/** Builds its own vault in a temporary folder, measures, reports, and removes the folder. */
export async function benchmarkSuperbillInChromium(report: Report, given?: Browser): Promise<number[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-superbill-bench-'));
  const harness = await startHarness({ dataDir });
  const browser = given ?? (await launchChromium());
  const context = await newContext(browser, TIME_ZONE);
  try {
    const page = await context.newPage();
    await page.goto(harness.url);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Alliance' }).waitFor();
    const setUp = invokeIn(page);
    await setUp('vault:prepareSetup', { passphrase: PASSPHRASE });
    await setUp('vault:confirmSetup', {});
    const { patientId, from, to } = await writeYear(page);
    const printMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Achterberg, Rosalind' }).waitFor();
      const started = performance.now();
      await page.evaluate(
        ({ id, start, end }) => {
          window.location.hash = `#/print/billing/${id}?kind=superbill&from=${start}&to=${end}`;
        },
        { id: patientId, start: from, end: to },
      );
      await page.waitForFunction(
        (weeks) => document.querySelectorAll('article[aria-label="Printable superbill"] .billing-print__table tbody tr').length >= weeks,
        WEEKS,
        { polling: 'raf' },
      );
      const shownMs = performance.now() - started;
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const ms = performance.now() - started;
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('page.pdf() gave no PDF.');
      printMs.push(ms);
      process.stderr.write(
        `superbill_pdf run ${run + 1}: ${ms.toFixed(1)} ms (the superbill drawn at ${shownMs.toFixed(1)} ms), ${pdf.length} bytes\n`,
      );
    }
    report('superbill_pdf_ms', median(printMs), 'ms');
    return printMs;
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
  benchmarkSuperbillInChromium(report).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
