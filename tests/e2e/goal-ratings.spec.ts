/**
 * The patient rates their own goals in patient mode, in their own words; the plan shows the ratings
 * beside each goal; the patient's progress summary prints on one page and reads back. Seeded through
 * the harness: a plan agreed with two goals, two earlier PHQ-9s, one earlier rating from paper.
 */
import { randomUUID } from 'node:crypto';
import type { Goal } from '../../shared/plan';
import { CalendarScreen } from './calendar-pages';
import { HandOverDialog, LeaveDialog } from './feedback-pages';
import { expect, printPdf, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'juniper harbour lantern quietly';
const imogen: PatientDetails = { givenName: 'Imogen', familyName: 'Okonkwo-Laine', dateOfBirth: '1991-04-17' };
/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

function goal(words: string): Goal {
  return {
    id: randomUUID(),
    patientWords: words,
    formulation: 'Formulated by the clinician',
    objectives: [
      { id: randomUUID(), description: 'Sees friends once a week', measure: '', targetDate: '2026-06-01', status: 'in-progress' },
    ],
  };
}

test('in patient mode the patient rates two goals in their own words; the plan shows the ratings and the progress summary prints', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  test.setTimeout(150_000);
  // Tuesday 10 March 2026, 10:40: the session of 10:00 is ending.
  await practiceClock.install(page, at('2026-03-10', '10:40:00'));
  await seed.setUp(PASSPHRASE);
  const patientId = (await seed.patient(imogen)).id;
  const book = (date: string) =>
    seed.call('appointments:create', {
      appointment: {
        patientId,
        start: at(date, '10:00:00').toISOString(),
        durationMinutes: 50,
        kind: 'therapy',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
  const february = await book('2026-02-10');
  const march = await book('2026-03-03');
  await book('2026-03-10');
  for (const [session, answers] of [
    [february, [2, 2, 2, 2, 1, 2, 1, 1, 0]],
    [march, [1, 1, 2, 1, 1, 1, 1, 0, 0]],
  ] as const)
    await seed.call('measures:record', {
      patientId,
      ref: session.ref,
      measure: { instrument: 'phq9', answers: [...answers], difficulty: 1 },
    });
  const myself = goal('I want to feel like myself again');
  const work = goal('Get back to work three days a week');
  const plan = await seed.call('plans:create', { patientId });
  const draft = await seed.call('plans:saveDraft', {
    versionId: plan.current.id,
    version: plan.current.version,
    content: { ...plan.current.content, presentingProblems: 'Low mood since the winter', goals: [myself, work] },
  });
  await seed.call('plans:agree', {
    versionId: draft.id,
    version: draft.version,
    agreement: { date: '2026-03-10', method: 'signed', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
  });
  await seed.call('plans:rateGoals', { patientId, ref: null, date: '2026-03-09', ratings: [{ goalId: myself.id, rating: 3 }] });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  const calendar = await CalendarScreen.open(page);
  const session = await calendar.openSession(calendar.session('Tue 10:00', listedName(imogen)));
  const handOver = await HandOverDialog.open(session.dialog);
  // The plan's goals are due (every 4 weeks, and "Get back to work" never rated), so they are offered ticked.
  const goals = handOver.form('Goal ratings');
  await expect(goals).toBeChecked();
  await expect(handOver.dialog).toContainText('The plan asks every 4 weeks; due now, last rated 9 Mar 2026.');
  // Only the goals: the PHQ-9 and GAD-7 due on the default schedule are offered ticked too.
  await handOver.choose(['Goal ratings']);
  const patientMode = await handOver.handOver();

  await expect(patientMode.heading).toHaveText('Your goals');
  await expect(page.getByText('Formulated by the clinician')).toHaveCount(0);
  await patientMode.rate('How close am I to: ‘I want to feel like myself again’\\?', 6);
  await screenshot(page, 'goal-ratings-patient-mode');
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page.getByText('One goal still needs a number from 0 to 10.')).toBeVisible();
  await patientMode.rate('Get back to work three days a week', 4);
  await patientMode.send('Send my answers');
  await expect(patientMode.heading).toHaveText('Thank you');
  await patientMode.forTheClinician.click();
  await new LeaveDialog(page).submit(PASSPHRASE);
  await expect(patientMode.forTheClinician).toBeHidden();

  await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/plan`);
  const first = page.getByRole('region', { name: 'The patient’s own ratings of goal 1' }).first();
  await expect(first.getByRole('list', { name: 'Ratings of goal 1, latest first' }).getByRole('listitem')).toHaveText([
    '6 of 10 on 10 Mar 2026 · by the patient',
    '3 of 10 on 9 Mar 2026 · entered by the clinician',
  ]);
  await expect(first.getByRole('img', { name: /How close the patient felt to goal 1/ })).toBeVisible();
  const second = page.getByRole('region', { name: 'The patient’s own ratings of goal 2' }).first();
  await expect(second.getByRole('listitem')).toHaveText(['4 of 10 on 10 Mar 2026 · by the patient']);
  await first.scrollIntoViewIfNeeded();
  await screenshot(page, 'goal-ratings-plan-goal');

  await page.getByRole('link', { name: 'Print progress summary' }).click();
  const summary = page.getByRole('article', { name: 'Printable progress summary' });
  await expect(summary.getByRole('heading', { name: 'Your progress' })).toBeVisible();
  const printed = await printPdf(page, 'goal-ratings-progress-summary');
  expect(printed.pages).toHaveLength(1);
  const text = printed.pages[0]!.replace(/\s+/g, ' ');
  for (const words of [
    'Your progress',
    'Imogen',
    'Confidential',
    'Page 1 of 1',
    'Mood questionnaire (PHQ-9, 0–27; lower is better)',
    '13 on 10 February 2026; now 8 on 3 March 2026 (mild)',
    '“I want to feel like myself again”',
    'You rated it 3 of 10 on 9 March 2026, and 6 of 10 on 10 March 2026.',
    'You rated it 4 of 10 on 10 March 2026.',
    'You rate each goal from 0 (not close at all) to 10 (I am there).',
    'This is the first plan we agreed, on 10 March 2026.',
    'We will review your plan together by',
  ])
    expect(text).toContain(words);
  expect(text).not.toContain('Formulated by the clinician');
});
