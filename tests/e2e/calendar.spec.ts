/**
 * The calendar end to end: a weekly series booked, one session dragged to another slot, attendance
 * marked, a session run with the timer, the on-time report, the attendance record and an
 * iCalendar export read back by an independent parser. The page and the harness share one clock
 * (calendar-clock.ts), so every date is fixed and nothing depends on today.
 */
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { expect, screenshot, test } from './fixtures';
import { localToInstant, occurrencesBetween } from '../../shared/recurrence';
import { loadThroughChannels } from '../fixtures/load-through-channels';
import { generateCalendarPractice } from '../fixtures/practice';
import { AttendanceRecordSection, CalendarScreen, SessionTimerBar } from './calendar-pages';
import { listedName, PatientPage, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'copper lantern orbit meadow';
const patient: PatientDetails = { givenName: 'Marguerite', familyName: 'Oyelaran', dateOfBirth: '1979-05-14', phone: '+1 555 201 4433' };
const name = listedName(patient);

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

test(
  'a psychiatrist books a weekly series, moves one session, marks attendance, times a session and exports the calendar',
  { tag: '@journey' },
  async ({ page, harness, practiceClock, seed }) => {
    test.setTimeout(180_000);
    // Tuesday 10 March 2026, 09:20: the third session of the series is this morning.
    await practiceClock.install(page, at('2026-03-10', '09:20:00'));
    await seed.setUp(PASSPHRASE);
    await seed.patient(patient);
    await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
    let calendar = await CalendarScreen.open(page);

    await test.step('a weekly series of six sessions is booked from the appointment form', async () => {
      const form = await calendar.newAppointment();
      await form.fill({ patient, date: '2026-02-24', time: '10:00', minutes: 50, kind: 'Therapy', repeat: { weekly: true, sessions: 6 } });
      await expect(form.repeatSummary).toHaveText('Weekly on Tuesday, 6 sessions');
      await screenshot(page, 'calendar-new-appointment');
      await form.book();
      await expect(calendar.message).toHaveText(/^Booked Oyelaran, Marguerite, Tuesday,? 24 February 2026, 10:00\s?–\s?10:50\.$/);
      await expect(calendar.session('Tue 10:00', name)).toBeVisible();
    });

    await test.step('the first session is marked attended and the second a no-show', async () => {
      let dialog = await calendar.openSession(calendar.session('Tue 10:00', name));
      await dialog.mark('Attended');
      await expect(dialog.status).toHaveText('Attended');
      await dialog.done();

      await calendar.next();
      dialog = await calendar.openSession(calendar.session('Tue 10:00', name));
      await dialog.mark('No-show');
      await expect(dialog.status).toHaveText('No-show');
      await dialog.done();
      await expect(calendar.session('Tue 10:00', name)).toHaveAccessibleName(/No-show/);
    });

    await test.step('the session of Tuesday 17 March is dragged to Wednesday and stays in the series; the next one keeps Tuesday 10:00', async () => {
      await calendar.next();
      await calendar.next();
      await expect(calendar.periodLabel).toHaveText(/16.*22 March 2026/);
      const move = await calendar.drag(calendar.session('Tue 10:00', name), { days: 1 });
      await expect(move.dialog).toContainText(/Wednesday,? 18 March 2026, 10:00\s?–\s?10:50/);
      await screenshot(page, 'calendar-move-dialog');
      await move.moveThisSessionOnly();
      await expect(calendar.message).toHaveText(/^Moved to Wednesday,? 18 March 2026, 10:00\s?–\s?10:50\.$/);
      await expect(calendar.session('Wed 10:00', name)).toBeVisible();
      await expect(calendar.session('Tue 10:00', name)).toHaveCount(0);

      const moved = await calendar.openSession(calendar.session('Wed 10:00', name));
      await expect(moved.dialog).toContainText('Repeating');
      await expect(moved.dialog).toContainText('Moved from its usual time');
      await expect(moved.dialog).toContainText('Weekly on Tuesday, 6 sessions');
      await moved.done();

      await calendar.next();
      await expect(calendar.session('Tue 10:00', name)).toBeVisible();
      await expect(calendar.session('Wed 10:00', name)).toHaveCount(0);
    });

    await test.step('the session of Tuesday 24 March is lengthened to 11:30 by dragging its lower edge; the next one keeps 50 minutes', async () => {
      await expect(calendar.periodLabel).toHaveText(/23.*29 March 2026/);
      const change = await calendar.resize(calendar.session('Tue 10:00', name), { toMinutes: 90 });
      await expect(change.dialog).toHaveAccessibleName('Change the length?');
      await expect(change.dialog).toContainText(/Tuesday,? 24 March 2026, 10:00\s?–\s?11:30/);
      await expect(change.dialog.getByRole('group', { name: /Change which sessions\?/ })).toBeVisible();
      await change.changeThisSessionOnly();
      await expect(calendar.message).toHaveText(/^Changed to Tuesday,? 24 March 2026, 10:00\s?–\s?11:30\.$/);
      await expect(calendar.session('Tue 10:00', name)).toHaveAccessibleName(/10:00\s?–\s?11:30/);

      await calendar.next();
      await expect(calendar.session('Tue 10:00', name)).toHaveAccessibleName(/10:00\s?–\s?10:50/);
      await calendar.previous();
    });

    await test.step('a patient’s cancellation of tomorrow’s session is recorded as a late cancellation', async () => {
      await calendar.today();
      const form = await calendar.newAppointment();
      await form.fill({ patient, date: '2026-03-11', time: '09:00', minutes: 50, kind: 'Follow-up' });
      await form.book();
      const dialog = await calendar.openSession(calendar.session('Wed 09:00', name));
      await expect(dialog.dialog).toContainText('This session begins in less than 24 hours');
      await dialog.cancelByPatient();
      await expect(dialog.status).toHaveText('Late cancellation');
      await dialog.done();
    });

    await test.step('the session is started on time, shows the time left and a quiet notice near its end, and ends on time', async () => {
      const timer = new SessionTimerBar(page);
      await expect(timer.group).toHaveCount(0);
      await practiceClock.jumpTo(page, at('2026-03-10', '10:00:20'));
      const dialog = await calendar.openSession(calendar.session('Tue 10:00', name));
      await dialog.dialog.getByRole('button', { name: 'Start session' }).click();
      await expect(dialog.dialog.getByText('Session started.')).toBeVisible();
      await expect(dialog.status).toHaveText('In session now');
      await dialog.done();

      // Initials only in the header: a patient in the room can see the screen.
      await expect(timer.group).toContainText('MO');
      await expect(timer.group).not.toContainText(patient.familyName);
      await expect(timer.group).toContainText(/49:\d\d/);
      await expect(timer.group).toContainText('50 minutes left');
      await expect(timer.group).not.toContainText('Ends in');

      await practiceClock.jumpTo(page, at('2026-03-10', '10:44:50'));
      await expect(timer.group).toContainText('6 minutes left');
      await expect(timer.group).not.toContainText('Ends in');
      await practiceClock.jumpTo(page, at('2026-03-10', '10:45:30'));
      await expect(timer.notice).toHaveText('Ends in 5 min');
      await screenshot(page, 'calendar-session-timer');

      await practiceClock.jumpTo(page, at('2026-03-10', '10:49:30'));
      await timer.end();
      await expect(calendar.session('Tue 10:00', name)).toHaveAccessibleName(/Attended/);
    });

    await test.step('the on-time report counts the timed session as begun and ended on time, and the untimed one as kept', async () => {
      const report = await calendar.openOnTimeReport();
      // Kept, timed, begun on time, ended on time.
      await expect(report.row('Week of 23 Feb 2026').getByRole('cell')).toHaveText(['1', '0', /^0 \(—\)/, /^0 \(—\)/]);
      await expect(report.row('Week of 9 Mar 2026').getByRole('cell')).toHaveText(['1', '1', /^1 \(100%\)/, /^1 \(100%\)/]);
      await expect(report.row('All').getByRole('cell')).toHaveText(['2', '1', /^1 \(100%\)/, /^1 \(100%\)/]);
      await screenshot(page, 'calendar-on-time-report');
      await page.getByRole('link', { name: 'Calendar' }).first().click();
      calendar = new CalendarScreen(page);
      await expect(calendar.heading).toBeVisible();
    });

    // The next day at noon: the cancelled session is now in the past and counts in the record.
    await practiceClock.jumpTo(page, at('2026-03-11', '12:00:00'));
    const tally = { sessions: 4, kept: 2, noShows: 1, lateCancellations: 1, otherCancellations: 0 };

    await test.step('the session dialog shows the patient’s attendance record', async () => {
      await calendar.next();
      const dialog = await calendar.openSession(calendar.session('Wed 10:00', name));
      await dialog.attendanceRecord.expectTally('Last 90 days', tally);
      await dialog.attendanceRecord.expectTally('All time', tally);
      await screenshot(page, 'calendar-session-dialog');
      await dialog.dialog.getByRole('link', { name: 'Open patient’s page' }).click();
    });

    await test.step('the patient’s page shows the same record and the next session, at its moved time', async () => {
      const record = new PatientPage(page);
      await expect(record.heading(name)).toBeVisible();
      const attendance = page.getByRole('region', { name: 'Attendance', exact: true });
      await expect(attendance).toContainText(/Next session\s*Wednesday,? 18 March 2026, 10:00\s?–\s?10:50 · Therapy/);
      const section = new AttendanceRecordSection(attendance.getByRole('region', { name: 'Attendance record', exact: true }));
      await section.expectTally('All time', tally);
      await section.expectTally('Last 90 days', tally);
      await screenshot(page, 'calendar-patient-attendance');
    });

    await test.step('the export is an iCalendar file with initials only, the moved time, the longer session and the cancellation', async () => {
      calendar = await CalendarScreen.open(page);
      const exporter = await calendar.openExport();
      await exporter.choose({ from: '2026-02-23', to: '2026-03-31', names: 'Initials', includeCancelled: true });
      await screenshot(page, 'calendar-export-dialog');
      const download = page.waitForEvent('download');
      await exporter.export();
      const file = await download;
      expect(file.suggestedFilename()).toBe('alliance-sessions-2026-02-23-to-2026-03-31.ics');
      await expect(exporter.dialog.getByText('Exported 7 sessions.')).toBeVisible();
      const content = await readFile(await file.path(), 'utf8');

      expect(content.toLowerCase()).not.toContain(patient.givenName.toLowerCase());
      expect(content.toLowerCase()).not.toContain(patient.familyName.toLowerCase());

      const calendarFile = new ICAL.Component(ICAL.parse(content));
      const events = calendarFile.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
      const read = events
        .map((event) => ({ start: event.startDate.toJSDate().getTime(), end: event.endDate.toJSDate().getTime(), summary: event.summary }))
        .sort((a, b) => a.start - b.start);
      const session = (date: string, time: string, minutes: number, summary = 'Session — M.O.') => ({
        start: at(date, time).getTime(),
        end: at(date, time).getTime() + minutes * 60_000,
        summary,
      });
      expect(read).toEqual([
        session('2026-02-24', '10:00', 50),
        session('2026-03-03', '10:00', 50),
        session('2026-03-10', '10:00', 50),
        session('2026-03-11', '09:00', 50, 'Session — M.O. (cancelled)'),
        session('2026-03-18', '10:00', 50),
        session('2026-03-24', '10:00', 90),
        session('2026-03-31', '10:00', 50),
      ]);
      const cancelled = events.find((event) => event.summary.endsWith('(cancelled)'));
      expect(cancelled?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    });
  },
);

test('the day, week and month views of a working practice, for a person to look at', async ({ page, harness, practiceClock, seed }) => {
  test.setTimeout(180_000);
  // Wednesday 11 March 2026 after the day's last session; everything before the practice's "today"
  // (the next morning) has its attendance recorded, and the series go on from there.
  await practiceClock.install(page, at('2026-03-11', '18:30:00'));
  await seed.setUp(PASSPHRASE);
  const practice = generateCalendarPractice({
    seed: 11,
    patients: 14,
    appointments: 110,
    weeks: 3,
    asOf: '2026-03-12',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  await loadThroughChannels(seed.call.bind(seed), practice);
  // The calendar as it opens after an unlock: it scrolls to the start of the practice's working day.
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const calendar = await CalendarScreen.open(page);

  const weekFrom = at('2026-03-09', '00:00:00').getTime();
  const weekTo = at('2026-03-16', '00:00:00').getTime();
  const recorded = [
    ...practice.calendar.oneOffs.map((o) => Date.parse(o.appointment.start)),
    ...practice.calendar.series.flatMap((s) => s.occurrences.map((o) => Date.parse(o.start))),
  ].filter((start) => start >= weekFrom && start < weekTo);
  const scheduledLater = practice.calendar.series.flatMap((s) =>
    occurrencesBetween(
      { firstStart: s.firstStart, timeZone: practice.calendar.timeZone, recurrence: s.appointment.recurrence },
      localToInstant(`${practice.calendar.asOf}T00:00:00`, practice.calendar.timeZone),
      new Date(weekTo),
    ),
  );

  await test.step('the week view shows every session of the week, the practice’s working hours shaded', async () => {
    await calendar.showView('Week');
    await expect(calendar.periodLabel).toHaveText(/9.*15 March 2026/);
    await expect(page.getByRole('button', { name: /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2}:\d\d/ })).toHaveCount(
      recorded.length + scheduledLater.length,
    );
    await screenshot(page, 'calendar-week');
  });

  await test.step('the day view shows today’s sessions', async () => {
    await calendar.showView('Day');
    await expect(calendar.periodLabel).toHaveText(/^Wednesday,? 11 March 2026$/);
    await expect(page.getByRole('button', { name: /^Wed \d{1,2}:\d\d/ }).first()).toBeVisible();
    await screenshot(page, 'calendar-day');
  });

  await test.step('the month view shows the month, sessions named in each day', async () => {
    await calendar.showView('Month');
    await expect(calendar.periodLabel).toHaveText('March 2026');
    await expect(page.getByRole('button', { name: /^(Mon|Tue|Wed|Thu|Fri) \d{1,2}:\d\d/ }).first()).toBeVisible();
    await screenshot(page, 'calendar-month');
  });

  await test.step('a session with a history opens with its attendance record', async () => {
    await calendar.showView('Week');
    const first = page.getByRole('button', { name: /^Wed \d{1,2}:\d\d.*Attended/ }).first();
    const dialog = await calendar.openSession(first);
    await expect(dialog.attendanceRecord.table('All time')).toBeVisible();
    await screenshot(page, 'calendar-session-history');
    await dialog.done();
  });
});
