/**
 * What every bench part shares to measure in a page or over runs: the median of timed runs, a channel
 * called through the page's own window.alliance as the renderer calls it, and a local calendar day.
 */
import type { Page } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Result } from '../../shared/errors';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Calls the contract through the page's own window.alliance, as the renderer does. */
export function invokeIn(page: Page) {
  return async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = (await page.evaluate(
      ([name, value]) => window.alliance.invoke(name as Channel, value as never) as Promise<Result<unknown>>,
      [channel, input] as [string, unknown],
    )) as Result<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel} answered ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
}

/** The local calendar day of a moment, as YYYY-MM-DD. */
export function isoDay(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
