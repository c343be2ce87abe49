import { z } from 'zod';

/**
 * The data scopes a change names: the prefix of every channel that reads that data ("notes" for
 * notes:list, notes:get, …). A view refetches what it showed from a scope that changed.
 */
export const SCOPES = [
  'vault',
  'session',
  'preferences',
  'patients',
  'calendar',
  'appointments',
  'sessions',
  'reports',
  'files',
  'chart',
  'diagnoses',
  'medications',
  'titrations',
  'allergies',
  'results',
  'monitoring',
  'notes',
  'search',
  'audit',
  'plans',
  'patientMode',
  'feedback',
  'measures',
  'print',
  'today',
  'restore',
  'import',
  'exports',
  'backups',
  'aims',
  'outcomes',
  'letters',
  'consents',
  'disclosures',
  'billing',
  'sync',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Where a channel runs: the database worker (most), or the main process (vault, patient mode, printing, files, preferences). */
export type Runs = 'worker' | 'main';

/** One channel, declared once: everything dispatch, the worker and the renderer need to know of it. */
export type ChannelDeclaration<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, R extends Runs = Runs> = {
  input: I;
  output: O;
  /** Refused with VAULT_LOCKED unless the vault is unlocked. */
  needsVault: boolean;
  runs: R;
  /** Answered while the patient holds the laptop in patient mode; everything else is refused. */
  patientMode: boolean;
  /** What a success changes: every view of these scopes refetches, wherever it shows. */
  changes: readonly Scope[];
  /**
   * Other features' scopes a query reads besides its own (a view gathered from many): a change to
   * any of them refetches it too.
   */
  reads: readonly Scope[];
};

/** A channel's declaration, with what most channels are written out: the worker runs it, patient mode refuses it, it changes nothing. */
export function channel<I extends z.ZodType, O extends z.ZodType, const R extends Runs = 'worker'>(declaration: {
  input: I;
  output: O;
  needsVault: boolean;
  runs?: R;
  patientMode?: boolean;
  changes?: readonly Scope[];
  reads?: readonly Scope[];
}): ChannelDeclaration<I, O, R> {
  return {
    input: declaration.input,
    output: declaration.output,
    needsVault: declaration.needsVault,
    runs: declaration.runs ?? ('worker' as R),
    patientMode: declaration.patientMode ?? false,
    changes: declaration.changes ?? [],
    reads: declaration.reads ?? [],
  };
}

/** An input with no fields. */
export const empty = z.strictObject({});
/** A record's version, for optimistic concurrency: a stale one answers CONFLICT. */
export const versionSchema = z.number().int().positive();
