import { describe, expect, it } from 'vitest';
import { dateTimeFormats } from '../../../renderer/format/dateTimeFormats';

// Intl puts narrow and thin no-break spaces before "PM" and, depending on its version, around a
// range's dash; compare as a person reads.
const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ').replace(/\s*–\s*/g, '–');

// Local wall-clock instants: the formatters write instants in the computer's zone, as the screen does.
const start = new Date(2026, 11, 1, 14, 0);
const end = new Date(2026, 11, 1, 14, 50);

describe('dates and times, written in the app’s locale', () => {
  it('writes every time the same way in en-GB: 24-hour, no am/pm, in a range, a moment and a day', () => {
    const f = dateTimeFormats('en-GB');
    expect(f.time(start)).toBe('14:00');
    expect(plain(f.timeRange(start, end))).toBe('14:00–14:50');
    expect(plain(f.moment(start))).toBe('1 Dec 2026, 14:00');
    expect(plain(f.longMoment(start))).toBe('1 December 2026 at 14:00');
    expect(f.longDay(start)).toMatch(/^Tuesday,? 1 December 2026$/);
    expect(f.calendarDate('2026-10-15')).toBe('15 Oct 2026');
    expect(f.longCalendarDate('2026-10-15')).toBe('15 October 2026');
    expect(f.weekdayDate('2026-10-15')).toMatch(/^Thursday,? 15 October 2026$/);
    expect(f.calendarMonth('2026-10-01')).toBe('October 2026');
    expect(f.dayMonth('2026-10-15')).toBe('15 Oct');
    expect(plain(f.dayRange(new Date(2026, 2, 9), new Date(2026, 2, 15)))).toBe('9–15 March 2026');
    expect(f.dayColumn(start)).toBe('Tue 1');
    expect(f.agendaDate(start)).toBe('Tue 1 Dec');
    expect(f.clockTime(new Date(2026, 11, 1, 14, 2, 31))).toBe('14:02:31');
    for (const written of [f.time(start), f.timeRange(start, end), f.moment(start), f.longMoment(start)])
      expect(written).not.toMatch(/am|pm/i);
  });

  it('writes every time the same way in en-US: 12-hour with AM/PM, month before day', () => {
    const f = dateTimeFormats('en-US');
    expect(plain(f.time(start))).toBe('2:00 PM');
    expect(plain(f.timeRange(start, end))).toBe('2:00–2:50 PM');
    expect(plain(f.moment(start))).toBe('Dec 1, 2026, 2:00 PM');
    expect(f.longDay(start)).toBe('Tuesday, December 1, 2026');
    expect(f.calendarDate('2026-10-15')).toBe('Oct 15, 2026');
    expect(f.weekdayDate('2026-10-15')).toBe('Thursday, October 15, 2026');
    expect(plain(f.dayRange(new Date(2026, 2, 9), new Date(2026, 2, 15)))).toBe('March 9–15, 2026');
  });

  it('writes the time of a moment exactly as it writes the time alone, in either locale', () => {
    for (const locale of ['en-GB', 'en-US']) {
      const f = dateTimeFormats(locale);
      expect(plain(f.moment(start))).toContain(plain(f.time(start)));
      expect(plain(f.longMoment(start))).toContain(plain(f.time(start)));
      expect(plain(f.timeRange(start, end))).toContain(plain(f.time(end)));
    }
  });

  it('reads a calendar date as that day whatever the time zone, never the day before', () => {
    for (const locale of ['en-GB', 'en-US']) {
      const f = dateTimeFormats(locale);
      expect(f.calendarDate('2026-01-01')).toMatch(/\b1\b/);
      expect(f.calendarDate('2026-01-01')).toMatch(/2026/);
      expect(f.calendarDate('2026-01-01T23:30:00')).toBe(f.calendarDate('2026-01-01'));
    }
  });
});
