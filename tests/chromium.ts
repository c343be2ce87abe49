/**
 * Finds a Chromium for the end-to-end suite: the one named by CHROMIUM_PATH, the system's, or
 * Playwright's own, installing Playwright's only when none is there and the network allows.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Headless comes from Playwright's `headless` option. --no-sandbox because CI runs as root, where
 * Chromium refuses its sandbox; the rest keep the browser from calling home during a test.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** Debian's chromium-headless-shell: Chromium's renderer and DevTools protocol without the browser's own windowing. */
const SYSTEM_HEADLESS_SHELLS = ['/usr/bin/chromium-headless-shell'];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`.';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightChromium(): string | undefined {
  try {
    const file = chromium.executablePath();
    return isExecutable(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

let found: string | undefined;

export function findChromium(): string {
  if (found) return found;
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which is not an executable file.`);
    return (found = fromEnv);
  }
  const existing = SYSTEM_CHROMIUMS.find(isExecutable) ?? playwrightChromium();
  if (existing) return (found = existing);

  console.log('No Chromium on this machine; trying `npx playwright install chromium`…');
  const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 10 * 60_000 });
  const installed = install.status === 0 ? playwrightChromium() : undefined;
  if (!installed) throw new Error(NO_CHROMIUM_MESSAGE);
  return (found = installed);
}

/**
 * For the end-to-end suite, which runs headless: Chromium's headless shell where it is installed (what
 * Playwright itself runs headless), else `findChromium`. The full browser's headless mode spent about
 * 45% more CPU on the same tests (60.6 against 41.9 CPU-seconds, lock, passphrase and patient-form specs):
 * on two cores, that is the suite's time. `CHROMIUM_PATH` still names the browser when set. The bench and
 * the spec files that print keep the full browser (`findChromium`; the projects of tests/e2e/printing-specs.ts):
 * the headless shell prints without the page-margin boxes of the running header.
 */
export function findHeadlessChromium(): string {
  if (process.env.CHROMIUM_PATH) return findChromium();
  return SYSTEM_HEADLESS_SHELLS.find(isExecutable) ?? findChromium();
}
