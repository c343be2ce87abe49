import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/harness/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/unit/global-setup.ts'],
    // Real scrypt and real SQLCipher files: give slow machines room, but never time a feature here.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is a single file at a time on two cores, where most of a suite's
    // time is spent waiting on fsync, the worker thread and child processes: two at a time use both.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
