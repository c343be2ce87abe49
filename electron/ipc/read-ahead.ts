/**
 * A reading the window is about to ask for, started by the main process as soon as it can be answered:
 * the day (today:get) the moment the vault opens, while the unlock's answer travels to the window and
 * the window, having drawn its shell, asks for the day. Without it the worker sat idle through that
 * journey and began the day's reading only when the request arrived, a waterfall in front of the first
 * screen. The window's request takes the answer already on its way rather than queueing a second
 * reading behind it.
 *
 * Memory only and used at most once: it is dropped when taken, on any change of data and on lock, and
 * it answers only a request made with the same input and the same environment within a few seconds of
 * the clock, so the window never gets an answer older than its own request by more than that journey,
 * and never one from before a change it could have seen.
 */
import type { WorkerChannel } from '../../shared/contract';
import type { CallMoment } from '../features/handlers';

/** Long enough for a window slowed by a busy machine to ask; a later request reads afresh. */
export const READ_AHEAD_KEPT_MS = 5_000;

type Pending = { channel: WorkerChannel; input: string; environment: CallMoment; answer: Promise<unknown> };

/**
 * The moment but its clock, which moves on between the reading and the request. The practice's settings
 * the worker reads with it are in the vault: a change of them is a change of data, which drops the reading.
 */
function settings({ now: _now, ...rest }: CallMoment): string {
  return JSON.stringify(rest);
}

export class ReadAhead {
  #pending: Pending | undefined;

  /** Starts the reading; a failure is left for the request that takes it to report. */
  start(channel: WorkerChannel, input: unknown, environment: CallMoment, read: (environment: CallMoment) => Promise<unknown>): void {
    const answer = read(environment);
    answer.catch(() => undefined);
    this.#pending = { channel, input: JSON.stringify(input), environment, answer };
  }

  /** The answer started ahead for exactly this request, once; undefined when there is none to take. */
  take(channel: WorkerChannel, input: unknown, environment: CallMoment): Promise<unknown> | undefined {
    const pending = this.#pending;
    if (!pending || pending.channel !== channel || pending.input !== JSON.stringify(input)) return undefined;
    this.#pending = undefined;
    const since = Date.parse(environment.now) - Date.parse(pending.environment.now);
    const fresh = since >= 0 && since <= READ_AHEAD_KEPT_MS && settings(environment) === settings(pending.environment);
    return fresh ? pending.answer : undefined;
  }

  /** Data changed or the vault locked: nothing read before may answer a request made after. */
  clear(): void {
    this.#pending = undefined;
  }
}
