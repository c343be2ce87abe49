import type { Recurrence } from '../../../shared/appointment';
import { occurrencesBetween, type SeriesRule } from '../../../shared/recurrence';

export const LONDON = 'Europe/London';
export const NEW_YORK = 'America/New_York';

export function series(firstStart: string, recurrence: Partial<Recurrence>, timeZone = LONDON): SeriesRule {
  return { firstStart, timeZone, recurrence: { frequency: 'weekly', interval: 1, end: { type: 'never' }, ...recurrence } };
}

/** Every session of a series between two instants given as ISO strings. */
export function sessions(rule: SeriesRule, from: string, to: string): string[] {
  return occurrencesBetween(rule, new Date(from), new Date(to));
}

/** Runs a block with the machine's zone set to each of several zones, so results cannot lean on it. */
export function onMachinesIn(zones: readonly string[], check: () => void): void {
  const original = process.env.TZ;
  try {
    for (const zone of zones) {
      process.env.TZ = zone;
      check();
    }
  } finally {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  }
}

export const MACHINE_ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'Australia/Sydney'] as const;
