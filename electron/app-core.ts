/**
 * Wires the vault, the database worker, the idle lock and the handler table into the AppCore
 * that Electron's main process and the browser harness both drive.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BridgeEvent } from '../shared/contract';
import { startViewOf } from '../shared/preferences';
import type { LockReason } from '../shared/vault';
import type { AppCore, AppCoreOptions } from './app-core-types';
import { DatabaseClient } from './database/client';
import { DiagnosticLog, diagnosticOf } from './diagnostics/log';
import { PRACTICE_SCOPES } from '../shared/channels/preferences';
import { BackupService } from './features/backups/service';
import { dispatch } from './ipc/dispatch';
import { ReadAhead } from './ipc/read-ahead';
import { environment, type HandlerServices } from './ipc/services';
import { PatientMode } from './patient-mode';
import { IdleLock } from './vault/auto-lock';
import { KEY_FILE_NAME } from './vault/keyfile';
import { Vault } from './vault/vault';

/**
 * Only the renderer's report of keyboard and pointer input counts as the person's activity: the window
 * also calls by itself (status on focus, the session timer's polling, refetches), and those must not
 * keep an unattended chart open. Every action a person takes starts with input, so it is reported.
 */
const ACTIVITY_CHANNEL = 'session:activity';

/** Long enough for the window to save a draft and lock; short enough that a lock asked for is a lock given. */
const LOCK_REQUEST_GRACE_MS = 3_000;

export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? (() => Date.now());
  // The vault's folder is for its owner only.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  const listeners = new Set<(event: BridgeEvent) => void>();
  const readAhead = new ReadAhead();
  const emit = (event: BridgeEvent): void => {
    if (event.type === 'data:changed' || event.type === 'vault:locked') readAhead.clear();
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // One broken listener (a closed window) must not stop the others hearing a lock.
      }
    }
  };

  let requestedLock: NodeJS.Timeout | undefined;
  const patientMode = new PatientMode();
  const diagnostics = new DiagnosticLog(options.dataDir, now);
  const database = new DatabaseClient(options.workerPath, {
    onUnexpectedExit: () => vault.connectionLost(),
    onInternalError: (where, diagnostic) => diagnostics.record(where, diagnostic),
    onIntegrity: ({ problem }) => {
      if (problem) void vault.integrityFailed(problem);
      else vault.integrityPassed();
    },
    onBackup: (event) => backups.backupEvent(event),
    // Changes another device made, applied in the worker: every window refetches what they feed.
    onSync: ({ scopes }) => emit({ type: 'data:changed', scopes }),
  });
  const backups: BackupService = new BackupService({
    keyFilePath: path.join(options.dataDir, KEY_FILE_NAME),
    database,
    preferences: options.preferences,
    now,
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    emit,
    isUnlocked: () => vault.isUnlocked(),
    ...(options.backupCheckEveryMs ? { checkEveryMs: options.backupCheckEveryMs } : {}),
  });
  // What a backup killed mid-way left behind goes at the next start.
  void backups.cleanPartials();
  // The worker's events reach the vault only after this line has run: it starts on the first call.
  const vault: Vault = new Vault({
    dataDir: options.dataDir,
    database,
    now,
    ...(options.integrity ? { integrity: options.integrity } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    ...(options.memorySecurity ? { memorySecurity: options.memorySecurity } : {}),
    beforeLock: (reason) => backups.beforeLock(reason),
    emit: (event) => {
      if (event.type === 'vault:unlocked') {
        adoptPracticeSettings();
        idleLock.start();
        backups.unlocked();
        // The window opens on the day: its reading starts now, not once the window has heard and asked.
        if (startViewOf(options.preferences.get()) === 'today') {
          readAhead.start('today:get', {}, environment(services), (env) =>
            database.call('run', { channel: 'today:get', input: {}, environment: env }),
          );
        }
      }
      if (event.type === 'vault:locked') {
        backups.locked();
        idleLock.stop();
        clearTimeout(requestedLock);
        // Unlocking needs the passphrase, as leaving patient mode does: a lock ends it.
        patientMode.end();
      }
      emit(event);
    },
  });

  /**
   * The practice's settings this device kept in its preferences before they moved into the vault are
   * written into it once (only where the vault has none: features/preferences/practice-settings.ts), then
   * forgotten here. Sent before anything the window asks after unlocking (the worker answers in order),
   * so no request is answered with the defaults in their place. A failure keeps them for the next unlock.
   */
  function adoptPracticeSettings(): void {
    const values = options.preferences.practiceToAdopt();
    if (Object.keys(values).length === 0) return;
    database.call('preferences.adopt', { values, now: new Date(now()).toISOString() }).then(
      ({ adopted }) => {
        options.preferences.forgetPractice();
        if (adopted.length > 0) emit({ type: 'data:changed', scopes: [...PRACTICE_SCOPES] });
      },
      (error: unknown) => diagnostics.record('preferences.adopt', diagnosticOf(error)),
    );
  }

  const idleLock: IdleLock = new IdleLock({
    now,
    idleMinutes: () => options.preferences.get().autoLockMinutes,
    onWarning: (secondsLeft) => emit({ type: 'vault:idleWarning', secondsLeft }),
    onIdle: () => lock('idle'),
  });

  const services: HandlerServices = {
    vault,
    database,
    preferences: options.preferences,
    idleLock,
    emit,
    now,
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    patientMode,
    diagnostics,
    backups,
    readAhead,
  };
  let closed = false;

  async function lock(reason: LockReason): Promise<void> {
    try {
      await services.vault.lock(reason);
    } catch {
      // The worker could not close cleanly; stopping it drops the connection and its key for certain.
      await database.stop();
      services.vault.connectionLost();
      emit({ type: 'vault:locked', reason });
    }
  }

  return {
    async handle(channel, input, context) {
      if (closed) return { ok: false, error: { code: 'INTERNAL', message: 'Alliance is shutting down.' } };
      if (channel === ACTIVITY_CHANNEL) idleLock.activity();
      return dispatch(channel, input, services, context);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    lock,
    requestLock() {
      if (closed || !services.vault.isUnlocked()) return;
      clearTimeout(requestedLock);
      requestedLock = setTimeout(() => void lock('manual'), options.lockRequestGraceMs ?? LOCK_REQUEST_GRACE_MS);
      requestedLock.unref();
      emit({ type: 'vault:lockRequested' });
    },
    async close() {
      clearTimeout(requestedLock);
      if (closed) return;
      await lock('quit');
      closed = true;
      idleLock.stop();
      backups.locked();
      // The backup's thread is the worker's child: stopping the worker mid-copy would end it badly.
      await backups.settled();
      await database.stop();
      listeners.clear();
    },
  };
}
