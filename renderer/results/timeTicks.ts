/**
 * Dates for a chart's time axis: round dates (a week's, a month's first day, a year's) at the widest
 * step that still gives a few labels, so a span of weeks or of years reads the same way.
 */

const DAY = 86_400_000;

export type TimeTick = { day: number; date: string; kind: 'day' | 'month' | 'year' };

type Step = { kind: 'day'; days: number } | { kind: 'month'; months: number } | { kind: 'year'; years: number };

/** From the finest to the widest. */
const STEPS: readonly Step[] = [
  { kind: 'day', days: 7 },
  { kind: 'day', days: 14 },
  { kind: 'month', months: 1 },
  { kind: 'month', months: 2 },
  { kind: 'month', months: 3 },
  { kind: 'month', months: 6 },
  { kind: 'year', years: 1 },
  { kind: 'year', years: 2 },
  { kind: 'year', years: 5 },
  { kind: 'year', years: 10 },
];

function isoOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function dayOf(year: number, month: number, date = 1): number {
  return Date.UTC(year, month, date) / DAY;
}

function ticksOf(step: Step, from: number, to: number): TimeTick[] {
  const ticks: TimeTick[] = [];
  if (step.kind === 'day') {
    // Mondays, so weekly labels fall on the same weekday whatever the first value's.
    const monday = Math.ceil(from) + ((8 - new Date(Math.ceil(from) * DAY).getUTCDay()) % 7);
    for (let day = monday; day <= to; day += step.days) ticks.push({ day, date: isoOf(day), kind: 'day' });
    return ticks;
  }
  const start = new Date(Math.ceil(from) * DAY);
  if (step.kind === 'month') {
    let month = start.getUTCFullYear() * 12 + start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
    month = Math.ceil(month / step.months) * step.months;
    for (; dayOf(Math.floor(month / 12), month % 12) <= to; month += step.months) {
      const day = dayOf(Math.floor(month / 12), month % 12);
      ticks.push({ day, date: isoOf(day), kind: 'month' });
    }
    return ticks;
  }
  let year = start.getUTCFullYear() + (start.getUTCMonth() === 0 && start.getUTCDate() === 1 ? 0 : 1);
  year = Math.ceil(year / step.years) * step.years;
  for (; dayOf(year, 0) <= to; year += step.years) ticks.push({ day: dayOf(year, 0), date: isoOf(dayOf(year, 0)), kind: 'year' });
  return ticks;
}

/**
 * The round dates between `from` and `to` (days since 1970, as the chart counts them), at the finest
 * step that gives no more than `most` of them; at least the widest step's, even when that is none.
 */
export function timeTicks(from: number, to: number, most: number): TimeTick[] {
  for (const step of STEPS) {
    const ticks = ticksOf(step, from, to);
    if (ticks.length <= most) return ticks;
  }
  return ticksOf(STEPS.at(-1)!, from, to);
}
