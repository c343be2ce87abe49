import { createReadStream, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import { PARTIAL_BACKUP_SUFFIX } from '../../../shared/backup';
import type { OfferProgress } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import { serverDetailsSchema, type ServerDetails } from '../../../shared/sync/connection';
import { diskFailure } from '../../database/files/failures';
import { memorySecurityPragma } from '../../database/memory-security';
import { KEY_FILE_NAME } from '../../vault/keyfile';
import { DATABASE_FILE_NAME } from '../../vault/vault';
import { startBackupThread } from '../backups/start-in-worker';
import type { BackupEvent } from '../backups/thread-api';
import { offerPairing, PAIRING_MINUTES } from './pairing';
import { encodePairingPayload } from './pairing-payload';
import { SNAPSHOT_CHUNK_BYTES, uploadSnapshot } from './server';
import { closeClient, openClient, syncFailure } from './server-client';

/*
 * "Add a device" on a device of the vault (docs/sync.md, A new device's first copy, and Pairing). The
 * device first exchanges with the server until it is up to date, then writes a copy of its database
 * as a backup does (`VACUUM INTO` on a thread of its own, SQLCipher ciphertext under the vault key,
 * read back and checked), so the window keeps working meanwhile; uploads the copy in chunks with the
 * server batch number it includes; removes the file; and only then offers the pairing, whose wrapped
 * payload names the copy. The copy's folder in the data folder is removed whatever happens.
 */

/** Where the copy is written, inside the data folder: never a temp folder outside it. */
export const PAIRING_COPY_FOLDER = '.alliance-pairing';

export type OfferContext = Readonly<{
  db: Database;
  /** The held vault key (not a copy) and the database file's path. */
  key: Uint8Array;
  databasePath: string;
  now: Date;
  /** Pushes and pulls until nothing is waiting either way (the sync loop's exchange). */
  exchange: () => Promise<void>;
  appVersion: string;
  /** Told each phase as it begins, for the window's progress bar. */
  tracker?: OfferTracker;
}>;

type OfferPhase = OfferProgress['phase'];

/** Each phase's share of the progress bar: the copy and its check read the whole vault, the upload sends it. */
export const OFFER_SHARES: Readonly<Record<OfferPhase, readonly [from: number, to: number]>> = {
  updating: [0, 0.05],
  copying: [0.05, 0.4],
  checking: [0.4, 0.6],
  uploading: [0.6, 1],
};

/** The whole offer's fraction, `within` being how far its current phase has come (0 to 1). */
export function offerFraction(phase: OfferPhase, within: number): number {
  const [from, to] = OFFER_SHARES[phase];
  const done = Number.isFinite(within) ? Math.min(1, Math.max(0, within)) : 0;
  return from + (to - from) * done;
}

/**
 * Where "Add a device" is, for the window's progress bar (`sync:offerProgress`): each phase as it
 * begins, and within it what is measured there: the copy's bytes on disk against the database's, the
 * bytes uploaded against the copy's. Checking reads the copy back, which takes about as long as writing
 * it did; that time is its measure, held below its end until the check answers.
 */
export class OfferTracker {
  readonly #now: () => number;
  #phase: OfferPhase = 'updating';
  #within: () => number = () => 0;
  #copyStarted = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  progress(): OfferProgress {
    return { phase: this.#phase, fraction: offerFraction(this.#phase, this.#within()) };
  }

  /** The copy is being written into `file`, which grows toward `databaseBytes`. */
  copying(file: string, databaseBytes: number): void {
    this.#enter('copying', () => sizeOf(file) / Math.max(1, databaseBytes));
    this.#copyStarted = this.#now();
  }

  checking(): void {
    const since = this.#now();
    const copyTook = Math.max(1, since - this.#copyStarted);
    this.#enter('checking', () => Math.min(0.95, (this.#now() - since) / copyTook));
  }

  /** The upload begins; `uploaded` is then told each chunk's running total. */
  uploading(copyBytes: number): (uploaded: number) => void {
    let sent = 0;
    this.#enter('uploading', () => sent / Math.max(1, copyBytes));
    return (uploaded) => {
      sent = uploaded;
    };
  }

  #enter(phase: OfferPhase, within: () => number): void {
    this.#phase = phase;
    this.#within = within;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

type Identity = { vault_id: string; device_id: string; cursor: number };

export function connectedServer(db: Database): { identity: Identity; details: ServerDetails } {
  const identity = db.prepare('SELECT vault_id, device_id, cursor FROM sync_state WHERE id = 1').get<Identity>();
  const details = db.prepare('SELECT details FROM sync_server WHERE id = 1', { pluck: true }).get<string>();
  if (!identity || details === undefined)
    throw new AppError('CONFLICT', 'This vault is not connected to a practice server yet: connect it first (Settings, Practice server).');
  return { identity, details: serverDetailsSchema.parse(JSON.parse(details)) };
}

/** Copies the open database into `folder` on a backup's own thread; answers the copy's file. */
function copyDatabase(context: OfferContext, folder: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const folderName = 'copy';
    const onEvent = ({ message }: BackupEvent): void => {
      if (message.type === 'verifying') context.tracker?.checking();
      else if (message.type === 'verified') resolve(path.join(message.backup.folder, DATABASE_FILE_NAME));
      else if (message.type === 'failed') reject(new AppError(message.error.code, message.error.message));
    };
    try {
      startBackupThread(
        {
          destination: folder,
          folderName,
          createdAt: context.now.toISOString(),
          reason: 'manual',
          appVersion: context.appVersion,
          keyFilePath: path.join(path.dirname(context.databasePath), KEY_FILE_NAME),
        },
        context.db,
        context.databasePath,
        context.key,
        onEvent,
      );
      context.tracker?.copying(path.join(folder, folderName + PARTIAL_BACKUP_SUFFIX, DATABASE_FILE_NAME), sizeOf(context.databasePath));
    } catch (error) {
      reject(
        error instanceof AppError && error.code === 'CONFLICT'
          ? new AppError('CONFLICT', 'A backup is being written: try again when it has finished.')
          : error instanceof Error
            ? error
            : new Error('The copy could not start'),
      );
    }
  });
}

/**
 * The copy keeps nothing of this device's connection: no server details (its password included), no
 * changes still to send (this device sends them, and the new one receives them like any other), no
 * batch half sent. Opened as it is, it could otherwise exchange under this device's name.
 */
function forgetThisDevice(copy: string, key: Uint8Array): void {
  const db = new Database(copy);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    db.pragma(memorySecurityPragma());
    db.transaction(() => {
      db.prepare('DELETE FROM sync_server').run();
      db.prepare('DELETE FROM sync_outbox').run();
      db.prepare('UPDATE sync_state SET pending_batch_id = NULL, pending_device_seq = NULL, pending_up_to = NULL').run();
    })();
  } finally {
    db.close();
  }
}

async function* chunksOf(file: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: SNAPSHOT_CHUNK_BYTES })) yield chunk as Buffer;
}

export async function offerDevicePairing(context: OfferContext): Promise<{ code: string; expiresAt: string }> {
  const { identity, details } = connectedServer(context.db);
  const pinned = details.caCertificate !== null;
  await context.exchange();
  const client = await openClient(details).catch((error: unknown) => {
    throw syncFailure(error, pinned);
  });
  const folder = path.join(path.dirname(context.databasePath), PAIRING_COPY_FOLDER);
  try {
    const { cursor } = connectedServer(context.db).identity;
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { mode: 0o700 });
    const snapshotId = randomUUID();
    try {
      const copy = await copyDatabase(context, folder);
      forgetThisDevice(copy, context.key);
      const uploaded = context.tracker?.uploading(sizeOf(copy));
      await uploadSnapshot(client, identity.vault_id, snapshotId, cursor, chunksOf(copy), uploaded);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    const payload = encodePairingPayload({
      vaultKey: Buffer.from(context.key),
      vaultId: identity.vault_id,
      snapshotId,
      inviter: identity.device_id,
    });
    try {
      const code = await offerPairing(client, identity.vault_id, payload);
      return { code, expiresAt: new Date(context.now.getTime() + PAIRING_MINUTES * 60_000).toISOString() };
    } finally {
      payload.fill(0);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw diskFailure(error, path.dirname(context.databasePath)) ?? syncFailure(error, pinned);
  } finally {
    await closeClient(client);
  }
}
