import type { preferencesChannels } from '../../../shared/channels/preferences';
import type { MainChannelsOf, MainHandlers } from '../handlers';

export const preferencesMain: MainHandlers<MainChannelsOf<typeof preferencesChannels>> = {
  'preferences:get': async (_input, { preferences }) => preferences.get(),
  'preferences:update': async (patch, { preferences, idleLock }) => {
    const updated = preferences.update(patch);
    idleLock.preferencesChanged();
    return updated;
  },
};
