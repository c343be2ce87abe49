/**
 * A real vault in a fresh temp folder, driven through createAppCore as the window would drive it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WORKER_BUNDLE } from '../../../build/build-electron';
import type { BridgeEvent, Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { AppErrorShape } from '../../../shared/errors';
import { expect, inject } from 'vitest';
import type { z } from 'zod';
import type { PatientInput, patientInputSchema } from '../../../shared/patient';
import type { AppCore, CallContext, PrintTarget } from '../../../electron/app-core-types';
import { createAppCore } from '../../../electron/app-core';
import { MemoryPreferenceStore } from '../../../electron/preferences/store';
import type { IntegrityPlan } from '../../../electron/database/api';
import type { Preferences } from '../../../shared/preferences';
import type { RecoverySheet } from '../../../shared/vault';
import { outputDrift } from '../../harness/output-check';
import { copyTemplateVault, readTemplateSheet } from './template-vault';
import { PASSPHRASE, TEST_SCRYPT } from './vault-constants';

export { NEW_PASSPHRASE, PASSPHRASE, TEST_SCRYPT } from './vault-constants';

export type PrintCall = { target: PrintTarget; suggestedFileName: string };
export type SavedFile = { suggestedFileName: string; content: string; mimeType: string };

export type TempVault = {
  dir: string;
  core: AppCore;
  preferences: MemoryPreferenceStore;
  events: BridgeEvent[];
  printed: PrintCall[];
  /** What files:save was asked to save; nothing is written to disk. */
  saved: SavedFile[];
  /** The answers of the next folder dialogs, in order (undefined: cancelled); with none queued, a dialog is cancelled. */
  chooseFolders(...answers: (string | undefined)[]): void;
  context: CallContext;
  /** Answers the value, or fails the test with the error's code and message. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Answers the error, or fails the test if the call succeeded. */
  refuse(channel: unknown, input: unknown): Promise<AppErrorShape>;
  dispose(): Promise<void>;
  /** How the vault was made: a copy of the template vault is set up by `setUp` unless this asks for a real set-up. */
  readonly options: TempVaultOptions;
};

export type TempVaultOptions = {
  dir?: string;
  now?: () => number;
  autoLockMinutes?: number;
  lockRequestGraceMs?: number;
  realKeyDerivation?: boolean;
  integrity?: IntegrityPlan;
  /** How often the backup schedule looks whether one is due; tests move `now` instead of waiting. */
  backupCheckEveryMs?: number;
  /** This device's preference file as it is: practice settings in it are a device's from before they moved into the vault. */
  preferences?: Partial<Preferences>;
};

/**
 * The vault's set-up and unlock tests open vaults as the app does, with SQLCipher's memory security on
 * (vault.test.ts checks it). Every other file turns it off: it changes no behaviour, it is process-wide
 * and cannot be turned off again (electron/database/memory-security.ts), and it cost the vault's other
 * tests two and a half times their system time. vault.test.ts runs in a process of its own (vitest.config.ts).
 */
const OPENS_AS_THE_APP_DOES = `${path.sep}tests${path.sep}unit${path.sep}vault${path.sep}vault.test.ts`;

function isVaultTest(): boolean {
  return (expect.getState().testPath ?? '').endsWith(OPENS_AS_THE_APP_DOES);
}

export async function openTempVault(options: TempVaultOptions = {}): Promise<TempVault> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'alliance-test-')));
  const preferences = new MemoryPreferenceStore({
    ...options.preferences,
    ...(options.autoLockMinutes ? { autoLockMinutes: options.autoLockMinutes } : {}),
  });
  const core = createAppCore({
    dataDir: dir,
    preferences,
    workerPath: WORKER_BUNDLE,
    ...(options.realKeyDerivation ? {} : { scrypt: TEST_SCRYPT }),
    // The vault's own tests open it as the app does; the tests of features lower this cost as they do scrypt's.
    ...(isVaultTest() ? {} : { memorySecurity: 'off' as const }),
    ...(options.integrity ? { integrity: options.integrity } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.lockRequestGraceMs ? { lockRequestGraceMs: options.lockRequestGraceMs } : {}),
    ...(options.backupCheckEveryMs ? { backupCheckEveryMs: options.backupCheckEveryMs } : {}),
  });
  const events: BridgeEvent[] = [];
  core.subscribe((event) => events.push(event));
  const printed: PrintCall[] = [];
  const saved: SavedFile[] = [];
  const folderAnswers: (string | undefined)[] = [];
  const context: CallContext = {
    printer: {
      async print(target, suggestedFileName) {
        printed.push({ target, suggestedFileName });
        return target === 'pdf' ? 'saved' : 'printed';
      },
    },
    files: {
      async save(suggestedFileName, content, mimeType) {
        saved.push({ suggestedFileName, content, mimeType });
        return 'saved';
      },
    },
    folders: { choose: () => Promise.resolve(folderAnswers.shift()) },
  };
  return {
    dir,
    core,
    preferences,
    events,
    printed,
    saved,
    context,
    chooseFolders(...answers) {
      folderAnswers.push(...answers);
    },
    async call(channel, input) {
      const result = await core.handle(channel, input, context);
      if (!result.ok) throw new Error(`${channel} answered ${result.error.code}: ${result.error.message}`);
      const drift = outputDrift(channel, result.value);
      if (drift) throw new Error(drift);
      // Checked just above against the channel's output schema; the test sees the value as the window would.
      return result.value as ChannelOutput<typeof channel>;
    },
    async refuse(channel, input) {
      const result = await core.handle(channel, input, context);
      if (result.ok) throw new Error(`${String(channel)} was expected to fail but answered ${JSON.stringify(result.value)}`);
      return result.error;
    },
    async dispose() {
      await core.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
    options,
  };
}

/**
 * A vault ready to use, with PASSPHRASE: the template vault the global set-up made (its two files
 * copied into this empty folder, then unlocked, with the memory security the test opens vaults with),
 * or, for another passphrase, real key derivation or a folder not empty, `realSetUp`. Answers the
 * recovery sheet. Every copy shares the template's database key and recovery code. The vault's own
 * tests start from the copy too where set-up is not their subject (a real set-up runs every migration
 * with SQLCipher's memory security on: a few seconds each); where it is, they call `realSetUp`.
 */
export async function setUp(vault: TempVault, passphrase: string = PASSPHRASE): Promise<RecoverySheet> {
  const copyTemplate = passphrase === PASSPHRASE && !vault.options.realKeyDerivation && (await readdir(vault.dir)).length === 0;
  if (!copyTemplate) return realSetUp(vault, passphrase);
  await copyTemplateVault(inject('templateVault'), vault.dir, passphrase);
  await vault.call('vault:unlock', { passphrase });
  return readTemplateSheet(inject('templateVault'));
}

/** Set-up as a person does it (passphrase, recovery sheet, confirm): every migration, for the tests of set-up itself. */
export async function realSetUp(vault: TempVault, passphrase: string = PASSPHRASE): Promise<RecoverySheet> {
  const sheet = await vault.call('vault:prepareSetup', { passphrase });
  await vault.call('vault:confirmSetup', {});
  return sheet;
}

export function patientInput(overrides: Partial<PatientInput> = {}): z.input<typeof patientInputSchema> {
  return {
    givenName: 'Maren',
    familyName: 'Holloway',
    preferredName: '',
    dateOfBirth: '1984-06-12',
    phone: '+1 555 010 2030',
    email: 'maren@example.org',
    ...overrides,
  };
}

/** Every file in the folder (recursively) with the SHA-256 of its bytes. */
export async function folderFingerprint(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const fingerprint: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    fingerprint[path.relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return fingerprint;
}

export async function fileHash(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
