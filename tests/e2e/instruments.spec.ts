/**
 * A PCL-5 on the patient's measurement schedule: offered first, and already chosen, when the laptop is
 * handed over; answered in patient mode, worded as published with its credit and licence; and on the
 * chart, its total and band charted with the licence line.
 */
import { INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import { CalendarScreen } from './calendar-pages';
import { ChartScreen } from './chart-pages';
import { FeedbackSection, HandOverDialog, LeaveDialog, PatientModeScreen } from './feedback-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'juniper harbour lantern quietly';
const imogen: PatientDetails = { givenName: 'Imogen', familyName: 'Okafor-Lindqvist', dateOfBirth: '1991-04-17' };
const at = (date: string, time: string) => new Date(`${date}T${time}`);

test('a PCL-5 due on the patient’s schedule is offered first in patient mode, and the chart shows its total, band and licence', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  test.setTimeout(120_000);
  // Tuesday 10 March 2026, 10:40: the session of 10:00 is ending.
  await practiceClock.install(page, at('2026-03-10', '10:40:00'));
  await seed.setUp(PASSPHRASE);
  const patientId = (await seed.patient(imogen)).id;
  await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: at('2026-03-10', '10:00:00').toISOString(),
      durationMinutes: 50,
      kind: 'therapy',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  // Her schedule: a PCL-5 monthly (never given, so due); the PHQ-9 and GAD-7 taken off it.
  await seed.call('measures:setSchedule', { patientId, instrument: 'pcl5', everyDays: 30 });
  await seed.call('measures:setSchedule', { patientId, instrument: 'phq9', everyDays: null });
  await seed.call('measures:setSchedule', { patientId, instrument: 'gad7', everyDays: null });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  const calendar = await CalendarScreen.open(page);
  const session = await calendar.openSession(calendar.session('Tue 10:00', listedName(imogen)));
  const handOver = await HandOverDialog.open(session.dialog);
  const forms = handOver.dialog.getByRole('checkbox');
  await expect(forms.first()).toHaveAccessibleName(/^PCL-5 .*Due on the patient’s schedule: never given/);
  await expect(forms.first()).toBeChecked();
  await expect(handOver.form('Session feedback')).toBeChecked();
  await expect(handOver.form('PHQ-9')).not.toBeChecked();
  await screenshot(page, 'instruments-hand-over');
  await handOver.handOver();

  const patientMode = new PatientModeScreen(page);
  await expect(patientMode.heading).toHaveText('PTSD Checklist for DSM-5 (PCL-5)');
  await expect(patientMode.progress).toHaveText('Form 1 of 2');
  await expect(page.getByText(/In the past month, how much were you bothered by:$/)).toBeVisible();
  await expect(page.getByText(/^PCL-5 \(8\/14\/2013\)\. Weathers FW/)).toContainText(
    'Licence: Public domain. A work of the US Department of Veterans Affairs',
  );
  // Twenty items, answered 2 ("Moderately") for the first fifteen and 1 ("A little bit") for the rest: 35.
  const pcl5 = INSTRUMENT_DEFINITIONS.pcl5;
  const form = page.getByRole('form', { name: pcl5.title });
  for (const [index, item] of pcl5.items.entries()) {
    const group = form.getByRole('group', { name: `${index + 1}. ${item}`, exact: true });
    await group.getByRole('radio', { name: index < 15 ? 'Moderately' : 'A little bit', exact: true }).check();
  }
  expect(await page.locator('body').innerText()).not.toMatch(/score|total|cut-off/i);
  await screenshot(page, 'instruments-patient-mode-pcl5');
  await patientMode.send('Send and continue');
  await expect(patientMode.heading).toHaveText('Your feedback on today’s session');

  // The clinician takes the laptop back before the feedback; the PCL-5 is saved.
  await patientMode.forTheClinician.click();
  const leave = new LeaveDialog(page);
  await leave.submit(PASSPHRASE);
  await expect(leave.dialog).toBeHidden();

  await page.goto(`${harness.url.split('#')[0]}#/patients/${patientId}/feedback`);
  const chart = new ChartScreen(page);
  await expect(chart.heading(listedName(imogen))).toBeVisible();
  const figure = page.getByRole('figure', { name: 'PCL-5', exact: true });
  await expect(figure).toContainText('1 score; latest 35 of 80 (Above cut-off) on 10 Mar 2026.');
  await expect(figure).toContainText('PCL-5 (rated by the patient): licence public domain.');
  await expect(figure).toContainText('a provisional cut-off of 31–33 indicates probable PTSD');
  await expect(new FeedbackSection(page).measures.getByRole('row').nth(1)).toContainText(/10 Mar 2026\s*PCL-5\s*35 \/ 80\s*Above cut-off/);
  // The schedule is tucked away below the readings, as the licences are.
  await page.locator('summary', { hasText: 'Measurement schedule' }).click();
  const schedule = page.getByRole('region', { name: 'Measurement schedule' });
  await expect(schedule.getByRole('row', { name: /^PCL-5/ })).toContainText(/Monthly \(30 days\).*10 Mar 2026\s*9 Apr 2026/);
  await figure.scrollIntoViewIfNeeded();
  await screenshot(page, 'instruments-chart');

  // The list of instruments says only those whose licence allows are shipped, each with its licence.
  await page.getByText('Instruments and their licences').click();
  const licences = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Licence' }) });
  await expect(page.getByText(/^Alliance ships only instruments whose licence lets a practice reproduce them/)).toBeVisible();
  await expect(licences.getByRole('row', { name: /^Alcohol Use Disorders Identification Test \(AUDIT\)/ })).toContainText(
    'Free to reproduce, not for sale',
  );

  // The CGI is the clinician's own rating, entered on the chart.
  const enter = await new FeedbackSection(page).enterAnswers();
  await enter.dialog.getByRole('group', { name: 'Which form' }).getByRole('button', { name: 'CGI-S' }).click();
  await enter.dialog.getByRole('radio', { name: 'Markedly ill', exact: true }).check();
  await screenshot(page, 'instruments-cgi');
  await enter.save('Save CGI-S');
  await expect(enter.dialog).toContainText('Saved the CGI-S of 10 Mar 2026: 5 (Markedly ill), marked as entered by the clinician.');
  await enter.close();
  await expect(page.getByRole('figure', { name: 'CGI-S', exact: true })).toContainText('latest 5 of 7 (Markedly ill)');
  await screenshot(page, 'instruments-licences');
});
