/**
 * Sessions from another calendar, on a real encrypted vault, in a practice in New York (summer time
 * begins on 8 March 2026): one file written with the `ics` package and one written by hand as Google
 * Calendar exports, each imported with its recurring events expanded to the exact times the other
 * calendar showed; matched to patients by name and reviewed; once only; whole or not at all.
 */
// The practice's zone is the process's: set before anything reads it, and given back after (a test
// process may run other files next).
const processZone = process.env.TZ;
process.env.TZ = 'America/New_York';

import path from 'node:path';
import { createEvents } from 'ics';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { instantToLocal } from '../../../shared/recurrence';
import { IMPORT_MESSAGES } from '../../../shared/import';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE } from '../support/temp-vault';

const ZONE = 'America/New_York';

afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});
const NOW = '2026-03-02T15:00:00.000Z';

let vault: CalendarVault;
afterEach(async () => {
  await vault.dispose();
});

/** What the practice's clock reads at an instant: 2026-03-24T09:00. */
function onTheClock(instant: string): string {
  return instantToLocal(new Date(instant), ZONE).slice(0, 16);
}

const GOOGLE_UID = '4m1v6n2q8r3s5t7u9w0x1y2z3a@google.com';

/**
 * As Google Calendar exports a calendar: CRLF, folded lines, a VTIMEZONE, a weekly RRULE with its
 * UNTIL in UTC and an EXDATE, one instance moved through RECURRENCE-ID, an all-day event, a one-off
 * in UTC, an event that names no patient, and a cancelled one.
 */
const GOOGLE_CALENDAR = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Practice',
  'X-WR-TIMEZONE:America/New_York',
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'X-LIC-LOCATION:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'DTSTART;TZID=America/New_York:20260224T090000',
  'DTEND;TZID=America/New_York:20260224T095000',
  'RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20260401T035959Z;BYDAY=TU',
  'EXDATE;TZID=America/New_York:20260310T090000',
  'DTSTAMP:20260301T120000Z',
  `UID:${GOOGLE_UID}`,
  'CREATED:20260201T101500Z',
  'DESCRIPTION:Weekly psychotherapy. Video link: https://meet.google.com/abc-d',
  ' efg-hij',
  'LAST-MODIFIED:20260301T115900Z',
  'LOCATION:',
  'SEQUENCE:1',
  'STATUS:CONFIRMED',
  'SUMMARY:Maren Holloway – therapy',
  'TRANSP:OPAQUE',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;TZID=America/New_York:20260318T140000',
  'DTEND;TZID=America/New_York:20260318T145000',
  'DTSTAMP:20260301T120000Z',
  `UID:${GOOGLE_UID}`,
  'RECURRENCE-ID;TZID=America/New_York:20260317T090000',
  'CREATED:20260201T101500Z',
  'LAST-MODIFIED:20260301T115900Z',
  'SEQUENCE:2',
  'STATUS:CONFIRMED',
  'SUMMARY:Maren Holloway – therapy',
  'TRANSP:OPAQUE',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260316',
  'DTEND;VALUE=DATE:20260317',
  'DTSTAMP:20260301T120000Z',
  'UID:0a1b2c3d4e5f6g7h8i9j@google.com',
  'SUMMARY:APA conference – out of office',
  'TRANSP:TRANSPARENT',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20260305T190000Z',
  'DTEND:20260305T193000Z',
  'DTSTAMP:20260301T120000Z',
  'UID:9z8y7x6w5v4u3t2s1r0q@google.com',
  'DESCRIPTION:Medication check with Tomas Lindqvist',
  'LOCATION:Room 2',
  'SUMMARY:Med check',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;TZID=America/New_York:20260306T120000',
  'DTEND;TZID=America/New_York:20260306T130000',
  'DTSTAMP:20260301T120000Z',
  'UID:5p5p5p5p5p@google.com',
  'SUMMARY:Supervision with Dr Okafor',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;TZID=America/New_York:20260312T110000',
  'DTEND;TZID=America/New_York:20260312T115000',
  'DTSTAMP:20260301T120000Z',
  'UID:6c6c6c6c6c@google.com',
  'STATUS:CANCELLED',
  'SUMMARY:Tomas Lindqvist',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const MARCH = { from: '2026-02-01', to: '2026-03-31' };

describe('sessions from an iCalendar file', () => {
  it('expands a Google Calendar export exactly, matches its events by name, and imports the chosen ones once', async () => {
    vault = await openCalendarVault(NOW);
    const preview = await vault.call('import:previewSessions', { content: GOOGLE_CALENDAR, ...MARCH });
    expect(preview.timeZone).toBe(ZONE);

    const weekly = preview.events.find((event) => event.key === GOOGLE_UID)!;
    expect(weekly.recurring).toBe(true);
    expect(weekly.match).toEqual({ type: 'one', patientId: vault.maren.id });
    // 09:00 on the practice's clock before and after summer time begins; 10 March left out (EXDATE);
    // 17 March moved to Wednesday 18 March at 14:00; the UNTIL includes 31 March.
    expect(weekly.sessions.map((session) => [onTheClock(session.start), onTheClock(session.end), session.moved])).toEqual([
      ['2026-02-24T09:00', '2026-02-24T09:50', false],
      ['2026-03-03T09:00', '2026-03-03T09:50', false],
      ['2026-03-18T14:00', '2026-03-18T14:50', true],
      ['2026-03-24T09:00', '2026-03-24T09:50', false],
      ['2026-03-31T09:00', '2026-03-31T09:50', false],
    ]);
    expect(weekly.sessions.map((session) => session.start)).toEqual([
      '2026-02-24T14:00:00.000Z',
      '2026-03-03T14:00:00.000Z',
      '2026-03-18T18:00:00.000Z',
      '2026-03-24T13:00:00.000Z',
      '2026-03-31T13:00:00.000Z',
    ]);
    expect(weekly.continuesAfter).toBe(false);

    const medCheck = preview.events.find((event) => event.summary === 'Med check')!;
    expect(medCheck.match).toEqual({ type: 'one', patientId: vault.tomas.id });
    expect(medCheck.sessions).toEqual([{ start: '2026-03-05T19:00:00.000Z', end: '2026-03-05T19:30:00.000Z', moved: false }]);
    const supervision = preview.events.find((event) => event.summary === 'Supervision with Dr Okafor')!;
    expect(supervision.match).toEqual({ type: 'none' });
    expect(preview.notSessions).toEqual([
      { summary: 'APA conference – out of office', reason: 'all-day', start: '2026-03-16', recurring: false },
      { summary: 'Tomas Lindqvist', reason: 'cancelled', start: '2026-03-12T15:00:00.000Z', recurring: false },
    ]);

    // The person confirms both matches and leaves the supervision out.
    const choices = [
      { event: weekly.key, patientId: vault.maren.id },
      { event: medCheck.key, patientId: vault.tomas.id },
    ];
    const imported = await vault.call('import:sessions', { content: GOOGLE_CALENDAR, ...MARCH, kind: 'therapy', choices });
    expect(imported).toMatchObject({ sessions: 6, alreadyInAlliance: 0 });

    const booked = await vault.range('2026-02-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z');
    expect(
      booked.map(
        (session) =>
          `${onTheClock(session.start)} ${session.durationMinutes} ${session.patientId === vault.maren.id ? 'Maren' : 'Tomas'} ${session.kind} ${session.isVideo ? 'video' : session.location}`,
      ),
    ).toEqual([
      '2026-02-24T09:00 50 Maren therapy video',
      '2026-03-03T09:00 50 Maren therapy video',
      '2026-03-05T14:00 30 Tomas therapy Room 2',
      '2026-03-18T14:00 50 Maren therapy video',
      '2026-03-24T09:00 50 Maren therapy video',
      '2026-03-31T09:00 50 Maren therapy video',
    ]);
    expect(booked.every((session) => session.attendance === 'scheduled' && session.seriesId === null && session.note === '')).toBe(true);

    // The same file again: every session is already there, and nothing is booked twice.
    const again = await vault.call('import:previewSessions', { content: GOOGLE_CALENDAR, ...MARCH });
    expect(again.events.find((event) => event.key === GOOGLE_UID)!.alreadyInAlliance).toBe(5);
    const twice = await vault.refuse('import:sessions', { content: GOOGLE_CALENDAR, ...MARCH, kind: 'therapy', choices });
    expect(twice.message).toBe(IMPORT_MESSAGES.allAlreadyInAlliance);
    expect(await vault.range('2026-02-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z')).toHaveLength(6);

    // One audit entry, naming no one; the import's row says how many sessions and from what.
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      expect(db.prepare('SELECT source, patients, sessions FROM imports').all()).toEqual([
        { source: 'sessions-ics', patients: 0, sessions: 6 },
      ]);
      expect(db.prepare("SELECT action, record_type, patient_id FROM audit_log WHERE action LIKE 'import.%'").all()).toEqual([
        { action: 'import.sessions', record_type: 'import', patient_id: null },
      ]);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'session.book'", { pluck: true }).get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('shows only the sessions within the days chosen, and says when an event goes on after them', async () => {
    vault = await openCalendarVault(NOW);
    const preview = await vault.call('import:previewSessions', { content: GOOGLE_CALENDAR, from: '2026-03-01', to: '2026-03-20' });
    const weekly = preview.events.find((event) => event.key === GOOGLE_UID)!;
    expect(weekly.sessions.map((session) => onTheClock(session.start))).toEqual(['2026-03-03T09:00', '2026-03-18T14:00']);
    expect(weekly.continuesAfter).toBe(true);
    // Every event has something within these days (the all-day one on 16 March too).
    expect(preview.outsideRange).toBe(0);
    const later = await vault.call('import:previewSessions', { content: GOOGLE_CALENDAR, from: '2026-04-01', to: '2026-04-30' });
    expect(later.events).toEqual([]);
    // Five events; the moved instance belongs to the weekly one.
    expect(later.outsideRange).toBe(5);
  });

  it('imports a calendar written with the ics package: UTC times keep their instant, floating times keep the practice’s clock', async () => {
    vault = await openCalendarVault(NOW);
    const { error, value } = createEvents([
      {
        uid: 'weekly-utc@example.org',
        title: 'Session: Holloway, Maren',
        start: Date.UTC(2026, 2, 2, 20, 0),
        startInputType: 'utc',
        startOutputType: 'utc',
        duration: { minutes: 45 },
        recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
        exclusionDates: [Date.UTC(2026, 2, 16, 20, 0)],
      },
      {
        uid: 'fortnightly-floating@example.org',
        title: 'Tomas Lindqvist follow-up',
        start: [2026, 3, 3, 16, 0],
        startInputType: 'local',
        startOutputType: 'local',
        duration: { minutes: 30 },
        recurrenceRule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20260401T000000Z',
        location: 'Room 4',
      },
    ]);
    expect(error).toBeFalsy();
    const content = value!;
    // The floating event really is written without a zone, as some systems write local times.
    expect(content).toMatch(/DTSTART:20260303T160000\r?\n/);

    const preview = await vault.call('import:previewSessions', { content, ...MARCH });
    const utc = preview.events.find((event) => event.key === 'weekly-utc@example.org')!;
    // Fixed in UTC, as RFC 5545 reads a rule anchored at a UTC time: 15:00 before 8 March, 16:00 after.
    expect(utc.sessions.map((session) => session.start)).toEqual([
      '2026-03-02T20:00:00.000Z',
      '2026-03-09T20:00:00.000Z',
      '2026-03-23T20:00:00.000Z',
    ]);
    expect(utc.sessions.map((session) => onTheClock(session.start))).toEqual(['2026-03-02T15:00', '2026-03-09T16:00', '2026-03-23T16:00']);
    expect(utc.match).toEqual({ type: 'one', patientId: vault.maren.id });
    const floating = preview.events.find((event) => event.key === 'fortnightly-floating@example.org')!;
    expect(floating.sessions.map((session) => onTheClock(session.start))).toEqual([
      '2026-03-03T16:00',
      '2026-03-17T16:00',
      '2026-03-31T16:00',
    ]);
    expect(floating.sessions.map((session) => session.start)).toEqual([
      '2026-03-03T21:00:00.000Z',
      '2026-03-17T20:00:00.000Z',
      '2026-03-31T20:00:00.000Z',
    ]);

    const imported = await vault.call('import:sessions', {
      content,
      ...MARCH,
      kind: 'follow-up',
      choices: [
        { event: utc.key, patientId: vault.maren.id },
        { event: floating.key, patientId: vault.tomas.id },
      ],
    });
    expect(imported.sessions).toBe(6);
    const booked = await vault.range('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z');
    expect(booked.map((session) => `${onTheClock(session.start)} ${session.durationMinutes} ${session.location}`)).toEqual([
      '2026-03-02T15:00 45 ',
      '2026-03-03T16:00 30 Room 4',
      '2026-03-09T16:00 45 ',
      '2026-03-17T16:00 30 Room 4',
      '2026-03-23T16:00 45 ',
      '2026-03-31T16:00 30 Room 4',
    ]);
  });

  it('reads an Outlook export in a Windows zone by the VTIMEZONE it defines, as the instants that zone meant', async () => {
    vault = await openCalendarVault(NOW);
    const outlook = [
      'BEGIN:VCALENDAR',
      'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
      'VERSION:2.0',
      'BEGIN:VTIMEZONE',
      'TZID:W. Europe Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO',
      'SUMMARY:Video follow-up – Lindqvist, Tomas',
      'DTSTART;TZID=W. Europe Standard Time:20260323T150000',
      'DTEND;TZID=W. Europe Standard Time:20260323T155000',
      'UID:040000008200E00074C5B7101A82E00800000000F0B1C2D3E4F5A601000000000000000010000000',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const preview = await vault.call('import:previewSessions', { content: outlook, ...MARCH });
    const [event] = preview.events;
    // 15:00 in Berlin: 14:00 UTC before Europe's clocks change on 29 March, 13:00 UTC after.
    expect(event!.sessions.map((session) => session.start)).toEqual(['2026-03-23T14:00:00.000Z', '2026-03-30T13:00:00.000Z']);
    expect(event!.match).toEqual({ type: 'one', patientId: vault.tomas.id });
  });

  it('rolls back every session when a patient chosen is gone half-way, and refuses what is not a calendar', async () => {
    vault = await openCalendarVault(NOW);
    const preview = await vault.call('import:previewSessions', { content: GOOGLE_CALENDAR, ...MARCH });
    const weekly = preview.events.find((event) => event.key === GOOGLE_UID)!;
    const medCheck = preview.events.find((event) => event.summary === 'Med check')!;
    const refused = await vault.refuse('import:sessions', {
      content: GOOGLE_CALENDAR,
      ...MARCH,
      kind: 'therapy',
      choices: [
        { event: weekly.key, patientId: vault.maren.id },
        // Not in the vault: the five sessions booked before it must go too.
        { event: medCheck.key, patientId: '0b4e7a0e-5a3c-4d1b-9c1e-2f6a8b9d0c11' },
      ],
    });
    expect(refused.code).toBe('NOT_FOUND');
    expect(await vault.range('2026-02-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z')).toEqual([]);

    // A fault in the database half-way through the sessions: nothing stays either.
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    db.exec(`CREATE TRIGGER third_fails BEFORE INSERT ON appointments WHEN (SELECT count(*) FROM appointments) >= 2
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;`);
    db.close();
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    const failed = await vault.refuse('import:sessions', {
      content: GOOGLE_CALENDAR,
      ...MARCH,
      kind: 'therapy',
      choices: [{ event: weekly.key, patientId: vault.maren.id }],
    });
    expect(failed.code).toBe('INTERNAL');
    expect(await vault.range('2026-02-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z')).toEqual([]);

    for (const content of ['Subject,Start\nMaren,2026-03-03', 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage\n']) {
      expect(await vault.refuse('import:previewSessions', { content, ...MARCH })).toMatchObject({
        code: 'INVALID_INPUT',
        message: IMPORT_MESSAGES.icsUnreadable,
      });
    }
    expect(
      await vault.refuse('import:previewSessions', { content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', ...MARCH }),
    ).toMatchObject({
      message: IMPORT_MESSAGES.icsNoEvents,
    });
    expect(
      (
        await vault.refuse('import:sessions', {
          content: GOOGLE_CALENDAR,
          ...MARCH,
          kind: 'therapy',
          choices: [{ event: 'not-in-the-file', patientId: vault.maren.id }],
        })
      ).message,
    ).toBe(IMPORT_MESSAGES.unknownEvent);
    expect(await vault.refuse('import:previewSessions', { content: GOOGLE_CALENDAR, from: '2026-03-31', to: '2026-03-01' })).toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
