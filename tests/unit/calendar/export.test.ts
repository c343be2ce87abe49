import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { occurrence, openCalendarVault, weekly, type CalendarVault } from './calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

const WEEK = { from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' };

type ParsedEvent = {
  uid: string;
  summary: string;
  start: string;
  end: string;
  status: string | null;
  description: string;
  location: string | null;
};

/** Read back with ical.js, a parser that shares nothing with the writer. */
function parse(content: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(content));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const status = component.getFirstPropertyValue('status');
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: typeof status === 'string' ? status : null,
      description: event.description,
      location: event.location,
    };
  });
}

/** A week with a series session, a video one-off, a session with a note, and a cancelled one. */
async function bookTheWeek(): Promise<void> {
  const first = await vault.book({
    start: '2026-03-03T09:00:00.000Z',
    recurrence: weekly(),
    note: 'Bring the referral letter from Dr Okafor',
  });
  await vault.book({
    patientId: vault.tomas.id,
    start: '2026-03-11T14:00:00.000Z',
    durationMinutes: 30,
    kind: 'medication-management',
    isVideo: true,
    location: '',
  });
  const cancelled = await vault.book({ patientId: vault.tomas.id, start: '2026-03-12T10:00:00.000Z', kind: 'follow-up' });
  await vault.call('appointments:cancel', { ref: cancelled.ref, scope: 'this', by: 'patient' });
  await vault.call('appointments:setAttendance', {
    ref: occurrence(first.seriesId!, '2026-03-03T09:00:00'),
    attendance: 'attended',
    lateMinutes: null,
  });
}

describe('the iCalendar export', () => {
  it('writes one event per session with UTC times and initials, and no names, notes or preferred names', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    await vault.call('patients:update', {
      id: vault.maren.id,
      version: vault.maren.version,
      patient: { givenName: 'Maren', familyName: 'Holloway', preferredName: 'Mo', dateOfBirth: '1984-06-12', phone: '', email: '' },
    });
    await bookTheWeek();

    const exported = await vault.call('calendar:exportIcs', { ...WEEK, names: 'initials', includeCancelled: false });
    expect(exported.fileName).toBe('alliance-sessions-2026-03-09-to-2026-03-15.ics');
    expect(exported.eventCount).toBe(2);
    const events = parse(exported.content);
    expect(
      events.map(({ summary, start, end, status, description, location }) => ({ summary, start, end, status, description, location })),
    ).toEqual([
      {
        summary: 'Session — M.H.',
        start: '2026-03-10T09:00:00.000Z',
        end: '2026-03-10T09:50:00.000Z',
        status: 'CONFIRMED',
        description: 'Therapy',
        location: 'Room 2',
      },
      {
        summary: 'Session — T.L.',
        start: '2026-03-11T14:00:00.000Z',
        end: '2026-03-11T14:30:00.000Z',
        status: 'CONFIRMED',
        description: 'Medication management, by video',
        location: 'Video',
      },
    ]);
    expect(exported.content).toMatch(/DTSTART:20260310T090000Z/);
    for (const word of ['Maren', 'Holloway', 'Tomas', 'Lindqvist', 'Mo)', 'Okafor', 'referral', '1984']) {
      expect(exported.content.toLowerCase()).not.toContain(word.toLowerCase());
    }
  });

  it('with names omitted, every event is just "Session"; cancelled sessions come only when asked, marked cancelled', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    await bookTheWeek();
    const exported = await vault.call('calendar:exportIcs', { ...WEEK, names: 'omit', includeCancelled: true });
    const events = parse(exported.content);
    expect(exported.eventCount).toBe(3);
    expect(events.map((e) => [e.summary, e.status])).toEqual([
      ['Session', 'CONFIRMED'],
      ['Session', 'CONFIRMED'],
      ['Session (cancelled)', 'CANCELLED'],
    ]);
    expect(exported.content).not.toMatch(/M\.H\.|T\.L\./);
  });

  it('gives each session the same UID in every export, so a re-import updates rather than doubles', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    await bookTheWeek();
    const before = parse((await vault.call('calendar:exportIcs', { ...WEEK, names: 'initials', includeCancelled: true })).content);
    // Touching the series session stores it; its UID must not change.
    const series = (await vault.range(WEEK.from, WEEK.to)).find((s) => s.seriesId !== null)!;
    await vault.call('appointments:setAttendance', { ref: series.ref, attendance: 'no-show', lateMinutes: null });
    const after = parse((await vault.call('calendar:exportIcs', { ...WEEK, names: 'initials', includeCancelled: true })).content);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(new Set(after.map((e) => e.uid)).size).toBe(3);
  });

  it('an empty range is still a calendar file a parser reads', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    const exported = await vault.call('calendar:exportIcs', { ...WEEK, names: 'initials', includeCancelled: true });
    expect(exported.eventCount).toBe(0);
    expect(parse(exported.content)).toEqual([]);
  });

  it('files:save hands the content to the window’s saver and answers its outcome', async () => {
    vault = await openCalendarVault('2026-03-02T08:00:00.000Z');
    await bookTheWeek();
    const exported = await vault.call('calendar:exportIcs', { ...WEEK, names: 'initials', includeCancelled: false });
    const answer = await vault.call('files:save', {
      suggestedFileName: exported.fileName,
      content: exported.content,
      mimeType: 'text/calendar',
    });
    expect(answer).toEqual({ outcome: 'saved' });
    expect(vault.saved).toEqual([{ suggestedFileName: exported.fileName, content: exported.content, mimeType: 'text/calendar' }]);
  });
});
