/**
 * Each test gets its own data folder and its own harness, and fails if the page asked for
 * anything beyond 127.0.0.1: the app must work with no network at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness } from '../harness/server';

export { expect };

const SCREENSHOT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export type HarnessFixture = {
  /** The address to open, token included. */
  url: string;
  dataDir: string;
};

type Fixtures = {
  harness: HarnessFixture;
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
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (new URL(url).hostname === '127.0.0.1') {
          await route.continue();
        } else {
          offsite.push(`${route.request().method()} ${describe(url)}`);
          await route.abort('blockedbyclient');
        }
      });
      await context.routeWebSocket(
        () => true,
        (socket) => {
          if (new URL(socket.url()).hostname === '127.0.0.1') {
            socket.connectToServer();
          } else {
            offsite.push(`WEBSOCKET ${describe(socket.url())}`);
            void socket.close();
          }
        },
      );
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

  harness: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-'));
    const harness = await startHarness({ dataDir, build: false });
    try {
      await use({ url: harness.url, dataDir });
    } finally {
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

/** A full-page picture of what the person sees, for a human to look at after the run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Prints the page as the print stylesheet lays it out and reads the words back with pdftotext
 * (poppler-utils). The PDF goes through a pipe, never a file: a recovery sheet holds the key.
 */
export async function printedText(page: Page): Promise<string> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`pdftotext could not run (${result.error.message}). Install poppler-utils: sudo apt-get install poppler-utils`);
  }
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}
