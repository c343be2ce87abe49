import { describe, expect, it } from 'vitest';
import { describeRecurrence, nthWeekdayOfMonth } from '../../../shared/recurrence';
import { series } from './series';

describe('describeRecurrence', () => {
  it('reads a weekly series with a count as "Weekly on Tuesday, 10 sessions"', () => {
    expect(describeRecurrence(series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } }))).toBe('Weekly on Tuesday, 10 sessions');
  });

  it('reads a fortnightly series with an end date as "Every 2 weeks on Monday until 30 Jun 2027"', () => {
    expect(describeRecurrence(series('2026-01-05T14:00:00', { interval: 2, end: { type: 'until', date: '2027-06-30' } }))).toBe(
      'Every 2 weeks on Monday until 30 Jun 2027',
    );
  });

  it('reads a never-ending last-Friday series as "Monthly on the last Friday"', () => {
    expect(describeRecurrence(series('2026-01-30T16:00:00', { frequency: 'monthly', monthlyOrdinal: -1 }))).toBe(
      'Monthly on the last Friday',
    );
  });

  it('names the ordinal the series uses, its default included', () => {
    expect(describeRecurrence(series('2026-01-13T10:00:00', { frequency: 'monthly' }))).toBe('Monthly on the second Tuesday');
    expect(describeRecurrence(series('2026-01-30T16:00:00', { frequency: 'monthly' }))).toBe('Monthly on the last Friday');
    expect(
      describeRecurrence(
        series('2026-01-07T08:00:00', { frequency: 'monthly', interval: 3, monthlyOrdinal: 1, end: { type: 'count', count: 1 } }),
      ),
    ).toBe('Every 3 months on the first Wednesday, 1 session');
  });

  it('reads a never-ending weekly series without an end', () => {
    expect(describeRecurrence(series('2026-01-11T11:00:00', {}))).toBe('Weekly on Sunday');
  });
});

describe('nthWeekdayOfMonth', () => {
  it('13 January 2026 is the 2nd Tuesday and not the last', () => {
    expect(nthWeekdayOfMonth('2026-01-13T10:00:00')).toEqual({ ordinal: 2, isLast: false });
  });

  it('30 January 2026 is the 5th Friday and the last', () => {
    expect(nthWeekdayOfMonth('2026-01-30T16:00:00')).toEqual({ ordinal: 5, isLast: true });
  });

  it('27 March 2026 is the 4th Friday and also the last', () => {
    expect(nthWeekdayOfMonth('2026-03-27T16:00:00')).toEqual({ ordinal: 4, isLast: true });
  });

  it('the first and last days of a month are the 1st and the last of their weekday', () => {
    expect(nthWeekdayOfMonth('2026-01-01T09:00:00')).toEqual({ ordinal: 1, isLast: false });
    expect(nthWeekdayOfMonth('2026-02-28T09:00:00')).toEqual({ ordinal: 4, isLast: true });
    expect(nthWeekdayOfMonth('2028-02-29T09:00:00')).toEqual({ ordinal: 5, isLast: true });
  });

  it('22 January 2026 is the 4th Thursday but not the last one', () => {
    expect(nthWeekdayOfMonth('2026-01-22T09:00:00')).toEqual({ ordinal: 4, isLast: false });
  });
});
