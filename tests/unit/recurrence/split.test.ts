import { describe, expect, it } from 'vitest';
import { describeRecurrence, isOccurrence, splitAt, type SeriesRule } from '../../../shared/recurrence';
import { NEW_YORK, series, sessions } from './series';

const WINDOW = ['2025-01-01T00:00:00Z', '2029-01-01T00:00:00Z'] as const;

function allSessions(rule: SeriesRule | null): string[] {
  return rule === null ? [] : sessions(rule, ...WINDOW);
}

function expectHalvesToRebuild(rule: SeriesRule, at: string): { before: SeriesRule | null; after: SeriesRule } {
  const halves = splitAt(rule, at);
  const before = allSessions(halves.before);
  const after = allSessions(halves.after);
  expect(before.every((local) => local < at)).toBe(true);
  expect(after[0]).toBe(at);
  expect([...before, ...after]).toEqual(allSessions(rule));
  return halves;
}

describe('"this and following" splits', () => {
  it('a never-ending series: the earlier part ends the day before, the rest never ends', () => {
    const rule = series('2026-01-06T09:00:00', {});
    const { before, after } = expectHalvesToRebuild(rule, '2026-03-10T09:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'until', date: '2026-03-09' });
    expect(before?.firstStart).toBe('2026-01-06T09:00:00');
    expect(after.firstStart).toBe('2026-03-10T09:00:00');
    expect(after.recurrence.end).toEqual({ type: 'never' });
    expect(allSessions(before)).toHaveLength(9);
  });

  it('a series ending on a date: the later part keeps the end date', () => {
    const rule = series('2026-01-05T14:00:00', { interval: 2, end: { type: 'until', date: '2026-06-30' } }, NEW_YORK);
    const { before, after } = expectHalvesToRebuild(rule, '2026-03-16T14:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'until', date: '2026-03-15' });
    expect(after.recurrence).toEqual({ frequency: 'weekly', interval: 2, end: { type: 'until', date: '2026-06-30' } });
    expect(after.timeZone).toBe(NEW_YORK);
  });

  it('a series of 10 split at the 7th session: 6 before, 4 after, counted', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } });
    const { before, after } = expectHalvesToRebuild(rule, '2026-02-17T09:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'count', count: 6 });
    expect(after.recurrence.end).toEqual({ type: 'count', count: 4 });
    expect(describeRecurrence(before!)).toBe('Weekly on Tuesday, 6 sessions');
    expect(describeRecurrence(after)).toBe('Weekly on Tuesday, 4 sessions');
  });

  it('a counted series split at its last session leaves one session after', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } });
    const { before, after } = expectHalvesToRebuild(rule, '2026-03-10T09:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'count', count: 9 });
    expect(after.recurrence.end).toEqual({ type: 'count', count: 1 });
  });

  it('split at the first session leaves nothing before', () => {
    const rule = series('2026-01-06T09:00:00', { end: { type: 'count', count: 10 } });
    const { before, after } = expectHalvesToRebuild(rule, '2026-01-06T09:00:00');
    expect(before).toBeNull();
    expect(after.recurrence.end).toEqual({ type: 'count', count: 10 });
  });

  it('a "last Friday" series keeps the last Friday after a split in a month where it is the 4th', () => {
    // 30 January 2026 is the 5th Friday; 27 February is the 4th and last.
    const rule = series('2026-01-30T16:00:00', { frequency: 'monthly' });
    const { after } = expectHalvesToRebuild(rule, '2026-02-27T16:00:00');
    expect(after.recurrence.monthlyOrdinal).toBe(-1);
    expect(isOccurrence(after, '2026-05-29T16:00:00')).toBe(true);
  });

  it('a 2nd-Tuesday series split in a later month stays on the 2nd Tuesday', () => {
    const rule = series('2026-01-13T10:00:00', { frequency: 'monthly', end: { type: 'count', count: 12 } });
    const { before, after } = expectHalvesToRebuild(rule, '2026-04-14T10:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'count', count: 3 });
    expect(after.recurrence).toMatchObject({ monthlyOrdinal: 2, end: { type: 'count', count: 9 } });
  });

  it('a split twenty years into a never-ending series rebuilds the sessions around it', () => {
    const rule = series('2006-01-03T09:00:00', {});
    const { before, after } = splitAt(rule, '2026-03-03T09:00:00');
    expect(before?.recurrence.end).toEqual({ type: 'until', date: '2026-03-02' });
    expect(sessions(before!, '2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-02-03T09:00:00',
      '2026-02-10T09:00:00',
      '2026-02-17T09:00:00',
      '2026-02-24T09:00:00',
    ]);
    expect(sessions(after, '2026-02-01T00:00:00Z', '2026-03-18T00:00:00Z')).toEqual([
      '2026-03-03T09:00:00',
      '2026-03-10T09:00:00',
      '2026-03-17T09:00:00',
    ]);
  });

  it('refuses to split at a time that is not a session of the series', () => {
    const rule = series('2026-01-06T09:00:00', {});
    expect(() => splitAt(rule, '2026-01-07T09:00:00')).toThrow(RangeError);
    expect(() => splitAt(rule, '2026-01-06T10:00:00')).toThrow(RangeError);
  });
});
