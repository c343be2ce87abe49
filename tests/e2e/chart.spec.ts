/**
 * The chart end to end: a patient found with Ctrl+K, a diagnosis and a medication with a dose
 * change, a follow-up note written from the calendar's session, a lock mid-sentence that loses
 * nothing, signing, an addendum, the timeline, and the signed note printed and read back. The page
 * and the harness share one clock (calendar-clock.ts), so every date is fixed.
 */
import type { Result } from '../../shared/errors';
import { CalendarScreen, openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen, NoteEditorScreen, SearchPalette, SignedNoteScreen, savePracticeDetails } from './chart-pages';
import { expect, printedText, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const PASSPHRASE = 'willow quarry lantern hums';

const harriet: PatientDetails = {
  givenName: 'Harriet',
  familyName: 'Okonkwo-Lindqvist',
  preferredName: 'Hattie',
  dateOfBirth: '1984-03-17',
  phone: '+44 20 7946 0123',
};
const others: PatientDetails[] = [
  { givenName: 'Tobias', familyName: 'Abernethy', dateOfBirth: '1999-11-02' },
  { givenName: 'Ottilie', familyName: 'Okafor', dateOfBirth: '1962-08-09' },
];
const name = listedName(harriet);

/** Local wall-clock times: the browser and the harness share this machine's time zone. */
const at = (date: string, time: string) => new Date(`${date}T${time}`);

const INTERVAL = 'Sleeping better since the dose went up; mood 6/10. Took every dose. Mild nausea the first week, now gone.';
const ASSESSMENT = 'Recurrent depression, improving on sertraline 100 mg. No psychotic features.';
const PLAN_TYPED_BEFORE_LOCK = 'Continue sertraline 100 mg; review in four weeks; CBT referral sent.';
/** Typed into a field as a clinician might quote it: it must show as these characters, never as markup. */
const MARKUP = 'Writes notes to self like <img src=x onerror=alert(1)> and <b>bold</b>';
const ADDENDUM = 'Phoned the patient on 12 March: the referral letter arrived; first CBT session booked.';

test(
  'a psychiatrist finds a patient, records a diagnosis and a medication, writes and signs a note through a lock, adds an addendum and prints it',
  { tag: '@journey' },
  async ({ page, harness, practiceClock, seed }) => {
    test.setTimeout(240_000);
    // Markup typed into a note must never run: an alert() would open a dialog.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Wednesday 11 March 2026, 11:20: this morning's follow-up has just ended.
    await practiceClock.install(page, at('2026-03-11', '11:20:00'));
    await seed.setUp(PASSPHRASE);
    await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

    await test.step('the practice’s letterhead is set in Settings; the clinician’s own name is left for the first signature', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await savePracticeDetails(page, {
        practiceName: 'Harbour Street Psychiatry',
        practiceAddress: '14 Harbour Street\nLeith EH6 6QW',
        practicePhone: '0131 496 0000',
      });
      await screenshot(page, 'chart-settings-practice');
    });

    await test.step('three patients are added, one with pronouns and an emergency contact', async () => {
      const patients = await openPatientsFromNavigation(page);
      const form = await patients.addPatient();
      await form.fill(harriet);
      await page.getByLabel(/^Pronouns/).fill('she/her');
      await page.getByLabel(/^Emergency contact’s name/).fill('Ingrid Lindqvist');
      await page.getByLabel(/^Relationship to the patient/).fill('Sister');
      await page.getByLabel(/^Emergency contact’s phone/).fill('+44 20 7946 0999');
      await page.getByLabel('Physician’s name (optional)', { exact: true }).fill('Dr Malcolm Reid');
      await page.getByLabel('Practice (optional)', { exact: true }).fill('Leith Medical Practice');
      await page.getByLabel('Physician’s phone (optional)', { exact: true }).fill('0131 496 0101');
      await screenshot(page, 'chart-patient-form');
      await form.save(harriet);
      for (const other of others) await seed.patient(other);
    });

    await test.step('this morning’s session is booked and marked attended', async () => {
      const patientId = (await seed.call('patients:list', {})).find((p) => p.familyName === harriet.familyName)!.id;
      const session = await seed.call('appointments:create', {
        appointment: {
          patientId,
          start: at('2026-03-11', '10:00:00').toISOString(),
          durationMinutes: 50,
          kind: 'follow-up',
          location: '',
          isVideo: false,
          note: '',
          recurrence: null,
        },
        acknowledgeWarnings: true,
      });
      await seed.call('appointments:setAttendance', { ref: session.ref, attendance: 'attended', lateMinutes: null });
      await CalendarScreen.open(page);
    });

    const chart = new ChartScreen(page);
    await test.step('Ctrl+K finds the patient by part of her family name, and Enter opens her chart', async () => {
      const palette = await SearchPalette.open(page);
      await palette.search('okonk');
      await expect(palette.results).toHaveCount(1);
      await expect(palette.result(name)).toContainText('Chart no. 1');
      await expect(palette.result(name)).toContainText('born 17 Mar 1984');
      // Two patients share the start of their family names: both are offered, and arrows choose.
      await palette.search('ok');
      await expect(palette.result('Okafor, Ottilie')).toBeVisible();
      await expect(palette.result(name)).toBeVisible();
      await screenshot(page, 'chart-palette');
      await palette.input.press('Escape');
      await expect(palette.dialog).toBeHidden();
      await SearchPalette.open(page);
      await palette.search('ok');
      await expect(palette.results).toHaveCount(2);
      const position = (await palette.results.allInnerTexts()).findIndex((text) => text.includes(name));
      await palette.openWithKeyboard(position);
      await expect(chart.heading(name)).toBeVisible();
    });

    await test.step('the header says who this is, the session this morning, and that allergies are not recorded yet', async () => {
      await expect(chart.header).toContainText('she/her');
      await expect(chart.header).toContainText('41 years, born 17 Mar 1984');
      await expect(chart.header).toContainText('Chart no. 1');
      await expect(chart.header).toContainText(/Last session\s*Wednesday,? 11 March 2026, 10:00\s?–\s?10:50 · Follow-up · Attended/);
      await expect(chart.header).toContainText('Allergies not recorded');
      await screenshot(page, 'chart-notes-empty');
      await chart.recordNoKnownAllergies();
    });

    await test.step('a primary diagnosis is added by the words a clinician uses, the field’s own example', async () => {
      await chart.openTab('Diagnoses');
      // A code found through an inclusion term says which term found it.
      await page.getByRole('button', { name: 'Add diagnosis' }).click();
      const form = page.getByRole('form', { name: 'Add a diagnosis' });
      const box = form.getByRole('combobox', { name: 'Diagnosis' });
      await box.fill('panic attacks');
      await expect(form.getByRole('option').first()).toHaveText(
        /^F41\.0\s*Panic disorder \[episodic paroxysmal anxiety\]\s*matches: Panic attack$/,
      );
      await screenshot(page, 'chart-diagnosis-terms');
      await box.press('Escape');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await chart.diagnoses.add({
        search: 'recurrent depression',
        option: 'F33.1 Major depressive disorder, recurrent, moderate',
        onset: '2025-10-01',
        comment: 'Third episode',
        primary: true,
      });
      await expect(chart.diagnoses.list).toContainText('F33.1');
      await expect(chart.diagnoses.list).toContainText('Primary');
      await expect(chart.diagnoses.list).toContainText('Onset 1 Oct 2025');
      await expect(chart.sidePanel).toContainText('F33.1 Major depressive disorder, recurrent, moderate');
      await screenshot(page, 'chart-diagnoses');
    });

    await test.step('sertraline is started, then its dose is raised, each a dated entry with its reason', async () => {
      await chart.openTab('Medications');
      await chart.medications.start({
        name: 'Sertraline',
        dose: '50 mg',
        frequency: 'once daily',
        date: '2026-02-11',
        reason: 'Depressive symptoms',
      });
      await chart.medications.changeDose('Sertraline', {
        dose: '100 mg',
        frequency: 'once daily',
        date: '2026-02-25',
        reason: 'Partial response at four weeks',
      });
      await expect(chart.medications.current).toContainText('Sertraline 100 mg, oral, once daily');
      await expect(chart.medications.current).toContainText('Started 11 Feb 2026 · dose changed 25 Feb 2026');
      await expect(chart.medications.history.getByRole('row')).toHaveCount(3);
      await expect(chart.medications.history).toContainText('Dose changed: Sertraline 100 mg, oral, once daily');
      await expect(chart.medications.history).toContainText('Partial response at four weeks');
      await expect(chart.sidePanel).toContainText('Sertraline 100 mg');
      await expect(chart.header).toContainText('No known allergies');
      await screenshot(page, 'chart-medications');
    });

    let editor = new NoteEditorScreen(page);
    await test.step('the calendar’s session dialog offers “Write note”, which opens a follow-up note linked to the session', async () => {
      const calendar = await CalendarScreen.open(page);
      const dialog = await calendar.openSession(calendar.session('Wed 10:00', name));
      await dialog.dialog.getByRole('button', { name: 'Write note' }).click();
      await expect(dialog.dialog).toBeHidden();
      editor = new NoteEditorScreen(page);
      await expect(editor.article).toBeVisible();
      await expect(editor.article.getByRole('heading', { level: 2 })).toHaveText('Psychiatric follow-up');
      await expect(editor.article).toContainText(/Session: Wednesday,? 11 March 2026, 10:00\s?–\s?10:50 · Follow-up/);
      for (const heading of ['Interval history', 'Mental status examination', 'Risk assessment', 'Assessment', 'Plan']) {
        await expect(editor.section(heading)).toBeVisible();
      }
    });

    await test.step('the note is written from the template and saves itself', async () => {
      await editor.field('Interval history').fill(INTERVAL);
      await editor.field('Mood (in the patient’s words)').fill('“Better, most days”');
      await editor.field('Affect').fill('Reactive, brighter than last visit');
      await editor.field('Thought content').fill(MARKUP);
      await editor.field('Suicidal ideation, intent, plan').fill('Denies ideation, intent or plan.');
      await editor.choose('Overall risk', 'Low');
      await editor.field('Assessment').fill(ASSESSMENT);
      await editor.expectSaved();
      await screenshot(page, 'chart-editor');
    });

    await test.step('Ctrl+L right after typing, before the draft would save itself, locks without losing a word', async () => {
      await editor.field('Plan').fill(PLAN_TYPED_BEFORE_LOCK);
      await expect(editor.saveStatus).toHaveText('Unsaved changes');
      const unlock = await chart.lockWithShortcut();
      expect(await page.content()).not.toContain('sertraline');
      await unlock.unlock(PASSPHRASE);
      editor = new NoteEditorScreen(page);
      await expect(editor.field('Plan')).toHaveValue(PLAN_TYPED_BEFORE_LOCK);
      await expect(editor.field('Interval history')).toHaveValue(INTERVAL);
      await expect(editor.article.getByRole('group', { name: 'Overall risk' }).getByRole('radio', { name: 'Low' })).toBeChecked();
    });

    await test.step('the note is signed with the name typed at signing, which Settings then keeps', async () => {
      await editor.article.getByRole('button', { name: 'Sign note…' }).click();
      await screenshot(page, 'chart-sign-dialog');
      await page.getByRole('dialog', { name: 'Sign this note?' }).getByRole('button', { name: 'Cancel' }).click();
      const signed = await editor.sign({ name: 'Dr Ana Reyes', credentials: 'MD' });
      await expect(signed.signature).toHaveText(/^Signed by Dr Ana Reyes, MD on 11 March 2026/);
      await expect(signed.article).toContainText(INTERVAL);
      await expect(signed.article).toContainText(PLAN_TYPED_BEFORE_LOCK);
      await expect(signed.article).toContainText(MARKUP);
      await expect(signed.article.locator('img, b')).toHaveCount(0);
      expect(dialogs).toEqual([]);
      await screenshot(page, 'chart-signed-note');
    });

    await test.step('a signed note cannot be edited: no field to type in, and the bridge itself refuses a draft save', async () => {
      const signed = new NoteEditorScreen(page);
      await expect(signed.article).toHaveCount(0);
      await expect(page.getByRole('article').first().getByRole('textbox')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Sign note…' })).toHaveCount(0);
      const noteId = page.url().split('/notes/')[1] ?? '';
      const answer = await page.evaluate(
        ([id]) =>
          window.alliance.invoke('notes:saveDraft', {
            id,
            version: 99,
            fields: { plan: 'changed afterwards' },
            serviceDate: '2026-03-11',
          } as never) as Promise<Result<unknown>>,
        [noteId],
      );
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('NOTE_SIGNED');
    });

    await test.step('an addendum is added, signed with the name now kept in Settings', async () => {
      const signed = new SignedNoteScreen(page);
      await signed.addenda.getByRole('button', { name: 'Add addendum' }).click();
      await expect(signed.addenda.getByLabel('Signed by')).toHaveValue('Dr Ana Reyes, MD');
      await signed.addenda.getByRole('button', { name: 'Cancel' }).click();
      await signed.addAddendum(ADDENDUM);
      await expect(signed.addenda.getByRole('listitem')).toHaveCount(1);
      await expect(signed.addenda).toContainText(/Addendum, 11 March 2026.*signed by Dr Ana Reyes, MD/);
      await expect(signed.addenda).toContainText(ADDENDUM);
      await screenshot(page, 'chart-signed-note-addendum');
    });

    await test.step('Ctrl+K finds words of the signed note, marks them, and Enter opens that note', async () => {
      await chart.openTab('Diagnoses');
      const palette = await SearchPalette.open(page);
      await palette.search('nausea');
      const found = palette.result(name);
      await expect(found).toContainText('In a note');
      await expect(found).toContainText('note of 11 Mar 2026');
      await expect(found.locator('mark')).toHaveText([/^nausea$/i]);
      await screenshot(page, 'chart-palette-note');
      await palette.openWithKeyboard(0);
      await expect(new SignedNoteScreen(page).signature).toBeVisible();
    });

    await test.step('the timeline shows the session, the note, both medication entries and the diagnosis; a filter hides the sessions', async () => {
      await chart.openTab('Timeline');
      const list = chart.timeline.list;
      await expect(list).toContainText(/Session.*10:00\s?–\s?10:50 · Follow-up · Attended/);
      await expect(list).toContainText(/Psychiatric follow-up · Signed by Dr Ana Reyes, MD.* · 1 addendum/);
      await expect(list).toContainText('Started: Sertraline 50 mg, oral, once daily');
      await expect(list).toContainText('Dose changed: Sertraline 100 mg, oral, once daily');
      await expect(list).toContainText('F33.1 Major depressive disorder, recurrent, moderate');
      await expect(list).toContainText('Added as primary, active');
      await expect(list.getByRole('heading', { level: 3 }).first()).toHaveText(/Wednesday,? 11 March 2026/);
      await screenshot(page, 'chart-timeline');
      await chart.timeline.filter('Sessions').click();
      await expect(chart.timeline.filter('Sessions')).toHaveAttribute('aria-pressed', 'false');
      await expect(list).not.toContainText('Follow-up · Attended');
      await expect(list).toContainText('Dose changed: Sertraline 100 mg');
      await chart.timeline.filter('Sessions').click();
    });

    await test.step('the signed note prints with the letterhead, the patient, the note, the signature, the addendum and “Confidential”', async () => {
      await chart.timeline.list.getByRole('link', { name: 'Psychiatric follow-up' }).click();
      const signed = new SignedNoteScreen(page);
      const print = await signed.openPrintView();
      await screenshot(page, 'chart-print');
      await print.saveAsPdf();
      await expect(page.getByText('The note was sent to the printer.')).toBeVisible();
      // The harness stubs the print dialog and counts its openings.
      await expect(page.locator('html')).toHaveAttribute('data-print-requests', '1');
      const printed = (await printedText(page, 'chart-note-pdf')).replace(/\s+/g, ' ');
      for (const words of [
        'Harbour Street Psychiatry',
        '14 Harbour Street',
        '0131 496 0000',
        'Confidential',
        'Psychiatric follow-up note',
        name,
        '17 March 1984',
        'Chart no. 1',
        '11 March 2026',
        'Interval history',
        'Sleeping better since the dose went up',
        'Overall risk Low',
        'Continue sertraline 100 mg; review in four weeks',
        'Signed by Dr Ana Reyes, MD',
        'the referral letter arrived',
        'Page 1 of 1',
      ]) {
        expect(printed, `the printed note says “${words}”`).toContain(words);
      }
      for (const screenOnly of ['Save as PDF', 'Back to the note', 'Find a patient', 'Lock']) expect(printed).not.toContain(screenOnly);
      expect(await page.title()).not.toContain('Okonkwo');
    });

    await test.step('the chart’s history lists the signature, the addendum and the printing', async () => {
      await page.getByRole('link', { name: 'Back to the note' }).click();
      await chart.openTab('History');
      const history = page.getByRole('table', { name: 'The chart’s history, newest first' });
      await expect(history).toContainText('Note printed');
      await expect(history).toContainText('Addendum added');
      await expect(history).toContainText('Note signed');
      await expect(history).toContainText('Chart opened');
      await page.getByRole('button', { name: 'Check the audit log' }).click();
      await expect(page.getByText(/^The audit log is intact/)).toBeVisible();
      await screenshot(page, 'chart-history');
    });

    await test.step('details and attendance are sections of the same chart', async () => {
      await chart.openTab('Details');
      await expect(page.getByRole('region', { name: 'Emergency contact' })).toContainText('Ingrid Lindqvist');
      const physician = page.getByRole('region', { name: 'Primary care physician' });
      await expect(physician.getByRole('definition').filter({ hasText: 'Dr Malcolm Reid' })).toHaveText('Dr Malcolm Reid');
      await expect(physician).toContainText('Leith Medical Practice');
      await expect(physician).toContainText('0131 496 0101');
      await screenshot(page, 'chart-details');
      await chart.openTab('Attendance');
      await expect(page.getByRole('region', { name: 'Attendance record', exact: true })).toContainText('1 session');
      await screenshot(page, 'chart-attendance');
      await chart.openTab('Notes');
      await expect(chart.noteList.getByRole('listitem')).toHaveCount(1);
      await expect(chart.noteList).toContainText('Signed by Dr Ana Reyes, MD');
      await screenshot(page, 'chart-notes');
    });
  },
);

test('a note begun from the chart without a session survives a change from another window and can be discarded; bad input is explained beside its field', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-11', '16:00:00'));
  await seed.setUp(PASSPHRASE);
  await seed.patient(others[0]!);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(listedName(others[0]!));
  const chart = new ChartScreen(page);

  await test.step('a medication start with no dose and a future date says what is wrong and keeps what was typed', async () => {
    await chart.openTab('Medications');
    await page.getByRole('button', { name: 'Start a medication' }).click();
    const form = page.getByRole('form', { name: 'Start a medication' });
    await form.getByLabel('Medication').fill('Lithium carbonate');
    await form.getByLabel('Started on').fill('2026-04-01');
    await form.getByLabel('Reason').fill('Mood stabilisation');
    await form.getByRole('button', { name: 'Start medication' }).click();
    await expect(form.getByLabel('Dose')).toHaveAccessibleDescription(/Enter the dose, for example 50 mg/);
    await expect(form.getByLabel('Started on')).toHaveAccessibleDescription('Record a change on the day it happened: today or earlier');
    await expect(form.getByLabel('Medication')).toHaveValue('Lithium carbonate');
    await screenshot(page, 'chart-medication-errors');
  });

  await test.step('a free-text note is begun, written, and discarded after confirming', async () => {
    const dialog = await chart.newNote();
    await dialog.chooseTemplate('Free text');
    await screenshot(page, 'chart-new-note-dialog');
    const editor = await dialog.start();
    await editor.field('Note').fill('Telephone call: asked to move next week’s appointment.');
    await editor.expectSaved();

    // Another window saves the same draft meanwhile: this one's next save meets a newer version.
    const noteId = page.url().split('/notes/')[1] ?? '';
    const saved = await page.evaluate(async (id) => {
      const read = await window.alliance.invoke('notes:get', { id });
      if (!read.ok) return read;
      return window.alliance.invoke('notes:saveDraft', {
        id,
        version: read.value.version,
        fields: { text: 'From the other window' },
        serviceDate: read.value.serviceDate,
      });
    }, noteId);
    expect(saved.ok).toBe(true);
    await editor.field('Note').fill('Telephone call: asked to move next week’s appointment to Thursday.');
    const conflict = page.getByRole('status').filter({ hasText: 'This draft was changed in another window' });
    await expect(conflict).toBeVisible();
    await expect(editor.saveStatus).toHaveText('Not saved: changed in another window');
    await expect(editor.field('Note')).toHaveValue('Telephone call: asked to move next week’s appointment to Thursday.');
    await screenshot(page, 'chart-editor-conflict');
    await conflict.getByRole('button', { name: 'Keep what I typed here' }).click();
    await editor.expectSaved();
    const stored = await page.evaluate((id) => window.alliance.invoke('notes:get', { id }), noteId);
    expect(stored.ok && stored.value.fields.text).toBe('Telephone call: asked to move next week’s appointment to Thursday.');

    await editor.article.getByRole('button', { name: 'Discard draft…' }).click();
    await page.getByRole('dialog', { name: 'Discard this draft?' }).getByRole('button', { name: 'Discard draft' }).click();
    await expect(page.getByText('No notes yet')).toBeVisible();
  });
});

test('records are corrected, never erased, and a long list of notes comes twenty at a time', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, at('2026-03-11', '16:00:00'));
  const patient = others[1]!;
  await seed.setUp(PASSPHRASE);
  await seed.patient(patient);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(listedName(patient));
  const chart = new ChartScreen(page);

  await test.step('a diagnosis goes into remission, and one recorded by mistake leaves the list with its reason', async () => {
    await chart.openTab('Diagnoses');
    await chart.diagnoses.add({ search: 'F41.1', option: 'F41.1 Generalized anxiety disorder', primary: true });
    await chart.diagnoses.add({ search: 'ptsd chronic', option: 'F43.12 Post-traumatic stress disorder, chronic', primary: false });
    await chart.diagnoses.changeStatus('F41.1', 'In remission');
    await expect(chart.diagnoses.list.getByRole('listitem').filter({ hasText: 'F41.1' })).toContainText('In remission');
    await chart.diagnoses.markEnteredInError('F43.12', 'Recorded for the wrong patient');
    await expect(chart.diagnoses.list).not.toContainText('F43.12');
    await expect(page.getByRole('region', { name: 'Entered in error' })).toContainText(
      'F43.12 Post-traumatic stress disorder, chronic — Recorded for the wrong patient',
    );
    await expect(page.getByRole('region', { name: 'History of changes' })).toContainText('Status: Active → In remission');
    await expect(chart.sidePanel).not.toContainText('F43.12');
    await screenshot(page, 'chart-diagnoses-corrected');
  });

  await test.step('a stopped medication moves to “Stopped”; a start entered in error leaves no course behind', async () => {
    await chart.openTab('Medications');
    await chart.medications.start({ name: 'Quetiapine', dose: '25 mg', frequency: 'at night', date: '2026-03-02', reason: 'Sleep' });
    await chart.medications.start({ name: 'Pregabalin', dose: '75 mg', frequency: 'twice daily', date: '2026-03-04', reason: 'Anxiety' });
    await chart.medications.stop('Quetiapine', { date: '2026-03-10', reason: 'Morning sedation' });
    await expect(page.getByRole('list', { name: 'Stopped medications' })).toContainText('Stopped: Morning sedation');
    await chart.medications.markEntryInError('Started: Pregabalin', 'Prescribed for another patient');
    await expect(chart.medications.current).toHaveCount(0);
    await expect(chart.medications.history).toContainText('Entered in error: Prescribed for another patient');
    await expect(chart.sidePanel).not.toContainText('Pregabalin');
  });

  await test.step('an allergy shows in the header until it is marked entered in error', async () => {
    await chart.medications.addAllergy({ substance: 'Penicillin', reaction: 'Hives within an hour', severity: 'Severe' });
    await expect(chart.header).toContainText('Penicillin (severe)');
    await screenshot(page, 'chart-allergies');
    await chart.medications.markAllergyInError('Penicillin', 'It was amoxicillin, already listed elsewhere');
    await expect(chart.header).toContainText('Allergies not recorded');
    await expect(chart.medications.allergies).toContainText('Penicillin — entered in error: It was amoxicillin');
  });

  await test.step('the Notes section shows the latest twenty notes, and “More notes” the rest', async () => {
    const patientId = page.url().split('/patients/')[1]?.split('/')[0] ?? '';
    // Twenty-one telephone notes over three weeks, loaded through the bridge as the window would.
    const created = await page.evaluate(async (id) => {
      for (let day = 0; day < 21; day += 1) {
        const serviceDate = `2026-02-${String(day + 1).padStart(2, '0')}`;
        const note = await window.alliance.invoke('notes:create', { patientId: id, template: 'free-text', session: null, serviceDate });
        if (!note.ok) return note.error.code;
        const saved = await window.alliance.invoke('notes:saveDraft', {
          id: note.value.id,
          version: note.value.version,
          fields: { text: `Telephone call ${day + 1}` },
          serviceDate,
        });
        if (!saved.ok) return saved.error.code;
      }
      return 'created';
    }, patientId);
    expect(created).toBe('created');
    await chart.openTab('Notes');
    const notes = chart.noteList.getByRole('listitem');
    await expect(notes).toHaveCount(20);
    await expect(notes.first()).toContainText('Telephone call 21');
    await page.getByRole('button', { name: 'More notes' }).click();
    await expect(notes).toHaveCount(21);
    await expect(notes.last()).toContainText('Telephone call 1');
    await expect(page.getByRole('button', { name: 'More notes' })).toHaveCount(0);
    await expect(chart.tabs.getByRole('link', { name: /^Notes/ })).toHaveAccessibleName('Notes 21 unsigned drafts');
  });
});

test('at 1024×700 the chart header stays under 200 px so the notes start above the fold; allergies show once, most severe first', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await practiceClock.install(page, at('2026-03-11', '16:00:00'));
  await seed.setUp(PASSPHRASE);
  const patient = await seed.call('patients:create', {
    patient: {
      ...harriet,
      preferredName: 'Hattie',
      phone: '+44 20 7946 0123',
      pronouns: 'she/her',
      email: 'hattie.okonkwo-lindqvist@example.org',
    },
  });
  const patientId = patient.id;
  for (const [substance, severity] of [
    ['Latex', 'mild'],
    ['Penicillin', 'severe'],
    ['Lamotrigine', 'moderate'],
  ] as const)
    await seed.call('allergies:add', { patientId, allergy: { substance, kind: 'allergy', reaction: 'Rash', severity, notedOn: '' } });
  for (const start of [at('2026-03-04', '10:00:00'), at('2026-03-18', '10:00:00')])
    await seed.call('appointments:create', {
      appointment: {
        patientId,
        start: start.toISOString(),
        durationMinutes: 50,
        kind: 'follow-up',
        location: '',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
  await seed.call('plans:create', { patientId });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(name);
  const chart = new ChartScreen(page);
  await expect(chart.header).toContainText('Penicillin');
  await expect(chart.header).toContainText('Next session');

  const box = await chart.header.boundingBox();
  expect(box?.height).toBeLessThanOrEqual(200);
  // The notes section begins above the fold.
  const tabs = await chart.tabs.boundingBox();
  expect((tabs?.y ?? 700) + (tabs?.height ?? 0)).toBeLessThan(700);
  await screenshot(page, 'chart-header-1024');

  const chartText = await page.locator('.chart').innerText();
  for (const substance of ['Penicillin', 'Lamotrigine', 'Latex']) expect(chartText.split(substance)).toHaveLength(2);
  await expect(chart.header.locator('.allergy-status strong')).toHaveText(['Penicillin', 'Lamotrigine', 'Latex']);
});

test('a diagnosis onset before the date of birth is refused beside the field, and nothing is added', async ({ page, harness, seed }) => {
  await seed.setUp(PASSPHRASE);
  await seed.patient(harriet);
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  const patients = await openPatientsFromNavigation(page);
  await patients.open(name);
  const chart = new ChartScreen(page);
  await chart.openTab('Diagnoses');
  await page.getByRole('button', { name: 'Add diagnosis' }).click();
  const form = page.getByRole('form', { name: 'Add a diagnosis' });
  await form.getByRole('combobox', { name: 'Diagnosis' }).fill('F41.1');
  await form.getByRole('option', { name: /^F41\.1 / }).click();
  await form.getByLabel(/^Onset/).fill('1980-05-01');
  await form.getByRole('button', { name: 'Add diagnosis' }).click();
  await expect(form.getByLabel(/^Onset/)).toHaveAccessibleDescription('The onset date is before the patient’s date of birth');
  await expect(chart.sidePanel).toContainText('None recorded.');
});
