import type { chartChannels } from '../../../shared/channels/chart';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const chartWorker: WorkerHandlers<WorkerChannelsOf<typeof chartChannels>> = {
  'chart:summary': ({ patientId }, env, { chart }) => chart.summary(patientId, env, env.feedbackRule),
  'chart:timeline': ({ patientId }, env, { chart }) => chart.timeline(patientId, env),
};
