/*
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", OPODIS 2014): a physical time in
 * milliseconds, a counter that orders events within the same millisecond or while the wall clock is
 * behind one already seen, and the device that ticked it, which breaks the last ties. Every change a
 * device makes carries a stamp from its clock; every change it receives advances its clock past the
 * sender's, so a change made after seeing another is always stamped later than it, whatever the two
 * laptops' wall clocks say. Stamps are compared as strings: the encoding sorts as the clock does.
 */

export type Hlc = Readonly<{ wallMs: number; counter: number; deviceId: string }>;

/** The largest counter a stamp holds; a device that needs more within one millisecond waits for the next. */
export const HLC_MAX_COUNTER = 0xffff;
/** A stamp from a device whose clock runs further ahead than this is refused, not followed. */
export const HLC_MAX_DRIFT_MS = 5 * 60_000;

const WALL_DIGITS = 12;
const COUNTER_DIGITS = 4;
const DEVICE_ID = /^[0-9a-f]{32}$/;

export class ClockDriftError extends Error {
  constructor(readonly aheadMs: number) {
    super(`Another device's clock is ${Math.round(aheadMs / 60_000)} minutes ahead of this one; check the date and time on both.`);
    this.name = 'ClockDriftError';
  }
}

export function isDeviceId(value: string): boolean {
  return DEVICE_ID.test(value);
}

/** The clock of a device that has seen nothing yet. */
export function initialClock(deviceId: string): Hlc {
  if (!isDeviceId(deviceId)) throw new TypeError('A device id is 32 lower-case hex digits');
  return { wallMs: 0, counter: 0, deviceId };
}

/** The stamp for a change made now on this device (send or local event). */
export function tick(clock: Hlc, nowMs: number): Hlc {
  if (nowMs > clock.wallMs) return { wallMs: nowMs, counter: 0, deviceId: clock.deviceId };
  if (clock.counter < HLC_MAX_COUNTER) return { ...clock, counter: clock.counter + 1 };
  // The counter is exhausted within this millisecond: move the clock's time on by one.
  return { wallMs: clock.wallMs + 1, counter: 0, deviceId: clock.deviceId };
}

/** The clock after receiving another device's stamp: later than both, and than now. */
export function receive(clock: Hlc, remote: Hlc, nowMs: number): Hlc {
  if (remote.wallMs - nowMs > HLC_MAX_DRIFT_MS) throw new ClockDriftError(remote.wallMs - nowMs);
  const wallMs = Math.max(clock.wallMs, remote.wallMs, nowMs);
  let counter: number;
  if (wallMs === clock.wallMs && wallMs === remote.wallMs) counter = Math.max(clock.counter, remote.counter) + 1;
  else if (wallMs === clock.wallMs) counter = clock.counter + 1;
  else if (wallMs === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  if (counter > HLC_MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, deviceId: clock.deviceId };
  return { wallMs, counter, deviceId: clock.deviceId };
}

/** A stamp as text that sorts as the clock does: wall time, counter, device (all fixed-width hex). */
export function encodeHlc(stamp: Hlc): string {
  return `${stamp.wallMs.toString(16).padStart(WALL_DIGITS, '0')}.${stamp.counter.toString(16).padStart(COUNTER_DIGITS, '0')}.${stamp.deviceId}`;
}

const ENCODED = new RegExp(`^([0-9a-f]{${WALL_DIGITS}})\\.([0-9a-f]{${COUNTER_DIGITS}})\\.([0-9a-f]{32})$`);

export function decodeHlc(text: string): Hlc {
  const [, wall, counter, deviceId] = ENCODED.exec(text) ?? [];
  if (wall === undefined || counter === undefined || deviceId === undefined) throw new TypeError('Not a clock stamp');
  return { wallMs: parseInt(wall, 16), counter: parseInt(counter, 16), deviceId };
}

/** Negative, zero or positive as `a` is before, the same as, or after `b`. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;
}
