import type { joinChannels } from '../../../shared/channels/sync';
import type { Vault } from '../../vault/vault';
import type { MainChannelsOf, MainHandlers } from '../handlers';
import { joinVault, type JoinProgress } from './join';

/** Each app core's join in progress, for `sync:joinProgress` (one vault service per app core). */
const progressOf = new WeakMap<Vault, JoinProgress>();

export const joinMain: MainHandlers<MainChannelsOf<typeof joinChannels>> = {
  'sync:prepareJoin': async (input, { vault, database, now, preferences }) => {
    try {
      const sheet = await joinVault(input, { vault, database, now, progress: (progress) => progressOf.set(vault, progress) });
      // A device that joins takes the practice's settings from the vault: nothing of its own is adopted over them.
      preferences.forgetPractice();
      return sheet;
    } finally {
      progressOf.delete(vault);
    }
  },
  'sync:joinProgress': async (_input, { vault }) => progressOf.get(vault) ?? null,
};
