import type { resultsChannels } from '../../../shared/channels/results';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const resultsWorker: WorkerHandlers<WorkerChannelsOf<typeof resultsChannels>> = {
  'results:list': ({ patientId }, _env, { results }) => results.list(patientId),
  'results:record': ({ patientId, result }, { now }, { results }) => results.record(patientId, result, now),
  'results:markEnteredInError': ({ id, reason }, { now }, { results }) => results.markEnteredInError(id, reason, now),
};
