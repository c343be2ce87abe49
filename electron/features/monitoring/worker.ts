import type { monitoringChannels } from '../../../shared/channels/monitoring';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const monitoringWorker: WorkerHandlers<WorkerChannelsOf<typeof monitoringChannels>> = {
  'monitoring:patient': ({ patientId }, env, { monitoring }) => monitoring.patient(patientId, env),
  'monitoring:practice': (_input, env, { monitoring }) => monitoring.practice(env),
  'monitoring:adjust': ({ patientId, adjustment }, env, { monitoring }) => monitoring.adjust(patientId, adjustment, env),
  'monitoring:protocols': (_input, _env, { monitoring }) => monitoring.protocols(),
  'monitoring:changeProtocol': ({ change }, env, { monitoring }) => monitoring.changeProtocol(change, env),
};
