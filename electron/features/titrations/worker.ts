import type { titrationsChannels } from '../../../shared/channels/titrations';
import { todayIn } from '../../../shared/titration';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const titrationsWorker: WorkerHandlers<WorkerChannelsOf<typeof titrationsChannels>> = {
  'titrations:list': ({ patientId }, { now, timeZone }, { titrations }) => titrations.list(patientId, todayIn(timeZone, new Date(now))),
  'titrations:get': ({ scheduleId }, _env, { titrations }) => titrations.get(scheduleId),
  'titrations:create': (input, { now }, { titrations }) => titrations.create(input, now),
  'titrations:stop': ({ scheduleId, reason }, { now }, { titrations }) => titrations.stop(scheduleId, reason, now),
  'titrations:confirm': ({ stepId, dose, reason }, { now, timeZone }, { titrations }) =>
    titrations.confirm(stepId, dose, reason, todayIn(timeZone, new Date(now)), now),
  'titrations:printed': ({ scheduleId }, { now }, { titrations }) => {
    titrations.printed(scheduleId, now);
    return null;
  },
};
