/**
 * The one way into the handlers: checks the channel, refuses unsafe keys and text in any input,
 * validates it against the contract, refuses vault channels while locked, and turns every outcome
 * into a Result. Never throws.
 */
import { contract, isChannel, type Channel, type ParsedInput } from '../../shared/contract';
import { AppError, invalidInput, type Result } from '../../shared/errors';
import { findInputProblem } from '../../shared/input-safety';
import type { CallContext } from '../app-core-types';
import { diagnosticOf } from '../diagnostics/log';
import { handlers, type HandlerServices, type HandlerTable } from './handlers';

const INTERNAL_MESSAGE = 'Something went wrong inside Alliance. Nothing was changed by this request; try again.';

function failure(error: unknown): Result<never> {
  // Only our own errors carry words to the window; a raw exception might quote clinical data.
  if (error instanceof AppError) return { ok: false, error: error.toShape() };
  return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
}

async function run<C extends Channel>(channel: C, rawInput: unknown, services: HandlerServices, call: CallContext): Promise<Result<unknown>> {
  // Before the schema: it would drop a __proto__ key unseen, and keep a lone surrogate the database then turns into U+FFFD.
  const problem = findInputProblem(rawInput);
  if (problem) return failure(invalidInput([problem]));
  const parsed = contract[channel].input.safeParse(rawInput);
  if (!parsed.success) return failure(invalidInput(parsed.error));
  if (contract[channel].needsVault && !services.vault.isUnlocked()) {
    return failure(new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.'));
  }
  const handler: HandlerTable[C] = handlers[channel];
  // zod's output type for contract[C] is exactly ParsedInput<C>; TypeScript cannot see that through the generic index.
  const value = await handler.run(parsed.data as ParsedInput<C>, services, call);
  if (handler.changes) services.emit({ type: 'data:changed', scopes: [...handler.changes] });
  return { ok: true, value };
}

export async function dispatch(channel: unknown, input: unknown, services: HandlerServices, call: CallContext): Promise<Result<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Alliance has no such request.' } };
  try {
    return await run(channel, input, services, call);
  } catch (error) {
    // A true bug, not a refusal: what it was and where goes into the diagnostic log, never what it said.
    if (!(error instanceof AppError)) services.diagnostics.record(channel, diagnosticOf(error));
    return failure(error);
  }
}
