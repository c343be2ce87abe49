import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from '../harness/build';
import { buildTemplateVault } from '../unit/support/template-vault';

/** Where the workers find the template vault (tests/e2e/fixtures.ts `seed.setUp`). */
export const TEMPLATE_VAULT_ENV = 'ALLIANCE_E2E_TEMPLATE_VAULT';

/**
 * Builds the renderer and the database worker once, before any worker starts a harness; then sets up
 * one vault that each test's `seed.setUp` copies instead of creating a database and migrating it anew.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await ensureBuilt();
  const root = await mkdtemp(path.join(os.tmpdir(), 'alliance-e2e-template-'));
  process.env[TEMPLATE_VAULT_ENV] = JSON.stringify(await buildTemplateVault(root));
  return () => rm(root, { recursive: true, force: true });
}
