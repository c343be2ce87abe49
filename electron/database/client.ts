/**
 * The main process's side of the database worker: sends typed calls, matches answers by id.
 * The worker thread starts on first use and again after an unexpected exit.
 */
import { Worker } from 'node:worker_threads';
import type { ChannelOutput, ParsedInput, WorkerChannel } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CallMoment } from '../features/handlers';
import { diagnosticOf, type Diagnostic } from '../diagnostics/log';
import type { BackupEvent } from '../features/backups/thread-api';
import {
  DEFAULT_INTEGRITY_PLAN,
  type IntegrityEvent,
  type SyncEvent,
  type DatabaseMethod,
  type DatabaseParams,
  type DatabaseRequest,
  type DatabaseResponse,
  type DatabaseResult,
  type IntegrityPlan,
  type MemorySecurity,
  type WorkerMessage,
} from './api';

const CLOSE_TIMEOUT_MS = 5_000;

type Pending = { resolve: (response: DatabaseResponse) => void; reject: (error: AppError) => void };

export type TimedResult<M extends DatabaseMethod> = { value: DatabaseResult<M>; workerMs: number };

export type DatabaseClientEvents = {
  /** The worker stopped without being asked: its connection, and the vault's key, are gone. */
  onUnexpectedExit?: () => void;
  /** The integrity check that ran after unlock has finished. */
  onIntegrity?: (event: IntegrityEvent) => void;
  /** Replication changed data without a channel (changes received from another device, its status). */
  onSync?: (event: SyncEvent) => void;
  /** A backup's thread moved on, or ended (electron/features/backups). */
  onBackup?: (event: BackupEvent) => void;
  /** A true bug in the worker: what the diagnostic log may keep of it. */
  onInternalError?: (where: string, diagnostic: Diagnostic) => void;
};

export class DatabaseClient {
  readonly #workerPath: string;
  readonly #events: DatabaseClientEvents;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #stopping = false;

  constructor(workerPath: string, events: DatabaseClientEvents = {}) {
    this.#workerPath = workerPath;
    this.#events = events;
  }

  async call<M extends DatabaseMethod>(method: M, params: DatabaseParams<M>): Promise<DatabaseResult<M>> {
    return (await this.callTimed(method, params)).value;
  }

  /** A worker channel of the contract, answered by its feature's handler in the worker. */
  async run<C extends WorkerChannel>(channel: C, input: ParsedInput<C>, environment: CallMoment): Promise<ChannelOutput<C>> {
    return (await this.runTimed(channel, input, environment)).value;
  }

  /** Like `run`, with the time the worker itself spent on it. */
  async runTimed<C extends WorkerChannel>(
    channel: C,
    input: ParsedInput<C>,
    environment: CallMoment,
  ): Promise<{ value: ChannelOutput<C>; workerMs: number }> {
    const { value, workerMs } = await this.callTimed('run', { channel, input, environment });
    // The worker answers `channel` with the handler typed against the same contract entry.
    return { value: value as ChannelOutput<C>, workerMs };
  }

  /** Like `call`, with the time the worker itself spent on it. */
  async callTimed<M extends DatabaseMethod>(method: M, params: DatabaseParams<M>, transfer: ArrayBuffer[] = []): Promise<TimedResult<M>> {
    const response = await this.send(method, params, transfer);
    if (!response.ok) {
      // A channel's failure is recorded under the channel, not under `run`.
      const where = method === 'run' ? (params as DatabaseParams<'run'>).channel : method;
      if (response.diagnostic) this.#events.onInternalError?.(`worker:${where}`, response.diagnostic);
      throw AppError.fromShape(response.error);
    }
    // The worker answers `method` from the same DatabaseApi table.
    return { value: response.value as DatabaseResult<M>, workerMs: response.elapsedMs };
  }

  /**
   * Opens the database. The key is copied into a buffer that is transferred (moved, not copied)
   * to the worker, and the caller's buffer is wiped, so the main thread keeps no copy.
   */
  async open(
    databasePath: string,
    key: Buffer,
    mode: 'create' | 'existing',
    integrity: IntegrityPlan = DEFAULT_INTEGRITY_PLAN,
    memorySecurity: MemorySecurity = 'on',
  ): Promise<DatabaseResult<'open'>> {
    const moved = new Uint8Array(new ArrayBuffer(key.byteLength));
    moved.set(key);
    key.fill(0);
    try {
      return (await this.callTimed('open', { databasePath, key: moved, mode, integrity, memorySecurity }, [moved.buffer])).value;
    } finally {
      // Transferred buffers are detached here; this only matters if the transfer never happened.
      if (moved.byteLength > 0) moved.fill(0);
    }
  }

  /** Sends any method name, even one the API does not declare; the worker must refuse those. */
  send(method: string, params: unknown, transfer: ArrayBuffer[] = []): Promise<DatabaseResponse> {
    const worker = this.#ensureWorker();
    const request: DatabaseRequest = { id: this.#nextId++, method, params };
    return new Promise<DatabaseResponse>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      // Keeps the process alive only while an answer is awaited.
      worker.ref();
      worker.postMessage(request, transfer);
    });
  }

  /**
   * Closes the connection, then ends the thread. Terminating a thread that still holds an open
   * SQLCipher connection can abort the whole process (the addon's finalizer throws during teardown;
   * seen after a failed open), so the close comes first. The timeout only guards against a worker
   * that no longer answers.
   */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#stopping = true;
    try {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      });
      await Promise.race([
        this.call('close', {}).then(
          () => undefined,
          () => undefined,
        ),
        gaveUp,
      ]);
      clearTimeout(timer);
      await worker.terminate();
    } finally {
      this.#stopping = false;
    }
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#workerPath);
    worker.on('message', (message: WorkerMessage) => {
      if ('event' in message) {
        if (message.event === 'backup') this.#events.onBackup?.(message);
        else if (message.event === 'sync') this.#events.onSync?.(message);
        else this.#events.onIntegrity?.(message);
        return;
      }
      const response = message;
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (this.#pending.size === 0) worker.unref();
      pending.resolve(response);
    });
    // An error inside the worker ends it; 'exit' follows and fails what was waiting.
    worker.on('error', (error) => this.#events.onInternalError?.('worker', diagnosticOf(error)));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      const failed = new AppError('INTERNAL', 'The database worker stopped.');
      for (const pending of this.#pending.values()) pending.reject(failed);
      this.#pending.clear();
      if (!this.#stopping) this.#events.onUnexpectedExit?.();
    });
    // An idle worker must not keep a quitting process alive on its own.
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
