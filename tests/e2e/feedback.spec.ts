/**
 * Session feedback end to end: the laptop handed to the patient from today's session, the feedback
 * and a PHQ-9 with item 9 above "Not at all" filled in patient mode (which shows nothing of any chart
 * and answers nothing else), a wrong passphrase refused, the right one bringing back the clinician
 * with the item-9 notice, the charts over time on the chart's Feedback section, the practice view,
 * a plan revision begun from the feedback, and the printed plan with the charts. The page and the
 * harness share one clock (calendar-clock.ts), so every date is fixed.
 */
import { randomUUID } from 'node:crypto';
import type { OccurrenceRef } from '../../shared/appointment';
import type { Result } from '../../shared/errors';
import { CalendarScreen } from './calendar-pages';
import { ChartScreen } from './chart-pages';
import {
  FeedbackSection,
  HandOverDialog,
  PatientModeScreen,
  PracticeFeedbackScreen,
  SelfHarmNotice,
  recordWhatWasDone,
} from './feedback-pages';
import { expect, screenshot, test } from './fixtures';
import { PlanTab, printPlan } from './plan-pages';
import { UnlockPage, listedName, openSettingsSection, unlockSeededVault, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'juniper harbour lantern quietly';

const rosalind: PatientDetails = { givenName: 'Rosalind', familyName: 'Achterberg', dateOfBirth: '1988-09-23', phone: '+44 131 496 0811' };
const cornelius: PatientDetails = { givenName: 'Cornelius', familyName: 'Ferreira-Nakamura', dateOfBirth: '1975-01-30' };
const name = listedName(rosalind);

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

const PATIENT_WROTE = {
  helpful: 'Talking through the argument with my sister.',
  notHelpful: 'It felt rushed at the end, and I <b>didn’t</b> get to talk about work.',
  unproductiveTopic: 'Going over my childhood again.',
};

test(
  'a patient gives feedback and a PHQ-9 in patient mode; the clinician sees the item-9 notice, the charts, and revises the plan from the feedback',
  { tag: '@journey' },
  async ({ page, harness, practiceClock, seed }) => {
    test.setTimeout(360_000);
    // Markup the patient typed must never run: an alert() would open a dialog.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Tuesday 10 March 2026, 10:40: the weekly session of 10:00 is ending.
    await practiceClock.install(page, at('2026-03-10', '10:40:00'));
    await seed.setUp(PASSPHRASE);
    const patientId = (await seed.patient(rosalind)).id;
    await seed.patient(cornelius);

    const invoke = seed.call.bind(seed);
    let calendar: CalendarScreen;
    let seriesId = '';
    const slot = (day: string): OccurrenceRef => ({ type: 'occurrence', seriesId, originalStart: `2026-${day}T10:00:00` });

    await test.step('five weeks of sessions, three with feedback and two with a PHQ-9 and GAD-7, and a treatment plan agreed', async () => {
      const series = await invoke('appointments:create', {
        appointment: {
          patientId,
          start: at('2026-02-03', '10:00:00').toISOString(),
          durationMinutes: 50,
          kind: 'therapy',
          location: '',
          isVideo: false,
          note: '',
          recurrence: { frequency: 'weekly', interval: 1, end: { type: 'count', count: 10 } },
        },
        acknowledgeWarnings: true,
      });
      seriesId = series.seriesId!;
      for (const day of ['02-03', '02-10', '02-17', '02-24', '03-03']) {
        await invoke('appointments:setAttendance', { ref: slot(day), attendance: 'attended', lateMinutes: null });
      }
      const ratings = { '02-10': [8, 8, 9, 9], '02-17': [9, 9, 9, 9], '02-24': [9, 8, 9, 9] } as const;
      for (const [day, [heard, focus, approach, overall]] of Object.entries(ratings)) {
        await invoke('feedback:record', {
          ref: slot(day),
          answers: { heard, focus, approach, overall, helpful: 'The sleep diary', notHelpful: '', unproductiveTopic: '' },
        });
      }
      await invoke('measures:record', {
        patientId,
        ref: slot('02-10'),
        measure: { instrument: 'phq9', answers: [2, 2, 2, 2, 2, 2, 2, 2, 0], difficulty: 2 },
      });
      await invoke('measures:record', {
        patientId,
        ref: slot('02-10'),
        measure: { instrument: 'gad7', answers: [2, 2, 2, 1, 1, 1, 1], difficulty: 1 },
      });
      await invoke('measures:record', {
        patientId,
        ref: slot('02-24'),
        measure: { instrument: 'phq9', answers: [2, 2, 1, 2, 1, 2, 1, 1, 0], difficulty: 1 },
      });
      await invoke('measures:record', {
        patientId,
        ref: slot('02-24'),
        measure: { instrument: 'gad7', answers: [1, 1, 2, 1, 1, 1, 0], difficulty: 1 },
      });

      await invoke('diagnoses:add', {
        patientId,
        diagnosis: { code: 'F41.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
      });
      const plan = await invoke('plans:create', { patientId });
      const content = {
        ...plan.current.content,
        presentingProblems: 'Low mood and constant worry since a redundancy last autumn.',
        goals: [
          {
            id: randomUUID(),
            patientWords: 'Feel like myself in the mornings again',
            formulation: '',
            objectives: [
              {
                id: randomUUID(),
                description: 'PHQ-9 below 10 on two visits in a row',
                measure: 'PHQ-9',
                targetDate: '2026-06-02',
                status: 'in-progress' as const,
              },
            ],
          },
        ],
        safetyPlan: {
          ...plan.current.content.safetyPlan,
          warningSigns: 'Not sleeping; stopping replies to my sister.',
          professionals: 'The practice: 0131 496 0000. Crisis line: 116 123.',
        },
      };
      const saved = await invoke('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
      await invoke('plans:agree', {
        versionId: saved.id,
        version: saved.version,
        agreement: { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
      });
    });
    await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

    const chart = new ChartScreen(page);
    const feedback = new FeedbackSection(page);

    await test.step('last week’s feedback, given on paper, is entered from the chart and marked as entered by the clinician', async () => {
      await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/feedback`);
      await expect(chart.heading(name)).toBeVisible();
      await expect(feedback.heading).toBeVisible();
      const dialog = await feedback.enterAnswers();
      await dialog.chooseSession(/3 March 2026/);
      await dialog.rate('Today I felt heard', 9);
      await dialog.rate('We worked on what I wanted', 9);
      await dialog.rate('The way we work together', 8);
      await dialog.rate('Overall', 9);
      await dialog.write('What was helpful today', 'Planning the week out loud.');
      await dialog.save('Save feedback');
      await dialog.close();
      await expect(feedback.feedback('3 March 2026')).toContainText('Entered by the clinician');
      await expect(feedback.feedback('3 March 2026')).toContainText('Planning the week out loud.');
    });

    await test.step('Settings: feedback is raised below 6.5, or 2 points below the patient’s own average', async () => {
      await openSettingsSection(page, 'Clinical rules');
      const card = page.getByRole('region', { name: 'Session feedback' });
      await card.getByLabel('Raise feedback when its score is below').fill('6.5');
      await card.getByLabel(/points below the patient’s own average/).fill('2');
      await card.getByRole('button', { name: 'Save feedback settings' }).click();
      await expect(card.getByText(/^Saved\. Feedback below 6\.5/)).toBeVisible();
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'feedback-settings');
    });

    let patientMode: PatientModeScreen;
    await test.step('from today’s session the laptop is handed to the patient for the feedback and a PHQ-9', async () => {
      calendar = await CalendarScreen.open(page);
      const session = await calendar.openSession(calendar.session('Tue 10:00', name));
      await session.mark('Attended');
      await expect(session.dialog.getByRole('region', { name: 'Feedback and measures' })).toContainText('No session feedback yet');
      const handOver = await HandOverDialog.open(session.dialog);
      await expect(handOver.form('Session feedback')).toBeChecked();
      await handOver.choose(['Session feedback', 'PHQ-9']);
      await screenshot(page, 'feedback-hand-over');
      patientMode = await handOver.handOver();
      await expect(patientMode.heading).toHaveText('Your feedback on today’s session');
      await expect(patientMode.progress).toHaveText('Form 1 of 2');
    });

    await test.step('patient mode shows nothing of any chart, and the main process answers nothing else', async () => {
      const everything = async () => `${await page.locator('body').innerText()}\n${await page.content()}\n${await page.title()}`;
      for (const text of [
        rosalind.familyName,
        rosalind.givenName,
        cornelius.familyName,
        rosalind.phone!,
        'Chart no.',
        'Calendar',
        'Patients',
        'Lock',
        'Find a patient',
      ]) {
        expect(await everything(), `patient mode shows “${text}”`).not.toContain(text);
      }
      await expect(page.getByRole('navigation')).toHaveCount(0);
      const refused = await page.evaluate(() => window.alliance.invoke('patients:list', {}) as Promise<Result<unknown>>);
      expect(refused).toMatchObject({ ok: false, error: { code: 'PATIENT_MODE' } });
      const chartRefused = await page.evaluate(
        (id) => window.alliance.invoke('chart:summary', { patientId: id }) as Promise<Result<unknown>>,
        patientId,
      );
      expect(chartRefused).toMatchObject({ ok: false, error: { code: 'PATIENT_MODE' } });

      // Ctrl+K finds nobody here; the window stays the patient's.
      await page.keyboard.press('Control+K');
      await expect(page.getByRole('dialog', { name: 'Find a patient' })).toHaveCount(0);
      // A window started again while the patient holds the laptop shows the patient's screen, not the calendar.
      await page.reload();
      await expect(patientMode.heading).toHaveText('Your feedback on today’s session');
      expect(await everything()).not.toContain(rosalind.familyName);
      await screenshot(page, 'feedback-patient-mode-feedback');
    });

    await test.step('the patient rates the session and writes what helped and what did not', async () => {
      // Sending with a rating missing says which one, and sends nothing.
      await page.getByRole('button', { name: 'Send and continue' }).click();
      await expect(page.getByText('4 questions still need a number from 0 to 10.')).toBeVisible();
      await patientMode.rate('Today I felt heard', 5);
      await patientMode.rate('We worked on what I wanted', 4);
      await patientMode.rate('The way we work together', 5);
      await patientMode.rate('Overall', 5);
      await patientMode.write('What was helpful today', PATIENT_WROTE.helpful);
      await patientMode.write('What was not helpful', PATIENT_WROTE.notHelpful);
      await patientMode.write('Was there a topic that felt unproductive', PATIENT_WROTE.unproductiveTopic);
      await screenshot(page, 'feedback-patient-mode-feedback-filled');
      await patientMode.send('Send and continue');
      await expect(patientMode.heading).toHaveText('Patient Health Questionnaire (PHQ-9)');
      await expect(patientMode.progress).toHaveText('Form 2 of 2');
    });

    await test.step('the PHQ-9 is worded as published, with its credit, and shows the patient no score', async () => {
      await expect(
        page.getByText('Over the last 2 weeks, how often have you been bothered by any of the following problems?'),
      ).toBeVisible();
      await expect(
        page.getByRole('group', { name: /^9\. Thoughts that you would be better off dead or of hurting yourself in some way$/ }),
      ).toBeVisible();
      await expect(
        page.getByText(/^PHQ-9\. Developed by Drs\. Robert L\. Spitzer, Janet B\.W\. Williams, Kurt Kroenke and colleagues/),
      ).toBeVisible();
      await patientMode.answerMeasure([1, 2, 1, 1, 1, 2, 1, 0, 1], 'Somewhat difficult');
      await screenshot(page, 'feedback-patient-mode-phq9');
      await patientMode.send('Send my answers');
      await expect(patientMode.heading).toHaveText('Thank you');
      await expect(page.getByText('Please hand the laptop back to your clinician.')).toBeVisible();
      // Item 9 was answered above "Not at all": a calm word, and (no contacts set) the advice for an emergency, no invented number.
      await expect(page.getByText('Your psychiatrist will talk with you about your answers.')).toBeVisible();
      await expect(page.getByText(/^If you are in danger now, call your local emergency number/)).toBeVisible();
      // Nothing about the answers reaches the patient: no total, no band, no word of item 9.
      const shown = await page.locator('body').innerText();
      expect(shown).not.toMatch(/score|total|mild|moderate|severe|self-harm|item 9|10 of 27/i);
      await screenshot(page, 'feedback-patient-mode-thanks');
    });

    await test.step('a wrong passphrase keeps the laptop in patient mode; the right one brings back the clinician with the item-9 notice', async () => {
      const leave = await patientMode.openLeaveDialog();
      await leave.submit('not the right words at all');
      await expect(leave.error).toHaveText('That is not the passphrase. The laptop stays in patient mode.');
      await expect(leave.passphrase).toBeFocused();
      await screenshot(page, 'feedback-patient-mode-wrong-passphrase');
      expect(await page.evaluate(() => window.alliance.invoke('patients:list', {}) as Promise<Result<unknown>>)).toMatchObject({
        ok: false,
        error: { code: 'PATIENT_MODE' },
      });
      await expect(page.getByRole('alertdialog')).toHaveCount(0);

      await leave.submit(PASSPHRASE);
      const notice = new SelfHarmNotice(page);
      await expect(notice.dialog).toBeVisible();
      await expect(notice.dialog).toContainText(name);
      await expect(notice.dialog).toContainText('“Thoughts that you would be better off dead or of hurting yourself in some way”');
      await expect(notice.dialog).toContainText('“Several days”');
      await expect(notice.dialog).toContainText('PHQ-9 total 10 of 27 (Moderate)');
      await expect(notice.dialog.getByRole('link', { name: 'Open the safety plan' })).toBeFocused();
      await screenshot(page, 'feedback-item9-notice');

      // Neither Escape nor a stray click beside it makes it go away unread.
      await page.keyboard.press('Escape');
      await page.mouse.click(8, 8);
      await expect(notice.dialog).toBeVisible();
      // Focus stays inside it.
      for (let i = 0; i < 4; i += 1) {
        await page.keyboard.press('Tab');
        expect(await notice.dialog.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
      }
      await notice.openSafetyPlan();
      await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}/plan\\?section=safety-plan$`));
      // It lands on the safety plan itself, in view and holding the keyboard focus.
      const safetyPlan = page.getByRole('region', { name: 'Safety plan' });
      await expect(safetyPlan).toBeFocused();
      await expect(safetyPlan).toBeInViewport();
      await expect(safetyPlan).toContainText('Not sleeping; stopping replies to my sister.');
      await screenshot(page, 'feedback-safety-plan-landed');
    });

    await test.step('the practice view lists the item-9 answer too, with the way to the chart', async () => {
      const practice = await PracticeFeedbackScreen.open(page);
      await expect(practice.selfHarm).toContainText(`${name} answered PHQ-9 item 9`);
      await expect(practice.selfHarm).toContainText('“Several days”');
      await expect(practice.selfHarm.getByRole('link', { name: 'Safety plan' })).toHaveAttribute(
        'href',
        new RegExp(`#/patients/${patientId}/plan\\?section=safety-plan$`),
      );
      await screenshot(page, 'feedback-practice-item9');
      await practice.selfHarm.getByRole('link', { name: `Open ${name}’s chart` }).click();
    });

    await test.step('the chart’s header shows the item-9 answer until it is acknowledged', async () => {
      await expect(chart.heading(name)).toBeVisible();
      const banner = chart.header.getByRole('alert').filter({ hasText: 'Thoughts of death or self-harm reported on the PHQ-9' });
      await expect(banner).toContainText('“Several days”');
      await expect(banner.getByRole('link', { name: 'Safety plan' })).toHaveAttribute(
        'href',
        new RegExp(`#/patients/${patientId}/plan\\?section=safety-plan$`),
      );
      await banner.getByRole('button', { name: 'Acknowledge…' }).click();
      const acknowledging = page.getByRole('dialog', { name: 'Acknowledge the item-9 answer' });
      const form = acknowledging.getByRole('form', { name: 'What was done' });
      // Nothing said: refused, with the reason, and the answer stays unacknowledged.
      await form.getByRole('button', { name: 'Record and acknowledge' }).click();
      await expect(form.getByRole('alert')).toHaveText('Choose what was done, or write it in the note.');
      await screenshot(page, 'feedback-acknowledge-what-was-done');
      await recordWhatWasDone(form, ['Discussed in session', 'Safety plan reviewed'], 'Agreed she calls the crisis line if it comes back.');
      await expect(acknowledging).toBeHidden();
      await expect(banner).toHaveCount(0);
    });

    await test.step('the Feedback section charts the ratings and scores over time and flags the fall', async () => {
      await chart.tabs.getByRole('link', { name: /^Feedback/ }).click();
      await expect(feedback.heading).toBeVisible();
      await expect(feedback.dropBanner).toContainText('The ratings fell at the session of 10 March 2026: raise it at the next session.');
      await expect(feedback.dropBanner).toContainText('Score 4.8 of 10, below 6.5.');
      await expect(feedback.dropBanner).toContainText(/Next session: Tuesday,? 17 March 2026/);
      await expect(chart.sidePanel).toContainText('The last ratings fell (4.8 of 10, below 6.5). Raise it at the next session.');

      await expect(feedback.ratingsChart).toContainText('5 sessions, 10 Feb 2026 to 10 Mar 2026; latest score 4.8 of 10.');
      await expect(feedback.ratingsChart.locator('.recharts-line-dots circle')).toHaveCount(5);
      await expect(feedback.ratingsChart).toContainText('Raised below 6.5');
      await expect(feedback.chart('PHQ-9')).toContainText('3 scores; latest 10 of 27 (Moderate) on 10 Mar 2026.');
      for (const band of ['Minimal', 'Mild', 'Moderate', 'Moderately severe', 'Severe'])
        await expect(feedback.chart('PHQ-9')).toContainText(band);
      await expect(feedback.chart('GAD-7')).toContainText('2 scores; latest 7 of 21 (Mild) on 24 Feb 2026.');

      const today = feedback.feedback('10 March 2026');
      await expect(today).toContainText('score 4.8 of 10');
      await expect(today).toContainText('Given by the patient');
      await expect(today).toContainText('To raise at the next session');
      // The patient's words, as text: the markup shows as characters and runs nothing.
      await expect(today).toContainText(PATIENT_WROTE.notHelpful);
      await expect(today).toContainText(PATIENT_WROTE.unproductiveTopic);
      const history = page.getByRole('list', { name: 'PHQ-9 item 9 answers and what was done' });
      await expect(history).toContainText('“Several days”');
      await expect(history.getByRole('list', { name: 'What was done' })).toContainText(/Discussed in session\s*Safety plan reviewed/);
      await expect(history).toContainText('Note: Agreed she calls the crisis line if it comes back.');
      await expect(feedback.measures.getByRole('row').nth(1)).toContainText(
        /10 Mar 2026\s*PHQ-9\s*10 \/ 27\s*Moderate\s*Several days · acknowledged\s*Somewhat difficult\s*The patient/,
      );
      await screenshot(page, 'feedback-chart-tab');
    });

    await test.step('the practice view shows the month’s completion and the patient whose ratings fell', async () => {
      const practice = await PracticeFeedbackScreen.open(page);
      // Acknowledged on the chart, the item-9 answer is no longer listed.
      // 4.8 against her usual 8.9 is a rupture as well as a fall: listed once, among the ruptures.
      await expect(practice.ruptures).toBeVisible();
      await expect(practice.falling).toHaveCount(0);
      await expect(practice.selfHarm).toHaveCount(0);
      await expect(practice.month('February 2026')).toContainText(/February 2026\s*4\s*3\s*75%/);
      await expect(practice.month('March 2026')).toContainText(/March 2026\s*2\s*2\s*100%/);
      const row = practice.ruptures.getByRole('row', { name: new RegExp(name) });
      await expect(row).toContainText('10 March 2026');
      await expect(row).toContainText('Last session rated 4.8 of 10');
      await expect(row).toContainText(/Tuesday,? 17 March 2026/);
      await screenshot(page, 'feedback-practice');
      await row.getByRole('link', { name }).click();
      await expect(feedback.heading).toBeVisible();
    });

    await test.step('once today’s session is over, next week’s session carries the flag on the calendar', async () => {
      await practiceClock.jumpTo(page, at('2026-03-10', '11:05:00'));
      calendar = await CalendarScreen.open(page);
      await calendar.next();
      // Raised once, as the rupture it also is, not again as "Raise the last session’s feedback".
      await expect(calendar.session('Tue 10:00', name)).toHaveAccessibleName(/Talk about how the work together is going/);
      await expect(calendar.session('Tue 10:00', name)).not.toHaveAccessibleName(/Raise the last session’s feedback/);
      await calendar.previous();
      await expect(calendar.session('Tue 10:00', name)).not.toHaveAccessibleName(/Talk about how the work together is going/);
      await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/feedback`);
      await expect(feedback.dropBanner).toBeVisible();
    });

    await test.step('a plan revision is begun from the feedback, citing it, and the flag ends', async () => {
      const dialog = await feedback.startRevision();
      const reason = dialog.getByLabel('Reason for the revision');
      await expect(reason).toHaveValue(
        /^Session feedback of 10 March 2026: 4\.8 of 10, below 6\.5\. Not helpful: “It felt rushed at the end/,
      );
      await reason.fill(`${await reason.inputValue()} Agreed to slow down and keep ten minutes for work.`);
      await screenshot(page, 'feedback-start-revision');
      await dialog.getByRole('button', { name: 'Start the revision' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByText(/^Version 2 of the plan is begun as a draft, citing the feedback of 10 March 2026\./)).toBeVisible();
      await expect(feedback.dropBanner).toHaveCount(0);
      await expect(feedback.feedback('10 March 2026')).toContainText(/Raised/);
      await expect(chart.sidePanel).not.toContainText('The last ratings fell');
      const plan = await invoke('plans:forPatient', { patientId });
      expect(plan?.current).toMatchObject({ number: 2, status: 'draft', reason: expect.stringMatching(/Agreed to slow down/) });
    });

    await test.step('the printed plan summary carries the feedback and measure charts, and leaves them out when asked', async () => {
      const planTab = await PlanTab.open(page);
      const print = await planTab.openPrint();
      await expect(print.options.getByRole('checkbox', { name: /^Feedback and measures/ })).toBeChecked();
      await expect(print.document.getByRole('heading', { name: 'Session feedback and measures' })).toBeVisible();
      await expect(print.document.getByRole('figure', { name: 'Session ratings' })).toBeVisible();
      await expect(print.document.getByRole('figure', { name: 'PHQ-9', exact: true }).locator('svg.recharts-surface')).toBeVisible();
      await expect(print.document.getByRole('figure', { name: 'GAD-7', exact: true }).locator('svg.recharts-surface')).toBeVisible();
      const printed = await printPlan(page, 'feedback-plan-pdf');
      const text = printed.pages.join('\n').replace(/[ \t]+/g, ' ');
      for (const expected of [
        'Session feedback and measures',
        'Session ratings 5 sessions, 10 Feb 2026 to 10 Mar 2026; latest score 4.8 of 10.',
        'PHQ-9 3 scores; latest 10 of 27 (Moderate) on 10 Mar 2026.',
        'GAD-7 2 scores; latest 7 of 21 (Mild) on 24 Feb 2026.',
        'Moderately severe',
        'Minimal',
        'Below 6.5: we talk it over at the next session',
        '24 Feb 2026',
      ]) {
        expect(text, expected).toContain(expected);
      }
      // The clinician's notices stay on screen: no item-9 mark and no flag on paper.
      expect(text).not.toContain('item 9 answered');
      expect(text).not.toContain('The feedback to raise');
      // The signature lines and the closing notice share a page: the notice is never left on one alone.
      const signaturePage = printed.pages.find((words) => words.includes('Patient’s signature'));
      expect(signaturePage?.replace(/\s+/g, ' ')).toContain('must not be passed on without the patient’s consent');

      await print.include('Feedback and measures', false);
      await expect(print.document.getByRole('heading', { name: 'Session feedback and measures' })).toHaveCount(0);
      const without = (await printPlan(page, 'feedback-plan-pdf-without')).pages.join('\n');
      expect(without).not.toContain('Session ratings');
      expect(without).toContain('Treatment plan');
    });

    await test.step('a lock leaves no date or name of the charts in the page, not even in a library’s hidden measuring element', async () => {
      await page.keyboard.press('Control+l');
      await expect(new UnlockPage(page).heading).toBeVisible();
      const drawn = await page.locator('body').innerHTML();
      expect(drawn).not.toContain('2026');
      expect(drawn).not.toContain(name.split(',')[0]);
    });

    expect(dialogs).toEqual([]);
  },
);

test('a lock ends patient mode, and the clinician who unlocks still gets the item-9 notice', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  test.setTimeout(180_000);
  // Thursday 12 March 2026, 15:45: an intake at 15:00 is ending.
  await practiceClock.install(page, at('2026-03-12', '15:45:00'));
  await seed.setUp(PASSPHRASE);
  const patientId = (await seed.patient(cornelius)).id;
  await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: at('2026-03-12', '15:00:00').toISOString(),
      durationMinutes: 50,
      kind: 'intake',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await test.step('Settings: the practice’s crisis contacts, a few lines at most', async () => {
    await openSettingsSection(page, 'Clinical rules');
    const card = page.getByRole('region', { name: 'Crisis contacts for patients' });
    const contacts = card.getByRole('textbox', { name: /^Crisis contacts/ });
    await contacts.fill(Array.from({ length: 9 }, (_, i) => `Line ${i + 1}`).join('\n'));
    await card.getByRole('button', { name: 'Save crisis contacts' }).click();
    await expect(card.getByText('At most 8 lines', { exact: true })).toBeVisible();
    await contacts.fill('Samaritans 116 123\nThe practice, weekdays: 0131 496 0000');
    await card.getByRole('button', { name: 'Save crisis contacts' }).click();
    await expect(card.getByText(/^Saved\. Patients are shown these contacts/)).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'feedback-settings-crisis-contacts');
  });

  const calendar = await CalendarScreen.open(page);
  const session = await calendar.openSession(calendar.session('Thu 15:00', listedName(cornelius)));

  const handOver = await HandOverDialog.open(session.dialog);
  await handOver.choose(['PHQ-9', 'GAD-7']);
  const patientMode = await handOver.handOver();
  await expect(patientMode.heading).toHaveText('Patient Health Questionnaire (PHQ-9)');
  await patientMode.answerMeasure([3, 3, 2, 3, 2, 3, 2, 1, 3], null);
  await patientMode.send('Send and continue');
  // Item 9 "Nearly every day": before the next form, a calm word with the practice's crisis contacts.
  await expect(patientMode.heading).toHaveText('Thank you for telling us');
  await expect(patientMode.heading).toBeFocused();
  await expect(page.getByText('Your psychiatrist will talk with you about your answers.')).toBeVisible();
  await expect(page.getByText(/^Samaritans 116 123\s+The practice, weekdays: 0131 496 0000$/)).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(/score|total|severe|self-harm|item 9/i);
  await screenshot(page, 'feedback-patient-mode-support');
  await page.getByRole('button', { name: 'Continue to the next form' }).click();
  await expect(patientMode.heading).toHaveText('Generalized Anxiety Disorder (GAD-7)');
  await expect(page.getByText('Over the last 2 weeks, how often have you been bothered by the following problems?')).toBeVisible();
  await expect(page.getByText(/^GAD-7\. Developed by Drs\. Robert L\. Spitzer/)).toBeVisible();
  await screenshot(page, 'feedback-patient-mode-gad7');

  await test.step('Ctrl+L locks, which ends patient mode; the passphrase unlocks and the notice is there', async () => {
    await page.keyboard.press('Control+L');
    const unlock = new UnlockPage(page);
    await expect(unlock.heading).toBeVisible();
    const status = await page.evaluate(() => window.alliance.invoke('patientMode:status', {}) as Promise<Result<unknown>>);
    expect(status).toEqual({ ok: true, value: { active: false, forms: [], completed: [] } });
    await unlock.unlock(PASSPHRASE);
    const notice = new SelfHarmNotice(page);
    await expect(notice.dialog).toBeVisible();
    await expect(notice.dialog).toContainText(listedName(cornelius));
    await expect(notice.dialog).toContainText('“Nearly every day”');
    await notice.acknowledge(['Urgent assessment arranged'], 'Seen by the crisis team the same afternoon.');
    await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/feedback`);
    const chart = new ChartScreen(page);
    await expect(chart.heading(listedName(cornelius))).toBeVisible();
    await expect(chart.header.getByRole('alert')).toHaveCount(0);
    await expect(new FeedbackSection(page).chart('PHQ-9')).toContainText('1 score; latest 22 of 27 (Severe)');
    await expect(page.getByRole('list', { name: 'PHQ-9 item 9 answers and what was done' })).toContainText(
      /Urgent assessment arranged\s*Note: Seen by the crisis team the same afternoon\./,
    );
  });

  await test.step('the charts follow a change of theme while open, their severity bands named in both', async () => {
    const phq9 = new FeedbackSection(page).chart('PHQ-9');
    const bandLabel = phq9.locator('svg text').filter({ hasText: /^Moderately severe$/ });
    const point = phq9.locator('.recharts-line-dots circle');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(bandLabel).toHaveAttribute('fill', 'rgb(81, 98, 106)');
    const lightPoint = await point.getAttribute('stroke');
    await phq9.scrollIntoViewIfNeeded();
    await screenshot(page, 'feedback-charts-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(bandLabel).toHaveAttribute('fill', 'rgb(154, 171, 176)');
    expect(await point.getAttribute('stroke')).not.toBe(lightPoint);
    await phq9.scrollIntoViewIfNeeded();
    await screenshot(page, 'feedback-charts-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('“Open the safety plan” for a patient with no plan says there is none, and offers to begin one', async () => {
    await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/plan?section=safety-plan`);
    const landed = page.locator('#safety-plan');
    await expect(landed).toBeFocused();
    await expect(landed).toContainText('This patient has no treatment plan, so no safety plan.');
    await expect(page.getByRole('button', { name: 'Begin a treatment plan' })).toBeVisible();
  });
});
