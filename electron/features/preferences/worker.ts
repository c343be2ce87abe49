import type { preferencesChannels } from '../../../shared/channels/preferences';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

/** The practice's settings, read from and written to the vault (./practice-settings.ts); main merges them with this device's. */
export const preferencesWorker: WorkerHandlers<WorkerChannelsOf<typeof preferencesChannels>> = {
  'preferences:practice': (_input, _env, { practice }) => practice.read(),
  'preferences:updatePractice': (patch, { now }, { practice }) => practice.update(patch, now),
};
