/**
 * A practice's PostgreSQL for the end-to-end specs that replicate: one throwaway cluster per Playwright
 * worker (tests/unit/support/postgres.ts), started the first time a test of that worker asks for it
 * and stopped when the worker ends. Specs that never name `practiceServer` start nothing.
 */
import { test as base } from './fixtures';
import { startPostgres, type PostgresCluster } from '../unit/support/postgres';

export { expect, screenshot } from './fixtures';

export const test = base.extend<object, { practiceServer: PostgresCluster }>({
  practiceServer: [
    async ({}, use) => {
      const cluster = await startPostgres();
      try {
        await use(cluster);
      } finally {
        await cluster.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});
