import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../../renderer/results/timeTicks';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const dates = (from: string, to: string, most = 7) => timeTicks(day(from), day(to), most).map((tick) => [tick.date, tick.kind]);

describe('the results chart’s time axis', () => {
  it('labels the Mondays of a span of weeks', () => {
    expect(dates('2026-02-04', '2026-03-06')).toEqual([
      ['2026-02-09', 'day'],
      ['2026-02-16', 'day'],
      ['2026-02-23', 'day'],
      ['2026-03-02', 'day'],
    ]);
  });

  it('labels the first of the month for months, every other or third month as the span grows, never more than asked', () => {
    expect(dates('2025-11-20', '2026-03-10')).toEqual([
      ['2025-12-01', 'month'],
      ['2026-01-01', 'month'],
      ['2026-02-01', 'month'],
      ['2026-03-01', 'month'],
    ]);
    expect(dates('2025-01-15', '2026-01-15')).toEqual([
      ['2025-03-01', 'month'],
      ['2025-05-01', 'month'],
      ['2025-07-01', 'month'],
      ['2025-09-01', 'month'],
      ['2025-11-01', 'month'],
      ['2026-01-01', 'month'],
    ]);
    expect(dates('2024-03-10', '2025-11-15').map(([date]) => date)).toEqual([
      '2024-04-01',
      '2024-07-01',
      '2024-10-01',
      '2025-01-01',
      '2025-04-01',
      '2025-07-01',
      '2025-10-01',
    ]);
  });

  it('labels years, then every second or fifth year, for a long history', () => {
    expect(dates('2019-06-01', '2026-03-01')).toEqual([
      ['2020-01-01', 'year'],
      ['2021-01-01', 'year'],
      ['2022-01-01', 'year'],
      ['2023-01-01', 'year'],
      ['2024-01-01', 'year'],
      ['2025-01-01', 'year'],
      ['2026-01-01', 'year'],
    ]);
    expect(dates('2006-03-01', '2026-03-01').map(([date]) => date)).toEqual(['2010-01-01', '2015-01-01', '2020-01-01', '2025-01-01']);
    for (const [from, to] of [
      ['2026-01-01', '2026-01-29'],
      ['2020-01-01', '2026-06-30'],
      ['1980-01-01', '2026-06-30'],
    ] as const)
      expect(timeTicks(day(from), day(to), 7).length, `${from}–${to}`).toBeLessThanOrEqual(7);
  });
});
