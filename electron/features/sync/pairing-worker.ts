import type { pairingChannels } from '../../../shared/channels/sync';
import { AppError } from '../../../shared/errors';
import { heldKey } from '../../database/held-key';
import { APP_VERSION } from '../backups/service';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';
import { offerDevicePairing, OfferTracker } from './offer';

/** The offer under way in this worker (one vault per worker), for `sync:offerProgress`. */
let offering: OfferTracker | null = null;

/** "Add a device": the first copy on the server, then the one-time code (./offer.ts). */
export const pairingWorker: WorkerHandlers<WorkerChannelsOf<typeof pairingChannels>> = {
  'sync:offerPairing': async (_input, environment, { db, sync }) => {
    const held = heldKey();
    if (!held) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    // A copy: a lock while the copy uploads wipes the held key, and the payload must never carry a wiped one.
    const key = Uint8Array.from(held.key);
    const tracker = new OfferTracker();
    offering = tracker;
    try {
      return await offerDevicePairing({
        db,
        key,
        databasePath: held.databasePath,
        now: new Date(environment.now),
        appVersion: APP_VERSION,
        tracker,
        // Up to date first: the copy then holds everything the server has, and the new device pulls on from there.
        exchange: async () => {
          const status = await sync.syncNow();
          if (status.lastError && status.state !== 'up-to-date') throw new AppError(status.lastError.code, status.lastError.message);
        },
      });
    } finally {
      key.fill(0);
      if (offering === tracker) offering = null;
    }
  },
  'sync:offerProgress': () => offering?.progress() ?? null,
};
