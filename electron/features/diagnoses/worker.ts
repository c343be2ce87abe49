import type { diagnosesChannels } from '../../../shared/channels/diagnoses';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const diagnosesWorker: WorkerHandlers<WorkerChannelsOf<typeof diagnosesChannels>> = {
  'diagnoses:list': ({ patientId }, _env, { diagnoses }) => diagnoses.list(patientId),
  'diagnoses:add': ({ patientId, diagnosis }, { now }, { diagnoses }) => diagnoses.add(patientId, diagnosis, now),
  'diagnoses:update': ({ id, version, changes }, { now }, { diagnoses }) => diagnoses.update(id, version, changes, now),
  'diagnoses:markEnteredInError': ({ id, version, reason }, { now }, { diagnoses }) =>
    diagnoses.markEnteredInError(id, version, reason, now),
};
