import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/chromium';

/**
 * End-to-end in Chromium through the browser harness: real UI, real handlers, real SQLCipher.
 * Each test gets its own data folder and harness (tests/e2e/fixtures.ts), so tests never share a vault.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  // Two cores: one browser and one vault per worker keeps scrypt and Chromium from starving each other.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Set-up and unlock run real scrypt (N=2^16) several times per test.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    launchOptions: {
      executablePath: findChromium(),
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
