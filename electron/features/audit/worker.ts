import type { auditChannels } from '../../../shared/channels/audit';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const auditWorker: WorkerHandlers<WorkerChannelsOf<typeof auditChannels>> = {
  'audit:forPatient': ({ patientId, limit }, _env, { audit }) => audit.forPatient(patientId, limit),
  'audit:verify': (_input, _env, { audit }) => audit.verify(),
};
