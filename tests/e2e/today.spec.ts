/**
 * The Today view after a scripted morning: two sessions (one attended, with its note still a draft
 * and a PHQ-9 whose item 9 was answered above "Not at all"; one over with no attendance recorded)
 * and a plan past its review. Every line leads to where its work is done. The page and the harness
 * share one clock (calendar-clock.ts), fixed at 11:30 on Tuesday 10 March 2026.
 */
import { SessionDialog } from './calendar-pages';
import { ChartScreen, NoteEditorScreen } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, openSettingsSection, unlockSeededVault, UnlockPage, type PatientDetails } from './pages';
import { TodayScreen } from './today-pages';

const PASSPHRASE = 'meadow lantern copper quietly';
const rosalind: PatientDetails = { givenName: 'Rosalind', familyName: 'Achterberg', dateOfBirth: '1988-09-23' };
const cornelius: PatientDetails = { givenName: 'Cornelius', familyName: 'Ferreira-Nakamura', dateOfBirth: '1975-01-30' };

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

test('the Today view after a scripted morning shows every line, each leads to its place, and it can give way to the last view', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-10', '11:30:00'));
  await seed.setUp(PASSPHRASE);
  const rosalindId = (await seed.patient(rosalind)).id;
  const corneliusId = (await seed.patient(cornelius)).id;
  const book = (patientId: string, time: string) =>
    seed.call('appointments:create', {
      appointment: {
        patientId,
        start: at('2026-03-10', time).toISOString(),
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
  const first = await book(rosalindId, '09:00:00');
  await book(corneliusId, '10:00:00');
  await seed.call('appointments:setAttendance', { ref: first.ref, attendance: 'attended', lateMinutes: null });
  const draft = await seed.call('notes:create', { patientId: rosalindId, template: 'free-text', session: first.ref, serviceDate: null });
  await seed.call('notes:saveDraft', {
    id: draft.id,
    version: draft.version,
    fields: { text: 'Sleeping better; wants to talk about work.' },
    serviceDate: draft.serviceDate,
  });
  await seed.call('measures:record', {
    patientId: rosalindId,
    ref: first.ref,
    measure: { instrument: 'phq9', answers: [1, 2, 1, 1, 0, 1, 1, 0, 1], difficulty: 1 },
  });
  const plan = await seed.call('plans:create', { patientId: corneliusId });
  await seed.call('plans:saveDraft', {
    versionId: plan.current.id,
    version: plan.current.version,
    content: { ...plan.current.content, reviewDate: '2026-03-02' },
  });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });
  const today = new TodayScreen(page);

  await test.step('the day: two sessions with their state and flags, then the work still open', async () => {
    await expect(page.getByRole('main').getByText('10 March 2026')).toBeVisible();
    await expect(today.lines('Sessions')).toHaveCount(2);
    await expect(today.lines('Sessions').nth(0)).toContainText(listedName(rosalind));
    await expect(today.lines('Sessions').nth(0)).toContainText('50 min');
    await expect(today.lines('Sessions').nth(0)).toContainText('Attended');
    await expect(today.lines('Sessions').nth(1)).toContainText(listedName(cornelius));
    await expect(today.lines('Sessions').nth(1)).toContainText('Scheduled');
    await expect(today.lines('Sessions').nth(1)).toContainText('Due: PHQ-9, GAD-7');
    await expect(
      today
        .lines('Sessions')
        .nth(1)
        .getByRole('link', { name: /^Plan review overdue since 2 Mar 2026$/ }),
    ).toBeVisible();
    await expect(today.lines('Unsigned notes')).toHaveCount(1);
    await expect(today.line('Unsigned notes', listedName(rosalind))).toContainText('Free text draft');
    await expect(today.lines('Attendance to record')).toHaveCount(1);
    await expect(today.line('Attendance to record', listedName(cornelius))).toContainText('Record attendance');
    await expect(today.lines('Item-9 answers to acknowledge')).toHaveCount(1);
    await expect(today.line('Item-9 answers to acknowledge', listedName(rosalind))).toContainText('PHQ-9 item 9: Several days');
    await screenshot(page, 'today-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'today-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('a session line opens the session', async () => {
    await today.line('Sessions', listedName(rosalind)).click();
    const session = new SessionDialog(page);
    await expect(session.dialog).toBeVisible();
    await expect(session.dialog).toContainText(listedName(rosalind));
    await session.done();
  });

  await test.step('the unsigned note opens its draft, from the keyboard', async () => {
    await today.line('Unsigned notes', listedName(rosalind)).focus();
    await page.keyboard.press('Enter');
    await expect(new NoteEditorScreen(page).article).toContainText('Sleeping better; wants to talk about work.');
    await TodayScreen.open(page);
  });

  await test.step('the item-9 answer opens the chart with its alert, and the plan review opens the plan', async () => {
    await today.line('Item-9 answers to acknowledge', listedName(rosalind)).click();
    await expect(page).toHaveURL(new RegExp(`#/patients/${rosalindId}/feedback$`));
    await expect(new ChartScreen(page).heading(listedName(rosalind))).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Thoughts of death or self-harm' })).toContainText('Several days');
    await TodayScreen.open(page);
    await today
      .lines('Sessions')
      .nth(1)
      .getByRole('link', { name: /^Plan review overdue/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`#/patients/${corneliusId}/plan`));
    await TodayScreen.open(page);
  });

  await test.step('the unrecorded session opens its attendance; once recorded it leaves the list', async () => {
    await today.line('Attendance to record', listedName(cornelius)).click();
    const session = new SessionDialog(page);
    await expect(session.dialog).toContainText(listedName(cornelius));
    await session.mark('Attended');
    await session.done();
    await expect(today.group('Attendance to record')).toContainText('No attendance to record.');
    await expect(today.lines('Sessions').nth(1)).toContainText('Attended');
  });

  await test.step('Settings: the practice’s plan review interval, refused below a week, dates the review of a plan begun after it', async () => {
    await openSettingsSection(page, 'Clinical rules');
    const card = page.getByRole('region', { name: 'Treatment plan review' });
    const days = card.getByRole('spinbutton', { name: 'Days after a plan is begun' });
    await days.fill('3');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(days).toHaveAccessibleDescription(/At least 7 days/);
    await days.fill('91');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(card.getByText('Saved. A plan begun from now on is due for review 91 days after.')).toBeVisible();
    const begun = await seed.call('plans:create', { patientId: rosalindId });
    expect(begun.current.content.reviewDate).toBe('2026-06-09');
  });

  await test.step('Settings: unlocking may open where the person left off instead', async () => {
    await openSettingsSection(page, 'Appearance');
    const card = page.getByRole('region', { name: 'After unlocking' });
    await card.getByRole('radio', { name: 'Where I left off' }).check();
    await expect(card.getByRole('radio', { name: 'Where I left off' })).toBeChecked();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'today-start-view-setting');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.goto(harness.url);
    await new UnlockPage(page).unlock(PASSPHRASE);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });
});
