/**
 * How a feature answers its channels. Each feature's folder holds a table of worker handlers (run in
 * the database worker with the vault's repositories) and, for the few channels that need the main
 * process (vault, patient mode, printing, files, preferences), a table of main handlers. The tables
 * are typed against the feature's own declarations in shared/channels/, so a channel without its
 * handler, or with the wrong types, does not compile; tests/unit/ipc check each has exactly one.
 */
import type { ChannelOutput, MainChannel, ParsedInput, WorkerChannel } from '../../shared/contract';
import type { WorkingHours } from '../../shared/appointment';
import type { FeedbackAlertRule } from '../../shared/feedback';
import type { RuptureRule } from '../../shared/outcomes-ruptures';
import type { CallContext } from '../app-core-types';
import type { Repositories } from '../database/connection';
import type { HandlerServices } from '../ipc/services';

/** What the main process sends with a call: the time (which tests fix) and the practice's time zone; the worker has no clock. */
export type CallMoment = {
  now: string;
  timeZone: string;
};

/**
 * What a worker channel runs with beside its input: the moment main sent, and the practice's settings
 * that apply, which the worker reads from the vault itself (features/preferences/practice-settings.ts),
 * so every device computes with the same ones.
 */
export type CallEnvironment = CallMoment & {
  workingHours: WorkingHours;
  lateCancellationHours: number;
  /** When session feedback is raised at the next session. */
  feedbackRule: FeedbackAlertRule;
  /** When a fall from the patient's own usual session rating is raised as a possible rupture. */
  ruptureRule: RuptureRule;
  /** How far ahead a new plan's review date falls. */
  planReviewDays: number;
  /** Who keeps the records, as Settings names them: the Practitioner of an export. */
  clinician: { name: string; credentials: string };
  /** The practice's currency (ISO 4217): a charge's fee and a payment are recorded in it. */
  currency: string;
};

/** Most answer at once; the few that wait on the network (the practice's server) answer a promise. */
export type WorkerHandler<C extends WorkerChannel> = (
  input: ParsedInput<C>,
  environment: CallEnvironment,
  repositories: Repositories,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
export type WorkerHandlers<C extends WorkerChannel> = { [K in C]: WorkerHandler<K> };

export type MainHandler<C extends MainChannel> = (
  input: ParsedInput<C>,
  services: HandlerServices,
  call: CallContext,
) => Promise<ChannelOutput<C>>;
export type MainHandlers<C extends MainChannel> = { [K in C]: MainHandler<K> };

/** The channels of one feature's declaration table that run in the worker, or in the main process. */
export type WorkerChannelsOf<T> = Extract<keyof T, WorkerChannel>;
export type MainChannelsOf<T> = Extract<keyof T, MainChannel>;
