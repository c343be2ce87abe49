/**
 * A patient whose PHQ-9 worsens (15, 16, 17, 18, four weeks apart) is off the published expected
 * course at the 4th score: flagged at the next session (today's, on the Today view), in the practice
 * view, and on the chart beside the band; acknowledged there with a note citing the plan revision it
 * led to, after which the flag is gone. Her session ratings (10, 10, 10, then 7) are a rupture, raised
 * once (not also as a fall), listed in the practice view beside her overdue GAD-7, and acknowledged on
 * the chart the same way. The page and the harness share one clock, 08:30 on Tuesday 7 April 2026.
 */
import { expect, screenshot, test } from './fixtures';
import { PracticeFeedbackScreen } from './feedback-pages';
import { unlockSeededVault, type PatientDetails } from './pages';
import { TodayScreen } from './today-pages';

const PASSPHRASE = 'meadow lantern copper quietly';
const maren: PatientDetails = { givenName: 'Maren', familyName: 'Holloway', dateOfBirth: '1984-06-12' };
const FLAG = 'PHQ-9 or GAD-7 not on track or reliably worse: review the plan together';
const RUPTURE = 'Talk about how the work together is going';

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

/** PHQ-9 answers adding up to `total`, item 9 "Not at all". */
const phq9 = (total: number) => ({
  instrument: 'phq9' as const,
  answers: Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.max(0, Math.min(3, total - i * 3)) : 0)),
  difficulty: 1,
});

test('a worsening PHQ-9 is flagged not on track at the next session and in the practice view, and acknowledged with a plan revision', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-04-07', '08:30:00'));
  await seed.setUp(PASSPHRASE);
  const patient = await seed.patient(maren);
  const sessions = [];
  for (const day of ['2026-01-06', '2026-02-03', '2026-03-03', '2026-03-31', '2026-04-07']) {
    sessions.push(
      await seed.call('appointments:create', {
        appointment: {
          patientId: patient.id,
          start: at(day, '09:00:00').toISOString(),
          durationMinutes: 50,
          kind: 'therapy',
          location: '',
          isVideo: false,
          note: '',
          recurrence: null,
        },
        acknowledgeWarnings: true,
      }),
    );
  }
  for (const [index, score] of [15, 16, 17, 18].entries()) {
    await seed.call('measures:record', { patientId: patient.id, ref: sessions[index]!.ref, measure: phq9(score) });
    const rating = index < 3 ? 10 : 7;
    await seed.call('feedback:record', {
      ref: sessions[index]!.ref,
      answers: { heard: rating, focus: rating, approach: rating, overall: rating, helpful: '', notHelpful: '', unproductiveTopic: '' },
    });
  }
  // A GAD-7 at the first session only: due again on 3 February, overdue since.
  await seed.call('measures:record', {
    patientId: patient.id,
    ref: sessions[0]!.ref,
    measure: { instrument: 'gad7', answers: [1, 1, 1, 1, 1, 1, 1], difficulty: 1 },
  });
  const first = await seed.call('plans:create', { patientId: patient.id });
  const agreement = { date: '2026-04-07', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' } as const;
  const objective = {
    id: crypto.randomUUID(),
    description: 'PHQ-9 below 10',
    measure: 'PHQ-9',
    targetDate: '2026-06-01',
    status: 'not-started' as const,
  };
  const draft = await seed.call('plans:saveDraft', {
    versionId: first.current.id,
    version: first.current.version,
    content: {
      ...first.current.content,
      goals: [{ id: crypto.randomUUID(), patientWords: 'Feel like myself again', formulation: '', objectives: [objective] }],
    },
  });
  await seed.call('plans:agree', { versionId: draft.id, version: draft.version, agreement });
  const revised = await seed.call('plans:revise', { planId: first.planId, reason: 'Not on track on the PHQ-9', feedbackId: null });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE, { then: 'today' });
  const today = new TodayScreen(page);

  await test.step('today’s session carries the flag, with the way to the chart', async () => {
    await expect(today.lines('Sessions')).toHaveCount(1);
    await expect(today.lines('Sessions').first()).toContainText(FLAG);
    // The fall from 10 to 7 is raised once, as the rupture, not also as "Raise the last session’s feedback".
    await expect(today.lines('Sessions').first()).toContainText(RUPTURE);
    await expect(today.lines('Sessions').first()).not.toContainText('Raise the last session’s feedback');
  });

  await test.step('the practice view lists the patient as not on track, beside the outcome rates per quarter', async () => {
    const practice = await PracticeFeedbackScreen.open(page);
    const notOnTrack = page.getByRole('table', { name: /^Not on track/ });
    await expect(notOnTrack.getByRole('row', { name: /Holloway, Maren/ })).toContainText('18 on 31 March 2026 (baseline 15)');
    await expect(page.getByRole('table', { name: 'Outcome rates per quarter' }).getByRole('row', { name: /2026 Q1 PHQ-9/ })).toContainText(
      '0 of 1 (0%)',
    );
    await expect(practice.heading).toBeVisible();
    await expect(
      page.getByRole('table', { name: /^Ruptures not yet discussed/ }).getByRole('row', { name: /Holloway, Maren/ }),
    ).toContainText('rated 7.0 of 10, against this patient’s usual 10.0');
    await expect(page.getByRole('table', { name: /^Measures overdue/ }).getByRole('row', { name: /Holloway, Maren/ })).toContainText(
      'GAD-7, every 4 weeks3 February 2026',
    );
    await screenshot(page, 'outcomes-practice');
  });

  await test.step('the chart shows the band, the reading in words and the flag; the flag is acknowledged citing version 2', async () => {
    await TodayScreen.open(page);
    await page.getByRole('link', { name: FLAG }).click();
    const reading = page.getByRole('article', { name: 'PHQ-9: change since the baseline' });
    await expect(reading).toContainText('No reliable change since the baseline (+3); not yet in remission.');
    await expect(reading).toContainText('Not on track: 18 at week 12 is at or above the cut point of 13 (Schueller et al. 2015).');
    await expect(page.getByText(/Shaded with a dashed edge: the expected course/)).toBeVisible();
    const flag = page.getByRole('status').filter({ hasText: 'Not on track: PHQ-9 18 on 31 March 2026' });
    await expect(flag).toContainText('Review the plan together.');
    await screenshot(page, 'outcomes-chart-band');

    await flag.getByRole('button', { name: 'Acknowledge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge: not on track' });
    await dialog.getByRole('button', { name: 'Record and acknowledge' }).click();
    await expect(dialog.getByText('Say what was discussed and agreed.')).toBeVisible();
    await dialog.getByLabel('What was discussed and agreed').fill('Discussed on 7 April; agreed to add behavioural activation.');
    const version = dialog.getByLabel(/Plan version it led to/);
    await expect(version.getByRole('option', { name: /^Version 2 — Not on track on the PHQ-9/ })).toBeAttached();
    await version.selectOption(revised.current.id);
    await dialog.getByRole('button', { name: 'Record and acknowledge' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Acknowledged, citing plan version 2.')).toBeVisible();
    await expect(flag).toHaveCount(0);
    await expect(page.getByRole('listitem').filter({ hasText: 'led to plan version 2' })).toContainText(
      'Discussed on 7 April; agreed to add behavioural activation.',
    );

    // The fall of 31 March is a rupture too: raised once, in the fall's banner, with the why and the acknowledgement.
    const rupture = page.getByRole('status').filter({ hasText: /^The ratings fell at the session of 31 March 2026/ });
    await expect(rupture).toContainText(`Rupture in the alliance: ${RUPTURE.toLowerCase()}.`);
    await expect(rupture).toContainText('Last session rated 7.0 of 10');
    await expect(page.getByRole('status').filter({ hasText: RUPTURE.toLowerCase() })).toHaveCount(1);
    await screenshot(page, 'outcomes-rupture');
    await rupture.getByRole('button', { name: 'Acknowledge…' }).click();
    const ruptureDialog = page.getByRole('dialog', { name: 'Acknowledge: rupture in the alliance' });
    await ruptureDialog
      .getByLabel('What was discussed and agreed')
      .fill('Talked it through; she felt rushed. Agreed to leave ten minutes at the end.');
    await ruptureDialog.getByRole('button', { name: 'Record and acknowledge' }).click();
    await expect(ruptureDialog).toBeHidden();
    await expect(rupture).toHaveCount(0);
    await expect(page.getByRole('listitem').filter({ hasText: 'Rupture in the alliance, acknowledged' })).toContainText('she felt rushed');
    await screenshot(page, 'outcomes-feedback-tab');
    await page.getByRole('link', { name: 'Print the progress summary…' }).click();
    await expect(page).toHaveURL(new RegExp(`#/print/progress/${patient.id}$`));
  });

  await test.step('the flag leaves today’s session', async () => {
    await TodayScreen.open(page);
    await expect(today.lines('Sessions').first()).not.toContainText(FLAG);
    await expect(today.lines('Sessions').first()).not.toContainText(RUPTURE);
  });
});
