/**
 * The day's work in one reading: today's sessions with what to bring to each, then what is still
 * open (unsigned notes, attendance never recorded, item-9 answers not acknowledged). It reads, and
 * changes nothing; the flags come from the features that own them (the calendar's alerts, the plan's
 * status, the feedback's open item-9 answers), so the day never says otherwise than the calendar or
 * the chart. Runs only inside the database worker.
 */
import type { Database } from '@signalapp/sqlcipher';
import type { Instrument } from '../../../shared/measures';
import { instantToLocal, localToInstant } from '../../../shared/recurrence';
import { measuresDue, UNRECORDED_ATTENDANCE_DAYS, type Today, type TodaySession, type UnsignedNote } from '../../../shared/today';
import type { CalendarAlerts } from '../calendar/alerts';
import type { AppointmentsRepository } from '../calendar/appointments';
import { DAY_MS, patientName } from '../calendar/sessions';
import type { FeedbackRepository } from '../feedback/repository';
import type { CallEnvironment } from '../handlers';
import type { PlansRepository } from '../plans/repository';

/** Every draft, oldest session first, from notes_drafts_by_date. */
export const UNSIGNED_NOTES_SQL = `
  SELECT n.id, n.patient_id, n.template, n.service_date, p.given_name, p.family_name, p.preferred_name
  FROM notes n JOIN patients p ON p.id = n.patient_id
  WHERE n.status = 'draft'
  ORDER BY n.service_date, n.created_at`;

/** When one patient last answered one instrument, from measures_by_patient. */
export const LAST_MEASURE_SQL = 'SELECT max(date) FROM measures WHERE patient_id = $patientId AND instrument = $instrument';

type UnsignedNoteRow = {
  id: string;
  patient_id: string;
  template: UnsignedNote['template'];
  service_date: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
};

/** The day after a YYYY-MM-DD day. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export class TodayRepository {
  readonly #db: Database;
  readonly #appointments: AppointmentsRepository;
  readonly #alerts: CalendarAlerts;
  readonly #plans: PlansRepository;
  readonly #feedback: FeedbackRepository;

  constructor(
    db: Database,
    parts: { appointments: AppointmentsRepository; alerts: CalendarAlerts; plans: PlansRepository; feedback: FeedbackRepository },
  ) {
    this.#db = db;
    this.#appointments = parts.appointments;
    this.#alerts = parts.alerts;
    this.#plans = parts.plans;
    this.#feedback = parts.feedback;
  }

  day(environment: CallEnvironment): Today {
    const { now, timeZone } = environment;
    const date = instantToLocal(new Date(now), timeZone).slice(0, 10);
    const dayStart = localToInstant(`${date}T00:00:00`, timeZone).toISOString();
    const dayEnd = localToInstant(`${nextDay(date)}T00:00:00`, timeZone).toISOString();

    // The calendar's own reading of the day, with its flags: the feedback to raise and the plan past its review.
    const ofDay = this.#appointments.range(dayStart, dayEnd, true).filter((a) => a.start >= dayStart);
    const flagged = this.#alerts.apply(ofDay, environment, environment.feedbackRule, environment.ruptureRule);
    const reviewDates = new Map<string, string | null>();
    const lastAnswered = new Map<string, Partial<Record<Instrument, string>>>();
    const lastMeasure = this.#db.prepare(LAST_MEASURE_SQL, { pluck: true });
    for (const patientId of new Set(flagged.map((a) => a.patientId))) {
      const status = this.#plans.status(patientId, environment);
      reviewDates.set(patientId, status !== null && status.reviewDate <= date ? status.reviewDate : null);
      const last: Partial<Record<Instrument, string>> = {};
      for (const instrument of ['phq9', 'gad7'] as const) {
        const answered = lastMeasure.get<string | null>({ patientId, instrument });
        if (answered) last[instrument] = answered;
      }
      lastAnswered.set(patientId, last);
    }
    const sessions: TodaySession[] = flagged.map((appointment) => ({
      appointment,
      planReviewDate: reviewDates.get(appointment.patientId) ?? null,
      measuresDue: measuresDue(lastAnswered.get(appointment.patientId) ?? {}, date),
    }));

    const unsignedNotes = this.#db
      .prepare(UNSIGNED_NOTES_SQL)
      .all<UnsignedNoteRow>()
      .map((row) => ({
        noteId: row.id,
        patientId: row.patient_id,
        patientName: patientName({ givenName: row.given_name, familyName: row.family_name, preferredName: row.preferred_name }),
        template: row.template,
        serviceDate: row.service_date,
      }));

    const since = new Date(Date.parse(now) - UNRECORDED_ATTENDANCE_DAYS * DAY_MS).toISOString();
    const unrecordedAttendance = this.#appointments
      .range(since, now, false)
      .filter((a) => a.attendance === 'scheduled' && a.actualStart === null && a.end <= now && a.start >= since);

    return { date, sessions, unsignedNotes, unrecordedAttendance, selfHarm: this.#feedback.openSelfHarmAlerts() };
  }
}
