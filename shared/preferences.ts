import { z } from 'zod';

/** The views a person can be returned to; never an id or anything clinical. */
export const VIEWS = ['patients', 'settings'] as const;
export const viewSchema = z.enum(VIEWS);
export type View = z.infer<typeof viewSchema>;

export const THEMES = ['system', 'light', 'dark'] as const;

/**
 * Non-clinical preferences, the only things kept outside the vault (electron-store).
 * Each field has a default so an old or damaged preference file still yields a whole object.
 */
export const preferencesSchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(120).default(10),
  theme: z.enum(THEMES).default('system'),
  lastView: viewSchema.default('patients'),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = preferencesSchema.parse({});

export const preferencesUpdateSchema = z.strictObject({
  autoLockMinutes: z.number().int('Whole minutes only').min(1, 'At least 1 minute').max(120, 'At most 120 minutes').optional(),
  theme: z.enum(THEMES).optional(),
  lastView: viewSchema.optional(),
});
export type PreferencesUpdate = z.infer<typeof preferencesUpdateSchema>;
