import type pg from 'pg';
import type { AppErrorShape } from '../../../shared/errors';
import type { ServerDetails } from '../../../shared/sync/connection';
import type { Change } from './apply';
import type { SyncEngine } from './engine';
import { notifyChannel } from './server';
import { closeClient, openClient, syncFailure } from './server-client';

/*
 * The exchange with the practice's server while a connected vault is open in the worker (docs/sync.md,
 * Push and Pull). One exchange at a time (push what waits, then pull what others sent), so a batch is
 * never sent twice at once and the cursor only moves forward. An exchange runs:
 * - shortly after a write (`changed`), a burst of writes making one push;
 * - when the server NOTIFYs that another device pushed (LISTEN on the vault's channel);
 * - every few seconds otherwise, in case a notification was missed;
 * - after a failure, again and again with a growing pause while the server cannot be reached.
 * No clinical data reaches a log: a failure is kept as an error code and our own words.
 */

export type LoopOptions = {
  /** How long after a write the push starts: a burst of writes goes in one exchange. */
  pushDelayMs: number;
  /** How often the loop pulls when nothing tells it to. */
  pullEveryMs: number;
  /** The pause after the first failure, doubled after each until `maxBackoffMs`. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  now: () => Date;
};

export const DEFAULT_LOOP_OPTIONS: LoopOptions = {
  pushDelayMs: 50,
  pullEveryMs: 5_000,
  firstBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  now: () => new Date(),
};

/** How long a lock waits for an exchange under way before closing the vault under it. */
const STOP_GRACE_MS = 2_000;

export type LoopStatus = Readonly<{
  /** The first failed attempt since the last success, while the server cannot be reached. */
  unreachableSince: Date | null;
  lastError: AppErrorShape | null;
  lastExchangeAt: Date | null;
  revoked: boolean;
}>;

export type LoopHooks = {
  /** Changes from other devices were applied: these tables changed. */
  received(tables: ReadonlySet<string>): void;
  /** What `status()` answers changed (a push sent, the server went away or came back). */
  statusChanged(): void;
  /** Registers this device on the server before its first exchange (a vault restored from a backup is a new device). */
  register?: (client: pg.Client) => Promise<void>;
};

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class SyncLoop {
  readonly #engine: SyncEngine;
  readonly #details: ServerDetails;
  readonly #vaultId: string;
  readonly #hooks: LoopHooks;
  readonly #options: LoopOptions;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | undefined;
  #timerDue = Infinity;
  /** The exchanges, one after another; `#queued` is the one waiting to start, which a new request joins. */
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #stopped = false;
  #registered = false;
  #failures = 0;
  #status: LoopStatus = { unreachableSince: null, lastError: null, lastExchangeAt: null, revoked: false };

  constructor(engine: SyncEngine, details: ServerDetails, vaultId: string, hooks: LoopHooks, options: Partial<LoopOptions> = {}) {
    this.#engine = engine;
    this.#details = details;
    this.#vaultId = vaultId;
    this.#hooks = hooks;
    this.#options = { ...DEFAULT_LOOP_OPTIONS, ...options };
  }

  /** Starts exchanging at once. */
  start(): void {
    this.#schedule(0);
  }

  status(): LoopStatus {
    return this.#status;
  }

  /** A write was made: push soon, unless the server is away (the next attempt is already set, backing off). */
  changed(): void {
    if (this.#status.lastError) return;
    this.#schedule(this.#options.pushDelayMs);
  }

  /** Pushes and pulls now; answers when that exchange is over (its outcome is in `status()`). */
  syncNow(): Promise<void> {
    return this.#request();
  }

  /** Stops exchanging and lets go of the server; waits (briefly) for an exchange under way. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    // Ending the client fails a statement under way: the push is sent again, the pull read again, next time.
    const closed = client ? closeClient(client) : Promise.resolve();
    await Promise.race([Promise.all([this.#chain, closed]), pause(STOP_GRACE_MS)]);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    const due = Date.now() + delayMs;
    if (this.#timer && this.#timerDue <= due) return;
    clearTimeout(this.#timer);
    this.#timerDue = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerDue = Infinity;
      void this.#request();
    }, delayMs);
  }

  #request(): Promise<void> {
    if (this.#queued) return this.#queued;
    const queued = this.#chain.then(() => {
      this.#queued = null;
      return this.#exchange();
    });
    this.#queued = queued;
    this.#chain = queued;
    return queued;
  }

  #adopt(client: pg.Client): void {
    this.#client = client;
    client.on('notification', () => this.#schedule(0));
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = null;
      void closeClient(client);
      this.#schedule(0);
    };
    client.on('error', lost);
    client.on('end', lost);
  }

  async #connected(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = await openClient(this.#details);
    if (this.#stopped) {
      await closeClient(client);
      throw new Error('Client was closed');
    }
    await client.query(`LISTEN ${notifyChannel(this.#vaultId)}`);
    this.#adopt(client);
    return client;
  }

  async #exchange(): Promise<void> {
    if (this.#stopped) return;
    const before = this.#status;
    try {
      // A new connection LISTENs first: whatever was pushed while this device was not listening is pulled below.
      const client = await this.#connected();
      if (this.#hooks.register && !this.#registered) {
        await this.#hooks.register(client);
        this.#registered = true;
      }
      const sent = await this.#engine.push(client);
      const tables = new Set<string>();
      await this.#engine.pull(client, this.#options.now, (changes: readonly Change[]) => {
        for (const change of changes) tables.add(change.table);
      });
      // Stopped meanwhile (the vault is locking): the windows hear nothing more from this vault.
      if (this.#stopped) return;
      this.#failures = 0;
      this.#status = { unreachableSince: null, lastError: null, lastExchangeAt: this.#options.now(), revoked: false };
      if (tables.size > 0) this.#hooks.received(tables);
      if (sent > 0 || before.lastError || before.revoked) this.#hooks.statusChanged();
      this.#schedule(this.#options.pullEveryMs);
      // Written while this exchange ran: send it now rather than at the next tick.
      if (this.#engine.waiting() > 0) this.#schedule(this.#options.pushDelayMs);
    } catch (error) {
      if (this.#stopped) return;
      const failure = syncFailure(error, this.#details.caCertificate !== null);
      const client = this.#client;
      this.#client = null;
      if (client) void closeClient(client);
      this.#failures += 1;
      this.#status = {
        // Whatever the reason (its code says which), nothing is exchanged from this moment until an exchange succeeds.
        unreachableSince: failure.code === 'SYNC_REVOKED' ? null : (before.unreachableSince ?? this.#options.now()),
        lastError: failure.toShape(),
        lastExchangeAt: before.lastExchangeAt,
        revoked: failure.code === 'SYNC_REVOKED',
      };
      if (before.lastError?.code !== failure.code || before.lastError.message !== failure.message) this.#hooks.statusChanged();
      const backoff = Math.min(this.#options.firstBackoffMs * 2 ** (this.#failures - 1), this.#options.maxBackoffMs);
      this.#schedule(failure.code === 'SYNC_REVOKED' ? this.#options.pullEveryMs : backoff);
    }
  }
}
