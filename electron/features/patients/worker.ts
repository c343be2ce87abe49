import type { patientsChannels } from '../../../shared/channels/patients';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const patientsWorker: WorkerHandlers<WorkerChannelsOf<typeof patientsChannels>> = {
  'patients:list': ({ includeArchived }, _env, { patients }) => patients.list(includeArchived),
  'patients:get': ({ id }, _env, { patients }) => patients.get(id),
  'patients:create': ({ patient }, { now }, { patients }) => patients.create(patient, now),
  'patients:update': ({ id, version, patient }, { now }, { patients }) => patients.update(id, version, patient, now),
  'patients:archive': ({ id, version }, { now }, { patients }) => patients.archive(id, version, now),
  'patients:restore': ({ id, version }, { now }, { patients }) => patients.restore(id, version, now),
};
