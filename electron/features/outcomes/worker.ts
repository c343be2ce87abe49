import type { outcomesChannels } from '../../../shared/channels/outcomes';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const outcomesWorker: WorkerHandlers<WorkerChannelsOf<typeof outcomesChannels>> = {
  'outcomes:patient': ({ patientId }, env, { outcomes }) => outcomes.forPatient(patientId, env, env.ruptureRule),
  'outcomes:acknowledge': (input, env, { outcomes }) => outcomes.acknowledge(input, env, env.ruptureRule),
  'outcomes:practice': ({ from, to }, env, { outcomes }) => outcomes.practice(from, to, env, env.ruptureRule),
};
