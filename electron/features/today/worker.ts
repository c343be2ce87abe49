import type { todayChannels } from '../../../shared/channels/today';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const todayWorker: WorkerHandlers<WorkerChannelsOf<typeof todayChannels>> = {
  'today:get': (_input, env, { today }) => today.day(env),
};
