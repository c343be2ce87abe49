/**
 * How fast the window shows its first screen, in Chromium through the browser harness, on a vault set
 * up beforehand so the unlock screen is what opens (as on every start but the first):
 *
 * - renderer_start_ms: from the navigation to the frame that paints the unlock screen (its heading
 *   "Unlock Alliance" in the page), in a fresh browser context each time, so nothing is cached; the
 *   median of RUNS starts, each to stderr;
 * - renderer_initial_js_kb: the JavaScript the built index.html loads before any route (its module
 *   script and the modulepreload links beside it), in KiB. What a route loads later is not counted.
 *
 * Run on its own with `npx tsx tests/bench/renderer-start.ts`, or call `measureRendererStart(browser)`.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { RENDERER_INDEX, RENDERER_OUT_DIR } from '../harness/build';
import { startHarness } from '../harness/server';
import { launchChromium, newContext } from './calendar-in-chromium';
import { median } from './measure';

const PASSPHRASE = 'renderer start lantern harbour';
const RUNS = Number(process.env.RENDERER_START_RUNS ?? 7);
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const UNLOCK_HEADING = 'Unlock Alliance';

/**
 * Installed before the page's own scripts (as a string, so no bundler helper leaks into it): notes the
 * time, from the start of the navigation, of the frame after the unlock screen's heading appears.
 */
const WATCH_FOR_UNLOCK = `(() => {
  const observer = new MutationObserver(() => {
    const heading = document.querySelector('h1');
    if (!heading || heading.textContent.trim() !== ${JSON.stringify(UNLOCK_HEADING)}) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__unlockPaintedMs = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** The scripts the built index.html loads before the app draws anything: its module script and its modulepreload links. */
export async function initialScripts(): Promise<{ file: string; bytes: number }[]> {
  const html = await readFile(RENDERER_INDEX, 'utf8');
  const tags = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"[^>]*>|<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"[^>]*>/g),
  ];
  const files = [...new Set(tags.map((tag) => (tag[1] ?? tag[2])!))];
  return Promise.all(files.map(async (file) => ({ file, bytes: (await stat(path.join(RENDERER_OUT_DIR, file))).size })));
}

/** Sets the vault up through the harness's own invoke endpoint, as the set-up screen would, and locks it. */
async function setUpLockedVault(url: string): Promise<void> {
  const address = new URL(url);
  const invoke = new URL('/__harness/invoke', address.origin);
  const token = address.searchParams.get('token') ?? '';
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
  await call('vault:prepareSetup', { passphrase: PASSPHRASE });
  await call('vault:confirmSetup', {});
  await call('vault:lock', {});
}

/**
 * The median time from navigation to the painted unlock screen over RUNS fresh starts, and the KiB of
 * JavaScript loaded before any route. The harness builds the renderer first if it is out of date.
 */
export async function measureRendererStart(browser: Browser): Promise<{ startMs: number; initialJsKb: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-renderer-start-'));
  const harness = await startHarness({ dataDir });
  try {
    await setUpLockedVault(harness.url);
    const startMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await newContext(browser, TIME_ZONE);
      try {
        await context.addInitScript(WATCH_FOR_UNLOCK);
        const page = await context.newPage();
        await page.goto(harness.url);
        // Generous: on a busy machine one slow start is a figure to record, not a failure.
        const handle = await page.waitForFunction(
          () => (window as unknown as { __unlockPaintedMs?: number }).__unlockPaintedMs,
          undefined,
          { timeout: 60_000 },
        );
        const ms = (await handle.jsonValue()) as number;
        startMs.push(ms);
        process.stderr.write(`renderer_start run ${run + 1}: ${ms.toFixed(1)} ms\n`);
      } finally {
        await context.close();
      }
    }
    const scripts = await initialScripts();
    const initialJsKb = scripts.reduce((sum, script) => sum + script.bytes, 0) / 1024;
    process.stderr.write(`renderer_initial_js: ${scripts.length} scripts, ${initialJsKb.toFixed(1)} KiB\n`);
    return { startMs: median(startMs), initialJsKb };
  } finally {
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const browser = await launchChromium();
  try {
    const { startMs, initialJsKb } = await measureRendererStart(browser);
    process.stdout.write(`${JSON.stringify({ name: 'renderer_start_ms', value: Math.round(startMs * 10) / 10, unit: 'ms' })}\n`);
    process.stdout.write(`${JSON.stringify({ name: 'renderer_initial_js_kb', value: Math.round(initialJsKb * 10) / 10, unit: 'KiB' })}\n`);
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
