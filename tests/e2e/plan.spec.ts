/**
 * The treatment plan end to end: written with the patient (two goals in their own words, three
 * objectives, a medication from the chart and a psychotherapy, a safety plan), agreed, kept up over
 * four weekly sessions (progress from the session notes and from the plan, objectives' status),
 * revised with a reason and compared, printed to PDF and read back, and flagged on the calendar once
 * its review date has passed. The page and the harness share one clock (calendar-clock.ts).
 */
import { CalendarScreen, openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen, NoteEditorScreen } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';
import { NoteProgressSection, PlanTab, PrintPlanScreen, printPlan } from './plan-pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'heron ledger copper meadow';
const ines: PatientDetails = { givenName: 'Inès', familyName: 'Marchetti-Kowalski', dateOfBirth: '1979-07-23', phone: '+44 20 7946 0456' };
const name = listedName(ines);

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

const SLEEP_WORDS = 'I want to sleep through the night and wake up rested';
const WORK_WORDS = 'Get back to work without dreading Monday';
const WORK_WORDS_REVISED = 'Get back to work full time, and enjoy some of it';
const SAFETY_PEOPLE = 'My sister Marta, 07700 900123';
const REVISION_REASON = 'Sleep goal met at the four-week review; work is now the focus';
const DISCHARGE = 'PHQ-9 below 5 for two months and back at work.';

test(
  'a psychiatrist writes a treatment plan with the patient, follows progress over several sessions, revises it with a reason, compares the versions and prints the summary',
  { tag: '@journey' },
  async ({ page, harness, practiceClock, seed }) => {
    test.setTimeout(300_000);
    // Tuesday 10 March 2026, 09:00: the plan is written in this morning's session.
    await practiceClock.install(page, at('2026-03-10', '09:00:00'));
    await seed.setUp(PASSPHRASE);
    const invoke = seed.call.bind(seed);

    await test.step('the letterhead and the clinician’s name are set; a patient with a diagnosis and a medication', async () => {
      await seed.call('preferences:update', {
        practiceName: 'Harbour Street Psychiatry',
        practiceAddress: '14 Harbour Street\nLeith EH6 6QW',
        practicePhone: '0131 496 0000',
        clinicianName: 'Dr Ana Reyes',
        clinicianCredentials: 'MD, MRCPsych',
      });
      const { id: patientId } = await seed.patient(ines);
      await seed.call('diagnoses:add', {
        patientId,
        diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
      });
      await seed.call('medications:record', {
        patientId,
        entry: {
          kind: 'start',
          name: 'Sertraline',
          dose: '100 mg',
          route: 'oral',
          frequency: 'once daily',
          date: '2026-02-10',
          reason: 'Depressive symptoms',
        },
      });
      await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
      const patients = await openPatientsFromNavigation(page);
      await patients.open(name);
      const chart = new ChartScreen(page);
      await expect(chart.header).toContainText('Treatment plan');
      await expect(chart.header).toContainText('None yet');
    });

    const plan = await test.step('the plan is begun with the chart’s diagnosis and medication in it', async () => {
      const tab = await PlanTab.open(page);
      await expect(tab.section.getByRole('heading', { name: 'No treatment plan yet' })).toBeVisible();
      await screenshot(page, 'plan-empty');
      const editor = await tab.begin();
      await expect(
        editor.section('Diagnoses').getByRole('checkbox', { name: /F33\.1 Major depressive disorder, recurrent, moderate/ }),
      ).toBeChecked();
      await expect(editor.section('Interventions').getByRole('group', { name: /^Sertraline/ })).toBeVisible();
      // 90 days from today, the preference's default.
      await expect(editor.article.getByLabel('Review the plan by')).toHaveValue('2026-06-08');
      return tab;
    });

    await test.step('two goals in the patient’s words, three measurable objectives, the treatment and a safety plan', async () => {
      const editor = plan.editor;
      await editor.fill('Presenting problems', 'Low mood for five months, early waking, loss of interest; off work since January.');
      await editor.fill('Effect on daily life', 'Off work; stopped swimming; sees friends rarely.');
      await editor.fill('Strengths', 'Close to her sister; has recovered from an episode before; keen to return to work.');

      await editor.addGoal(1, SLEEP_WORDS, 'Restore sleep and energy as the base for recovery.');
      await editor.addObjective(1, 1, {
        description: 'Sleeps 7 hours on 5 nights a week',
        measure: 'Sleep diary',
        targetDate: '2026-04-21',
      });
      await editor.addObjective(1, 2, { description: 'No naps after 3 pm', measure: 'Sleep diary', targetDate: '2026-04-07' });

      // A new goal left without the patient's words is saved as a draft, and says what it still needs.
      await editor.section('Goals and objectives').getByRole('button', { name: 'Add a goal' }).click();
      await editor.goal(2).getByLabel('What I hope to achieve').blur();
      await expect(editor.goal(2).getByText('The patient’s words: write something')).toBeVisible();
      await editor.goal(2).getByLabel('What I hope to achieve').fill(WORK_WORDS);
      await editor
        .goal(2)
        .getByLabel(/^Clinician’s formulation/)
        .fill('Graded return to work with occupational health.');
      await editor.addObjective(2, 1, {
        description: 'Works three full days a week',
        measure: 'Self-report, employer’s plan',
        targetDate: '2026-05-05',
      });

      const interventions = editor.section('Interventions');
      await interventions
        .getByRole('group', { name: /^Sertraline/ })
        .getByLabel(/^Monitoring/)
        .fill('Mood and side effects at each session');
      await interventions.getByRole('button', { name: 'Add psychotherapy' }).click();
      await interventions.getByLabel('Modality').fill('Cognitive behavioural therapy');
      await interventions
        .getByLabel('The approach, as explained to the patient (optional)')
        .fill('We look at how thoughts, feelings and sleep habits feed each other, and try small changes between sessions.');
      // Bad input is said beside the field and changes nothing.
      await interventions.getByLabel('Session length (minutes)').fill('5');
      await expect(interventions.getByText('Whole minutes, from 10 to 240.')).toBeVisible();
      await interventions.getByLabel('Session length (minutes)').fill('50');
      await expect(interventions.getByText('Whole minutes, from 10 to 240.')).toBeHidden();

      const safety = editor.section('Safety plan');
      await safety.getByLabel('Warning signs').fill('Not getting out of bed; thinking everyone would be better off without me.');
      await safety.getByLabel('Things I can do on my own').fill('Walk by the shore; call the swimming club; a warm shower.');
      await safety.getByLabel('People I can ask for help').fill(SAFETY_PEOPLE);
      await safety
        .getByLabel('Professionals and crisis lines')
        .fill('Dr Reyes 0131 496 0000 (weekdays); NHS 24 on 111; Samaritans 116 123.');
      await safety.getByLabel('Making my surroundings safer').fill('Marta keeps the spare medication.');
      await editor.expectSaved();
      await screenshot(page, 'plan-editor');
    });

    await test.step('what is typed just before a lock is saved first, a half-written objective too, and is there after unlocking', async () => {
      const goal = plan.editor.goal(2);
      await goal.getByRole('button', { name: 'Add an objective to goal 2' }).click();
      const half = goal.getByRole('group', { name: /^Objective 2\.2\b/ });
      await half.getByLabel('What will be different').fill('Walks to the shop');
      await half.getByLabel('Target date').fill('');
      await plan.editor.fill(/^Discharge criteria/, DISCHARGE);
      const unlock = await new ChartScreen(page).lockWithShortcut();
      expect(await page.content()).not.toContain(SLEEP_WORDS);
      await unlock.unlock(PASSPHRASE);
      await expect(plan.editor.article.getByRole('textbox', { name: /^Discharge criteria/ })).toHaveValue(DISCHARGE);
      await expect(plan.editor.goal(1).getByLabel('What I hope to achieve')).toHaveValue(SLEEP_WORDS);
      await expect(half.getByLabel('What will be different')).toHaveValue('Walks to the shop');
      await half.getByRole('button', { name: 'Remove objective 2.2…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove objective' }).click();
      await expect(half).toBeHidden();
      await plan.editor.expectSaved();
    });

    await test.step('the patient signs: the agreement is recorded and the version becomes final', async () => {
      const dialog = await plan.editor.recordAgreement({ method: 'Signed by the patient' });
      await expect(dialog.dialog.getByLabel('Recorded by')).toHaveValue('Dr Ana Reyes, MD, MRCPsych');
      await expect(dialog.dialog.getByLabel('Date')).toHaveValue('2026-03-10');
      await dialog.dialog.screenshot({ path: 'tests/e2e/screenshots/plan-agreement-dialog.png' });
      await dialog.submit();
      await expect(plan.status).toContainText('Agreed, signed');
      await expect(plan.status).toContainText('Signed by the patient on 10 Mar 2026, recorded by Dr Ana Reyes, MD, MRCPsych');
      await expect(plan.goal(1)).toContainText(`“${SLEEP_WORDS}”`);
      await expect(plan.editor.article).toBeHidden();
      await expect(new ChartScreen(page).header).toContainText('Version 1, final · review by 8 Jun 2026');
    });

    const patientId = page.url().split('/patients/')[1]?.split('/')[0] ?? '';
    let seriesId = '';
    await test.step('weekly sessions are booked from next Tuesday', async () => {
      const series = await invoke('appointments:create', {
        appointment: {
          patientId,
          start: at('2026-03-17', '10:00:00').toISOString(),
          durationMinutes: 50,
          kind: 'follow-up',
          location: '',
          isVideo: false,
          note: '',
          recurrence: { frequency: 'weekly', interval: 1, end: { type: 'count', count: 10 } },
        },
        acknowledgeWarnings: true,
      });
      seriesId = series.seriesId ?? '';
      expect(seriesId).not.toBe('');
    });

    /** After the session of `day`: it is marked attended on the calendar and its note begun from there. */
    async function writeSessionNote(day: string, weekday: string): Promise<NoteProgressSection> {
      await practiceClock.jumpTo(page, at(day, '10:52:00'));
      const calendar = await CalendarScreen.open(page);
      const dialog = await calendar.openSession(calendar.session(`${weekday} 10:00`, name));
      await dialog.mark('Attended');
      await dialog.dialog.getByRole('button', { name: 'Write note' }).click();
      const editor = new NoteEditorScreen(page);
      await expect(editor.article).toBeVisible();
      await editor.field('Interval history').fill('Sleep diary reviewed together.');
      const progress = new NoteProgressSection(page);
      await expect(progress.region).toBeVisible();
      return progress;
    }

    await test.step('17 March: progress on both goals is rated from the session note', async () => {
      const progress = await writeSessionNote('2026-03-17', 'Tue');
      await expect(progress.region).toContainText(`Goal 1 “${SLEEP_WORDS}”`);
      await expect(progress.region).toContainText('Not rated yet');
      await progress.rate(1, { rating: 3, working: 'Diary every morning', notWorking: 'Still waking at 4' });
      await progress.rate(2, { rating: 2, working: '', notWorking: 'Dreads the commute' });
      await screenshot(page, 'plan-note-progress');
    });

    await test.step('24 March: progress is added on the plan itself, and objective 1.1 is now in progress', async () => {
      await practiceClock.jumpTo(page, at('2026-03-24', '11:05:00'));
      const chart = new ChartScreen(page);
      await page.getByRole('link', { name: 'All notes' }).click();
      await PlanTab.open(page);
      await plan.addProgress(1, { date: '2026-03-24', rating: 5, working: 'No naps this week', notWorking: 'Weekend lie-ins' });
      await plan.addProgress(2, { date: '2026-03-24', rating: 3, working: 'Met her manager for coffee', notWorking: '' });
      await plan.changeObjectiveStatus('1.1', 'In progress', 'Diary shows 5 of 7 nights');
      await expect(plan.goal(1).getByText('In progress', { exact: true })).toBeVisible();
      await expect(plan.objectiveHistory('1.1')).toContainText('24 Mar 2026 In progress — Diary shows 5 of 7 nights');
      await expect(chart.heading(name)).toBeVisible();
    });

    await test.step('31 March and 7 April: more progress from the session notes', async () => {
      let progress = await writeSessionNote('2026-03-31', 'Tue');
      await expect(progress.region).toContainText('Last rated 5/10 on 24 Mar 2026');
      await progress.rate(1, { rating: 6, working: 'Up at the same time every day', notWorking: '' });
      await progress.rate(2, { rating: 3, working: '', notWorking: 'Occupational health appointment postponed' });
      progress = await writeSessionNote('2026-04-07', 'Tue');
      await progress.rate(1, { rating: 8, working: 'Sleeping 7 hours most nights', notWorking: '' });
      await progress.rate(2, { rating: 5, working: 'Return-to-work plan agreed with HR', notWorking: 'Worried about the first Monday' });
    });

    await test.step('each goal shows its updates as a dated list and a chart over time', async () => {
      await page.getByRole('link', { name: 'All notes' }).click();
      await PlanTab.open(page);
      const sleep = plan.progress(1);
      // A chart is drawn as it comes near the window.
      await sleep.scrollIntoViewIfNeeded();
      await expect(sleep.getByRole('img')).toHaveAccessibleName(
        'Ratings of goal 1 over time: 4 updates, from 3/10 on 17 Mar 2026 to 8/10 on 7 Apr 2026.',
      );
      await expect(sleep.locator('svg .plan-chart__dot')).toHaveCount(4);
      // Three of the four were rated in a session (from its note); the one of 24 March on its own.
      await expect(sleep.locator('svg .plan-chart__dot--session')).toHaveCount(3);
      const updates = sleep.getByRole('list', { name: 'Progress updates on goal 1, latest first' }).getByRole('listitem');
      await expect(updates).toHaveCount(4);
      await expect(updates.first()).toContainText('7 Apr 2026');
      await expect(updates.first()).toContainText('8/10');
      await expect(updates.first()).toContainText('From the session note');
      await expect(updates.nth(2)).toContainText('Working: No naps this week');
      await expect(plan.progress(2)).toContainText('Latest 5/10 on 7 Apr 2026');
      await plan.changeObjectiveStatus('1.1', 'Met', 'Diary shows 6 of 7 nights');
      await expect(plan.objectiveHistory('1.1').getByRole('listitem')).toHaveText([
        '24 Mar 2026 In progress — Diary shows 5 of 7 nights',
        '7 Apr 2026 Met — Diary shows 6 of 7 nights',
      ]);
      await screenshot(page, 'plan-in-force');
      await sleep.getByRole('img').screenshot({ path: 'tests/e2e/screenshots/plan-progress-chart.png' });
    });

    await test.step('the plan is revised with a reason; the new version changes goal 2 and adds an objective', async () => {
      const editor = await plan.revise(REVISION_REASON);
      await expect(plan.status).toContainText('Version 2');
      await expect(plan.status).toContainText(`Why it was revised: ${REVISION_REASON}`);
      // Objective 1.1 carries its status into the revision.
      await expect(
        editor
          .goal(1)
          .getByRole('group', { name: /^Objective 1\.1/ })
          .getByLabel('Status'),
      ).toHaveValue('met');
      await editor.goal(2).getByLabel('What I hope to achieve').fill(WORK_WORDS_REVISED);
      await editor.addObjective(2, 2, {
        description: 'Talks to her manager about her hours',
        measure: 'Self-report',
        targetDate: '2026-04-28',
      });
      await editor.article.getByLabel('Review the plan by').fill('2026-05-05');
      await editor.expectSaved();

      // The draft is changed in another window: this one stops saving and offers the stored version.
      const stored = await invoke('plans:forPatient', { patientId });
      await invoke('plans:saveDraft', {
        versionId: stored!.current.id,
        version: stored!.current.version,
        content: { ...stored!.current.content, strengths: 'Changed in the other window' },
      });
      await editor.fill('Strengths', 'Typed here after the other window saved');
      const conflict = editor.article.getByRole('status').filter({ hasText: 'This draft was changed in another window' });
      await expect(conflict).toBeVisible();
      await expect(editor.saveStatus).toHaveText('Not saved: changed in another window');
      await conflict.getByRole('button', { name: 'Show the other version' }).click();
      await expect(editor.article.getByRole('textbox', { name: 'Strengths', exact: true })).toHaveValue('Changed in the other window');
      await expect(editor.goal(2).getByLabel('What I hope to achieve')).toHaveValue(WORK_WORDS_REVISED);
      const dialog = await editor.recordAgreement({ method: 'Agreed verbally' });
      await dialog.submit();
      await expect(plan.status).toContainText('Agreed verbally');
    });

    await test.step('the versions are listed, and the comparison shows the reason and each change, before and after', async () => {
      const versions = await plan.openVersions();
      await expect(versions.table.getByRole('row')).toHaveCount(3);
      await expect(versions.table).toContainText(REVISION_REASON);
      const changes = await versions.compare(1, 2);
      await expect(changes.getByText(`Version 2: ${REVISION_REASON}`)).toBeVisible();
      const row = (section: string, text: string) =>
        changes
          .getByRole('table', { name: `Changes to ${section}` })
          .getByRole('row')
          .filter({ hasText: text });
      await expect(row('the plan', 'Review date')).toContainText(/Changed\s*8 Jun 2026\s*5 May 2026/);
      await expect(row('goals', 'The patient’s words')).toContainText(WORK_WORDS_REVISED);
      await expect(row('objectives', 'Sleeps 7 hours on 5 nights a week')).toContainText(/Status\s*Changed\s*Not started\s*Met/);
      await expect(row('objectives', 'Talks to her manager about her hours')).toContainText('Added');
      await screenshot(page, 'plan-compare');
    });

    await test.step('the summary prints on A4 with every section, the patient’s words, and “Confidential” and “Page x of y” on every page', async () => {
      await page.getByRole('navigation', { name: 'Treatment plan' }).getByRole('link', { name: 'Current plan' }).click();
      const print = await plan.openPrint();
      await expect(print.options.getByRole('radio', { name: 'A4' })).toBeChecked();
      await screenshot(page, 'plan-print-options');
      const printed = await printPlan(page, 'plan-pdf-a4');
      // A4 is 595 × 842 points.
      expect(Math.round(printed.size.width)).toBe(595);
      expect(Math.round(printed.size.height)).toBe(842);
      expect(printed.pages.length).toBeGreaterThanOrEqual(2);
      printed.pages.forEach((words, index) => {
        expect(words, `page ${index + 1}`).toContain('CONFIDENTIAL');
        expect(words, `page ${index + 1}`).toContain(`Page ${index + 1} of ${printed.pages.length}`);
      });
      const text = printed.pages.join('\n').replace(/[ \t]+/g, ' ');
      for (const expected of [
        'Harbour Street Psychiatry',
        'Dr Ana Reyes, MD, MRCPsych',
        '0131 496 0000',
        'Treatment plan',
        'Marchetti-Kowalski, Inès',
        '23 July 1979',
        'Chart no. 1',
        'Version 2, agreed verbally',
        'Agreed verbally on 7 April 2026, recorded by Dr Ana Reyes, MD, MRCPsych',
        `Revised because ${REVISION_REASON}`,
        'Diagnoses',
        'F33.1 Major depressive disorder, recurrent, moderate',
        'What we are working on',
        'Low mood for five months',
        'Goals and objectives',
        'IN THE PATIENT’S OWN WORDS',
        `“${SLEEP_WORDS}”`,
        `“${WORK_WORDS_REVISED}”`,
        'Sleeps 7 hours on 5 nights a week',
        'Talks to her manager',
        'Progress on goal 1, rated 0–10 · 4 updates',
        'Sleeping 7 hours most nights',
        'Treatment',
        'Cognitive behavioural therapy',
        'Sertraline',
        'Mood and side effects at each session',
        'Safety plan',
        SAFETY_PEOPLE,
        'Review and discharge',
        '5 May 2026',
        DISCHARGE,
        'Patient’s signature',
        'Psychiatrist’s signature',
      ]) {
        expect(text, expected).toContain(expected);
      }
      // The objective met in the plan in force says so on paper.
      expect(text).toMatch(/Sleeps 7 hours on 5 nights a week.*Met/);
      // The Electron path: print:window (the browser's dialog here), then the print is recorded.
      await print.page.getByRole('button', { name: 'Print', exact: true }).click();
      await expect(page.getByText('The treatment plan was sent to the printer.')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-print-requests', '1');
    });

    await test.step('on US Letter without the safety plan and the progress charts, those sections are left out', async () => {
      const print = new PrintPlanScreen(page);
      await print.choosePaper('US Letter');
      await print.include('Safety plan', false);
      await print.include('Progress charts', false);
      await expect(print.document.getByRole('heading', { name: 'Safety plan' })).toHaveCount(0);
      const printed = await printPlan(page, 'plan-pdf-letter');
      // US Letter is 612 × 792 points.
      expect(Math.round(printed.size.width)).toBe(612);
      expect(Math.round(printed.size.height)).toBe(792);
      printed.pages.forEach((words, index) => expect(words).toContain(`Page ${index + 1} of ${printed.pages.length}`));
      const text = printed.pages.join('\n');
      expect(text).not.toContain('Safety plan');
      expect(text).not.toContain(SAFETY_PEOPLE);
      expect(text).not.toContain('Progress on goal 1, rated 0–10');
      expect(text).toContain('Sleeping 7 hours most nights');
      expect(text).toContain(SLEEP_WORDS);
    });

    await test.step('past its review date the plan is flagged on the calendar’s day view, in the session and on the chart', async () => {
      await practiceClock.jumpTo(page, at('2026-05-12', '09:00:00'));
      const calendar = await CalendarScreen.open(page);
      await calendar.showView('Day');
      const session = calendar.session('Tue 10:00', name);
      await expect(session).toHaveAccessibleName(/Treatment plan review due$/);
      await expect(session.getByText('Treatment plan review due', { exact: true })).toBeVisible();
      await session.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'plan-calendar-review-due');
      // In a week's narrow column the words give way; the flag stays.
      await calendar.showView('Week');
      await expect(calendar.session('Tue 10:00', name).locator('.cal-alert__flag')).toBeVisible();
      await screenshot(page, 'plan-calendar-week-review-due');
      await calendar.showView('Day');
      const dialog = await calendar.openSession(session);
      const alerts = dialog.dialog.getByRole('list', { name: 'To raise in this session' });
      await expect(alerts).toContainText('Treatment plan review due');
      await screenshot(page, 'plan-session-review-due');
      await alerts.getByRole('link', { name: 'Open the treatment plan' }).click();
      await expect(plan.status).toContainText('Review due');
      await expect(plan.section.getByText('This plan is due for review')).toBeVisible();
      await expect(new ChartScreen(page).header).toContainText(/Version 2, final · review by 5 May 2026\s*Review due/);
      await screenshot(page, 'plan-review-due');
    });
  },
);

test('a patient who does not agree to the plan: the reason is asked for, kept with the final version, and shown on the plan', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-10', '09:00:00'));
  await seed.setUp(PASSPHRASE);
  await seed.patient(ines);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(name);
  const plan = await PlanTab.open(page);
  const editor = await plan.begin();
  await editor.addGoal(1, SLEEP_WORDS, 'Restore sleep and energy as the base for recovery.');
  await editor.addObjective(1, 1, { description: 'Sleeps 7 hours on 5 nights a week', measure: 'Sleep diary', targetDate: '2026-04-21' });
  await editor.expectSaved();

  const dialog = await editor.recordAgreement({ method: 'Declined by the patient', recordedBy: 'Dr Ana Reyes, MD' });
  // Without a reason nothing is recorded, and the dialog says what is missing beside the field.
  await dialog.dialog.getByRole('button', { name: 'Record that the patient declined' }).click();
  await expect(dialog.dialog.getByText('Say why the patient declined')).toBeVisible();
  await expect(editor.article).toBeVisible();
  const reason = 'I don’t want to change my medication before the summer';
  await dialog.dialog.getByLabel('The patient’s reason').fill(reason);
  await dialog.submit();

  await expect(plan.status).toContainText('Declined');
  await expect(plan.status).toContainText(`The patient’s reason: “${reason}”`);
  await expect(plan.status).toContainText('recorded by Dr Ana Reyes, MD');
  await expect(editor.article).toBeHidden();
  await expect(plan.goal(1)).toContainText(`“${SLEEP_WORDS}”`);
  await expect(new ChartScreen(page).header).toContainText('Version 1, final, declined by the patient · review by 8 Jun 2026');
  await screenshot(page, 'plan-declined');

  // The printed summary says the patient declined and why; it never says the plan was agreed together.
  await plan.openPrint();
  const printed = (await printPlan(page, 'plan-pdf-declined')).pages.join('\n').replace(/\s+/g, ' ');
  expect(printed).toContain(`The patient’s reason: “${reason}”`);
  expect(printed).toContain('The patient did not agree to this plan. We will talk it over again by 8 June 2026.');
  expect(printed).not.toContain('We have agreed this plan together');
});

test('agreeing to a revision that raises bupropion offers to record the change; a difference left as it is shows on Medications', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-10', '09:00:00'));
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient(ines);
  await seed.call('medications:record', {
    patientId: patient.id,
    entry: {
      kind: 'start',
      name: 'Bupropion',
      dose: '150 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Depression',
    },
  });
  const first = await seed.call('plans:create', { patientId: patient.id });
  const objective = {
    id: crypto.randomUUID(),
    description: 'PHQ-9 below 10',
    measure: 'PHQ-9',
    targetDate: '2026-06-01',
    status: 'not-started' as const,
  };
  const goals = [{ id: crypto.randomUUID(), patientWords: SLEEP_WORDS, formulation: '', objectives: [objective] }];
  const draft = await seed.call('plans:saveDraft', {
    versionId: first.current.id,
    version: 1,
    content: { ...first.current.content, goals },
  });
  const agreement = { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' } as const;
  await seed.call('plans:agree', { versionId: draft.id, version: draft.version, agreement });
  const revised = await seed.call('plans:revise', { planId: first.planId, reason: 'Partial response at 6 weeks', feedbackId: null });
  const content = structuredClone(revised.current.content);
  content.interventions.medications[0]!.dose = '300 mg';
  content.interventions.medications.push({
    id: crypto.randomUUID(),
    medicationId: null,
    name: 'Melatonin',
    dose: '2 mg',
    frequency: 'at night',
    monitoring: '',
  });
  await seed.call('plans:saveDraft', { versionId: revised.current.id, version: revised.current.version, content });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(name);
  const plan = await PlanTab.open(page);
  const dialog = await plan.editor.recordAgreement({ method: 'Agreed verbally', recordedBy: 'Dr Ana Reyes, MD' });
  await dialog.submit();

  const differences = page.getByRole('dialog', { name: 'The plan and the medication list differ' });
  await expect(differences).toContainText('Revision 2 of the plan, agreed on 10 March 2026');
  const bupropion = differences.getByRole('listitem').filter({ hasText: 'Bupropion' });
  await expect(bupropion).toHaveText(/The plan says Bupropion 300 mg, once daily; the list says 150 mg, once daily\./);
  await differences.screenshot({ path: 'tests/e2e/screenshots/plan-medication-differences.png' });
  await bupropion.getByRole('button', { name: 'Record the change in the medication history' }).click();
  await expect(bupropion).toContainText(
    'Recorded in the medication history, dated 10 March 2026: “Treatment plan revision 2 agreed on 10 March 2026”.',
  );
  const melatonin = differences.getByRole('listitem').filter({ hasText: 'Melatonin' });
  await melatonin.getByRole('button', { name: 'Leave the list as it is' }).click();
  await expect(melatonin).toContainText('Left as it is');
  await differences.getByRole('button', { name: 'Done' }).click();
  await expect(differences).toBeHidden();

  const chart = new ChartScreen(page);
  await chart.openTab('Medications');
  await expect(chart.medications.current).toContainText('Bupropion 300 mg, oral, once daily');
  // Defect 11: each button's accessible name begins with the words it shows (axe: label-content-name-mismatch).
  await expect(chart.medications.current.getByRole('button', { name: 'Change dose of Bupropion', exact: true })).toHaveText(/^Change dose/);
  await expect(chart.medications.current.getByRole('button', { name: 'Stop Bupropion', exact: true })).toHaveText(/^Stop/);
  await expect(chart.medications.history.getByRole('row').nth(1)).toContainText('Treatment plan revision 2 agreed on 10 March 2026');
  const notice = page.getByRole('status').filter({ hasText: 'The plan and the medication list differ' });
  await expect(notice.getByRole('listitem')).toHaveText(['The plan says Melatonin 2 mg, at night; it is not on the medication list.']);
  await screenshot(page, 'medications-plan-differences');
});
