import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { ClientBase } from 'pg';
import { decodeHlc, encodeHlc, initialClock, receive, tick, type Hlc } from '../../../shared/sync/hlc';
import { thisDeviceId } from '../audit/repository';
import { acknowledgeOutbox, applyChanges, changeSchema, readOutbox, type Change } from './apply';
import { openBatch, sealBatch } from './batch-crypto';
import { pullBatches, pushBatch } from './server';

/*
 * One device's side of replication (docs/sync.md, Push and Pull): the clock whose stamps the capture
 * triggers write, and the two halves of an exchange with the server. Every step that must survive a
 * crash is written to the vault before the network is used: the batch about to be sent (its id, its
 * number and the outbox position it covers) before the push, so a device killed before hearing the
 * answer sends the same batch again and the server keeps it once; and the cursor together with the
 * changes it covers, so a device killed mid-pull applies a batch again from the same place, whole.
 */

/** Changes per batch; a batch of notes of about 640 words stays under about 1 MB. */
export const CHANGES_PER_BATCH = 500;

type State = {
  vault_id: string;
  device_id: string;
  next_device_seq: number;
  cursor: number;
  pending_batch_id: string | null;
  pending_device_seq: number | null;
  pending_up_to: number | null;
};

export type SyncIdentity = Readonly<{ vaultId: string; deviceId: string; replicationKey: Buffer }>;

/**
 * Turns replication on for a vault: its identity, and capture from now on. The device replicates
 * under the id its audit chain already has (`this_device`), so its chain before and after
 * connecting is one; an id given here replaces it, and entries written before stay a chain of
 * their own under the old id.
 */
export function connectVault(db: Database, vaultId: string, deviceId: string = thisDeviceId(db)): void {
  db.transaction(() => {
    db.prepare('INSERT INTO sync_state (id, vault_id, device_id) VALUES (1, $vaultId, $deviceId)').run({ vaultId, deviceId });
    db.prepare('UPDATE this_device SET device_id = $deviceId WHERE id = 1').run({ deviceId });
    db.prepare('UPDATE sync_clock SET capturing = 1 WHERE id = 1').run();
  })();
}

/**
 * A connected vault meets a server that holds nothing of this device (docs/sync.md, Moving to
 * another server): it reads that server's batches from the first, numbers its own from 1, and the
 * batch it had packed for the old server is packed again. The outbox stays: its changes are still to be sent.
 */
export function startOverOnServer(db: Database): void {
  db.prepare(
    `UPDATE sync_state SET cursor = 0, next_device_seq = 1,
       pending_batch_id = NULL, pending_device_seq = NULL, pending_up_to = NULL WHERE id = 1`,
  ).run();
}

/**
 * This vault replicates as a new device from now on: its own id and batch numbers, the batch packed
 * under the old id packed again, and its place in the server's batches kept. Its outbox stays: a
 * restored backup's unsent changes may never have reached the server (docs/sync.md, A restored backup).
 */
export function takeNewDeviceId(db: Database, deviceId: string): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE sync_state SET device_id = $deviceId, next_device_seq = 1,
         pending_batch_id = NULL, pending_device_seq = NULL, pending_up_to = NULL WHERE id = 1`,
    ).run({ deviceId });
    // The vault's audit chains stay as they are; this device starts its own.
    db.prepare('UPDATE this_device SET device_id = $deviceId WHERE id = 1').run({ deviceId });
  })();
}

/**
 * A copy of another device's vault (a new device's first copy, docs/sync.md) becomes this device: its
 * own id and batch numbers, nothing of the other's left to send or to look at, and its place in the
 * server's batches kept, so it pulls on from where the copy was made.
 */
export function becomeNewDevice(db: Database, deviceId: string): void {
  db.transaction(() => {
    takeNewDeviceId(db, deviceId);
    db.prepare('DELETE FROM sync_outbox').run();
    db.prepare('DELETE FROM sync_conflicts').run();
    db.prepare('DELETE FROM sync_server').run();
  })();
}

export class SyncEngine {
  readonly #db: Database;
  readonly #identity: SyncIdentity;
  #clock: Hlc;

  constructor(db: Database, identity: SyncIdentity) {
    this.#db = db;
    this.#identity = identity;
    const stamp = db.prepare('SELECT stamp FROM sync_clock WHERE id = 1', { pluck: true }).get<string>() ?? '';
    const saved = stamp === '' ? initialClock(identity.deviceId) : decodeHlc(stamp);
    this.#clock = { ...saved, deviceId: identity.deviceId };
  }

  #state(): State {
    const state = this.#db.prepare('SELECT * FROM sync_state WHERE id = 1').get<State>();
    if (!state) throw new Error('This vault is not connected to a server.');
    return state;
  }

  /** Before each write: the stamp the capture triggers give the changes it makes. */
  stampNextWrite(nowMs: number): string {
    this.#clock = tick(this.#clock, nowMs);
    const stamp = encodeHlc(this.#clock);
    this.#db.prepare('UPDATE sync_clock SET stamp = $stamp WHERE id = 1').run({ stamp });
    return stamp;
  }

  /** How many changes wait to be sent. */
  waiting(): number {
    return this.#db.prepare('SELECT count(*) FROM sync_outbox', { pluck: true }).get<number>() ?? 0;
  }

  /** Chooses the next batch to send and records it; the same batch is chosen again until the server has it. */
  prepareBatch(): State | null {
    const state = this.#state();
    if (state.pending_batch_id !== null) return state;
    const { changes, upTo } = readOutbox(this.#db, CHANGES_PER_BATCH);
    if (changes.length === 0) return null;
    this.#db
      .prepare('UPDATE sync_state SET pending_batch_id = $id, pending_device_seq = next_device_seq, pending_up_to = $upTo WHERE id = 1')
      .run({ id: randomUUID(), upTo });
    return this.#state();
  }

  /** Sends the recorded batch. The server keeps a batch it already has once. */
  async sendPending(client: ClientBase, state: State): Promise<number> {
    if (state.pending_batch_id === null || state.pending_device_seq === null || state.pending_up_to === null)
      throw new Error('No batch is pending.');
    const changes = this.#db
      .prepare('SELECT count(*) FROM sync_outbox WHERE seq <= $upTo', { pluck: true })
      .get<number>({ upTo: state.pending_up_to });
    const { changes: batch } = readOutbox(this.#db, changes ?? 0);
    const address = { vaultId: this.#identity.vaultId, deviceId: this.#identity.deviceId, deviceSeq: state.pending_device_seq };
    const ciphertext = sealBatch(this.#identity.replicationKey, address, Buffer.from(JSON.stringify(batch), 'utf8'));
    return pushBatch(client, this.#identity.vaultId, this.#identity.deviceId, {
      batchId: state.pending_batch_id,
      deviceSeq: state.pending_device_seq,
      ciphertext,
    });
  }

  /** The server has the batch: its changes leave the outbox and the next batch gets the next number. */
  confirmPending(state: State): void {
    this.#db.transaction(() => {
      acknowledgeOutbox(this.#db, state.pending_up_to ?? 0);
      this.#db
        .prepare(
          'UPDATE sync_state SET next_device_seq = next_device_seq + 1, pending_batch_id = NULL, pending_device_seq = NULL, pending_up_to = NULL WHERE id = 1',
        )
        .run();
    })();
  }

  /** Sends everything waiting, batch by batch. Returns the number of batches sent. */
  async push(client: ClientBase): Promise<number> {
    let sent = 0;
    for (let state = this.prepareBatch(); state; state = this.prepareBatch()) {
      await this.sendPending(client, state);
      this.confirmPending(state);
      sent += 1;
    }
    return sent;
  }

  /**
   * Receives and applies what other devices sent since the cursor. Returns the number of batches
   * applied; `received` hears each batch's changes once they are applied.
   */
  async pull(
    client: ClientBase,
    now: () => Date = () => new Date(),
    received: (changes: readonly Change[]) => void = () => undefined,
  ): Promise<number> {
    let applied = 0;
    for (;;) {
      const batches = await pullBatches(client, this.#identity.vaultId, this.#identity.deviceId, this.#state().cursor);
      if (batches.length === 0) return applied;
      for (const batch of batches) {
        const moveCursor = () => this.#db.prepare('UPDATE sync_state SET cursor = $seq WHERE id = 1').run({ seq: batch.seq });
        if (batch.deviceId === this.#identity.deviceId) {
          moveCursor();
          continue;
        }
        const plaintext = openBatch(this.#identity.replicationKey, { vaultId: this.#identity.vaultId, ...batch }, batch.ciphertext);
        const changes = (JSON.parse(plaintext.toString('utf8')) as unknown[]).map((change): Change => changeSchema.parse(change));
        const at = now();
        for (const change of changes) this.#clock = receive(this.#clock, decodeHlc(change.stamp), at.getTime());
        // The clock is kept with the cursor: after a restart this device's next stamp still follows what it received
        // (and any write applying it made here: a patient it created renumbered).
        applyChanges(
          this.#db,
          changes,
          at.toISOString(),
          () => {
            moveCursor();
            this.#db.prepare('UPDATE sync_clock SET stamp = $stamp WHERE id = 1').run({ stamp: encodeHlc(this.#clock) });
          },
          { stamp: () => this.stampNextWrite(at.getTime()) },
        );
        received(changes);
        applied += 1;
      }
    }
  }
}
