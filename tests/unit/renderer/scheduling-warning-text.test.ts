import { describe, expect, it } from 'vitest';
import type { SchedulingWarning } from '../../../shared/appointment';
import { dateTimeFormats } from '../../../renderer/format/dateTimeFormats';
import { schedulingWarningText } from '../../../renderer/format/sessions';

const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ').replace(/\s*–\s*/g, '–');

// Local wall-clock instants, as the window writes them in the computer's zone.
const at = (local: string) => new Date(local).toISOString();
const saturday: SchedulingWarning = {
  kind: 'outside-working-hours',
  message: 'Sat 7 Mar 2026, 10:00–10:50 is outside working hours (Mon–Fri, 09:00–17:00).',
  session: { start: at('2026-03-07T10:00:00'), end: at('2026-03-07T10:50:00') },
  workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
};
const clash: SchedulingWarning = {
  kind: 'double-booking',
  message: 'This overlaps another session: Tue 17 Mar 2026, 14:00–14:50.',
  session: { start: at('2026-03-17T14:00:00'), end: at('2026-03-17T14:50:00') },
};

describe('a scheduling warning on screen', () => {
  it('writes its session and working hours in en-GB as the rest of the window does', () => {
    const f = dateTimeFormats('en-GB');
    expect(plain(schedulingWarningText(saturday, f))).toBe('Sat 7 Mar 2026, 10:00–10:50 is outside working hours (Mon–Fri, 09:00–17:00).');
    expect(plain(schedulingWarningText(clash, f))).toBe('This overlaps another session: Tue 17 Mar 2026, 14:00–14:50.');
    expect(plain(schedulingWarningText({ ...clash, clashes: 3 }, f))).toBe(
      '3 of these sessions overlap others; the first clash is with Tue 17 Mar 2026, 14:00–14:50.',
    );
  });

  it('writes them in en-US with AM/PM, never the worker’s 24-hour clock', () => {
    const f = dateTimeFormats('en-US');
    expect(plain(schedulingWarningText(saturday, f))).toBe(
      'Sat Mar 7, 2026, 10:00–10:50 AM is outside working hours (Mon–Fri, 9:00 AM–5:00 PM).',
    );
    expect(plain(schedulingWarningText(clash, f))).toBe('This overlaps another session: Tue Mar 17, 2026, 2:00–2:50 PM.');
  });

  it('keeps the worker’s words when it sent no details', () => {
    expect(schedulingWarningText({ kind: 'double-booking', message: 'Overlaps.' })).toBe('Overlaps.');
  });
});
