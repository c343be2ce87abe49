import type { preferencesChannels } from '../../../shared/channels/preferences';
import { AppError } from '../../../shared/errors';
import {
  DEFAULT_PRACTICE_SETTINGS,
  preferencesSchema,
  splitPreferencesUpdate,
  type PracticeSettings,
  type Preferences,
} from '../../../shared/preferences';
import { environment, type HandlerServices } from '../../ipc/services';
import type { MainChannelsOf, MainHandlers } from '../handlers';

/**
 * The window reads and sets its preferences as one object, as before: this device's own (electron-store)
 * merged with the practice's settings, which live in the vault and replicate. While the vault is locked
 * the practice's settings read as their defaults (the lock screen needs only this device's theme and
 * first view) and cannot be changed.
 */
async function practiceSettings(services: HandlerServices): Promise<PracticeSettings> {
  if (!services.vault.isUnlocked()) return DEFAULT_PRACTICE_SETTINGS;
  return services.database.run('preferences:practice', {}, environment(services));
}

function merged(device: object, practice: PracticeSettings): Preferences {
  return preferencesSchema.parse({ ...device, ...practice });
}

export const preferencesMain: MainHandlers<MainChannelsOf<typeof preferencesChannels>> = {
  'preferences:get': async (_input, services) => merged(services.preferences.get(), await practiceSettings(services)),
  'preferences:update': async (patch, services) => {
    const { device, practice } = splitPreferencesUpdate(patch);
    const changesPractice = Object.keys(practice).length > 0;
    if (changesPractice && !services.vault.isUnlocked())
      throw new AppError('VAULT_LOCKED', 'The practice’s settings are kept in the vault. Unlock it to change them; nothing was changed.');
    // The vault first: if it refuses, this device's part is not half-saved either.
    const settings = changesPractice
      ? await services.database.run('preferences:updatePractice', practice, environment(services))
      : await practiceSettings(services);
    const updated = services.preferences.update(device);
    services.idleLock.preferencesChanged();
    return merged(updated, settings);
  },
};
