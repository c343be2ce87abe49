import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type pg from 'pg';
import type { Scope } from '../../../shared/channel';
import type { SyncStatus } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import { serverDetailsSchema, SYNC_FAILURE_MESSAGES, type ServerDetails } from '../../../shared/sync/connection';
import { thisDeviceId } from '../audit/repository';
import { deriveReplicationKey } from './batch-crypto';
import { scopesOfTables } from './capture';
import { openConflictCount } from './conflicts';
import { nameDevice } from './devices';
import { connectVault, startOverOnServer, SyncEngine, takeNewDeviceId } from './engine';
import { SyncLoop, type LoopOptions } from './loop';
import { ensureServerSchema, registerDevice } from './server';
import { closeClient, openClient, syncFailure } from './server-client';

/*
 * Replication as the open vault sees it (docs/sync.md): whether it is connected to a practice server,
 * the clock stamped before each write, and the loop that exchanges with the server while the vault is
 * open. Built with the vault's connection and ended (the loop stopped, awaited) before it closes.
 */

export type ReplicationHooks = {
  /** The open vault's key (the worker holds it while the connection is open): the replication key is derived from it. */
  vaultKey(): Uint8Array | undefined;
  /** Tells the main process that these scopes changed, so every window refetches them. */
  changed(scopes: readonly Scope[]): void;
  loop?: Partial<LoopOptions>;
};

type Session = { engine: SyncEngine; loop: SyncLoop; details: ServerDetails; vaultId: string; deviceId: string; replicationKey: Buffer };

/** A vault restored from a backup, opening: the device id it takes, and what to do once the server has registered it. */
export type RestoredDevice = { deviceId: string; registered: () => void };

/** Added to the name of the device a backup was made on, for the device its restored vault becomes. */
export const RESTORED_NAME_SUFFIX = ' (restored)';
const DEVICE_NAME_MAX = 60;

const NO_HOOKS: ReplicationHooks = { vaultKey: () => undefined, changed: () => undefined };

export class Replication {
  readonly #db: Database;
  readonly #hooks: ReplicationHooks;
  #session: Session | null = null;

  constructor(db: Database, hooks: ReplicationHooks = NO_HOOKS) {
    this.#db = db;
    this.#hooks = hooks;
  }

  /**
   * When the vault opens: a vault connected to a server starts exchanging with it. Its failures are
   * the exchange's (in the status), never the unlock's: a vault opens whatever its server does.
   */
  resume(restored?: RestoredDevice): void {
    const details = this.#savedDetails();
    const identity = this.#identity();
    if (!identity) {
      // Never connected: the backup's device never sent anything, and connecting registers whatever id it has.
      restored?.registered();
      return;
    }
    const deviceId = restored?.deviceId ?? identity.deviceId;
    const registered = restored?.registered;
    const session = details ? this.#start(details, identity.vaultId, deviceId, registered) : null;
    if (restored && identity.deviceId !== restored.deviceId) this.#becomeRestoredDevice(session, identity.deviceId, restored.deviceId);
    // Not connected now: connecting registers it.
    if (!session) registered?.();
  }

  /**
   * A vault restored from a backup becomes a new device of its vault (docs/sync.md, A restored backup),
   * named after the device the backup was made on; its unsent changes stay to be sent.
   */
  #becomeRestoredDevice(session: Session | null, oldId: string, newId: string): void {
    const name = this.#db.prepare('SELECT name FROM sync_devices WHERE device_id = $id', { pluck: true }).get<string>({ id: oldId });
    this.#db.transaction(() => {
      takeNewDeviceId(this.#db, newId);
      session?.engine.stampNextWrite(Date.now());
      if (name === undefined) return;
      this.#db
        .prepare('INSERT INTO sync_devices (device_id, name, added_at) VALUES ($id, $name, $now) ON CONFLICT (device_id) DO NOTHING')
        .run({
          id: newId,
          name: name.slice(0, DEVICE_NAME_MAX - RESTORED_NAME_SUFFIX.length) + RESTORED_NAME_SUFFIX,
          now: new Date().toISOString(),
        });
    })();
  }

  /** Whether this vault is connected to a server, so its writes are captured and sent. */
  replicating(): boolean {
    return this.#session !== null;
  }

  /** Before a write: the stamp the capture triggers give its changes (nothing while not connected). */
  beforeWrite(): void {
    this.#session?.engine.stampNextWrite(Date.now());
  }

  /** After a write: push soon. */
  afterWrite(): void {
    this.#session?.loop.changed();
  }

  status(): SyncStatus {
    const session = this.#session;
    const details = this.#savedDetails();
    const conflicts = openConflictCount(this.#db);
    if (!session || !details) {
      return {
        state: 'not-connected',
        server: null,
        device: null,
        waiting: 0,
        unreachableSince: null,
        lastError: null,
        lastExchangeAt: null,
        openConflicts: conflicts,
      };
    }
    const loop = session.loop.status();
    const waiting = session.engine.waiting();
    const name =
      this.#db.prepare('SELECT name FROM sync_devices WHERE device_id = $id', { pluck: true }).get<string>({ id: session.deviceId }) ?? '';
    return {
      state: loop.revoked ? 'revoked' : loop.unreachableSince ? 'unreachable' : waiting > 0 ? 'sending' : 'up-to-date',
      server: {
        host: details.host,
        port: details.port,
        database: details.database,
        user: details.user,
        tls: details.tls,
        caPinned: details.caCertificate !== null,
      },
      device: { id: session.deviceId, name },
      waiting,
      unreachableSince: loop.unreachableSince?.toISOString() ?? null,
      lastError: loop.lastError,
      lastExchangeAt: loop.lastExchangeAt?.toISOString() ?? null,
      openConflicts: conflicts,
    };
  }

  /**
   * Connects the vault to the practice server: creates Alliance's schema there if missing, registers
   * the vault and this device, keeps the details inside the vault, names this device (a replicated
   * row, so the other devices list it), and starts exchanging. A vault connected before keeps its id
   * and this device its id; connecting again with other details replaces them, and the previous
   * connection goes on if the new one fails. A server that did not know this device (another server,
   * or a new one in its place) holds none of what it sent: the device starts over there, from the
   * server's first batch and with its own batch numbers from 1; what waits in the outbox is still sent.
   */
  async connect(details: ServerDetails, deviceName: string, now: string): Promise<SyncStatus> {
    if (!this.#hooks.vaultKey()) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    const previous = this.#session;
    await this.#stopSession();
    try {
      // A vault connecting for the first time replicates as the device its audit chain already names.
      const identity = this.#identity() ?? { vaultId: randomUUID(), deviceId: thisDeviceId(this.#db) };
      const client = await openClient(details).catch((error: unknown) => {
        throw syncFailure(error, details.caCertificate !== null);
      });
      let deviceAdded: boolean;
      try {
        await ensureServerSchema(client);
        ({ deviceAdded } = await registerDevice(client, identity.vaultId, identity.deviceId));
      } catch (error) {
        throw syncFailure(error, details.caCertificate !== null);
      } finally {
        await closeClient(client);
      }
      this.#db.transaction(() => {
        if (this.#identity()) {
          this.#db.prepare('UPDATE sync_clock SET capturing = 1 WHERE id = 1').run();
          // Another server (or one that lost this device): its batch numbers and cursor were the old server's.
          if (deviceAdded) startOverOnServer(this.#db);
        } else connectVault(this.#db, identity.vaultId, identity.deviceId);
        this.#db
          .prepare('INSERT OR REPLACE INTO sync_server (id, details, connected_at) VALUES (1, $details, $now)')
          .run({ details: JSON.stringify(details), now });
      })();
      const session = this.#start(details, identity.vaultId, identity.deviceId);
      session.engine.stampNextWrite(Date.now());
      nameDevice(this.#db, identity.deviceId, deviceName, now);
      session.loop.changed();
      return this.status();
    } catch (error) {
      if (previous) this.#start(previous.details, previous.vaultId, previous.deviceId);
      throw error;
    }
  }

  /** Stops replicating and forgets the server's details; capture stops, and every record stays. */
  async disconnect(): Promise<SyncStatus> {
    await this.#stopSession();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM sync_server').run();
      this.#db.prepare('UPDATE sync_clock SET capturing = 0 WHERE id = 1').run();
    })();
    return this.status();
  }

  /** One exchange now; answers the status after it. */
  async syncNow(): Promise<SyncStatus> {
    const session = this.#session;
    if (!session) throw new AppError('NOT_FOUND', SYNC_FAILURE_MESSAGES.notConnected);
    await session.loop.syncNow();
    return this.status();
  }

  /** Before the vault closes: the loop stops, and an exchange under way ends first. */
  async close(): Promise<void> {
    await this.#stopSession();
  }

  async #stopSession(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    await session?.loop.stop();
    session?.replicationKey.fill(0);
  }

  #start(details: ServerDetails, vaultId: string, deviceId: string, registered?: () => void): Session {
    const key = this.#hooks.vaultKey();
    if (!key) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    const copy = Buffer.from(key);
    const replicationKey = deriveReplicationKey(copy, vaultId);
    copy.fill(0);
    const engine = new SyncEngine(this.#db, { vaultId, deviceId, replicationKey });
    const loop = new SyncLoop(
      engine,
      details,
      vaultId,
      {
        received: (tables) => this.#hooks.changed(['sync', ...scopesOfTables(tables)]),
        statusChanged: () => this.#hooks.changed(['sync']),
        ...(registered
          ? {
              register: async (client: pg.Client) => {
                await registerDevice(client, vaultId, deviceId);
                registered();
              },
            }
          : {}),
      },
      this.#hooks.loop,
    );
    const session = { engine, loop, details, vaultId, deviceId, replicationKey };
    this.#session = session;
    loop.start();
    return session;
  }

  #savedDetails(): ServerDetails | null {
    const saved = this.#db.prepare('SELECT details FROM sync_server WHERE id = 1', { pluck: true }).get<string>();
    if (saved === undefined) return null;
    const parsed = serverDetailsSchema.safeParse(JSON.parse(saved));
    return parsed.success ? parsed.data : null;
  }

  #identity(): { vaultId: string; deviceId: string } | null {
    const row = this.#db.prepare('SELECT vault_id, device_id FROM sync_state WHERE id = 1').get<{ vault_id: string; device_id: string }>();
    return row ? { vaultId: row.vault_id, deviceId: row.device_id } : null;
  }
}
