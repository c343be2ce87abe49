import { practiceSettingsSchema, practiceSettingsUpdateSchema, preferencesSchema, preferencesUpdateSchema } from '../preferences';
import { channel, empty } from '../channel';

/* The preferences Settings reads and sets, in the main process: this device's own (electron-store) merged with the practice's settings (the vault). */

/** What a change of the practice's settings can change: every view computed with them. */
export const PRACTICE_SCOPES = ['preferences', 'calendar', 'appointments', 'chart', 'feedback', 'billing', 'today'] as const;

export const preferencesChannels = {
  'preferences:get': channel({ input: empty, output: preferencesSchema, needsVault: false, runs: 'main' }),
  'preferences:update': channel({
    input: preferencesUpdateSchema,
    output: preferencesSchema,
    needsVault: false,
    runs: 'main',
    changes: PRACTICE_SCOPES,
  }),
  /** The practice's settings as the vault holds them (main merges them into preferences:get). */
  'preferences:practice': channel({ input: empty, output: practiceSettingsSchema, needsVault: true }),
  /** Writes practice settings into the vault: audited, and captured for the other devices. */
  'preferences:updatePractice': channel({
    input: practiceSettingsUpdateSchema,
    output: practiceSettingsSchema,
    needsVault: true,
    changes: PRACTICE_SCOPES,
  }),
};
