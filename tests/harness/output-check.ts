/**
 * Every successful answer checked against its channel's output schema, in the unit tests' caller
 * and in the harness, so a handler whose answer drifts from the contract fails a test instead of
 * reaching the renderer. Reports the channel and where the value went wrong, never the value: an
 * answer can carry clinical text.
 */
import { contract, isChannel } from '../../shared/contract';

const MAX_PLACES = 3;

/** `value[0].dateOfBirth`-style, or "the value itself" for a problem at the top. */
function place(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the value itself';
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** Why this successful answer does not match the channel's output schema, or null when it does. */
export function outputDrift(channel: unknown, value: unknown): string | null {
  if (!isChannel(channel)) return `${String(channel)} is not a channel of the contract, yet it answered a value.`;
  const parsed = contract[channel].output.safeParse(value);
  if (parsed.success) return null;
  const places = parsed.error.issues.slice(0, MAX_PLACES).map((issue) => `${place(issue.path)} (${issue.message})`);
  const more = parsed.error.issues.length > MAX_PLACES ? ` and ${parsed.error.issues.length - MAX_PLACES} more` : '';
  return `${channel} answered a value that does not match its output schema at ${places.join('; ')}${more}.`;
}
