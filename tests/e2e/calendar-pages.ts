/**
 * Page models for the calendar: the week, day and month views, the appointment form, the session
 * dialog, the move dialog, the export dialog and the on-time report. Found by role and accessible
 * name, as a screen reader finds them.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { PatientsPage, type PatientDetails } from './pages';

export async function openPatientsFromNavigation(page: Page): Promise<PatientsPage> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  const patients = new PatientsPage(page);
  await expect(patients.heading).toBeVisible();
  return patients;
}

export type CalendarView = 'Day' | 'Week' | 'Work week' | 'Month' | 'Agenda';

export class CalendarScreen {
  readonly heading: Locator;
  /** The period shown, as the toolbar names it ("9 – 15 March 2026"). */
  readonly periodLabel: Locator;
  /** Confirmations such as "Booked …" and "Moved to …". */
  readonly message: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Calendar' });
    this.periodLabel = page.getByRole('main').getByRole('heading', { level: 2 }).first();
    this.message = page.getByText(/^(Booked|Moved to|Changed to) /);
  }

  static async open(page: Page): Promise<CalendarScreen> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    const calendar = new CalendarScreen(page);
    await expect(calendar.heading).toBeVisible();
    return calendar;
  }

  async showView(view: CalendarView): Promise<void> {
    const button = this.page.getByRole('group', { name: 'View' }).getByRole('button', { name: view, exact: true });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next', exact: true }).click();
  }

  async previous(): Promise<void> {
    await this.page.getByRole('button', { name: 'Previous', exact: true }).click();
  }

  async today(): Promise<void> {
    await this.page.getByRole('button', { name: 'Today', exact: true }).click();
  }

  /**
   * A session on the calendar by the start of its spoken label: "Tue 10:00", then the patient as
   * the calendar lists them ("Family, Given").
   */
  session(when: string, patientName: string): Locator {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.page.getByRole('button', { name: new RegExp(`^${escape(when)}\\b.*, ${escape(patientName)},`) });
  }

  async newAppointment(): Promise<AppointmentFormDialog> {
    await this.page.getByRole('button', { name: 'New appointment' }).click();
    const dialog = new AppointmentFormDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  async openSession(session: Locator): Promise<SessionDialog> {
    await session.click();
    const dialog = new SessionDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  /**
   * Drags a session with the mouse, as a person does, by `minutes` down the time grid (negative
   * goes up) and `days` columns to the right. Rows are read off the grid, so the zoom does not matter.
   */
  async drag(session: Locator, by: { minutes?: number; days?: number }): Promise<MoveDialog> {
    await this.dragOnly(session, by);
    const dialog = new MoveDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  /** Drags a session by so many minutes and days; a one-off moves at once, with no question. */
  async dragOnly(session: Locator, { minutes = 0, days = 0 }: { minutes?: number; days?: number }): Promise<void> {
    await session.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    const box = await session.boundingBox();
    const hour = await this.page.locator('.rbc-time-content .rbc-timeslot-group').first().boundingBox();
    const column = await this.page.locator('.rbc-time-content .rbc-day-slot').first().boundingBox();
    if (!box || !hour || !column) throw new Error('The session or the time grid is not on screen.');
    const fromX = box.x + box.width / 2;
    // The middle: the top and bottom edges are the handles that resize a session.
    const fromY = box.y + box.height / 2;
    await this.page.mouse.move(fromX, fromY);
    await this.page.mouse.down();
    // A few small steps first: the calendar tells a drag from a click by the distance moved.
    await this.page.mouse.move(fromX, fromY + 4, { steps: 2 });
    await this.page.mouse.move(fromX + days * column.width, fromY + (minutes / 60) * hour.height, { steps: 12 });
    await this.page.mouse.up();
  }

  /**
   * Drags the bottom edge of a session, as a person does to lengthen or shorten it, to the line
   * `minutes` after its start. The handle shows only while the pointer is over the session.
   */
  async resize(session: Locator, { toMinutes }: { toMinutes: number }): Promise<MoveDialog> {
    await session.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await session.hover();
    const handle = session.locator('.rbc-addons-dnd-resize-ns-anchor').last();
    const box = await handle.boundingBox();
    const edge = await session.boundingBox();
    const hour = await this.page.locator('.rbc-time-content .rbc-timeslot-group').first().boundingBox();
    if (!box || !edge || !hour) throw new Error('The session’s lower edge or the time grid is not on screen.');
    const fromX = box.x + box.width / 2;
    const fromY = box.y + box.height / 2;
    await this.page.mouse.move(fromX, fromY);
    await this.page.mouse.down();
    await this.page.mouse.move(fromX, fromY + 4, { steps: 2 });
    // Let go just past the line of the new end: the box is drawn a little short of its end, so
    // the line is measured from its top, where the session starts.
    await this.page.mouse.move(fromX, edge.y + (toMinutes / 60) * hour.height + 4, { steps: 12 });
    await this.page.mouse.up();
    return new MoveDialog(this.page);
  }

  async openExport(): Promise<ExportDialog> {
    await this.page.getByRole('button', { name: 'Export…' }).click();
    const dialog = new ExportDialog(this.page);
    await expect(dialog.dialog).toBeVisible();
    return dialog;
  }

  async openOnTimeReport(): Promise<OnTimeReportPage> {
    await this.page.getByRole('link', { name: 'On-time report' }).click();
    const report = new OnTimeReportPage(this.page);
    await expect(report.heading).toBeVisible();
    return report;
  }
}

export type Booking = {
  patient: PatientDetails;
  /** YYYY-MM-DD and HH:MM, as the date and time fields take them. */
  date: string;
  time: string;
  minutes: number;
  kind: 'Intake' | 'Follow-up' | 'Medication management' | 'Therapy';
  repeat?: { weekly: true; sessions: number };
};

export class AppointmentFormDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'New appointment' });
  }

  /** Types part of the name and picks the patient from the suggestions. */
  async choosePatient(patient: PatientDetails): Promise<void> {
    const box = this.dialog.getByRole('combobox', { name: 'Patient' });
    await box.fill(patient.familyName.slice(0, 4));
    await this.dialog.getByRole('option', { name: new RegExp(`${patient.familyName}, ${patient.givenName}`) }).click();
  }

  async fill(booking: Booking): Promise<void> {
    await this.choosePatient(booking.patient);
    await this.dialog.getByLabel('Date', { exact: true }).fill(booking.date);
    await this.dialog.getByLabel('Start time').fill(booking.time);
    await this.dialog.getByLabel('Length in minutes').fill(String(booking.minutes));
    await this.dialog.getByLabel('Kind of session').selectOption({ label: booking.kind });
    if (booking.repeat) {
      await this.dialog.getByRole('group', { name: 'Repeat' }).getByRole('combobox').selectOption({ label: 'Every week' });
      await this.dialog.getByRole('radio', { name: 'After a number of sessions' }).check();
      await this.dialog.getByLabel('Number of sessions', { exact: true }).fill(String(booking.repeat.sessions));
    }
  }

  /** The summary under the repeat choices: "Weekly on Tuesday, 6 sessions". */
  get repeatSummary(): Locator {
    return this.dialog.locator('.repeat__summary');
  }

  async book(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Book appointment' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

export class SessionDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    // The session dialog is titled with the patient's name; it is the one that leads to the patient's page
    // (the attendance buttons give way to the cancellation's questions while those are asked).
    this.dialog = page.getByRole('dialog').filter({ has: page.getByRole('link', { name: 'Open patient’s page' }) });
  }

  attendanceButton(label: 'Attended' | 'Late' | 'No-show' | 'Cancelled by patient' | 'Cancelled by clinician'): Locator {
    return this.dialog.getByRole('group', { name: 'Record attendance' }).getByRole('button', { name: label, exact: true });
  }

  /** The pill at the top: "Scheduled", "Attended", "Late cancellation", "In session now". */
  get status(): Locator {
    return this.dialog.locator('.session__status-line .status-pill');
  }

  async mark(label: 'Attended' | 'No-show'): Promise<void> {
    await this.attendanceButton(label).click();
    await expect(this.dialog.getByText(`Recorded: ${label}.`)).toBeVisible();
    await expect(this.attendanceButton(label)).toHaveAttribute('aria-pressed', 'true');
  }

  /** Records the patient's cancellation, made at the date and time given (the dialog proposes now). */
  async cancelByPatient(when?: { date: string; time: string }): Promise<void> {
    const asked = this.dialog.getByRole('group', { name: 'When did the patient cancel?' });
    // Asked already when the test stopped to look at the question.
    if (!(await asked.isVisible())) await this.attendanceButton('Cancelled by patient').click();
    if (when) {
      await asked.getByLabel('Date', { exact: true }).fill(when.date);
      await asked.getByLabel('Time', { exact: true }).fill(when.time);
    }
    await this.dialog.getByRole('button', { name: 'Cancel this session' }).click();
    await expect(this.dialog.getByText('Recorded the patient’s cancellation.')).toBeVisible();
  }

  /** The attendance record inside the dialog. */
  get attendanceRecord(): AttendanceRecordSection {
    return new AttendanceRecordSection(this.dialog.getByRole('region', { name: 'Attendance record', exact: true }));
  }

  async done(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Done' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

export class MoveDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^(Move this session\?|Change the length\?|Book this time anyway\?)$/ });
  }

  async moveThisSessionOnly(): Promise<void> {
    await expect(this.dialog.getByRole('radio', { name: 'This session' })).toBeChecked();
    await this.dialog.getByRole('button', { name: 'Move this session' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async changeThisSessionOnly(): Promise<void> {
    await expect(this.dialog.getByRole('radio', { name: 'This session' })).toBeChecked();
    await this.dialog.getByRole('button', { name: 'Change this session' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

export class ExportDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Export to another calendar' });
  }

  async choose({
    from,
    to,
    names,
    includeCancelled,
  }: {
    from: string;
    to: string;
    names: 'Initials' | 'Leave out';
    includeCancelled: boolean;
  }): Promise<void> {
    await this.dialog.getByLabel('From').fill(from);
    await this.dialog.getByLabel('To').fill(to);
    await this.dialog.getByRole('radio', { name: names }).check();
    await this.dialog.getByRole('checkbox', { name: 'Include cancelled sessions' }).setChecked(includeCancelled);
  }

  async export(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Export sessions' }).click();
  }
}

/** The tallies of an attendance record: "Last 90 days" and "All time". */
export class AttendanceRecordSection {
  constructor(readonly region: Locator) {}

  table(caption: 'Last 90 days' | 'All time'): Locator {
    return this.region.getByRole('table', { name: new RegExp(`^${caption}`) });
  }

  /** The count in a row of a tally ("Kept", "No-shows", "Late cancellations", "Other cancellations"). */
  count(caption: 'Last 90 days' | 'All time', row: string): Locator {
    return this.table(caption)
      .getByRole('row', { name: new RegExp(`^${row}`) })
      .getByRole('cell')
      .first();
  }

  async expectTally(
    caption: 'Last 90 days' | 'All time',
    tally: { sessions: number; kept: number; noShows: number; lateCancellations: number; otherCancellations: number },
  ): Promise<void> {
    await expect(this.table(caption)).toContainText(`${tally.sessions} session${tally.sessions === 1 ? '' : 's'}`);
    await expect(this.count(caption, 'Kept')).toHaveText(String(tally.kept));
    await expect(this.count(caption, 'No-shows')).toHaveText(String(tally.noShows));
    await expect(this.count(caption, 'Late cancellations')).toHaveText(String(tally.lateCancellations));
    await expect(this.count(caption, 'Other cancellations')).toHaveText(String(tally.otherCancellations));
  }
}

export class OnTimeReportPage {
  readonly heading: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sessions on time' });
    this.table = page.getByRole('table', { name: /^Sessions begun and ended on time/ });
  }

  row(period: string): Locator {
    return this.table.getByRole('row', { name: new RegExp(`^${period}`) });
  }
}

/** The running session in the header. */
export class SessionTimerBar {
  readonly group: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.group = page.getByRole('group', { name: 'Session in progress' });
    this.notice = this.group.getByRole('status');
  }

  /** Ends the session, confirming, and leaves the offer to write the note and book the next one. */
  async end(): Promise<void> {
    await this.group.getByRole('button', { name: 'End session' }).click();
    await this.page.getByRole('dialog', { name: 'End the session now?' }).getByRole('button', { name: 'End session now' }).click();
    await expect(this.group).toBeHidden();
    const after = this.page.getByRole('dialog', { name: 'Session ended' });
    await expect(after.getByRole('button', { name: 'Book next session' })).toBeVisible();
    await after.getByRole('button', { name: 'Done' }).click();
    await expect(after).toBeHidden();
  }
}
