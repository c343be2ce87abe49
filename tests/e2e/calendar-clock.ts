/**
 * One clock for the page and the harness. `page.clock` moves the browser's time; the handlers
 * record a session's actual start and end, judge a late cancellation and count attendance by the
 * main process's clock. This keeps the two together: the harness reads `now` from here, and every
 * jump of the page clock is made here too.
 */
import type { Page } from '@playwright/test';

export class PracticeClock {
  /** Added to the real time: both clocks keep running in real time between jumps, as page.clock does. */
  #offsetMs = 0;

  readonly now = (): number => Date.now() + this.#offsetMs;

  /** Sets both clocks to `at`; call before the page loads. */
  async install(page: Page, at: Date): Promise<void> {
    this.#offsetMs = at.getTime() - Date.now();
    await page.clock.install({ time: at });
  }

  /** Jumps both clocks forward to `at`, firing the page's due timers once. */
  async jumpTo(page: Page, at: Date): Promise<void> {
    const ms = Math.round(at.getTime() - this.now());
    if (ms <= 0) throw new Error(`The clock is already past ${at.toISOString()}.`);
    await page.clock.fastForward(ms);
    this.#offsetMs += ms;
  }
}
