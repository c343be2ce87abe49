import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { joinProgressSchema } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import type { ServerDetails } from '../../../shared/sync/connection';
import type { RecoverySheet } from '../../../shared/vault';
import type { DatabaseClient } from '../../database/client';
import { DATABASE_FILE_NAME, type Vault } from '../../vault/vault';
import { PairingRefused, redeemPairing } from './pairing';
import { decodePairingPayload } from './pairing-payload';
import { downloadSnapshot, registerDevice, removeSnapshot, SnapshotMissing } from './server';
import { closeClient, openClient, syncFailure } from './server-client';

/*
 * "Join a vault from another device", on a device with no vault yet (docs/sync.md, Pairing and A new
 * device's first copy). The code is redeemed on the server (once: a wrong, used or expired code is
 * refused in words), the copy it names is downloaded into the data folder, opened with the vault key
 * the code unwrapped, and becomes this device; the vault service wraps the key under this device's
 * own passphrase and a new recovery code (Vault.prepareJoin) and answers the recovery sheet, and
 * `vault:confirmSetup` moves it into place and opens it. Whatever fails, the copy is removed: the
 * data folder is as it was, and the person can try again with a new code.
 */

export type JoinProgress = z.infer<typeof joinProgressSchema>;

export type JoinRequest = Readonly<{ server: ServerDetails; code: string; deviceName: string; passphrase: string }>;

export type JoinServices = Readonly<{
  vault: Vault;
  database: DatabaseClient;
  now: () => number;
  progress: (progress: JoinProgress) => void;
}>;

/** The share of the whole join each phase ends at: the download is most of it. */
const ENDS = { redeeming: 0.05, downloading: 0.8, opening: 1 } as const;

export async function joinVault(request: JoinRequest, services: JoinServices): Promise<RecoverySheet> {
  services.progress({ phase: 'redeeming', fraction: 0 });
  const pinned = request.server.caCertificate !== null;
  const client = await openClient(request.server).catch((error: unknown) => {
    throw syncFailure(error, pinned);
  });
  let snapshotId: string | undefined;
  let vaultId: string | undefined;
  try {
    return await services.vault.prepareJoin(request.passphrase, {
      fetch: async (folder) => {
        let received;
        try {
          received = await redeemPairing(client, request.code);
        } catch (error) {
          if (error instanceof PairingRefused) throw new AppError('PAIRING_REFUSED', error.message);
          throw error;
        }
        const payload = decodePairingPayload(received.payload);
        if (!payload || payload.vaultId !== received.vaultId)
          throw new AppError(
            'PAIRING_REFUSED',
            'This code was made by another version of Alliance. Update both devices and make a new code.',
          );
        snapshotId = payload.snapshotId;
        services.progress({ phase: 'downloading', fraction: ENDS.redeeming });
        const file = await open(path.join(folder, DATABASE_FILE_NAME), 'wx', 0o600);
        try {
          await downloadSnapshot(
            client,
            payload.vaultId,
            payload.snapshotId,
            async (chunk) => {
              await file.write(chunk);
            },
            (fraction) =>
              services.progress({ phase: 'downloading', fraction: ENDS.redeeming + fraction * (ENDS.downloading - ENDS.redeeming) }),
          );
          await file.sync();
        } finally {
          await file.close();
        }
        services.progress({ phase: 'opening', fraction: ENDS.downloading });
        vaultId = payload.vaultId;
        return payload.vaultKey;
      },
      adopt: async () => {
        if (vaultId === undefined) throw new AppError('INTERNAL', 'The copy was opened before it was received.');
        const deviceId = randomBytes(16).toString('hex');
        await services.database.call('sync.adoptCopy', {
          vaultId,
          deviceId,
          deviceName: request.deviceName,
          server: request.server,
          now: new Date(services.now()).toISOString(),
        });
        await registerDevice(client, vaultId, deviceId);
        services.progress({ phase: 'opening', fraction: ENDS.opening });
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof SnapshotMissing) throw new AppError('PAIRING_REFUSED', error.message);
    throw syncFailure(error, pinned);
  } finally {
    // The copy has one use: once redeemed, whatever happened, it goes from the server.
    if (snapshotId !== undefined) await removeSnapshot(client, snapshotId).catch(() => undefined);
    await closeClient(client);
  }
}
