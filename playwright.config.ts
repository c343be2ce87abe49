import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, findHeadlessChromium } from './tests/chromium';
import { PRINTING_PROJECTS, PRINTING_SPECS } from './tests/e2e/printing-specs';

const LONG = /@journey|@long/;
const FULL_BROWSER = { executablePath: findChromium(), args: CHROMIUM_ARGS };

/**
 * End-to-end in Chromium through the browser harness: real UI, real handlers, real SQLCipher.
 * Each test gets its own data folder and harness (tests/e2e/fixtures.ts), so tests never share a vault.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // Two cores, two browsers: a third finished a busy machine's run a little sooner (2.1 against 2.4 min)
  // but made each journey a third slower, too close to its timeout.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Room for a busy two-core machine; the journeys that click a whole feature set longer ones.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  // The journeys (@journey: one per feature, clicking everything a person would) take up to a minute
  // each. Started first, they leave the short tests to fill both workers at the end, instead of one
  // worker finishing the last journey alone.
  //
  // The files that print run in the full browser, which prints as the app's window does; the rest in Chromium's
  // headless shell (`launchOptions` below, a third less CPU), whose print path leaves out the page-margin boxes:
  // the running header's patient, "Confidential" and "Page x of y" (`printPdf` in tests/e2e/fixtures.ts refuses
  // to print elsewhere). Chosen per project, not per file: a file's own `test.use` of a browser gave each such
  // file a worker and a browser of its own, eleven launches of the full browser in a run.
  projects: [
    { name: 'journeys', grep: LONG, testIgnore: PRINTING_SPECS },
    { name: PRINTING_PROJECTS.journeys, grep: LONG, testMatch: PRINTING_SPECS, use: { launchOptions: FULL_BROWSER } },
    { name: 'other tests', grepInvert: LONG, testIgnore: PRINTING_SPECS },
    { name: PRINTING_PROJECTS.others, grepInvert: LONG, testMatch: PRINTING_SPECS, use: { launchOptions: FULL_BROWSER } },
  ],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    // The app honours "reduce motion" by dropping its transitions (styles/base.css). Every step of a test
    // then waits for no easing to end before it clicks or reads, and Chromium paints no frames for it:
    // on two cores, where painting is most of the suite's time, that is time for the tests themselves.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: findHeadlessChromium(),
      args: CHROMIUM_ARGS,
    },
    // A trace records every test's screens and DOM as it goes, passing or not: a fifth of the suite's time on two
    // cores. A failure still leaves its screenshot and error; `npx playwright test --trace on` records traces.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
