/**
 * The calendar asks for the period before and after the one on screen ahead of time. That only
 * helps if it asks with the very range react-big-calendar reports after "Next" or "Back": these
 * tests step through its own views and compare, across a daylight-saving change and a year's end.
 */
import type { View } from 'react-big-calendar';
import { afterAll, describe, expect, it } from 'vitest';

// The localizer reads the week's first day from the browser's language; here, a Monday-first one.
if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-GB' }, configurable: true });
const { AGENDA_DAYS, localizer, rangeFromCalendar, stepDate, visibleRange } = await import('../../../renderer/calendar/localizer');
const { default: Agenda } = await import('react-big-calendar/lib/Agenda');
const { default: Day } = await import('react-big-calendar/lib/Day');
const { default: Month } = await import('react-big-calendar/lib/Month');
const { default: Week } = await import('react-big-calendar/lib/Week');
const { default: WorkWeek } = await import('react-big-calendar/lib/WorkWeek');

const VIEWS: Record<View, CalendarViewStatics> = { day: Day, week: Week, work_week: WorkWeek, month: Month, agenda: Agenda };

// Clocks go forward on 8 March 2026 and back on 1 November 2026 here.
const zone = process.env.TZ;
process.env.TZ = 'America/New_York';
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('the neighbouring periods asked for ahead of time', () => {
  const dates = ['2026-03-05T10:00', '2026-03-08T01:30', '2026-10-30T23:00', '2026-12-28T09:00', '2027-01-31T12:00'].map(
    (text) => new Date(text),
  );

  for (const view of Object.keys(VIEWS) as View[]) {
    it(`are the ranges the ${view} view reports after Next and Back`, () => {
      const calendar = VIEWS[view];
      const props = { localizer, length: AGENDA_DAYS };
      for (const date of dates) {
        for (const [action, direction] of [
          ['NEXT', 1],
          ['PREV', -1],
        ] as const) {
          const shown = calendar.navigate(date, action, props);
          const reported = rangeFromCalendar(calendar.range(shown, props));
          expect(visibleRange(view, stepDate(view, date, direction)), `${view} ${action} from ${date.toString()}`).toEqual(reported);
        }
      }
    });
  }

  it('are taken in the practice’s zone, where the clocks change', () => {
    expect(new Date('2026-03-08T12:00').getTimezoneOffset()).toBe(240);
    expect(new Date('2026-03-07T12:00').getTimezoneOffset()).toBe(300);
  });

  it('differ from the period on screen', () => {
    const date = new Date('2026-03-05T10:00');
    for (const view of Object.keys(VIEWS) as View[]) {
      expect(visibleRange(view, stepDate(view, date, 1))).not.toEqual(visibleRange(view, date));
    }
  });
});
