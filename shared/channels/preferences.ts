import { preferencesSchema, preferencesUpdateSchema } from '../preferences';
import { channel, empty } from '../channel';

/* Non-clinical preferences (electron-store), in the main process. */

export const preferencesChannels = {
  'preferences:get': channel({ input: empty, output: preferencesSchema, needsVault: false, runs: 'main' }),
  'preferences:update': channel({
    input: preferencesUpdateSchema,
    output: preferencesSchema,
    needsVault: false,
    runs: 'main',
    changes: ['preferences', 'calendar', 'appointments', 'chart', 'feedback', 'billing'],
  }),
};
