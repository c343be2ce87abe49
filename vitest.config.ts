import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that replace modules (a fake `electron`) or the clock run each in a fresh process; the rest share
 * their worker's loaded modules, which saves importing the app's code again for each of ninety files.
 * A file that changes something process-wide (the time zone, say) gives it back in its `afterAll`.
 * vault.test.ts opens vaults as the app does, with SQLCipher's memory security on, which is process-wide
 * and cannot be turned off again (electron/database/memory-security.ts): shared, it made every file after
 * it in its process pay for it.
 */
const ISOLATED = ['tests/unit/electron/**/*.test.ts', 'tests/unit/vault/auto-lock.test.ts', 'tests/unit/vault/vault.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['tests/unit/global-setup.ts'],
    // Real SQLCipher files and child processes killed mid-write, two files at a time on two cores:
    // give a busy machine room (the kill tests took over 30 s there), but never time a feature here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is a single file at a time on two cores, where most of a suite's
    // time is spent waiting on fsync, the worker thread and child processes: two at a time use both.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared modules',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/harness/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
