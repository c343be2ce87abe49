import { describe, expect, it } from 'vitest';
import {
  ClockDriftError,
  compareHlc,
  decodeHlc,
  encodeHlc,
  HLC_MAX_COUNTER,
  HLC_MAX_DRIFT_MS,
  initialClock,
  receive,
  tick,
} from '../../../shared/sync/hlc';

const LAPTOP = 'a'.repeat(32);
const DESKTOP = 'b'.repeat(32);
const T = Date.UTC(2026, 11, 2, 9, 12);

describe('a hybrid logical clock', () => {
  it('follows the wall clock when it moves on', () => {
    const first = tick(initialClock(LAPTOP), T);
    expect(first).toEqual({ wallMs: T, counter: 0, deviceId: LAPTOP });
    expect(tick(first, T + 5)).toEqual({ wallMs: T + 5, counter: 0, deviceId: LAPTOP });
  });

  it('counts within one millisecond and while the wall clock goes back', () => {
    const first = tick(initialClock(LAPTOP), T);
    const second = tick(first, T);
    const third = tick(second, T - 60_000);
    expect([second.counter, third.counter]).toEqual([1, 2]);
    expect(third.wallMs).toBe(T);
    expect(compareHlc(third, second)).toBeGreaterThan(0);
  });

  it('moves on a millisecond when the counter is full, never wrapping', () => {
    const full = { wallMs: T, counter: HLC_MAX_COUNTER, deviceId: LAPTOP };
    expect(tick(full, T)).toEqual({ wallMs: T + 1, counter: 0, deviceId: LAPTOP });
  });

  it('stamps a change made after receiving another later than it, though this laptop’s clock is behind', () => {
    const desktop = tick(initialClock(DESKTOP), T + 60_000);
    const laptop = receive(tick(initialClock(LAPTOP), T), desktop, T);
    const edit = tick(laptop, T + 1);
    expect(compareHlc(edit, desktop)).toBeGreaterThan(0);
    expect(edit.deviceId).toBe(LAPTOP);
  });

  it('takes the larger counter when both clocks are at the same time', () => {
    const here = { wallMs: T, counter: 3, deviceId: LAPTOP };
    const there = { wallMs: T, counter: 7, deviceId: DESKTOP };
    expect(receive(here, there, T - 1)).toEqual({ wallMs: T, counter: 8, deviceId: LAPTOP });
    expect(receive(there, here, T + 1)).toEqual({ wallMs: T + 1, counter: 0, deviceId: DESKTOP });
  });

  it('refuses a stamp from a clock too far ahead, saying so, instead of following it', () => {
    const there = { wallMs: T + HLC_MAX_DRIFT_MS + 1, counter: 0, deviceId: DESKTOP };
    expect(() => receive(initialClock(LAPTOP), there, T)).toThrow(ClockDriftError);
    expect(() => receive(initialClock(LAPTOP), { ...there, wallMs: T + HLC_MAX_DRIFT_MS }, T)).not.toThrow();
  });

  it('breaks a tie between devices by device id, so every device orders them alike', () => {
    const a = { wallMs: T, counter: 0, deviceId: LAPTOP };
    const b = { wallMs: T, counter: 0, deviceId: DESKTOP };
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(a, { ...a })).toBe(0);
  });

  it('encodes stamps as text that sorts as the clock does, and back', () => {
    const stamps = [
      { wallMs: T, counter: 2, deviceId: LAPTOP },
      { wallMs: T + 1, counter: 0, deviceId: LAPTOP },
      { wallMs: T, counter: 10, deviceId: DESKTOP },
      { wallMs: T, counter: 2, deviceId: DESKTOP },
      { wallMs: 1, counter: 0, deviceId: DESKTOP },
    ];
    const byText = [...stamps].sort((x, y) => (encodeHlc(x) < encodeHlc(y) ? -1 : 1));
    expect(byText).toEqual([...stamps].sort(compareHlc));
    for (const stamp of stamps) expect(decodeHlc(encodeHlc(stamp))).toEqual(stamp);
    expect(() => decodeHlc('not a stamp')).toThrow('Not a clock stamp');
    expect(() => initialClock('laptop')).toThrow('32 lower-case hex digits');
  });
});
