import type { searchChannels } from '../../../shared/channels/search';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const searchWorker: WorkerHandlers<WorkerChannelsOf<typeof searchChannels>> = {
  'search:query': ({ text, limit }, _env, { search }) => search.query(text, limit),
};
