import { ARCHIVED_REASON } from '../../../shared/appointment';
import type { patientsChannels } from '../../../shared/channels/patients';
import { scheduling } from '../calendar/worker';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const patientsWorker: WorkerHandlers<WorkerChannelsOf<typeof patientsChannels>> = {
  'patients:list': ({ includeArchived }, _env, { patients }) => patients.list(includeArchived),
  'patients:get': ({ id }, _env, { patients }) => patients.get(id),
  'patients:create': ({ patient }, { now }, { patients }) => patients.create(patient, now),
  'patients:update': ({ id, version, patient }, { now }, { patients }) => patients.update(id, version, patient, now),
  // Archived and its sessions cancelled together, or neither (a stale version refuses both).
  'patients:archive': ({ id, version, cancelFutureSessions }, env, { db, patients, appointments }) =>
    db.transaction(() => {
      if (cancelFutureSessions) appointments.cancelUpcoming(id, ARCHIVED_REASON, scheduling(env));
      return patients.archive(id, version, env.now);
    })(),
  'patients:restore': ({ id, version }, { now }, { patients }) => patients.restore(id, version, now),
};
