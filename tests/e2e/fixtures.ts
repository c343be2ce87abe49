/**
 * Each test gets its own data folder and its own harness, and fails if the page asked for
 * anything beyond 127.0.0.1: the app must work with no network at all. The harness derives keys
 * at the lowest scrypt cost, and `seed` puts a test's data in through the harness's own server, so
 * only the journey of each feature clicks everything a person would.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { Patient } from '../../shared/patient';
import type { RecoverySheet } from '../../shared/vault';
import { startHarness } from '../harness/server';
import { copyTemplateVault, type TemplateVault } from '../unit/support/template-vault';
import { TEST_SCRYPT } from '../unit/support/vault-constants';
import { TEMPLATE_VAULT_ENV } from './global-setup';
import type { PracticeClock } from './calendar-clock';
import type { PatientDetails } from './pages';
import { PRINTING_PROJECTS } from './printing-specs';

export { expect };

const SCREENSHOT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export type HarnessFixture = {
  /** The address to open, token included. */
  url: string;
  dataDir: string;
  /** The answers of the next folder dialogs, in order, as the person would pick them (undefined: they cancel). */
  chooseFolders(...answers: (string | undefined)[]): void;
};

/**
 * The harness's own invoke endpoint, called from the test (Node) with the harness's token: the data a
 * test needs goes in as the window would send it, without clicking. The page, once open, sees it.
 */
export type Seed = {
  /** Answers the value (checked by the harness against the channel's output schema), or throws with the error's code. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /**
   * A vault with this passphrase, left unlocked for seeding: a copy of the one vault the global set-up
   * made, its passphrase wrap made for this one; the page then opens on the unlock screen (see
   * `unlockSeededVault`). Answers the recovery sheet (every test's vault shares its key and recovery code).
   */
  setUp(passphrase: string): Promise<RecoverySheet>;
  /** A patient, with the optional details the form leaves empty. */
  patient(details: PatientDetails): Promise<Patient>;
};

type Fixtures = {
  harness: HarnessFixture;
  seed: Seed;
  /**
   * One clock for the page and the harness's main process (see calendar-clock.ts); until a test
   * installs it, it is the real time.
   */
  practiceClock: PracticeClock;
  /**
   * The browser's print dialog, stubbed as native dialogs are in the main process's tests: a
   * headless window.print() runs a print job of its own that page.pdf() then collides with
   * ("Page is already being printed"). Tests read what was printed with `printedText`.
   */
  printDialog: void;
  /** Every request the page tried to send beyond 127.0.0.1; it must stay empty. */
  offsiteRequests: string[];
};

export const test = base.extend<Fixtures>({
  offsiteRequests: [
    async ({ context }, use) => {
      const offsite: string[] = [];
      const describe = (url: string): string => {
        const parsed = new URL(url);
        // Without the query: the harness token travels there and is no one's business in a report.
        return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
      };
      // Only addresses beyond 127.0.0.1 are routed, by a pattern Playwright matches itself: the app's own requests
      // (every channel call is one) then go on without waiting for a handler here.
      const offsiteAddress = /^(?!(?:https?|wss?):\/\/127\.0\.0\.1[:/])[a-z]+:\/\//;
      await context.route(offsiteAddress, async (route) => {
        offsite.push(`${route.request().method()} ${describe(route.request().url())}`);
        await route.abort('blockedbyclient');
      });
      await context.routeWebSocket(offsiteAddress, (socket) => {
        offsite.push(`WEBSOCKET ${describe(socket.url())}`);
        void socket.close();
      });
      await use(offsite);
      expect(offsite, 'requests that tried to leave 127.0.0.1').toEqual([]);
    },
    { auto: true },
  ],

  printDialog: [
    async ({ context }, use) => {
      await context.addInitScript(() => {
        window.print = () => {
          document.documentElement.dataset.printRequests = String(Number(document.documentElement.dataset.printRequests ?? '0') + 1);
        };
      });
      await use();
    },
    { auto: true },
  ],

  practiceClock: async ({}, use) => {
    // Imported when the fixture runs, not at the top: calendar-clock.ts imports this file.
    const { PracticeClock } = await import('./calendar-clock');
    await use(new PracticeClock());
  },

  harness: async ({ practiceClock }, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-'));
    const harness = await startHarness({ dataDir, build: false, now: practiceClock.now, scrypt: TEST_SCRYPT, memorySecurity: 'off' });
    try {
      await use({ url: harness.url, dataDir, chooseFolders: (...answers) => harness.chooseFolders(...answers) });
    } finally {
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },

  seed: async ({ harness }, use) => {
    const address = new URL(harness.url);
    const token = address.searchParams.get('token') ?? '';
    const invoke = new URL('/__harness/invoke', address.origin);
    async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const response = await fetch(invoke, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-alliance-token': token },
        body: JSON.stringify({ channel, input }),
      });
      const result = (await response.json()) as Result<ChannelOutput<C>>;
      if (!result.ok) throw new Error(`${channel} answered ${result.error.code}: ${result.error.message}`);
      return result.value;
    }
    await use({
      call,
      async setUp(passphrase) {
        // The set-up screen's own steps are tested where set-up is the subject (journey, passphrase, vault
        // faults); here the global set-up's vault is copied in and unlocked, a second of each test's time.
        const template = process.env[TEMPLATE_VAULT_ENV];
        if (!template) throw new Error('The end-to-end global set-up made no template vault.');
        if ((await readdir(harness.dataDir)).length > 0) throw new Error('seed.setUp needs an empty data folder.');
        const sheet = await copyTemplateVault(JSON.parse(template) as TemplateVault, harness.dataDir, passphrase);
        await call('vault:unlock', { passphrase });
        return sheet;
      },
      async patient(details) {
        const patient = { preferredName: '', phone: '', email: '', ...details };
        return call('patients:create', { patient });
      },
    });
  },
});

/** A full-page picture of what the person sees, for a human to look at after the run. */
/** `SCREENSHOTS=1 npm run test:e2e` saves every screen a test names under tests/e2e/screenshots/, to look at. */
const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === '1';

export async function screenshot(page: Page, name: string): Promise<void> {
  // A full-page PNG costs a few hundred milliseconds and nobody looks at it in CI: taken when asked for.
  if (!TAKE_SCREENSHOTS) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export type PrintedPdf = {
  /** The words of each page, in order (pdftotext -layout). */
  pages: string[];
  /** Page size in points, from pdfinfo. */
  size: { width: number; height: number };
  /** The PNG files of the pages under screenshots/, for a person to look at; none unless named. */
  images: string[];
};

function poppler(command: string, args: string[], input?: Buffer): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error)
    throw new Error(`${command} could not run (${result.error.message}). Install poppler-utils: sudo apt-get install poppler-utils`);
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** Whether this test runs in the full browser, which prints as the app's window does (./printing-specs.ts). */
function printingAsTheApp(): boolean {
  return (Object.values(PRINTING_PROJECTS) as string[]).includes(test.info().project.name);
}

/**
 * Prints the page as Electron does (the CSS page size where the stylesheet names one, else A4;
 * backgrounds on), reads each page's words back with pdftotext and, given a name and SCREENSHOTS=1,
 * renders each page with pdftoppm to screenshots/<name>-<n>.png. The PDF is read through a pipe; for the pictures it
 * lives only in a temporary folder removed at once, since it holds a patient's record.
 */
export async function printPdf(page: Page, name?: string): Promise<PrintedPdf> {
  if (!printingAsTheApp())
    throw new Error(
      'This file prints through Chromium: name it in PRINTING_SPECS (tests/e2e/printing-specs.ts), so it runs in the full browser.',
    );
  return readPdf(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }), name);
}

/** A PDF's words page by page, its page size and (given a name and SCREENSHOTS=1) its pages as pictures, as printPdf reads them. */
export async function readPdf(pdf: Buffer, name?: string): Promise<PrintedPdf> {
  const text = poppler('pdftotext', ['-layout', '-', '-'], pdf);
  const info = poppler('pdfinfo', ['-'], pdf);
  const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!match) throw new Error(`pdfinfo gave no page size:\n${info}`);
  const images = name === undefined || !TAKE_SCREENSHOTS ? [] : await renderPages(pdf, name);
  const pages = text.split('\f').filter((p, index, all) => index < all.length - 1 || p.trim() !== '');
  return { pages, size: { width: Number(match[1]), height: Number(match[2]) }, images };
}

async function renderPages(pdf: Buffer, name: string): Promise<string[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-pdf-'));
  try {
    const file = path.join(folder, 'printed.pdf');
    await writeFile(file, pdf);
    poppler('pdftoppm', ['-png', '-r', '110', file, path.join(folder, 'page')]);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    for (const old of (await readdir(SCREENSHOT_DIR)).filter((f) => f.startsWith(`${name}-`) && /-\d+\.png$/.test(f)))
      await unlink(path.join(SCREENSHOT_DIR, old));
    const images: string[] = [];
    for (const png of (await readdir(folder)).filter((f) => f.endsWith('.png')).sort()) {
      const number = Number(/(\d+)\.png$/.exec(png)?.[1] ?? '0');
      const target = path.join(SCREENSHOT_DIR, `${name}-${number}.png`);
      await copyFile(path.join(folder, png), target);
      images.push(target);
    }
    return images;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The words printed, all pages in one string; with a name, the pages are also rendered (see printPdf). */
export async function printedText(page: Page, name?: string): Promise<string> {
  return (await printPdf(page, name)).pages.join('\f');
}
