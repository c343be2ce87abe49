import type { pairingChannels } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import { heldKey } from '../../database/held-key';
import { APP_VERSION } from '../backups/service';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';
import { deriveReplicationKey } from './batch-crypto';
import { SyncEngine } from './engine';
import { connectedServer, offerDevicePairing } from './offer';

/** "Add a device": the first copy on the server, then the one-time code (./offer.ts). */
export const pairingWorker: WorkerHandlers<WorkerChannelsOf<typeof pairingChannels>> = {
  'sync:offerPairing': async (_input, environment, { db }) => {
    const held = heldKey();
    if (!held) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return offerDevicePairing({
      db,
      key: held.key,
      databasePath: held.databasePath,
      now: new Date(environment.now),
      appVersion: APP_VERSION,
      exchange: async (client) => {
        const { identity } = connectedServer(db);
        const engine = new SyncEngine(db, {
          vaultId: identity.vault_id,
          deviceId: identity.device_id,
          replicationKey: deriveReplicationKey(Buffer.from(held.key), identity.vault_id),
        });
        await engine.push(client);
        await engine.pull(client);
      },
    });
  },
};
