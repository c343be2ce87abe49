import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['tests/unit/global-setup.ts'],
    // Real scrypt and real SQLCipher files: give slow machines room, but never time a feature here.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
