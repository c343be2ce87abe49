/**
 * axe-core on every main screen, in the light and the dark theme: any serious or critical violation
 * fails the test, and every one found is printed (rule, impact, what axe says, the elements) so the
 * failure reads on its own. One page and one seeded vault for the whole walk; the screens are reached
 * by their addresses or a click, as a person would, without reloading.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { OccurrenceRef } from '../../shared/appointment';
import { SETTINGS_SECTIONS } from '../../renderer/settings/sections';
import { CalendarScreen } from './calendar-pages';
import { SearchPalette } from './chart-pages';
import { HandOverDialog } from './feedback-pages';
import { expect, screenshot, test } from './fixtures';
import { UnlockPage, listedName, type PatientDetails } from './pages';

const PASSPHRASE = 'juniper harbour lantern quietly';
const imogen: PatientDetails = {
  givenName: 'Imogen',
  familyName: 'Okonkwo-Lindqvist',
  dateOfBirth: '1984-06-12',
  phone: '+44 131 496 0123',
};
const tobias: PatientDetails = { givenName: 'Tobias', familyName: 'Halvorsen', dateOfBirth: '1991-02-03' };
const name = listedName(imogen);
const at = (date: string, time: string) => new Date(`${date}T${time}`);

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

type Found = { screen: string; theme: string; rule: string; impact: string; help: string; nodes: string[] };

type Results = Awaited<ReturnType<AxeBuilder['analyze']>>;
type AxeInPage = { axe: { run(context: unknown, options: object): Promise<Results> } };

async function showTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  // Colours change through CSS custom properties, and buttons ease into theirs: read them once the
  // next frame has started every transition and they have all finished.
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // Transitions only: a running session's pulse never finishes.
    const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
    await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  });
}

/**
 * What axe found that a person would be stopped by: serious and critical, each with its elements.
 * The light theme gets every rule; only colours differ in the dark one, so it is checked for contrast
 * alone, by the axe the first run left in the page (injecting it again costs more than the check).
 * A dialog is checked alone: the page behind it was checked on its own.
 */
async function violations(page: Page, screen: string, within?: string): Promise<Found[]> {
  await showTheme(page, 'light');
  // Violations only: axe then skips recording every element that passed, which is most of its time.
  const run = (options: object) =>
    page.evaluate(([context, runOptions]) => (window as unknown as AxeInPage).axe.run(context ?? document, runOptions), [
      within,
      options,
    ] as const);
  // The screens are reached without reloading, so axe is put in the page once and run again from there.
  const injected = await page.evaluate(() => 'axe' in window);
  const light = injected
    ? await run({ runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] })
    : await (within ? new AxeBuilder({ page }).include(within) : new AxeBuilder({ page }))
        .withTags(TAGS)
        .options({ resultTypes: ['violations'] })
        .analyze();
  await showTheme(page, 'dark');
  const dark = await run({ runOnly: ['color-contrast'], resultTypes: ['violations'] });
  const found: Found[] = [];
  for (const [theme, results] of [['light', light] as const, ['dark', dark] as const]) {
    for (const v of results.violations) {
      // AXE_ALL=1 reports the moderate and minor ones too, to look for them by hand.
      if (!process.env.AXE_ALL && v.impact !== 'serious' && v.impact !== 'critical') continue;
      found.push({
        screen,
        theme,
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        nodes: v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
      });
    }
  }
  return found;
}

function report(found: Found[]): string {
  return found
    .map((f) => `[${f.impact}] ${f.screen} (${f.theme}): ${f.rule}: ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
}

test('every main screen passes axe with no serious or critical violation, in the light and the dark theme @long', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  test.setTimeout(300_000);
  // Tuesday 10 March 2026, 10:20: the weekly session of 10:00 is under way.
  await practiceClock.install(page, at('2026-03-10', '10:20:00'));
  await seed.setUp(PASSPHRASE);
  const patientId = (await seed.patient(imogen)).id;
  const draftPatientId = (await seed.patient(tobias)).id;
  const series = await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: at('2026-02-17', '10:00:00').toISOString(),
      durationMinutes: 50,
      kind: 'therapy',
      location: '',
      isVideo: false,
      note: '',
      recurrence: { frequency: 'weekly', interval: 1, end: { type: 'count', count: 6 } },
    },
    acknowledgeWarnings: true,
  });
  const slot = (day: string): OccurrenceRef => ({ type: 'occurrence', seriesId: series.seriesId!, originalStart: `2026-${day}T10:00:00` });
  await seed.call('appointments:create', {
    appointment: {
      patientId: draftPatientId,
      start: at('2026-03-11', '19:00:00').toISOString(),
      durationMinutes: 50,
      kind: 'intake',
      location: '',
      isVideo: true,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  await seed.call('appointments:setAttendance', { ref: slot('02-17'), attendance: 'attended', lateMinutes: null });
  await seed.call('appointments:setAttendance', { ref: slot('02-24'), attendance: 'late', lateMinutes: 10 });
  await seed.call('appointments:setAttendance', { ref: slot('03-03'), attendance: 'late-cancellation', lateMinutes: null });
  await seed.call('feedback:record', {
    ref: slot('02-17'),
    answers: { heard: 9, focus: 8, approach: 9, overall: 9, helpful: 'The sleep diary', notHelpful: '', unproductiveTopic: '' },
  });
  await seed.call('feedback:record', {
    ref: slot('02-24'),
    answers: { heard: 6, focus: 5, approach: 6, overall: 5, helpful: '', notHelpful: 'Rushed', unproductiveTopic: '' },
  });
  await seed.call('measures:record', {
    patientId,
    ref: slot('02-17'),
    measure: { instrument: 'phq9', answers: [2, 2, 2, 2, 2, 2, 2, 2, 1], difficulty: 2 },
  });
  await seed.call('diagnoses:add', { patientId, diagnosis: { code: 'F41.1', status: 'active', isPrimary: true, onsetDate: '', note: '' } });
  await seed.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '50 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-17',
      reason: 'Anxiety',
    },
  });
  for (const [value, takenOn] of [
    [0.5, '2026-02-17'],
    [1.2, '2026-03-03'],
  ] as const)
    await seed.call('results:record', {
      patientId,
      result: { analyte: 'lithium', value, unit: 'mmol/L', takenOn, rangeLow: null, rangeHigh: null, note: '' },
    });
  const note = await seed.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: slot('02-17'), serviceDate: null });
  const plan = await seed.call('plans:create', { patientId });
  const goalId = randomUUID();
  const objectiveId = randomUUID();
  const saved = await seed.call('plans:saveDraft', {
    versionId: plan.current.id,
    version: 1,
    content: {
      ...plan.current.content,
      presentingProblems: 'Constant worry since a move abroad.',
      goals: [
        {
          id: goalId,
          patientWords: 'Sleep through the night',
          formulation: '',
          objectives: [
            {
              id: objectiveId,
              description: 'Six nights of six hours',
              measure: 'Sleep diary',
              targetDate: '2026-06-02',
              status: 'in-progress',
            },
          ],
        },
      ],
      safetyPlan: { ...plan.current.content.safetyPlan, warningSigns: 'Not sleeping.', professionals: 'The practice: 0131 496 0000.' },
    },
  });
  await seed.call('plans:agree', {
    versionId: saved.id,
    version: saved.version,
    agreement: { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes' },
  });
  await seed.call('plans:setObjectiveStatus', { planId: plan.planId, objectiveId, status: 'met', note: 'Four nights' });
  await seed.call('plans:addProgress', {
    planId: plan.planId,
    update: { goalId, date: '2026-03-10', rating: 6, working: 'The wind-down hour', notWorking: 'Late emails', noteId: null },
  });
  await seed.call('plans:create', { patientId: draftPatientId });
  // Sharing: a consent expiring soon, one revoked, and a disclosure made under the first.
  const consent = await seed.call('consents:record', {
    patientId,
    recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: 'Fax 0131 496 0199' },
    parts: ['diagnoses', 'medications'],
    purpose: 'Shared care of the antidepressant',
    validFrom: '2026-03-01',
    validUntil: '2026-03-31',
    givenAs: 'signed-form',
  });
  const revoked = await seed.call('consents:record', {
    patientId,
    recipient: { name: 'Elm Pharmacy', role: '', contact: '' },
    parts: ['medications'],
    purpose: 'Repeat prescriptions',
    validFrom: '2026-02-01',
    validUntil: null,
    givenAs: 'verbal',
  });
  await seed.call('consents:revoke', { consentId: revoked.id, revokedOn: '2026-03-09', reason: 'Changed pharmacy' });
  await seed.call('disclosures:record', {
    patientId,
    item: 'printed-plan',
    itemId: null,
    parts: ['diagnoses', 'medications'],
    basis: { kind: 'consent', consentId: consent.id },
  });
  await seed.call('vault:lock', {});

  const found: Found[] = [];
  const check = async (screen: string, within?: string) => found.push(...(await violations(page, screen, within)));
  const base = harness.url.split('#')[0];
  const open = async (route: string, heading: RegExp | string) => {
    await page.goto(`${base}#/${route}`);
    await expect(page.getByRole('heading', { level: 1, name: heading }).first()).toBeVisible();
  };

  await page.goto(harness.url);
  const unlock = new UnlockPage(page);
  await expect(unlock.heading).toBeVisible();
  await check('unlock');
  await unlock.unlock(PASSPHRASE);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // The day, the first screen after unlocking: its sessions and its unsigned note.
  await expect(page.getByRole('region', { name: /^Unsigned notes/ })).toBeVisible();
  await check('today');

  await open('calendar', 'Calendar');
  const calendar = new CalendarScreen(page);
  await calendar.showView('Week');
  await expect(calendar.session('Tue 10:00', name)).toBeVisible();
  await expect(page.locator('.calendar-frame')).toHaveAttribute('aria-busy', 'false');
  await check('calendar week');
  await screenshot(page, 'accessibility-calendar-week-dark');
  for (const view of ['Day', 'Month', 'Agenda'] as const) {
    await calendar.showView(view);
    // A view still loading its range is thinned (and, with reduced motion, at once): axe checks it settled.
    await expect(page.locator('.calendar-frame')).toHaveAttribute('aria-busy', 'false');
    await check(`calendar ${view.toLowerCase()}`);
    if (view === 'Month') await screenshot(page, 'accessibility-calendar-month-dark');
  }
  await calendar.showView('Week');
  const session = await calendar.openSession(calendar.session('Tue 10:00', name));
  await check('session dialog', 'dialog[open]');
  await session.dialog.press('Escape');
  await expect(session.dialog).toBeHidden();

  await open('patients', 'Patients');
  await check('patient list');
  await open('patients/new', /patient/i);
  await check('patient form');

  const tabs: [string, string][] = [
    ['', 'notes'],
    [`notes/${note.id}`, 'note editor'],
    ['diagnoses', 'diagnoses'],
    ['medications', 'medications'],
    ['results', 'results'],
    ['aims', 'AIMS'],
    ['documents', 'documents'],
    ['details', 'details'],
    ['attendance', 'attendance'],
    ['feedback', 'feedback'],
    ['history', 'history'],
    ['sharing', 'sharing'],
    ['billing', 'billing'],
    ['timeline', 'timeline'],
    ['plan', 'plan'],
    ['plan/versions', 'plan versions'],
  ];
  for (const [route, label] of tabs) {
    await open(`patients/${patientId}${route ? `/${route}` : ''}`, name);
    await page.waitForLoadState('networkidle');
    await check(`chart ${label}`);
  }
  await open(`patients/${draftPatientId}/plan`, listedName(tobias));
  await expect(page.getByRole('button', { name: /Record the patient’s agreement|agreement/i }).first()).toBeVisible();
  await check('plan editor');

  await open('feedback', /feedback/i);
  await page.waitForLoadState('networkidle');
  await check('practice feedback');
  await open('billing', 'Billing');
  await page.waitForLoadState('networkidle');
  await check('practice money');
  await open('calendar/on-time', /on time/i);
  await page.waitForLoadState('networkidle');
  await check('on-time report');
  await screenshot(page, 'accessibility-on-time-report-dark');
  // Settings, one section at a time from its side index: each section's cards, and the index marking it.
  await open('settings', 'Settings');
  const settingsIndex = page.getByRole('navigation', { name: 'Settings sections' });
  for (const section of SETTINGS_SECTIONS) {
    const link = settingsIndex.getByRole('link', { name: section.title, exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('.settings__pane .card').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await check(`settings ${section.id}`);
  }

  const palette = await SearchPalette.open(page);
  await palette.search('Okon');
  await expect(palette.result(name)).toBeVisible();
  await check('search palette', 'dialog[open]');
  await page.keyboard.press('Escape');

  await open('calendar', 'Calendar');
  const today = await calendar.openSession(calendar.session('Tue 10:00', name));
  const handOver = await HandOverDialog.open(today.dialog);
  await check('hand-over dialog', 'dialog[open]');
  await handOver.handOver();
  // The GAD-7 was never given, so it is due on the usual schedule: offered first, already chosen.
  await expect(page.getByRole('heading', { level: 1, name: 'Generalized Anxiety Disorder (GAD-7)' })).toBeVisible();
  await check('patient mode');

  expect(found, `axe found serious or critical violations:\n${report(found)}`).toEqual([]);
});
