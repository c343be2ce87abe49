/**
 * The one way into the handlers: checks the channel, refuses what patient mode does not allow,
 * refuses unsafe keys and text in any input, validates it against the contract, refuses vault
 * channels while locked, then forwards a worker channel to the database worker as it is, or runs a
 * main channel's handler; a success tells every window which scopes changed. Turns every outcome into
 * a Result. Never throws.
 */
import { contract, isChannel, type Channel, type MainChannel, type WorkerChannel } from '../../shared/contract';
import { AppError, invalidInput, type Result } from '../../shared/errors';
import { findInputProblem } from '../../shared/input-safety';
import type { CallContext } from '../app-core-types';
import { diagnosticOf } from '../diagnostics/log';
import { PATIENT_MODE_REFUSAL } from '../patient-mode';
import { mainHandlers } from './main-channels';
import { environment, type HandlerServices } from './services';

const INTERNAL_MESSAGE = 'Something went wrong inside Alliance. Nothing was changed by this request; try again.';

function failure(error: unknown): Result<never> {
  // Only our own errors carry words to the window; a raw exception might quote clinical data.
  if (error instanceof AppError) return { ok: false, error: error.toShape() };
  return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
}

async function run<C extends Channel>(
  channel: C,
  rawInput: unknown,
  services: HandlerServices,
  call: CallContext,
): Promise<Result<unknown>> {
  // Before the schema: it would drop a __proto__ key unseen, and keep a lone surrogate the database then turns into U+FFFD.
  const problem = findInputProblem(rawInput);
  if (problem) return failure(invalidInput([problem]));
  const parsed = contract[channel].input.safeParse(rawInput);
  if (!parsed.success) return failure(invalidInput(parsed.error));
  if (contract[channel].needsVault && !services.vault.isUnlocked()) {
    return failure(new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.'));
  }
  const declaration = contract[channel];
  const value =
    declaration.runs === 'worker'
      ? await runWorker(channel as WorkerChannel, parsed.data, services)
      : await runMain(channel as MainChannel, parsed.data, services, call);
  if (declaration.changes.length > 0) services.emit({ type: 'data:changed', scopes: [...declaration.changes] });
  return { ok: true, value };
}

/** Forwarded to the worker as it is, unless the same reading was started ahead for it (./read-ahead). */
function runWorker(channel: WorkerChannel, input: unknown, services: HandlerServices): Promise<unknown> {
  const env = environment(services);
  return services.readAhead.take(channel, input, env) ?? services.database.call('run', { channel, input, environment: env });
}

/** The input was parsed with this channel's own schema, and the handler table is typed against the same contract. */
function runMain(channel: MainChannel, input: unknown, services: HandlerServices, call: CallContext): Promise<unknown> {
  const handler = mainHandlers[channel] as (input: unknown, services: HandlerServices, call: CallContext) => Promise<unknown>;
  return handler(input, services, call);
}

export async function dispatch(channel: unknown, input: unknown, services: HandlerServices, call: CallContext): Promise<Result<unknown>> {
  // Enforced here, below the window: while the patient holds the laptop nothing else answers.
  if (services.patientMode.isActive() && !(isChannel(channel) && contract[channel].patientMode)) {
    return { ok: false, error: PATIENT_MODE_REFUSAL.toShape() };
  }
  if (!isChannel(channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Alliance has no such request.' } };
  try {
    return await run(channel, input, services, call);
  } catch (error) {
    // A true bug, not a refusal: what it was and where goes into the diagnostic log, never what it said.
    if (!(error instanceof AppError)) services.diagnostics.record(channel, diagnosticOf(error));
    return failure(error);
  }
}
