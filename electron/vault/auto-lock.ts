/**
 * Locks the vault after the person has done nothing for the preference's minutes, with a warning
 * shortly before. Idle time is measured on the injected clock; the timer only wakes `check()`, so
 * tests can advance the clock and call `check()` without waiting.
 */

export type Schedule = (run: () => void, delayMs: number) => () => void;

export type IdleLockOptions = {
  now: () => number;
  idleMinutes: () => number;
  onWarning: (secondsLeft: number) => void;
  onIdle: () => Promise<void>;
  schedule?: Schedule;
};

const WARNING_LEAD_MS = 60_000;

const realSchedule: Schedule = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  // A pending idle check must not keep a quitting app alive.
  timer.unref();
  return () => clearTimeout(timer);
};

export class IdleLock {
  readonly #options: IdleLockOptions;
  readonly #schedule: Schedule;
  #lastActivity = 0;
  #running = false;
  #warned = false;
  #cancelTimer: (() => void) | undefined;

  constructor(options: IdleLockOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? realSchedule;
  }

  /** Starts counting from now; called when the vault unlocks. */
  start(): void {
    this.#running = true;
    this.activity();
  }

  /** Stops counting; called when the vault locks. */
  stop(): void {
    this.#running = false;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  activity(): void {
    this.#lastActivity = this.#options.now();
    this.#warned = false;
    this.#reschedule();
  }

  /** When the vault will lock if nothing else happens, or null while not counting. */
  lockAt(): number | null {
    return this.#running ? this.#lastActivity + this.#idleMs() : null;
  }

  /** Call after the idle preference changes, so a shorter period takes effect at once. */
  preferencesChanged(): void {
    this.#reschedule();
  }

  /** Warns or locks if the time has come; otherwise sleeps until the next moment that matters. */
  async check(): Promise<void> {
    if (!this.#running) return;
    const now = this.#options.now();
    const lockAt = this.#lastActivity + this.#idleMs();
    if (now >= lockAt) {
      this.stop();
      await this.#options.onIdle();
      return;
    }
    if (!this.#warned && now >= lockAt - this.#warningLeadMs()) {
      this.#warned = true;
      this.#options.onWarning(Math.ceil((lockAt - now) / 1000));
    }
    this.#reschedule();
  }

  #idleMs(): number {
    return this.#options.idleMinutes() * 60_000;
  }

  /** A minute's warning, or half the period when the period is short. */
  #warningLeadMs(): number {
    return Math.min(WARNING_LEAD_MS, this.#idleMs() / 2);
  }

  #reschedule(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (!this.#running) return;
    const lockAt = this.#lastActivity + this.#idleMs();
    const next = this.#warned ? lockAt : lockAt - this.#warningLeadMs();
    const delay = Math.max(0, next - this.#options.now());
    this.#cancelTimer = this.#schedule(() => {
      void this.check();
    }, delay);
  }
}
