import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildElectron } from '../../build/build-electron';
import { buildTemplateVault, type TemplateVault } from './support/template-vault';
import { bundleVaultChild } from './support/vault-child-bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A vault set up once with PASSPHRASE and TEST_SCRYPT, locked; `setUp` in temp-vault.ts copies it. */
    templateVault: TemplateVault;
    /** tests/unit/support/vault-child.ts bundled (vault-child-bundle.ts), for child-process.ts. */
    vaultChildBundle: string;
  }
}

type Prepared = { root: string; template: TemplateVault; vaultChild: string };

/**
 * The root config and each project it declares run this file's setup, each loading it anew in the one
 * Vitest process: the work is done once and shared through the process's global object.
 */
const SHARED = Symbol.for('alliance.test-global-setup');
type Shared = { prepared: Promise<Prepared>; users: number };
const withShared = globalThis as typeof globalThis & { [SHARED]?: Shared };

async function prepare(): Promise<Prepared> {
  await buildElectron(['worker']);
  const root = await mkdtemp(path.join(os.tmpdir(), 'alliance-template-'));
  const [template, vaultChild] = await Promise.all([buildTemplateVault(root), bundleVaultChild(root)]);
  return { root, template, vaultChild };
}

/** The database worker runs as the bundle the app ships, so build it once before the suites; then the template vault and the kill tests' child. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (withShared[SHARED] ??= { prepared: prepare(), users: 0 });
  shared.users += 1;
  const { root, template, vaultChild } = await shared.prepared;
  project.provide('templateVault', template);
  project.provide('vaultChildBundle', vaultChild);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete withShared[SHARED];
    await rm(root, { recursive: true, force: true });
  };
}
