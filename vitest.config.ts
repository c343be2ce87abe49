import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/harness/**/*.test.ts'],
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
  },
});
