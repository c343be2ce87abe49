import type { filesChannels } from '../../../shared/channels/files';
import type { MainChannelsOf, MainHandlers } from '../handlers';

export const filesMain: MainHandlers<MainChannelsOf<typeof filesChannels>> = {
  'files:save': async ({ suggestedFileName, content, mimeType }, _services, { files }) => ({
    outcome: await files.save(suggestedFileName, content, mimeType),
  }),
};
