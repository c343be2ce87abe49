import type { aimsChannels } from '../../../shared/channels/aims';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const aimsWorker: WorkerHandlers<WorkerChannelsOf<typeof aimsChannels>> = {
  'aims:list': ({ patientId }, _env, { aims }) => aims.list(patientId),
  'aims:record': ({ patientId, examination }, { now, timeZone }, { aims }) => aims.record(patientId, examination, now, timeZone),
  'aims:markEnteredInError': ({ id, reason }, { now }, { aims }) => aims.markEnteredInError(id, reason, now),
};
