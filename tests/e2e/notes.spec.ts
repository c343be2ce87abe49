/**
 * Faster notes: a new note copied forward from the last signed one, its copied sections marked until
 * edited and pointed out at signing; the normal MSE one click per domain; a template chosen by hand
 * that a session no longer replaces; a signer's credentials kept apart from the name; a template
 * edited in Settings and the next note written with its new version, and one created there.
 */
import { CalendarScreen, openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen, NewNoteDialog, NoteEditorScreen } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, openSettingsSection, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'copper lantern drifts north';
const patient: PatientDetails = { givenName: 'Maren', familyName: 'Solberg', dateOfBirth: '1979-05-21' };
const at = (date: string, time: string) => new Date(`${date}T${time}`);

const COPIED = 'Copied from 3 Nov — edit to make it yours';

test('a note copied forward from the last signed one keeps its marks until each section is edited, and signing names the rest', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  // Tuesday 10 November 2026, 10:00: this morning's therapy session has ended.
  await practiceClock.install(page, at('2026-11-10', '10:00:00'));
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(patient);
  const last = await seed.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: null, serviceDate: '2026-11-03' });
  const saved = await seed.call('notes:saveDraft', {
    id: last.id,
    version: last.version,
    serviceDate: '2026-11-03',
    fields: { intervalHistory: 'Sleeping six hours; mood 5/10.', plan: 'Continue sertraline 100 mg; review in two weeks.' },
  });
  await seed.call('notes:sign', { id: last.id, version: saved.version, signedBy: 'Dr Ana Reyes, MD' });
  await seed.call('appointments:create', {
    appointment: {
      patientId,
      start: at('2026-11-10', '09:00:00').toISOString(),
      durationMinutes: 50,
      kind: 'therapy',
      location: '',
      isVideo: false,
      note: '',
      recurrence: null,
    },
    acknowledgeWarnings: true,
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await test.step('the session’s dialog offers its note copied forward from the last signed one', async () => {
    const calendar = await CalendarScreen.open(page);
    const session = await calendar.openSession(calendar.session('Tue 09:00', listedName(patient)));
    await expect(session.dialog.getByRole('button', { name: 'Copy forward from 3 Nov' })).toBeVisible();
    await screenshot(page, 'notes-session-dialog-copy-forward');
    await page.keyboard.press('Escape');
    await expect(session.dialog).toBeHidden();
  });

  const patients = await openPatientsFromNavigation(page);
  await patients.open(listedName(patient));
  const chart = new ChartScreen(page);

  const editor = new NoteEditorScreen(page);
  await test.step('a template chosen by hand stays chosen when a session is chosen; the session’s own is proposed', async () => {
    const dialog: NewNoteDialog = await chart.newNote();
    const session = dialog.dialog.getByLabel('Session', { exact: true });
    await expect(session).not.toHaveValue('');
    await dialog.chooseTemplate('Psychiatric follow-up');
    await session.selectOption({ index: 0 });
    await session.selectOption({ index: 1 });
    await expect(dialog.dialog.getByRole('radio', { name: 'Psychiatric follow-up', exact: true })).toBeChecked();
    await expect(dialog.dialog.getByRole('status').filter({ hasText: 'A therapy session usually gets the DAP template' })).toBeVisible();

    const copy = dialog.dialog.getByRole('checkbox', { name: /^Copy forward from the last signed note \(/ });
    await expect(copy).toHaveAccessibleName(/3 November 2026, Psychiatric follow-up\)/);
    await copy.check();
    await screenshot(page, 'notes-new-note-copy-forward');
    await dialog.start();
  });

  await test.step('the copied sections are marked, and stay marked after a reload', async () => {
    await expect(editor.field('Interval history')).toHaveValue('Sleeping six hours; mood 5/10.');
    await expect(editor.article.getByText(COPIED)).toHaveCount(2);
    await editor.expectSaved();
    await page.reload();
    await expect(editor.article.getByText(COPIED)).toHaveCount(2);
  });

  await test.step('editing one section makes it the clinician’s own; the normal MSE goes in one click per domain', async () => {
    await editor.field('Interval history').fill('Sleeping seven hours; mood 6/10. Back at work.');
    await expect(editor.section('Interval history').getByText(COPIED)).toHaveCount(0);
    await expect(editor.section('Plan').getByText(COPIED)).toBeVisible();

    const mse = editor.section('Mental status examination');
    await mse.getByRole('button', { name: 'Speech: normal' }).click();
    await expect(editor.field('Speech')).toHaveValue('Normal rate, rhythm and volume.');
    await editor.field('Insight').fill('Partial.');
    await mse.getByRole('button', { name: 'All normal' }).click();
    await expect(editor.field('Thought process')).toHaveValue('Linear and goal-directed.');
    await expect(editor.field('Insight')).toHaveValue('Partial.');
    await editor.expectSaved();
    await screenshot(page, 'notes-editor-copied');
  });

  await test.step('signing points out the section still as copied, refuses credentials in the name, and signs with them apart', async () => {
    await editor.article.getByRole('button', { name: 'Sign note…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this note?' });
    await expect(dialog.getByText('1 section is still exactly as copied from 3 Nov:')).toBeVisible();
    await expect(dialog).toContainText('Plan. Sign if that is still true today');
    await dialog.getByLabel('Signed by').fill('Dr. A. Name, MD');
    await dialog.getByRole('button', { name: 'Sign note' }).click();
    await expect(dialog.getByLabel('Signed by')).toHaveAccessibleDescription(/Write only your name here: put “MD” in Credentials/);
    await screenshot(page, 'notes-sign-dialog-copied');
    await dialog.getByLabel('Signed by').fill('Dr A. Name');
    await dialog.getByLabel('Credentials', { exact: true }).fill('MD');
    await dialog.getByRole('button', { name: 'Sign note' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Signed by Dr A\. Name, MD on /)).toBeVisible();
    const preferences = await seed.call('preferences:get', {});
    expect([preferences.clinicianName, preferences.clinicianCredentials]).toEqual(['Dr A. Name', 'MD']);
  });
});

test('a template edited in Settings is saved as a new version, one created there is offered too, and notes are written with both', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-11-10', '10:00:00'));
  await seed.setUp(PASSPHRASE);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  await openSettingsSection(page, 'Notes and letters');
  const card = page.getByRole('region', { name: 'Note templates' });
  await card.getByRole('button', { name: 'Edit DAP' }).click();
  const form = card.getByRole('form', { name: 'Edit DAP' });
  await form.getByLabel('Name').fill('DAP and homework');
  await form.getByRole('button', { name: 'Add a section' }).click();
  await form.getByLabel('Title of section 4').fill('Homework');
  await form.getByRole('textbox', { name: 'Prompt' }).nth(3).fill('What the patient will try before next time');
  await form.getByRole('button', { name: 'Move up Homework' }).click();
  await screenshot(page, 'notes-template-editor');
  await form.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(card.getByText('Saved DAP and homework as version 2.')).toBeVisible();
  await expect(card.getByText('Data · Assessment · Homework · Plan')).toBeVisible();

  // A template of the practice's own: a name already in use is refused, with words that say so.
  await card.getByRole('button', { name: 'New template' }).click();
  const creating = card.getByRole('form', { name: 'New template' });
  await creating.getByLabel('Name').fill('dap and homework');
  await creating.getByLabel('Title of section 1').fill('Who attended');
  await creating.getByRole('button', { name: 'Create template' }).click();
  await expect(creating.getByLabel('Name')).toHaveAccessibleDescription(
    /There is already a template named “\u2068?DAP and homework\u2069?”/,
  );
  await creating.getByLabel('Name').fill('Family meeting');
  await creating.getByRole('textbox', { name: 'Prompt' }).first().fill('Names and roles');
  await creating.getByRole('button', { name: 'Add a section' }).click();
  await creating.getByLabel('Title of section 2').fill('Agreements');
  await screenshot(page, 'notes-template-new');
  await creating.getByRole('button', { name: 'Create template' }).click();
  await expect(card.getByText('Created Family meeting. New note offers it from now on.')).toBeVisible();
  await expect(card.getByText('Who attended · Agreements')).toBeVisible();
  await screenshot(page, 'settings-note-templates');

  const patients = await openPatientsFromNavigation(page);
  await patients.open(listedName(patient));
  const chart = new ChartScreen(page);
  const dialog = await chart.newNote();
  await dialog.chooseTemplate('DAP and homework');
  const editor = await dialog.start();
  await expect(editor.article.locator('.note-editor__heading')).toHaveText(['Data', 'Assessment', 'Homework', 'Plan']);
  await expect(editor.field('Homework')).toHaveAttribute('placeholder', 'What the patient will try before next time');

  await page.goBack();
  const second = await chart.newNote();
  await second.chooseTemplate('Family meeting');
  const meeting = await second.start();
  await expect(meeting.article.locator('.note-editor__heading')).toHaveText(['Who attended', 'Agreements']);
  await expect(meeting.field('Who attended')).toHaveAttribute('placeholder', 'Names and roles');
  await meeting.field('Who attended').fill('Maren and her mother');
  await meeting.expectSaved();
});
