import type { outcomesChannels } from '../../../shared/channels/outcomes';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const outcomesWorker: WorkerHandlers<WorkerChannelsOf<typeof outcomesChannels>> = {
  'outcomes:patient': ({ patientId }, { now }, { outcomes }) => outcomes.forPatient(patientId, now),
  'outcomes:acknowledge': (input, { now }, { outcomes }) => outcomes.acknowledge(input, now),
  'outcomes:practice': ({ from, to }, env, { outcomes }) => outcomes.practice(from, to, env),
};
