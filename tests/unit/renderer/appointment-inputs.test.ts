/**
 * How the appointment form reads its date and time inputs before it builds a booking or a series
 * (renderer/calendar/labels.ts): local wall-clock time, never UTC, and nothing from a half-typed value.
 */
import { describe, expect, it } from 'vitest';
import { clockMinutes, localDate, localDateTime, minutesText, patientInitials, timeInputValue } from '../../../renderer/calendar/labels';

describe('the appointment form’s date and time', () => {
  it('a date and a time are read as this computer’s wall-clock time', () => {
    const start = localDate('2026-03-29', '10:00');
    expect(start).not.toBeNull();
    expect([start?.getFullYear(), start?.getMonth(), start?.getDate(), start?.getHours(), start?.getMinutes()]).toEqual([
      2026, 2, 29, 10, 0,
    ]);
    expect(localDateTime('2026-03-29', '10:00')).toBe('2026-03-29T10:00:00');
  });

  it('nothing is read from an empty or half-typed date or time', () => {
    for (const [date, time] of [
      ['', '10:00'],
      ['2026-03-29', ''],
      ['2026-3-29', '10:00'],
      ['2026-03-29', '9:00'],
      ['2026-13-01', '10:00'],
    ] as const) {
      expect(localDate(date, time), `${date} ${time}`).toBeNull();
    }
  });

  it('a time input shows hours and minutes with leading zeros, and reads back as minutes since midnight', () => {
    expect(timeInputValue(new Date(2026, 2, 29, 9, 5))).toBe('09:05');
    expect(clockMinutes('09:05')).toBe(545);
    expect(clockMinutes(timeInputValue(new Date(2026, 2, 29, 23, 59)))).toBe(1439);
  });

  it('a length is said in minutes, or in whole hours', () => {
    expect(minutesText(1)).toBe('1 minute');
    expect(minutesText(50)).toBe('50 minutes');
    expect(minutesText(60)).toBe('1 hour');
    expect(minutesText(90)).toBe('90 minutes');
    expect(minutesText(120)).toBe('2 hours');
  });

  it('a patient is shown by initials where someone in the room might see the screen', () => {
    expect(patientInitials('Okafor, Margaret (Maggie)')).toBe('MO');
    expect(patientInitials('Oyelaran, Marguerite')).toBe('MO');
    expect(patientInitials('')).toBe('?');
  });
});
