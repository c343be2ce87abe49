import { describe, expect, it } from 'vitest';
import { instantToLocal, localToInstant, occurrencesBetween } from '../../../shared/recurrence';
import { LONDON, MACHINE_ZONES, NEW_YORK, onMachinesIn, series, sessions } from './series';

function startsInUtc(rule: ReturnType<typeof series>, from: string, to: string): Array<[string, string]> {
  return sessions(rule, from, to).map((local) => [local, localToInstant(local, rule.timeZone).toISOString()]);
}

describe('a 09:00 weekly session across daylight-saving changes', () => {
  it('stays at 09:00 in London when the clocks go forward, and starts an hour earlier in UTC', () => {
    const rule = series('2026-01-06T09:00:00', {}, LONDON);
    // Clocks go forward on Sunday 29 March 2026.
    expect(startsInUtc(rule, '2026-03-23T00:00:00Z', '2026-04-06T00:00:00Z')).toEqual([
      ['2026-03-24T09:00:00', '2026-03-24T09:00:00.000Z'],
      ['2026-03-31T09:00:00', '2026-03-31T08:00:00.000Z'],
    ]);
  });

  it('stays at 09:00 in London when the clocks go back, and starts an hour later in UTC', () => {
    const rule = series('2026-01-06T09:00:00', {}, LONDON);
    // Clocks go back on Sunday 25 October 2026.
    expect(startsInUtc(rule, '2026-10-19T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual([
      ['2026-10-20T09:00:00', '2026-10-20T08:00:00.000Z'],
      ['2026-10-27T09:00:00', '2026-10-27T09:00:00.000Z'],
    ]);
  });

  it('stays at 09:00 in New York when the clocks go forward, and starts an hour earlier in UTC', () => {
    const rule = series('2026-01-05T09:00:00', {}, NEW_YORK);
    // Clocks go forward on Sunday 8 March 2026.
    expect(startsInUtc(rule, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual([
      ['2026-03-02T09:00:00', '2026-03-02T14:00:00.000Z'],
      ['2026-03-09T09:00:00', '2026-03-09T13:00:00.000Z'],
    ]);
  });

  it('stays at 09:00 in New York when the clocks go back, and starts an hour later in UTC', () => {
    const rule = series('2026-01-05T09:00:00', {}, NEW_YORK);
    // Clocks go back on Sunday 1 November 2026.
    expect(startsInUtc(rule, '2026-10-25T00:00:00Z', '2026-11-08T00:00:00Z')).toEqual([
      ['2026-10-26T09:00:00', '2026-10-26T13:00:00.000Z'],
      ['2026-11-02T09:00:00', '2026-11-02T14:00:00.000Z'],
    ]);
  });

  it('a monthly session stays at its clock time in every month of the year', () => {
    const rule = series('2026-01-13T10:00:00', { frequency: 'monthly', monthlyOrdinal: 2 }, NEW_YORK);
    const year = sessions(rule, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(year).toHaveLength(12);
    expect(year.every((local) => local.endsWith('T10:00:00'))).toBe(true);
    expect(year.map((local) => instantToLocal(localToInstant(local, NEW_YORK), NEW_YORK))).toEqual(year);
  });
});

describe('clock times that do not exist or happen twice', () => {
  it('a session at 02:30 on New York’s spring-forward day is read as RFC 5545 reads it, 03:30 on the new time', () => {
    const instant = localToInstant('2026-03-08T02:30:00', NEW_YORK);
    expect(instant.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantToLocal(instant, NEW_YORK)).toBe('2026-03-08T03:30:00');
  });

  it('a weekly 02:30 series keeps its 02:30 slot on the spring-forward day and is back at 02:30 a week later', () => {
    const rule = series('2026-03-01T02:30:00', {}, NEW_YORK);
    expect(startsInUtc(rule, '2026-03-01T00:00:00Z', '2026-03-16T00:00:00Z')).toEqual([
      ['2026-03-01T02:30:00', '2026-03-01T07:30:00.000Z'],
      ['2026-03-08T02:30:00', '2026-03-08T07:30:00.000Z'],
      ['2026-03-15T02:30:00', '2026-03-15T06:30:00.000Z'],
    ]);
  });

  it('01:30 on London’s spring-forward day is 02:30 British Summer Time', () => {
    expect(localToInstant('2026-03-29T01:30:00', LONDON).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a time that happens twice when the clocks go back takes the first, earlier instant', () => {
    expect(localToInstant('2026-11-01T01:30:00', NEW_YORK).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(localToInstant('2026-10-25T01:30:00', LONDON).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('both readings of a repeated hour show the same clock time', () => {
    expect(instantToLocal(new Date('2026-11-01T05:30:00Z'), NEW_YORK)).toBe('2026-11-01T01:30:00');
    expect(instantToLocal(new Date('2026-11-01T06:30:00Z'), NEW_YORK)).toBe('2026-11-01T01:30:00');
  });

  it('a half-hour zone and a half-hour daylight-saving change convert both ways', () => {
    expect(localToInstant('2026-06-01T09:00:00', 'Asia/Kolkata').toISOString()).toBe('2026-06-01T03:30:00.000Z');
    expect(instantToLocal(new Date('2026-06-01T03:30:00Z'), 'Asia/Kolkata')).toBe('2026-06-01T09:00:00');
    // Lord Howe Island moves its clocks forward by 30 minutes at 02:00 on 4 October 2026: 02:15 reads 02:45.
    expect(instantToLocal(localToInstant('2026-10-04T02:15:00', 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe('2026-10-04T02:45:00');
  });

  it('an unknown time zone is refused', () => {
    expect(() => localToInstant('2026-03-08T09:00:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => instantToLocal(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('the machine’s own time zone', () => {
  it('changes none of the answers', () => {
    const london = series('2026-01-06T09:00:00', {}, LONDON);
    const answers: string[] = [];
    onMachinesIn(MACHINE_ZONES, () => {
      answers.push(
        JSON.stringify([
          localToInstant('2026-11-01T01:30:00', NEW_YORK).toISOString(),
          localToInstant('2026-10-25T01:30:00', LONDON).toISOString(),
          localToInstant('2026-03-08T02:30:00', NEW_YORK).toISOString(),
          instantToLocal(new Date('2026-03-31T08:00:00Z'), LONDON),
          occurrencesBetween(london, new Date('2026-03-23T00:00:00Z'), new Date('2026-11-02T00:00:00Z')).length,
          occurrencesBetween(london, new Date('2026-10-27T09:00:00Z'), new Date('2026-10-27T09:00:01Z')),
        ]),
      );
    });
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0]!)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-31T09:00:00',
      32,
      ['2026-10-27T09:00:00'],
    ]);
  });
});
