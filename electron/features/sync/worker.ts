import type { syncChannels } from '../../../shared/channels/sync';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

/** The exchange with the practice's server (shared/channels/sync.ts): connecting, its status, disconnecting, and syncing now. */
export const syncWorker: WorkerHandlers<WorkerChannelsOf<typeof syncChannels>> = {
  'sync:status': (_input, _env, { sync }) => sync.status(),
  'sync:connect': ({ server, deviceName }, env, { sync }) => sync.connect(server, deviceName, env.now),
  'sync:disconnect': (_input, _env, { sync }) => sync.disconnect(),
  'sync:syncNow': (_input, _env, { sync }) => sync.syncNow(),
};
