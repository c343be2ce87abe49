import { z } from 'zod';
import { channel, empty } from '../channel';
import { errorCodeSchema } from '../errors';
import { passphraseSchema, recoverySheetSchema } from '../vault';
import { deviceNameSchema, pairingCodeInputSchema, serverDetailsSchema, serverSummarySchema, SYNC_STATES } from '../sync/connection';

/* Replication through the practice's PostgreSQL (docs/sync.md): connecting a vault, its devices, pairing, conflicts, and joining a vault from a new device. */

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  server: serverSummarySchema.nullable(),
  /** This device's id and name, once connected. */
  device: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Changes made here and not yet on the server. */
  waiting: z.number().int().nonnegative(),
  /** The first failed attempt since the last success. */
  unreachableSince: z.iso.datetime().nullable(),
  /** The words of the last failure, ours, never the server's raw message. */
  lastError: z.object({ code: errorCodeSchema, message: z.string() }).nullable(),
  lastExchangeAt: z.iso.datetime().nullable(),
  /** Concurrent edits and refused changes still to look at. */
  openConflicts: z.number().int().nonnegative(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  addedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  thisDevice: z.boolean(),
});
export type SyncDevice = z.infer<typeof syncDeviceSchema>;

export const CONFLICT_KINDS = ['concurrent-edit', 'refused'] as const;

/** A value that lost, shown beside the one that won: "changed on the laptop at 09:12 to …; keep or replace?" */
export const syncConflictSchema = z.object({
  id: z.number().int(),
  kind: z.enum(CONFLICT_KINDS),
  /** The patient the record belongs to, when it belongs to one (a link to the chart). */
  patientId: z.string().nullable(),
  /** What a person calls the record: "Ada Lovelace’s details", "Appointment on 3 March at 09:00". */
  record: z.string(),
  /** What a person calls the field: "Phone". Empty for a refused change. */
  field: z.string(),
  /** Display text of the value kept, and where and when it was set. */
  current: z.object({ value: z.string(), device: z.string(), at: z.iso.datetime() }),
  /** Display text of the value that lost (or of the refused change), where and when it was set. */
  other: z.object({ value: z.string(), device: z.string(), at: z.iso.datetime() }),
  /** Why a refused change was refused, in our words; for an edit that cannot be replaced from here, where it is changed. */
  reason: z.string().nullable(),
  /** Whether the other value can be written back from here (through the record's own repository); otherwise `reason` says where it is changed. */
  canReplace: z.boolean(),
  detectedAt: z.iso.datetime(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

export const JOIN_PHASES = ['redeeming', 'downloading', 'opening', 'catching-up'] as const;
export const joinProgressSchema = z.object({
  phase: z.enum(JOIN_PHASES),
  /** 0 to 1 of the whole join. */
  fraction: z.number().min(0).max(1),
});

/**
 * "Add a device" on the device that offers the vault: brought up to date with the server, copied
 * (SQLCipher writes the copy encrypted under the vault key), the copy read back and checked, then
 * uploaded in chunks.
 */
export const OFFER_PHASES = ['updating', 'copying', 'checking', 'uploading'] as const;
export const offerProgressSchema = z.object({
  phase: z.enum(OFFER_PHASES),
  /** 0 to 1 of the whole offer. */
  fraction: z.number().min(0).max(1),
});
export type OfferProgress = z.infer<typeof offerProgressSchema>;

export const syncChannels = {
  /** The shell's quiet status and Settings' summary. */
  'sync:status': channel({ input: empty, output: syncStatusSchema, needsVault: true }),
  /** Connects this vault to the practice server: creates Alliance's schema if missing, registers the vault and this device, keeps the details in the vault, and starts replicating. */
  'sync:connect': channel({
    input: z.strictObject({ server: serverDetailsSchema, deviceName: deviceNameSchema }),
    output: syncStatusSchema,
    needsVault: true,
    changes: ['sync'],
  }),
  /** Stops replicating on this device and forgets the server's details; the vault keeps every record. */
  'sync:disconnect': channel({ input: empty, output: syncStatusSchema, needsVault: true, changes: ['sync'] }),
  /** Pushes and pulls now instead of at the next tick. */
  'sync:syncNow': channel({ input: empty, output: syncStatusSchema, needsVault: true, changes: ['sync'] }),
};

/** The vault's devices and the conflicts replication kept for a person to look at. */
export const syncDeviceChannels = {
  'sync:devices': channel({ input: empty, output: z.array(syncDeviceSchema), needsVault: true }),
  /** A revoked device's pushes are refused and it receives nothing new. This device cannot revoke itself. */
  'sync:revokeDevice': channel({
    input: z.strictObject({ deviceId: z.string().min(1).max(64) }),
    output: z.array(syncDeviceSchema),
    needsVault: true,
    changes: ['sync'],
  }),
  'sync:conflicts': channel({ input: empty, output: z.array(syncConflictSchema), needsVault: true }),
  /** keep: the current value stays; replace: the other value becomes a new edit, which wins on every device. */
  'sync:resolveConflict': channel({
    input: z.strictObject({ id: z.number().int(), choice: z.enum(['keep', 'replace']) }),
    output: z.array(syncConflictSchema),
    needsVault: true,
    // A practice setting replaced changes what is computed with it (shared/channels/preferences.ts, PRACTICE_SCOPES).
    changes: [
      'sync',
      'patients',
      'calendar',
      'appointments',
      'chart',
      'today',
      'diagnoses',
      'plans',
      'notes',
      'letters',
      'billing',
      'preferences',
      'feedback',
    ],
  }),
};

/** "Add a device" on a device of the vault: a one-time pairing code and the first copy the new device starts from. */
export const pairingChannels = {
  /** "Add a device": a one-time pairing code, valid for 10 minutes and one use. */
  'sync:offerPairing': channel({
    input: empty,
    output: z.object({ code: z.string(), expiresAt: z.iso.datetime() }),
    needsVault: true,
    changes: ['sync'],
  }),
  /** How far "Add a device" has come while `sync:offerPairing` runs; null when none runs. */
  'sync:offerProgress': channel({ input: empty, output: offerProgressSchema.nullable(), needsVault: true }),
};

/** Joining runs in the main process: no vault is open on this device yet. */
export const joinChannels = {
  /**
   * "Join a vault" on a new device, before any vault exists here: redeems the code, receives the
   * vault key and the first copy, wraps the key under this device's own passphrase and answers with
   * this device's recovery sheet. `vault:confirmSetup` then opens it.
   */
  'sync:prepareJoin': channel({
    input: z.strictObject({
      server: serverDetailsSchema,
      code: pairingCodeInputSchema,
      deviceName: deviceNameSchema,
      passphrase: passphraseSchema,
    }),
    output: recoverySheetSchema,
    needsVault: false,
    runs: 'main',
  }),
  'sync:joinProgress': channel({ input: empty, output: joinProgressSchema.nullable(), needsVault: false, runs: 'main' }),
};
