/**
 * Booking the next session from the chart's header, and a cancellation recorded after the session
 * was due, judged from when the patient cancelled. The page and the harness share one clock.
 */
import { expect, screenshot, test } from './fixtures';
import { CalendarScreen, openPatientsFromNavigation, SessionDialog } from './calendar-pages';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'copper lantern orbit meadow';
const patient: PatientDetails = { givenName: 'Idris', familyName: 'Achterberg', dateOfBirth: '1983-09-02' };
const name = listedName(patient);

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

test('from the chart, the next session is booked a week after the next one, at its time and the patient’s usual length; a cancellation recorded afterwards, a late arrival and a move are kept as meant', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  // Tuesday 10 March 2026, noon.
  await practiceClock.install(page, at('2026-03-10', '12:00:00'));
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(patient);
  const book = (date: string, durationMinutes: number) =>
    seed.call('appointments:create', {
      appointment: {
        patientId,
        start: at(date, '14:30:00').toISOString(),
        durationMinutes,
        kind: 'medication-management',
        location: 'Room 3',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
  // Thursdays at 14:30, mostly 30 minutes; the next one is on the 12th.
  await book('2026-02-26', 30);
  await book('2026-03-05', 30);
  await book('2026-03-12', 60);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await test.step('the chart’s “Book next session” opens the form on Thursday 19 March, 14:30, 30 minutes', async () => {
    const patients = await openPatientsFromNavigation(page);
    await patients.open(name);
    await page.getByRole('region', { name }).getByRole('button', { name: 'Book next session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book next session' });
    await expect(dialog).toContainText(/Proposed a week after the session of Thursday,? 12 March 2026/);
    await expect(dialog.getByRole('combobox', { name: 'Patient' })).toHaveValue(name);
    await expect(dialog.getByLabel('Date', { exact: true })).toHaveValue('2026-03-19');
    await expect(dialog.getByLabel('Start time')).toHaveValue('14:30');
    await expect(dialog.getByLabel('Length in minutes')).toHaveValue('30');
    await expect(dialog.getByLabel('Kind of session')).toHaveValue('medication-management');
    await screenshot(page, 'chart-book-next-session');
    await dialog.getByRole('button', { name: 'Book appointment' }).click();
    await expect(dialog).toContainText(/Booked Achterberg, Idris, Thursday,? 19 March 2026, 14:30\s?–\s?15:00\./);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    const booked = await seed.call('calendar:range', {
      from: at('2026-03-19', '00:00:00').toISOString(),
      to: at('2026-03-20', '00:00:00').toISOString(),
      includeCancelled: false,
    });
    expect(booked.map((session) => [session.patientId, session.start, session.durationMinutes, session.location])).toEqual([
      [patientId, at('2026-03-19', '14:30:00').toISOString(), 30, 'Room 3'],
    ]);
  });

  await test.step('last Thursday’s session, cancelled by the patient three days ahead and recorded today, is not a late cancellation', async () => {
    const calendar = await CalendarScreen.open(page);
    await calendar.previous();
    const dialog: SessionDialog = await calendar.openSession(calendar.session('Thu 14:30', name));
    await dialog.attendanceButton('Cancelled by patient').click();
    await expect(dialog.dialog.getByRole('group', { name: 'When did the patient cancel?' })).toBeVisible();
    await screenshot(page, 'calendar-cancellation-time');
    await dialog.cancelByPatient({ date: '2026-03-02', time: '09:15' });
    await expect(dialog.status).toHaveText('Cancelled by patient');
    await expect(dialog.dialog).toContainText(/Cancelled.*(2 Mar|Mar 2)/);
    await dialog.done();
  });

  await test.step('“Late” then “Done” keeps the late arrival being entered', async () => {
    const calendar = new CalendarScreen(page);
    await calendar.previous();
    const dialog = await calendar.openSession(calendar.session('Thu 14:30', name));
    await dialog.attendanceButton('Late').click();
    await dialog.dialog.getByLabel('Minutes late').fill('7');
    await dialog.done();
    await expect(calendar.session('Thu 14:30', name)).toHaveAccessibleName(/Late 7 min/);
  });

  await test.step('a session dragged an hour later is put back with “Undo”, from the keyboard', async () => {
    const calendar = new CalendarScreen(page);
    await calendar.next();
    await calendar.next();
    await calendar.dragOnly(calendar.session('Thu 14:30', name), { minutes: 60 });
    await expect(calendar.message).toContainText(/Moved to Thursday,? 12 March 2026, 15:30/);
    await expect(calendar.session('Thu 15:30', name)).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText(/^Moved back to Thursday,? 12 March 2026, 14:30/)).toBeVisible();
    await expect(calendar.session('Thu 14:30', name)).toBeVisible();
    await expect(calendar.session('Thu 15:30', name)).toHaveCount(0);
  });

  await test.step('the on-time report keeps the chosen range when grouped by month', async () => {
    const report = await new CalendarScreen(page).openOnTimeReport();
    await page.getByLabel('From').fill('2026-01-01');
    await page.getByRole('button', { name: 'By month' }).click();
    await expect(page.getByLabel('From')).toHaveValue('2026-01-01');
    await expect(report.row('January 2026')).toBeVisible();
  });
});
