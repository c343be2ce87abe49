import { describe, expect, it } from 'vitest';
import { isOccurrence, lastOccurrence, localToInstant, occurrencesBetween } from '../../../shared/recurrence';
import { LONDON, NEW_YORK, series, sessions } from './series';

describe('weekly series', () => {
  it('repeats on the first session’s weekday at the same clock time every week', () => {
    const rule = series('2026-01-06T09:00:00', { frequency: 'weekly', interval: 1 });
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([
      '2026-01-06T09:00:00',
      '2026-01-13T09:00:00',
      '2026-01-20T09:00:00',
      '2026-01-27T09:00:00',
    ]);
  });

  it('every 2 weeks skips the week in between', () => {
    const rule = series('2026-01-05T14:00:00', { frequency: 'weekly', interval: 2 });
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      '2026-01-05T14:00:00',
      '2026-01-19T14:00:00',
      '2026-02-02T14:00:00',
      '2026-02-16T14:00:00',
      '2026-03-02T14:00:00',
    ]);
  });

  it('every 2 weeks keeps its fortnightly rhythm when asked about a week years later', () => {
    const rule = series('2016-01-04T14:00:00', { frequency: 'weekly', interval: 2 });
    // 2016-01-04 + 267 fortnights = 2026-03-30; the week before has no session.
    expect(sessions(rule, '2026-03-23T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([]);
    expect(sessions(rule, '2026-03-30T00:00:00Z', '2026-04-06T00:00:00Z')).toEqual(['2026-03-30T14:00:00']);
  });

  it('has no sessions before its first one', () => {
    const rule = series('2026-01-06T09:00:00', {});
    expect(sessions(rule, '2025-06-01T00:00:00Z', '2026-01-06T09:00:00Z')).toEqual([]);
  });
});

describe('monthly series', () => {
  it('on the 2nd Tuesday falls on the second Tuesday of each month', () => {
    const rule = series('2026-01-13T10:00:00', { frequency: 'monthly', interval: 1, monthlyOrdinal: 2 });
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
      '2026-01-13T10:00:00',
      '2026-02-10T10:00:00',
      '2026-03-10T10:00:00',
      '2026-04-14T10:00:00',
      '2026-05-12T10:00:00',
    ]);
  });

  it('takes the first session’s ordinal when none is given', () => {
    const rule = series('2026-01-13T10:00:00', { frequency: 'monthly', interval: 1 });
    expect(sessions(rule, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-02-10T10:00:00']);
  });

  it('on the last Friday falls on the last Friday whether it is the 4th or the 5th', () => {
    const rule = series('2026-01-30T16:00:00', { frequency: 'monthly', interval: 1, monthlyOrdinal: -1 });
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual([
      '2026-01-30T16:00:00',
      '2026-02-27T16:00:00',
      '2026-03-27T16:00:00',
      '2026-04-24T16:00:00',
      '2026-05-29T16:00:00',
      '2026-06-26T16:00:00',
    ]);
  });

  it('a first session on a 5th Friday becomes "the last Friday" by default', () => {
    const rule = series('2026-01-30T16:00:00', { frequency: 'monthly', interval: 1 });
    expect(sessions(rule, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-02-27T16:00:00']);
  });

  it('every 2 months on the 2nd Tuesday skips the month in between, also twenty years on', () => {
    const rule = series('2006-01-10T10:00:00', { frequency: 'monthly', interval: 2, monthlyOrdinal: 2 });
    expect(sessions(rule, '2006-01-01T00:00:00Z', '2006-06-01T00:00:00Z')).toEqual([
      '2006-01-10T10:00:00',
      '2006-03-14T10:00:00',
      '2006-05-09T10:00:00',
    ]);
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
      '2026-01-13T10:00:00',
      '2026-03-10T10:00:00',
      '2026-05-12T10:00:00',
    ]);
  });
});

describe('how a series ends', () => {
  it('ending on a date includes a session on that date and none after', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'until', date: '2026-02-03' } });
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-01-06T09:00:00',
      '2026-01-13T09:00:00',
      '2026-01-20T09:00:00',
      '2026-01-27T09:00:00',
      '2026-02-03T09:00:00',
    ]);
    expect(lastOccurrence(rule)).toBe('2026-02-03T09:00:00');
  });

  it('ending on a date reads the date on the series’ clock, not in UTC', () => {
    // 23:30 in New York on 3 February is already 4 February in UTC.
    const rule = series('2026-01-06T23:30:00', { end: { type: 'until', date: '2026-02-03' } }, NEW_YORK);
    expect(lastOccurrence(rule)).toBe('2026-02-03T23:30:00');
    expect(sessions(rule, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual(['2026-02-03T23:30:00']);
  });

  it('ending after a count has exactly that many sessions, the first included', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } });
    const all = sessions(rule, '2025-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
    expect(all).toHaveLength(10);
    expect(all[0]).toBe('2026-01-06T09:00:00');
    expect(all[9]).toBe('2026-03-10T09:00:00');
    expect(lastOccurrence(rule)).toBe('2026-03-10T09:00:00');
    expect(isOccurrence(rule, '2026-03-17T09:00:00')).toBe(false);
  });

  it('a counted series asked about a later stretch still counts from its first session', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } });
    expect(sessions(rule, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-03T09:00:00', '2026-03-10T09:00:00']);
  });

  it('a series that never ends has no last session and keeps going', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'never' } });
    expect(lastOccurrence(rule)).toBeNull();
    expect(sessions(rule, '2036-01-01T00:00:00Z', '2036-01-08T00:00:00Z')).toEqual(['2036-01-01T09:00:00']);
  });

  it('the last session of a monthly series ending on a date is the last matching weekday before it', () => {
    const rule = series('2026-01-30T16:00:00', {
      frequency: 'monthly',
      monthlyOrdinal: -1,
      end: { type: 'until', date: '2026-05-28' },
    });
    expect(lastOccurrence(rule)).toBe('2026-04-24T16:00:00');
  });

  it('a series whose end date comes before its first session has no last session', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'until', date: '2026-01-05' } });
    expect(lastOccurrence(rule)).toBeNull();
    expect(sessions(rule, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([]);
  });
});

describe('asking for a range', () => {
  const rule = series('2026-01-06T09:00:00', {});

  it('includes a session starting exactly at the beginning of the range', () => {
    expect(sessions(rule, '2026-01-13T09:00:00Z', '2026-01-14T00:00:00Z')).toEqual(['2026-01-13T09:00:00']);
  });

  it('excludes a session starting exactly at the end of the range', () => {
    expect(sessions(rule, '2026-01-13T00:00:00Z', '2026-01-13T09:00:00Z')).toEqual([]);
    expect(sessions(rule, '2026-01-13T00:00:00Z', '2026-01-13T09:00:00.001Z')).toEqual(['2026-01-13T09:00:00']);
  });

  it('excludes a session that started a moment before the range', () => {
    expect(sessions(rule, '2026-01-13T09:00:00.001Z', '2026-01-20T09:00:00Z')).toEqual([]);
  });

  it('an empty or backwards range has no sessions', () => {
    expect(sessions(rule, '2026-01-13T09:00:00Z', '2026-01-13T09:00:00Z')).toEqual([]);
    expect(sessions(rule, '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([]);
  });

  it('edges are instants: a range edge at the session’s UTC instant counts, one at its clock reading in UTC does not', () => {
    const newYork = series('2026-01-05T09:00:00', {}, NEW_YORK);
    expect(sessions(newYork, '2026-01-05T14:00:00Z', '2026-01-05T14:01:00Z')).toEqual(['2026-01-05T09:00:00']);
    expect(sessions(newYork, '2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z')).toEqual([]);
  });

  it('a never-ending weekly series begun 20 years ago, asked for one week, returns exactly one session', () => {
    const twentyYears = series('2006-01-03T09:00:00', {});
    const week = occurrencesBetween(
      twentyYears,
      localToInstant('2026-03-02T00:00:00', LONDON),
      localToInstant('2026-03-09T00:00:00', LONDON),
    );
    expect(week).toEqual(['2026-03-03T09:00:00']);
  });

  it('a long series asked for two years returns every week of them in order', () => {
    const all = sessions(series('2006-01-03T09:00:00', {}), '2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    expect(all).toHaveLength(105);
    expect(all[0]).toBe('2024-01-02T09:00:00');
    expect(all.at(-1)).toBe('2025-12-30T09:00:00');
    expect([...all].sort()).toEqual(all);
  });
});

describe('isOccurrence', () => {
  const weekly = series('2026-01-06T09:00:00', { end: { type: 'until', date: '2026-12-31' } });

  it('recognises a session of the series', () => {
    expect(isOccurrence(weekly, '2026-01-06T09:00:00')).toBe(true);
    expect(isOccurrence(weekly, '2026-11-03T09:00:00')).toBe(true);
    expect(isOccurrence(weekly, '2026-11-03T09:00')).toBe(true);
  });

  it('rejects the wrong time, the wrong weekday, before the start and after the end', () => {
    expect(isOccurrence(weekly, '2026-01-13T10:00:00')).toBe(false);
    expect(isOccurrence(weekly, '2026-01-14T09:00:00')).toBe(false);
    expect(isOccurrence(weekly, '2025-12-30T09:00:00')).toBe(false);
    expect(isOccurrence(weekly, '2027-01-05T09:00:00')).toBe(false);
  });

  it('rejects text that is not a date-time', () => {
    expect(isOccurrence(weekly, 'next Tuesday')).toBe(false);
    expect(isOccurrence(weekly, '2026-02-30T09:00:00')).toBe(false);
  });

  it('recognises a session twenty years into a never-ending series', () => {
    const longRunning = series('2006-01-03T09:00:00', {});
    expect(isOccurrence(longRunning, '2026-03-03T09:00:00')).toBe(true);
    expect(isOccurrence(longRunning, '2026-03-04T09:00:00')).toBe(false);
  });

  it('knows the last Friday from the Friday before it', () => {
    const lastFriday = series('2026-01-30T16:00:00', { frequency: 'monthly', monthlyOrdinal: -1 });
    expect(isOccurrence(lastFriday, '2026-05-29T16:00:00')).toBe(true);
    expect(isOccurrence(lastFriday, '2026-05-22T16:00:00')).toBe(false);
  });
});
