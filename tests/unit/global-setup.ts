import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildElectron, WORKER_BUNDLE } from '../../build/build-electron';
import { createAppCore } from '../../electron/app-core';
import type { CallContext } from '../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import type { Channel } from '../../shared/contract';
import { PASSPHRASE, TEST_SCRYPT } from './support/vault-constants';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A vault set up once with PASSPHRASE and TEST_SCRYPT, locked; `setUp` in temp-vault.ts copies it. */
    templateVault: { dir: string; sheetFile: string };
  }
}

const NO_DIALOGS: CallContext = {
  printer: { print: () => Promise.resolve('cancelled') },
  files: { save: () => Promise.resolve('cancelled') },
  folders: { choose: () => Promise.resolve(undefined) },
};

/**
 * Sets up one vault as a person would (passphrase, recovery sheet, confirm), locks it and keeps its
 * recovery sheet beside it, so each test copies two files and unlocks instead of creating a database
 * and running every migration again.
 */
async function buildTemplateVault(root: string): Promise<{ dir: string; sheetFile: string }> {
  const dir = path.join(root, 'vault');
  const sheetFile = path.join(root, 'recovery-sheet.json');
  const core = createAppCore({ dataDir: dir, preferences: new MemoryPreferenceStore(), workerPath: WORKER_BUNDLE, scrypt: TEST_SCRYPT });
  try {
    const call = async (channel: Channel, input: unknown): Promise<unknown> => {
      const result = await core.handle(channel, input, NO_DIALOGS);
      if (!result.ok) throw new Error(`The template vault: ${channel} answered ${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    const sheet = await call('vault:prepareSetup', { passphrase: PASSPHRASE });
    await call('vault:confirmSetup', {});
    await writeFile(sheetFile, JSON.stringify(sheet));
  } finally {
    // Locks (closing the database, checkpointing its log) and stops the worker.
    await core.close();
  }
  return { dir, sheetFile };
}

type Prepared = { root: string; template: { dir: string; sheetFile: string } };

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
  return { root, template: await buildTemplateVault(root) };
}

/** The database worker runs as the bundle the app ships, so build it once before the suites; then the template vault. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (withShared[SHARED] ??= { prepared: prepare(), users: 0 });
  shared.users += 1;
  const { root, template } = await shared.prepared;
  project.provide('templateVault', template);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete withShared[SHARED];
    await rm(root, { recursive: true, force: true });
  };
}
