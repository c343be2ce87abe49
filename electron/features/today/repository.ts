/**
 * The day's work in one reading: today's sessions with what to bring to each, then what is still
 * open (unsigned notes, attendance never recorded, item-9 answers not acknowledged). It reads, and
 * changes nothing; the flags come from the features that own them (the calendar's alerts, the plan's
 * status, the feedback's open item-9 answers), so the day never says otherwise than the calendar or
 * the chart. Runs only inside the database worker.
 */
import type { Database } from '@signalapp/sqlcipher';
import type { Appointment } from '../../../shared/appointment';
import type { Instrument } from '../../../shared/measures';
import { instantToLocal, localToInstant } from '../../../shared/recurrence';
import { measuresDue, UNRECORDED_ATTENDANCE_DAYS, type Today, type TodaySession, type UnsignedNote } from '../../../shared/today';
import type { CalendarAlerts } from '../calendar/alerts';
import type { AppointmentsRepository } from '../calendar/appointments';
import {
  DAY_MS,
  endMs,
  iso,
  LONGEST_SESSION_MS,
  MINUTE_MS,
  occurrenceSession,
  patientName,
  RANGE_SERIES_SQL,
  sessionKey,
  storedSession,
  toAppointment,
  wallClockSlotsBetween,
  type NamedAppointmentRow,
  type NamedSeriesRow,
  type Session,
  type SessionReader,
} from '../calendar/sessions';
import type { FeedbackRepository } from '../feedback/repository';
import type { MeasureSchedulesRepository, OwnSchedule } from '../feedback/schedules';
import type { CallEnvironment } from '../handlers';
import type { PlansRepository } from '../plans/repository';

/** Every draft, oldest session first, from notes_drafts_by_date. */
export const UNSIGNED_NOTES_SQL = `
  SELECT n.id, n.patient_id, n.template, v.label AS template_name, n.service_date, p.given_name, p.family_name, p.preferred_name
  FROM notes n JOIN patients p ON p.id = n.patient_id
    JOIN note_template_versions v ON v.template_id = n.template AND v.version = n.template_version
  WHERE n.status = 'draft'
  ORDER BY n.service_date, n.created_at`;

/**
 * Stored sessions begun in a stretch with nothing recorded: still "scheduled" and never started. From
 * appointments_by_start; only the few such rows are built into sessions, not every one of the stretch.
 */
export const UNRECORDED_STORED_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name
  FROM appointments a JOIN patients p ON p.id = a.patient_id
  WHERE a.start_utc >= $since AND a.start_utc < $now AND a.attendance = 'scheduled' AND a.actual_start IS NULL`;

/** The slots of one series that have a stored row, in a stretch of wall-clock time, from the (series_id, original_start) key. */
export const STORED_SLOTS_SQL = `
  SELECT original_start FROM appointments
  WHERE series_id = $seriesId AND original_start >= $fromLocal AND original_start <= $toLocal`;

type UnsignedNoteRow = {
  id: string;
  patient_id: string;
  template: UnsignedNote['template'];
  template_name: string;
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
  readonly #sessions: SessionReader;
  readonly #appointments: AppointmentsRepository;
  readonly #alerts: CalendarAlerts;
  readonly #plans: PlansRepository;
  readonly #feedback: FeedbackRepository;
  readonly #schedules: MeasureSchedulesRepository;

  constructor(
    db: Database,
    parts: {
      sessions: SessionReader;
      appointments: AppointmentsRepository;
      alerts: CalendarAlerts;
      plans: PlansRepository;
      feedback: FeedbackRepository;
      measureSchedules: MeasureSchedulesRepository;
    },
  ) {
    this.#db = db;
    this.#sessions = parts.sessions;
    this.#appointments = parts.appointments;
    this.#alerts = parts.alerts;
    this.#plans = parts.plans;
    this.#feedback = parts.feedback;
    this.#schedules = parts.measureSchedules;
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
    const schedules = new Map<string, OwnSchedule>();
    for (const patientId of new Set(flagged.map((a) => a.patientId))) {
      const status = this.#plans.status(patientId, environment);
      reviewDates.set(patientId, status !== null && status.reviewDate <= date ? status.reviewDate : null);
      lastAnswered.set(patientId, this.#schedules.lastAnswered(patientId));
      schedules.set(patientId, this.#schedules.own(patientId));
    }
    const sessions: TodaySession[] = flagged.map((appointment) => ({
      appointment,
      planReviewDate: reviewDates.get(appointment.patientId) ?? null,
      measuresDue: measuresDue(lastAnswered.get(appointment.patientId) ?? {}, date, schedules.get(appointment.patientId)),
    }));

    const unsignedNotes = this.#db
      .prepare(UNSIGNED_NOTES_SQL)
      .all<UnsignedNoteRow>()
      .map((row) => ({
        noteId: row.id,
        patientId: row.patient_id,
        patientName: patientName({ givenName: row.given_name, familyName: row.family_name, preferredName: row.preferred_name }),
        template: row.template,
        templateName: row.template_name,
        serviceDate: row.service_date,
      }));

    const unrecordedAttendance = this.unrecordedAttendance(Date.parse(now) - UNRECORDED_ATTENDANCE_DAYS * DAY_MS, Date.parse(now));

    return { date, sessions, unsignedNotes, unrecordedAttendance, selfHarm: this.#feedback.openSelfHarmAlerts() };
  }

  /**
   * The sessions that began at or after `sinceMs` and ended by `nowMs` with no attendance recorded, by
   * start: what the calendar shows for the stretch, narrowed to those. Read apart from the calendar's
   * range because that one builds every session of the stretch, each series slot turned into an instant
   * (the costly part), only for nearly all of them to be dropped: in a practice that records its
   * attendance, every past slot already has its stored row. Here the stored rows are filtered in SQL, and a
   * series slot is turned into an instant only when no row is stored for it.
   */
  unrecordedAttendance(sinceMs: number, nowMs: number): Appointment[] {
    const since = iso(sinceMs);
    const now = iso(nowMs);
    const found: Session[] = [];
    for (const row of this.#db.prepare(UNRECORDED_STORED_SQL).all<NamedAppointmentRow>({ since, now })) {
      const session = storedSession(row, row.series_id === null ? null : this.#sessions.series(row.series_id));
      if (endMs(session) <= nowMs) found.push(session);
    }
    // The series the calendar would expand for the stretch (series_by_span), with the same bounds.
    const bounds = { low: iso(sinceMs - LONGEST_SESSION_MS), to: now };
    // A day of margin on the wall clock covers every offset change between a reading and its instant.
    const wallClock = new Map<string, { fromLocal: string; toLocal: string }>();
    const slotsRead = this.#db.prepare(STORED_SLOTS_SQL, { pluck: true });
    for (const series of this.#db.prepare(RANGE_SERIES_SQL).all<NamedSeriesRow>(bounds)) {
      let stretch = wallClock.get(series.time_zone);
      if (!stretch) {
        stretch = {
          fromLocal: instantToLocal(new Date(sinceMs - DAY_MS), series.time_zone),
          toLocal: instantToLocal(new Date(nowMs + DAY_MS), series.time_zone),
        };
        wallClock.set(series.time_zone, stretch);
      }
      const slots = wallClockSlotsBetween(series, stretch.fromLocal, stretch.toLocal);
      if (slots.length === 0) continue;
      const stored = new Set(slotsRead.all<string>({ seriesId: series.id, ...stretch }));
      for (const slot of slots) {
        if (stored.has(slot)) continue;
        const startMs = localToInstant(slot, series.time_zone).getTime();
        if (startMs >= sinceMs && startMs + series.duration_minutes * MINUTE_MS <= nowMs)
          found.push(occurrenceSession(series, slot, startMs));
      }
    }
    return found.sort((a, b) => a.startMs - b.startMs || sessionKey(a).localeCompare(sessionKey(b))).map(toAppointment);
  }
}
