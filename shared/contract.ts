import { z } from 'zod';
import {
  appointmentChangesSchema,
  appointmentInputSchema,
  appointmentSchema,
  attendanceRecordSchema,
  editScopeSchema,
  instantSchema,
  occurrenceRefSchema,
  onTimeRowSchema,
  schedulingWarningSchema,
} from './appointment';
import type { Result } from './errors';
import { patientIdSchema, patientInputSchema, patientSchema, patientSummarySchema } from './patient';
import { preferencesSchema, preferencesUpdateSchema } from './preferences';
import { LOCK_REASONS, passphraseSchema, recoveryCodeSchema, recoverySheetSchema, vaultStatusSchema } from './vault';

const empty = z.strictObject({});
const versionSchema = z.number().int().positive();

/**
 * The IPC contract: channel name → input schema → output schema. The main process validates
 * every input against it; the renderer's client is typed from it, so a renamed channel breaks
 * the build, not the app. Outputs are schemas too, so their types have one source.
 *
 * `needsVault`: the channel answers VAULT_LOCKED unless the vault is unlocked.
 */
export const contract = {
  'vault:status': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:prepareSetup': { input: z.strictObject({ passphrase: passphraseSchema }), output: recoverySheetSchema, needsVault: false },
  'vault:cancelSetup': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:confirmSetup': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:unlock': { input: z.strictObject({ passphrase: passphraseSchema }), output: vaultStatusSchema, needsVault: false },
  'vault:recover': {
    input: z.strictObject({ recoveryCode: recoveryCodeSchema, newPassphrase: passphraseSchema }),
    output: vaultStatusSchema,
    needsVault: false,
  },
  'vault:lock': { input: empty, output: vaultStatusSchema, needsVault: false },
  'vault:changePassphrase': {
    input: z.strictObject({ currentPassphrase: passphraseSchema, newPassphrase: passphraseSchema }),
    output: z.object({ changedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
  },
  /** The renderer reports keyboard and pointer activity (throttled) so idle time is the person's, not the machine's. */
  'session:activity': { input: empty, output: z.object({ idleLockAt: z.iso.datetime({ offset: true }).nullable() }), needsVault: false },

  'preferences:get': { input: empty, output: preferencesSchema, needsVault: false },
  'preferences:update': { input: preferencesUpdateSchema, output: preferencesSchema, needsVault: false },

  'patients:list': {
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.array(patientSummarySchema),
    needsVault: true,
  },
  'patients:get': { input: z.strictObject({ id: patientIdSchema }), output: patientSchema, needsVault: true },
  'patients:create': { input: z.strictObject({ patient: patientInputSchema }), output: patientSchema, needsVault: true },
  'patients:update': {
    input: z.strictObject({ id: patientIdSchema, version: versionSchema, patient: patientInputSchema }),
    output: patientSchema,
    needsVault: true,
  },
  'patients:archive': { input: z.strictObject({ id: patientIdSchema, version: versionSchema }), output: patientSchema, needsVault: true },
  'patients:restore': { input: z.strictObject({ id: patientIdSchema, version: versionSchema }), output: patientSchema, needsVault: true },

  /** Every session in [from, to): one indexed query, series expanded for this range only. */
  'calendar:range': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts')
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, 'At most 400 days at a time'),
    output: z.array(appointmentSchema),
    needsVault: true,
  },
  'appointments:get': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  /** Double bookings and hours outside the working day, for the dialog to show before booking. */
  'appointments:warnings': {
    input: z.strictObject({ start: instantSchema, durationMinutes: z.number().int().min(5).max(480), ignore: occurrenceRefSchema.nullable() }),
    output: z.array(schedulingWarningSchema),
    needsVault: true,
  },
  /**
   * Books a session or a series. With warnings and `acknowledgeWarnings` false it answers
   * SCHEDULING_WARNING and books nothing; the person may then book anyway.
   */
  'appointments:create': {
    input: z.strictObject({ appointment: appointmentInputSchema, acknowledgeWarnings: z.boolean() }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Moves, resizes or edits this session, this and the following ones, or the whole series. */
  'appointments:update': {
    input: z.strictObject({
      ref: occurrenceRefSchema,
      scope: editScopeSchema,
      version: z.number().int().nonnegative(),
      changes: appointmentChangesSchema,
      acknowledgeWarnings: z.boolean(),
    }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Cancelled sessions stay on the calendar, struck through; nothing is deleted. */
  'appointments:cancel': {
    input: z.strictObject({ ref: occurrenceRefSchema, scope: editScopeSchema, by: z.enum(['patient', 'clinician']) }),
    output: appointmentSchema,
    needsVault: true,
  },
  'appointments:setAttendance': {
    input: z
      .strictObject({
        ref: occurrenceRefSchema,
        attendance: z.enum(['scheduled', 'attended', 'late', 'no-show', 'cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician']),
        lateMinutes: z.number().int().min(1, 'At least 1 minute').max(240, 'At most 240 minutes').nullable(),
      })
      .refine((a) => (a.attendance === 'late') === (a.lateMinutes !== null), {
        message: 'Give the minutes late for a late arrival, and only then',
        path: ['lateMinutes'],
      }),
    output: appointmentSchema,
    needsVault: true,
  },
  /** Records the actual start now; a session that starts is attended (or late, by the minutes). */
  'sessions:start': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  'sessions:end': { input: z.strictObject({ ref: occurrenceRefSchema }), output: appointmentSchema, needsVault: true },
  /** The session begun and not yet ended, if any, for the header's timer. */
  'sessions:running': { input: empty, output: appointmentSchema.nullable(), needsVault: true },
  'patients:attendance': { input: z.strictObject({ patientId: patientIdSchema }), output: attendanceRecordSchema, needsVault: true },
  /** Sessions begun and ended within two minutes of schedule, per ISO week or month. */
  'reports:onTime': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, groupBy: z.enum(['week', 'month']) })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.array(onTimeRowSchema),
    needsVault: true,
  },
  /** An RFC 5545 calendar of the range, with patients as initials or not at all; the renderer then saves it. */
  'calendar:exportIcs': {
    input: z
      .strictObject({ from: instantSchema, to: instantSchema, names: z.enum(['initials', 'omit']), includeCancelled: z.boolean() })
      .refine((r) => r.from < r.to, 'The range must end after it starts'),
    output: z.object({ fileName: z.string(), content: z.string(), eventCount: z.number().int() }),
    needsVault: true,
  },
  /** Saves text the person chose to export where they choose (a save dialog); nothing is written elsewhere. */
  'files:save': {
    input: z.strictObject({
      suggestedFileName: z.string().trim().min(1).max(80).regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
      content: z.string().max(20_000_000),
      mimeType: z.enum(['text/calendar']),
    }),
    output: z.object({ outcome: z.enum(['saved', 'cancelled']) }),
    needsVault: true,
  },

  /**
   * Print what the window shows now (its print stylesheet decides what that is): to a PDF the
   * person saves where they choose, or to the system print dialog. No temp file is written.
   */
  'print:window': {
    input: z.strictObject({
      target: z.enum(['pdf', 'printer']),
      /** A file name to suggest in the save dialog; never clinical (e.g. "Alliance recovery sheet"). */
      suggestedFileName: z.string().trim().min(1).max(80).regex(/^[\w .()-]+$/, 'Letters, digits, spaces, dots, dashes and brackets only'),
    }),
    output: z.object({ outcome: z.enum(['saved', 'printed', 'cancelled']) }),
    needsVault: false,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; needsVault: boolean }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

/** What the renderer passes (before defaults and trimming). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Events the main process pushes to the renderer. */
export const bridgeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vault:locked'), reason: z.enum(LOCK_REASONS) }),
  z.object({ type: z.literal('vault:unlocked') }),
  /** A mutation changed data under these channel prefixes (e.g. "patients"); views refetch. */
  z.object({ type: z.literal('data:changed'), scopes: z.array(z.string()) }),
  /** The idle lock will fire soon unless the person does something. */
  z.object({ type: z.literal('vault:idleWarning'), secondsLeft: z.number().int() }),
]);
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/**
 * The one object the renderer sees as its global `alliance`. The Electron preload and the browser
 * harness's stand-in both end in `satisfies AllianceBridge`, so they cannot drift apart.
 */
export interface AllianceBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: BridgeEvent) => void): () => void;
}

/** The single IPC channel names used between preload and main; the contract's channel travels in the payload. */
export const IPC_INVOKE = 'alliance:invoke';
export const IPC_EVENT = 'alliance:event';
