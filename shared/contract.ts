import { z } from 'zod';
import { SCOPES, type ChannelDeclaration, type Runs } from './channel';
import { aimsChannels } from './channels/aims';
import { auditChannels } from './channels/audit';
import { backupsChannels } from './channels/backups';
import { billingChannels } from './channels/billing';
import { calendarChannels } from './channels/calendar';
import { chartChannels } from './channels/chart';
import { consentsChannels } from './channels/consents';
import { diagnosesChannels } from './channels/diagnoses';
import { exportsChannels } from './channels/exports';
import { feedbackChannels } from './channels/feedback';
import { filesChannels } from './channels/files';
import { importChannels } from './channels/import';
import { lettersChannels } from './channels/letters';
import { medicationsChannels } from './channels/medications';
import { notesChannels } from './channels/notes';
import { outcomesChannels } from './channels/outcomes';
import { patientsChannels } from './channels/patients';
import { plansChannels } from './channels/plans';
import { preferencesChannels } from './channels/preferences';
import { printingChannels } from './channels/printing';
import { restoreChannels } from './channels/restore';
import { monitoringChannels } from './channels/monitoring';
import { resultsChannels } from './channels/results';
import { searchChannels } from './channels/search';
import { joinChannels, pairingChannels, syncChannels, syncDeviceChannels } from './channels/sync';
import { titrationsChannels } from './channels/titrations';
import { todayChannels } from './channels/today';
import { vaultChannels } from './channels/vault';
import type { Result } from './errors';
import { LOCK_REASONS } from './vault';

/**
 * The IPC contract: every feature's channels (shared/channels/<feature>.ts), each declared once with
 * its input and output schemas, where it runs, whether it needs the vault and patient mode allows it,
 * and the scopes a success changes. The main process validates every input against it and forwards
 * worker channels generically; the renderer's client is typed from it, so a renamed channel breaks
 * the build, not the app; the renderer refetches from its scopes.
 */
export const contract = {
  ...vaultChannels,
  ...preferencesChannels,
  ...patientsChannels,
  ...calendarChannels,
  ...filesChannels,
  ...chartChannels,
  ...diagnosesChannels,
  ...medicationsChannels,
  ...resultsChannels,
  ...monitoringChannels,
  ...titrationsChannels,
  ...notesChannels,
  ...outcomesChannels,
  ...searchChannels,
  ...auditChannels,
  ...plansChannels,
  ...feedbackChannels,
  ...printingChannels,
  ...todayChannels,
  ...restoreChannels,
  ...importChannels,
  ...exportsChannels,
  ...backupsChannels,
  ...aimsChannels,
  ...lettersChannels,
  ...consentsChannels,
  ...billingChannels,
  ...syncChannels,
  ...syncDeviceChannels,
  ...pairingChannels,
  ...joinChannels,
} as const satisfies Record<string, ChannelDeclaration>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** The channels the database worker answers, and those the main process does. */
export type ChannelRunningIn<R extends Runs> = { [C in Channel]: Contract[C]['runs'] extends R ? C : never }[Channel];
export type WorkerChannel = ChannelRunningIn<'worker'>;
export type MainChannel = ChannelRunningIn<'main'>;
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
  z.object({ type: z.literal('data:changed'), scopes: z.array(z.enum(SCOPES)) }),
  /** The idle lock will fire soon unless the person does something. */
  z.object({ type: z.literal('vault:idleWarning'), secondsLeft: z.number().int() }),
  /**
   * The person asked to lock from outside the page (the application menu). The window saves what is
   * being typed, then locks with vault:lock; the main process locks anyway a few seconds later.
   */
  z.object({ type: z.literal('vault:lockRequested') }),
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
