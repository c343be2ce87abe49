/**
 * Booking, editing, cancelling and timing sessions. Runs only inside the database worker.
 *
 * What is decided here, for the person's sake:
 * - Nothing is deleted. A cancellation is an attendance value; the session stays on the calendar.
 * - Changing "the whole series" changes the sessions that have not yet begun. Sessions already begun
 *   keep what they were (their time, kind, attendance): the series is split at the first session still
 *   ahead, and the earlier part keeps the old rule. "This and following" from a session already past
 *   starts at the first session still ahead too. A past session is changed on its own, with "this session".
 * - A series session someone has touched (moved, cancelled, attended, timed) becomes a stored row tied to
 *   its slot; it keeps that tie when a later edit splits the series, so it is never shown twice.
 * - Cancelling "this and following" of a series that never ends stops the series. The sessions of the next
 *   four weeks stay on the calendar as cancelled (those were the ones the patient had in their diary);
 *   later ones are simply no longer booked, so an ended therapy does not collect a cancellation a week.
 * - Starting a session records the actual start. Within two minutes of the scheduled start it is
 *   attended; later, it is late by the whole minutes (rounded), which the person can correct.
 *   A session can be started from 30 minutes before its scheduled start until its scheduled end.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import {
  CANCELLED,
  ON_TIME_TOLERANCE_MINUTES,
  type Appointment,
  type AppointmentChanges,
  type AppointmentInput,
  type Attendance,
  type EditScope,
  type Lateness,
  type OccurrenceRef,
  type Recurrence,
  type SchedulingWarning,
  type UpcomingSessions,
  type WorkingHours,
} from '../../../shared/appointment';
import type { AuditAction } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import {
  instantToLocal,
  isOccurrence,
  lastOccurrence,
  localToInstant,
  nthWeekdayOfMonth,
  occurrencesBetween,
  splitAt,
  type SeriesRule,
} from '../../../shared/recurrence';
import { refuseUnlessAcknowledged, schedulingWarnings } from './scheduling-warnings';
import {
  DAY_MS,
  endMs,
  iso,
  MINUTE_MS,
  ruleOf,
  sessionKey,
  slotsBetween,
  toAppointment,
  type AppointmentRow,
  type Session,
  type SessionReader,
  type SeriesRow,
} from './sessions';
import type { AuditLog } from '../audit/repository';

/** What the main process knows and the worker does not: the time, the zone, and the preferences that apply. */
export type SchedulingContext = {
  now: string;
  timeZone: string;
  workingHours: WorkingHours;
  lateCancellationHours: number;
};

/** How far ahead a new or re-planned series is checked for double bookings. */
const WARNING_HORIZON_MS = 366 * DAY_MS;
/** Long enough to reach the next session of any series (at most every 12 months, on an nth weekday). */
export const NEXT_SESSION_SEARCH_MS = 400 * DAY_MS;
/** A never-ending series cancelled from some point keeps this much of its remainder visible as cancelled. */
const CANCELLED_REMAINDER_MS = 28 * DAY_MS;
const EARLIEST_START_MS = 30 * MINUTE_MS;
/** How far ahead a patient's booked sessions are counted: past the end of any series the form can book. */
const UPCOMING_HORIZON_MS = 11 * 366 * DAY_MS;

const CANCELLED_IN_FUTURE = 'The cancellation cannot be later than now.';
const CANCELLED_AFTER_START =
  'That is after the session began. If the patient really cancelled after the start, say so with “Cancelled after the start”.';

/** How a cancellation came about: when it was made (default now), and a reason when the app cancels for one. */
export type CancellationDetails = { cancelledAt?: string; afterStart: boolean; reason?: string };

const LATENESS_NEEDED =
  'This session is starting late. Say whose lateness it was: the patient’s, yours (or a session that ran over), or no one’s.';

const CONFLICT_MESSAGE = 'Someone changed this session since you opened it. Reload it to see the changes, then make yours again.';

/** The columns of one session that a change can set. */
type SessionFields = {
  patientId: string;
  startMs: number;
  durationMinutes: number;
  kind: Session['kind'];
  location: string;
  isVideo: boolean;
  note: string;
  attendance: Attendance;
  lateMinutes: number | null;
  actualStart: string | null;
  actualEnd: string | null;
  cancelledAt: string | null;
  cancellationReason: string;
};

function fieldsOf(session: Session): SessionFields {
  const { patientId, startMs, durationMinutes, kind, location, isVideo, note, attendance, lateMinutes, actualStart, actualEnd } = session;
  const { cancelledAt, cancellationReason } = session;
  return {
    patientId,
    startMs,
    durationMinutes,
    kind,
    location,
    isVideo,
    note,
    attendance,
    lateMinutes,
    actualStart,
    actualEnd,
    cancelledAt,
    cancellationReason,
  };
}

function columnsOf(fields: SessionFields) {
  return {
    patientId: fields.patientId,
    start: iso(fields.startMs),
    end: iso(fields.startMs + fields.durationMinutes * MINUTE_MS),
    duration: fields.durationMinutes,
    kind: fields.kind,
    location: fields.location,
    isVideo: fields.isVideo ? 1 : 0,
    note: fields.note,
    attendance: fields.attendance,
    lateMinutes: fields.lateMinutes,
    actualStart: fields.actualStart,
    actualEnd: fields.actualEnd,
    // Only a cancelled session says when it was cancelled (and the schema's CHECK holds to it).
    cancelledAt: CANCELLED.has(fields.attendance) ? fields.cancelledAt : null,
    cancellationReason: CANCELLED.has(fields.attendance) ? fields.cancellationReason : '',
  };
}

/** The details a change carries over to every session it applies to (time is handled apart). */
function detailsOf(changes: AppointmentChanges): Partial<SessionFields> {
  const details: Partial<SessionFields> = {};
  if (changes.patientId !== undefined) details.patientId = changes.patientId;
  if (changes.kind !== undefined) details.kind = changes.kind;
  if (changes.location !== undefined) details.location = changes.location;
  if (changes.isVideo !== undefined) details.isVideo = changes.isVideo;
  if (changes.note !== undefined) details.note = changes.note;
  return details;
}

/** A session with a record of what happened keeps it: only scheduled, un-begun sessions follow a series edit. */
function hasHistory(row: Pick<AppointmentRow, 'attendance' | 'actual_start'>): boolean {
  return row.attendance !== 'scheduled' || row.actual_start !== null;
}

/** Wall-clock readings as plain numbers, for shifting "Tuesday 9:00" to "Wednesday 10:00" without any zone. */
function wallClockMs(local: string): number {
  return Date.parse(`${local}Z`);
}
function wallClockFromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function seriesColumnsOf(rule: SeriesRule) {
  const { recurrence } = rule;
  const last = lastOccurrence(rule);
  return {
    firstStart: rule.firstStart,
    timeZone: rule.timeZone,
    frequency: recurrence.frequency,
    interval: recurrence.interval,
    monthlyOrdinal: recurrence.frequency === 'monthly' ? (recurrence.monthlyOrdinal ?? null) : null,
    endType: recurrence.end.type,
    endDate: recurrence.end.type === 'until' ? recurrence.end.date : null,
    endCount: recurrence.end.type === 'count' ? recurrence.end.count : null,
    firstStartUtc: iso(localToInstant(rule.firstStart, rule.timeZone).getTime()),
    lastStartUtc: last === null ? null : iso(localToInstant(last, rule.timeZone).getTime()),
  };
}

/** The first `count` sessions of a series, found a stretch at a time (never from a range that could be endless). */
function firstSlots(rule: SeriesRule, count: number): string[] {
  const slots: string[] = [];
  const last = lastOccurrence(rule);
  const lastMs = last === null ? Number.POSITIVE_INFINITY : localToInstant(last, rule.timeZone).getTime();
  let fromMs = localToInstant(rule.firstStart, rule.timeZone).getTime();
  let span = NEXT_SESSION_SEARCH_MS;
  for (let round = 0; slots.length < count && fromMs <= lastMs && round < 16; round += 1) {
    slots.push(...occurrencesBetween(rule, new Date(fromMs), new Date(fromMs + span)));
    fromMs += span;
    span *= 2;
  }
  return slots.slice(0, count);
}

export class AppointmentsRepository {
  readonly #db: Database;
  readonly #sessions: SessionReader;
  readonly #audit: AuditLog;

  constructor(db: Database, sessions: SessionReader, audit: AuditLog) {
    this.#db = db;
    this.#sessions = sessions;
    this.#audit = audit;
  }

  /** Runs a change of the calendar and its audit entry in one transaction. */
  #audited(action: AuditAction, now: string, change: () => Appointment): Appointment {
    return this.#db.transaction(() => {
      const appointment = change();
      this.#audit.append(now, {
        action,
        recordType: appointment.ref.type === 'single' ? 'appointment' : 'series',
        recordId: appointment.ref.type === 'single' ? appointment.ref.id : appointment.ref.seriesId,
        patientId: appointment.patientId,
      });
      return appointment;
    })();
  }

  /**
   * The row id of a session, storing an occurrence of a series first if nothing had happened to it
   * yet: a note written about a session is tied to its row, which then keeps it through any move.
   */
  store(ref: OccurrenceRef, now: string): string {
    const session = this.#sessions.get(ref);
    return session.rowId ?? this.#write(session, {}, now).rowId ?? '';
  }

  range(from: string, to: string, includeCancelled: boolean): Appointment[] {
    return this.#sessions.between(Date.parse(from), Date.parse(to), includeCancelled).map(toAppointment);
  }

  get(ref: OccurrenceRef): Appointment {
    return toAppointment(this.#sessions.get(ref));
  }

  warnings(start: string, durationMinutes: number, ignore: OccurrenceRef | null, context: SchedulingContext): SchedulingWarning[] {
    const ignoredKey = ignore === null ? null : ignore.type === 'single' ? ignore.id : `${ignore.seriesId}@${ignore.originalStart}`;
    return schedulingWarnings(this.#sessions, {
      starts: [Date.parse(start)],
      durationMinutes,
      ignore: (session) => ignoredKey !== null && (session.rowId === ignoredKey || sessionKey(session) === ignoredKey),
      workingHours: context.workingHours,
      timeZone: context.timeZone,
    });
  }

  /** Books a session, or a series whose first session is returned. */
  create(input: AppointmentInput, acknowledgeWarnings: boolean, context: SchedulingContext): Appointment {
    return this.#audited('session.book', context.now, () => this.#create(input, acknowledgeWarnings, context));
  }

  #create(input: AppointmentInput, acknowledgeWarnings: boolean, context: SchedulingContext): Appointment {
    this.#requirePatient(input.patientId);
    const startMs = Date.parse(input.start);
    const now = context.now;

    if (input.recurrence === null) {
      const warnings = schedulingWarnings(this.#sessions, {
        starts: [startMs],
        durationMinutes: input.durationMinutes,
        ignore: () => false,
        workingHours: context.workingHours,
        timeZone: context.timeZone,
      });
      refuseUnlessAcknowledged(warnings, acknowledgeWarnings);
      const id = randomUUID();
      this.#insertRow(
        id,
        null,
        null,
        {
          patientId: input.patientId,
          startMs,
          durationMinutes: input.durationMinutes,
          kind: input.kind,
          location: input.location,
          isVideo: input.isVideo,
          note: input.note,
          attendance: 'scheduled',
          lateMinutes: null,
          actualStart: null,
          actualEnd: null,
          cancelledAt: null,
          cancellationReason: '',
        },
        now,
      );
      return this.get({ type: 'single', id });
    }

    const firstStart = instantToLocal(new Date(startMs), context.timeZone);
    const rule: SeriesRule = { firstStart, timeZone: context.timeZone, recurrence: this.#normalRecurrence(input.recurrence) };
    if (!isOccurrence(rule, firstStart)) {
      const message = 'The first session must fall on a day the repeat rule gives.';
      throw new AppError('INVALID_INPUT', message, [{ path: 'appointment.recurrence', message }]);
    }
    const warnings = schedulingWarnings(this.#sessions, {
      starts: this.#upcomingStarts(rule),
      durationMinutes: input.durationMinutes,
      ignore: () => false,
      workingHours: context.workingHours,
      timeZone: context.timeZone,
    });
    refuseUnlessAcknowledged(warnings, acknowledgeWarnings);
    const id = randomUUID();
    this.#insertSeries(
      id,
      input.patientId,
      rule,
      {
        durationMinutes: input.durationMinutes,
        kind: input.kind,
        location: input.location,
        isVideo: input.isVideo,
        note: input.note,
      },
      now,
    );
    return this.get({ type: 'occurrence', seriesId: id, originalStart: firstStart });
  }

  /**
   * Books a session brought in by an import from another calendar: a single scheduled session, with
   * no warning asked (the other calendar already held it) and no audit entry of its own (the import
   * writes one for everything it booked, in the transaction the caller holds). Answers its id.
   */
  bookImported(
    session: Pick<SessionFields, 'patientId' | 'startMs' | 'durationMinutes' | 'kind' | 'location' | 'isVideo'>,
    now: string,
  ): string {
    this.#requirePatient(session.patientId);
    const id = randomUUID();
    this.#insertRow(
      id,
      null,
      null,
      {
        ...session,
        note: '',
        attendance: 'scheduled',
        lateMinutes: null,
        actualStart: null,
        actualEnd: null,
        cancelledAt: null,
        cancellationReason: '',
      },
      now,
    );
    return id;
  }

  update(
    ref: OccurrenceRef,
    scope: EditScope,
    version: number,
    changes: AppointmentChanges,
    acknowledgeWarnings: boolean,
    context: SchedulingContext,
  ): Appointment {
    return this.#audited('session.change', context.now, () => this.#update(ref, scope, version, changes, acknowledgeWarnings, context));
  }

  #update(
    ref: OccurrenceRef,
    scope: EditScope,
    version: number,
    changes: AppointmentChanges,
    acknowledgeWarnings: boolean,
    context: SchedulingContext,
  ): Appointment {
    const session = this.#sessions.get(ref);
    if (session.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    if (changes.patientId !== undefined) this.#requirePatient(changes.patientId);
    if (session.series === null || scope === 'this') return this.#updateOne(session, changes, acknowledgeWarnings, context);
    return this.#updateFromSplit(session, session.series, scope, changes, acknowledgeWarnings, context);
  }

  cancel(
    ref: OccurrenceRef,
    scope: EditScope,
    by: 'patient' | 'clinician',
    context: SchedulingContext,
    how: CancellationDetails = { afterStart: false },
  ): Appointment {
    return this.#audited('session.cancel', context.now, () => this.#cancel(ref, scope, by, context, how));
  }

  #cancel(
    ref: OccurrenceRef,
    scope: EditScope,
    by: 'patient' | 'clinician',
    context: SchedulingContext,
    how: CancellationDetails,
  ): Appointment {
    const session = this.#sessions.get(ref);
    const cancelledMs = Date.parse(how.cancelledAt ?? context.now);
    if (cancelledMs > Date.parse(context.now) + MINUTE_MS) {
      throw new AppError('INVALID_INPUT', CANCELLED_IN_FUTURE, [{ path: 'cancelledAt', message: CANCELLED_IN_FUTURE }]);
    }
    if (cancelledMs > session.startMs && !how.afterStart) {
      throw new AppError('INVALID_INPUT', CANCELLED_AFTER_START, [{ path: 'cancelledAt', message: CANCELLED_AFTER_START }]);
    }
    // Judged from when the cancellation was made, not from when it is recorded.
    const attendanceFor = (startMs: number): Attendance => {
      if (by === 'clinician') return 'cancelled-by-clinician';
      const windowMs = context.lateCancellationHours * 60 * MINUTE_MS;
      return startMs - cancelledMs < windowMs ? 'late-cancellation' : 'cancelled-by-patient';
    };
    const cancelled = (startMs: number): Partial<SessionFields> => ({
      attendance: attendanceFor(startMs),
      lateMinutes: null,
      cancelledAt: iso(cancelledMs),
      cancellationReason: how.reason ?? '',
    });

    if (session.series === null || scope === 'this') {
      if (session.actualStart !== null) {
        throw new AppError('INVALID_INPUT', 'This session has already begun, so it cannot be cancelled; record its attendance instead.');
      }
      this.#write(session, cancelled(session.startMs), context.now);
      return this.get(ref);
    }

    const series = session.series;
    const split = this.#splitPoint(session, series, scope, context.now);
    if (split === null)
      throw new AppError('INVALID_INPUT', 'Every session of this series has already taken place; there is nothing left to cancel.');
    const rule = ruleOf(series);
    const { before, after } = splitAt(rule, split);
    const splitMs = localToInstant(split, series.time_zone).getTime();
    const lastLocal = lastOccurrence(after);
    const untilMs = lastLocal === null ? splitMs + CANCELLED_REMAINDER_MS : localToInstant(lastLocal, series.time_zone).getTime() + 1;
    const remainder = slotsBetween(series, splitMs, untilMs);

    this.#db.transaction(() => {
      const stored = this.#rowsFrom(series.id, split);
      const storedSlots = new Set(stored.map((row) => row.original_start));
      for (const row of stored) {
        if (hasHistory(row)) continue;
        this.#write(this.#sessions.get({ type: 'single', id: row.id }), cancelled(Date.parse(row.start_utc)), context.now);
      }
      for (const slot of remainder) {
        if (storedSlots.has(slot)) continue;
        const occurrence = this.#sessions.get({ type: 'occurrence', seriesId: series.id, originalStart: slot });
        this.#write(occurrence, cancelled(occurrence.startMs), context.now);
      }
      // The rule now ends before the split; stopped_before also covers a series cancelled from its first session.
      const kept = before ?? rule;
      const columns = seriesColumnsOf(kept);
      this.#db
        .prepare(
          `UPDATE series SET end_type = $endType, end_date = $endDate, end_count = $endCount, monthly_ordinal = $monthlyOrdinal,
             last_start_utc = $lastStartUtc, stopped_before = $split, updated_at = $now, version = version + 1
           WHERE id = $id`,
        )
        .run({
          id: series.id,
          endType: columns.endType,
          endDate: columns.endDate,
          endCount: columns.endCount,
          monthlyOrdinal: columns.monthlyOrdinal,
          lastStartUtc: before === null ? columns.firstStartUtc : columns.lastStartUtc,
          split,
          now: context.now,
        });
    })();
    return this.get(ref);
  }

  setAttendance(ref: OccurrenceRef, attendance: Attendance, lateMinutes: number | null, now: string): Appointment {
    return this.#audited('session.attendance', now, () => {
      const session = this.#sessions.get(ref);
      const cancelledAt = CANCELLED.has(attendance) ? (session.cancelledAt ?? now) : null;
      this.#write(session, { attendance, lateMinutes: attendance === 'late' ? lateMinutes : null, cancelledAt }, now);
      return this.get(ref);
    });
  }

  /** Records the actual start of a session due now. Starting a session already running answers it unchanged. */
  startSession(ref: OccurrenceRef, now: string, lateness?: Lateness): Appointment {
    return this.#audited('session.start', now, () => this.#startSession(ref, now, lateness));
  }

  #startSession(ref: OccurrenceRef, now: string, lateness: Lateness | undefined): Appointment {
    const session = this.#sessions.get(ref);
    const nowMs = Date.parse(now);
    if (CANCELLED.has(session.attendance)) throw new AppError('INVALID_INPUT', 'This session was cancelled, so it cannot be started.');
    if (session.actualEnd !== null) throw new AppError('INVALID_INPUT', 'This session has already ended.');
    if (session.actualStart !== null) return this.get(ref);
    if (nowMs < session.startMs - EARLIEST_START_MS || nowMs >= endMs(session)) {
      throw new AppError(
        'INVALID_INPUT',
        'Only a session that is due now can be started: from 30 minutes before its start until its scheduled end.',
      );
    }
    if (this.#runningRow()) throw new AppError('CONFLICT', 'Another session is still running. End it before starting this one.');
    const lateMs = nowMs - session.startMs;
    if (lateMs <= ON_TIME_TOLERANCE_MINUTES * MINUTE_MS) {
      this.#write(session, { actualStart: now, attendance: 'attended', lateMinutes: null }, now);
      return this.get(ref);
    }
    // Started late: only the clinician knows whose lateness it was, so it is asked, never assumed.
    if (lateness === undefined) {
      throw new AppError('INVALID_INPUT', LATENESS_NEEDED, [{ path: 'lateness', message: LATENESS_NEEDED }]);
    }
    const patch: Partial<SessionFields> =
      lateness === 'patient'
        ? { actualStart: now, attendance: 'late', lateMinutes: Math.max(1, Math.round(lateMs / MINUTE_MS)) }
        : lateness === 'clinician'
          ? { actualStart: now, attendance: 'attended', lateMinutes: null }
          : { actualStart: iso(session.startMs), attendance: 'attended', lateMinutes: null };
    this.#write(session, patch, now);
    return this.get(ref);
  }

  endSession(ref: OccurrenceRef, now: string): Appointment {
    return this.#audited('session.end', now, () => this.#endSession(ref, now));
  }

  #endSession(ref: OccurrenceRef, now: string): Appointment {
    const session = this.#sessions.get(ref);
    if (session.actualStart === null) throw new AppError('INVALID_INPUT', 'This session has not been started.');
    if (session.actualEnd !== null) throw new AppError('INVALID_INPUT', 'This session has already ended.');
    // A clock set back between start and end must not leave an end before the start.
    const end = Date.parse(now) < Date.parse(session.actualStart) ? session.actualStart : now;
    this.#write(session, { actualEnd: end }, now);
    return this.get(ref);
  }

  /**
   * The sessions a patient has booked from now on (not begun, not cancelled): one-offs and series
   * occurrences up to each series' end. A series with no end is counted apart, as a series.
   */
  upcoming(patientId: string, now: string): UpcomingSessions {
    this.#requirePatient(patientId);
    const nowMs = Date.parse(now);
    const endless = new Set<string>();
    let count = 0;
    for (const session of this.#sessions.ofPatient(patientId, nowMs, nowMs + UPCOMING_HORIZON_MS, false)) {
      if (session.startMs < nowMs || session.actualStart !== null) continue;
      if (session.rowId === null && session.series !== null && session.series.last_start_utc === null) {
        endless.add(session.series.id);
        continue;
      }
      count += 1;
    }
    return { count, endlessSeries: endless.size };
  }

  /**
   * Cancels, as the clinician and with a reason, every session a patient has booked from now on: each
   * series is stopped from its next session (as "cancel this and following"), each one-off cancelled.
   * Sessions already begun or with attendance recorded are left as they are.
   */
  cancelUpcoming(patientId: string, reason: string, context: SchedulingContext): void {
    this.#requirePatient(patientId);
    const nowMs = Date.parse(context.now);
    this.#db.transaction(() => {
      const seriesRows = this.#db
        .prepare('SELECT * FROM series WHERE patient_id = $patientId AND (last_start_utc IS NULL OR last_start_utc >= $now)')
        .all<SeriesRow>({ patientId, now: context.now });
      for (const series of seriesRows) {
        const next = slotsBetween(series, nowMs, nowMs + NEXT_SESSION_SEARCH_MS)[0];
        if (next === undefined) continue;
        this.cancel({ type: 'occurrence', seriesId: series.id, originalStart: next }, 'following', 'clinician', context, {
          afterStart: false,
          reason,
        });
      }
      const rows = this.#db
        .prepare(
          `SELECT id FROM appointments
           WHERE patient_id = $patientId AND start_utc >= $now AND attendance = 'scheduled' AND actual_start IS NULL`,
        )
        .all<{ id: string }>({ patientId, now: context.now });
      for (const row of rows) {
        this.cancel({ type: 'single', id: row.id }, 'this', 'clinician', context, { afterStart: false, reason });
      }
    })();
  }

  running(): Appointment | null {
    const row = this.#runningRow();
    return row ? this.get({ type: 'single', id: row.id }) : null;
  }

  // ——— editing ———

  #updateOne(session: Session, changes: AppointmentChanges, acknowledgeWarnings: boolean, context: SchedulingContext): Appointment {
    const startMs = changes.start === undefined ? session.startMs : Date.parse(changes.start);
    const durationMinutes = changes.durationMinutes ?? session.durationMinutes;
    if (startMs !== session.startMs || durationMinutes !== session.durationMinutes) {
      const key = sessionKey(session);
      const warnings = schedulingWarnings(this.#sessions, {
        starts: [startMs],
        durationMinutes,
        ignore: (other) => sessionKey(other) === key,
        workingHours: context.workingHours,
        timeZone: context.timeZone,
      });
      refuseUnlessAcknowledged(warnings, acknowledgeWarnings);
    }
    const written = this.#write(session, { ...detailsOf(changes), startMs, durationMinutes }, context.now);
    return toAppointment(written);
  }

  /** "This and following" and "the whole series": the series is split and the part from the split re-planned. */
  #updateFromSplit(
    session: Session,
    series: SeriesRow,
    scope: 'following' | 'series',
    changes: AppointmentChanges,
    acknowledgeWarnings: boolean,
    context: SchedulingContext,
  ): Appointment {
    const split = this.#splitPoint(session, series, scope, context.now);
    if (split === null) {
      throw new AppError('INVALID_INPUT', 'Every session of this series has already taken place; change a single session instead.');
    }
    const rule = ruleOf(series);
    const { before, after } = splitAt(rule, split);
    const zone = series.time_zone;

    // A new time moves every session by the same step on the clock the edited session moved.
    let firstStart = split;
    if (changes.start !== undefined) {
      const step =
        wallClockMs(instantToLocal(new Date(Date.parse(changes.start)), zone)) -
        wallClockMs(instantToLocal(new Date(session.startMs), zone));
      firstStart = wallClockFromMs(wallClockMs(split) + step);
    }
    let recurrence: Recurrence = after.recurrence;
    if (recurrence.frequency === 'monthly' && firstStart.slice(0, 10) !== split.slice(0, 10)) {
      const { ordinal, isLast } = nthWeekdayOfMonth(firstStart);
      const monthlyOrdinal = (recurrence.monthlyOrdinal === -1 && isLast) || ordinal === 5 ? -1 : ordinal;
      recurrence = { ...recurrence, monthlyOrdinal };
    }
    const newRule: SeriesRule = { firstStart, timeZone: zone, recurrence };
    if (!isOccurrence(newRule, firstStart)) {
      throw new AppError('INVALID_INPUT', 'The new time does not fit the repeat rule; change this session alone instead.');
    }
    const durationMinutes = changes.durationMinutes ?? series.duration_minutes;
    if (firstStart !== split || durationMinutes !== series.duration_minutes) {
      const warnings = schedulingWarnings(this.#sessions, {
        starts: this.#upcomingStarts(newRule),
        durationMinutes,
        ignore: (other) => other.series?.id === series.id,
        workingHours: context.workingHours,
        timeZone: context.timeZone,
      });
      refuseUnlessAcknowledged(warnings, acknowledgeWarnings);
    }

    const details = detailsOf(changes);
    const targetId = before === null ? series.id : randomUUID();
    const splitMs = localToInstant(split, zone).getTime();
    // Where the edited session lands: the same position in the re-planned series.
    const position =
      session.slot !== null && session.slot >= split ? slotsBetween(series, splitMs, (session.slotMs ?? splitMs) + 1).length - 1 : 0;
    let landing = firstStart;

    this.#db.transaction(() => {
      const carried = this.#rowsFrom(series.id, split);
      const seriesFields = {
        durationMinutes,
        kind: details.kind ?? series.kind,
        location: details.location ?? series.location,
        isVideo: details.isVideo ?? series.is_video === 1,
        note: details.note ?? series.note,
      };
      const patientId = details.patientId ?? series.patient_id;
      if (before === null) {
        this.#replanSeries(series.id, patientId, newRule, seriesFields, context.now);
      } else {
        const columns = seriesColumnsOf(before);
        this.#db
          .prepare(
            `UPDATE series SET end_type = $endType, end_date = $endDate, end_count = $endCount, monthly_ordinal = $monthlyOrdinal,
               last_start_utc = $lastStartUtc, updated_at = $now, version = version + 1 WHERE id = $id`,
          )
          .run({
            id: series.id,
            endType: columns.endType,
            endDate: columns.endDate,
            endCount: columns.endCount,
            monthlyOrdinal: columns.monthlyOrdinal,
            lastStartUtc: columns.lastStartUtc,
            now: context.now,
          });
        this.#insertSeries(targetId, patientId, newRule, seriesFields, context.now);
      }

      const lastCarried = carried.at(-1);
      const oldSlots = lastCarried
        ? occurrencesBetween(after, new Date(splitMs), new Date(Date.parse(lastCarried.original_start_utc ?? '') + 1))
        : [];
      const newSlots = firstSlots(newRule, Math.max(oldSlots.length, position + 1));
      landing = newSlots[position] ?? firstStart;

      // Two steps, so that no slot is briefly held twice while the rows shift (UNIQUE series_id, original_start).
      for (const row of carried) {
        this.#db.prepare(`UPDATE appointments SET original_start = 'moving:' || id WHERE id = $id`).run({ id: row.id });
      }
      for (const row of carried) {
        const index = oldSlots.indexOf(row.original_start ?? '');
        const newSlot = index >= 0 ? newSlots[index] : undefined;
        if (newSlot === undefined) {
          // No place in the new plan (it ends sooner). Its slot may now belong to another session of
          // the series, so it stays where it was as a one-off, keeping its attendance and note.
          this.#db
            .prepare(
              `UPDATE appointments SET series_id = NULL, original_start = NULL, original_start_utc = NULL,
                 updated_at = $now, version = version + 1 WHERE id = $id`,
            )
            .run({ id: row.id, now: context.now });
          continue;
        }
        const slotMs = localToInstant(newSlot, zone).getTime();
        const stored = this.#sessions.get({ type: 'single', id: row.id });
        const wasMoved = row.start_utc !== row.original_start_utc;
        const patch: Partial<SessionFields> = hasHistory(row) ? {} : wasMoved ? details : { ...details, startMs: slotMs, durationMinutes };
        const fields = { ...fieldsOf(stored), ...patch };
        this.#db
          .prepare(
            `UPDATE appointments SET series_id = $seriesId, original_start = $slot, original_start_utc = $slotUtc,
               patient_id = $patientId, start_utc = $start, end_utc = $end, duration_minutes = $duration, kind = $kind,
               location = $location, is_video = $isVideo, note = $note, updated_at = $now, version = version + 1
             WHERE id = $id`,
          )
          .run({
            id: row.id,
            seriesId: targetId,
            slot: newSlot,
            slotUtc: iso(slotMs),
            now: context.now,
            ...this.#editableColumns(fields),
          });
      }
    })();
    return this.get({ type: 'occurrence', seriesId: targetId, originalStart: landing });
  }

  /**
   * Where a series edit or cancellation begins: for the whole series, the first session not yet begun;
   * for this and following, this session, or that first one if this one is already past. Null if none is left.
   */
  #splitPoint(session: Session, series: SeriesRow, scope: 'following' | 'series', now: string): string | null {
    const nowMs = Date.parse(now);
    const next = slotsBetween(series, nowMs, nowMs + NEXT_SESSION_SEARCH_MS)[0] ?? null;
    if (next === null) return null;
    if (scope === 'series' || session.slot === null) return next;
    return session.slot >= next ? session.slot : next;
  }

  /** The starts a series books over the next year, for the double-booking check. */
  #upcomingStarts(rule: SeriesRule): number[] {
    const firstMs = localToInstant(rule.firstStart, rule.timeZone).getTime();
    return occurrencesBetween(rule, new Date(firstMs), new Date(firstMs + WARNING_HORIZON_MS)).map((slot) =>
      localToInstant(slot, rule.timeZone).getTime(),
    );
  }

  #normalRecurrence(recurrence: Recurrence): Recurrence {
    if (recurrence.frequency === 'weekly') {
      const { monthlyOrdinal: _ignored, ...weekly } = recurrence;
      return weekly;
    }
    return recurrence;
  }

  // ——— storage ———

  #requirePatient(id: string): void {
    const exists = this.#db.prepare('SELECT 1 FROM patients WHERE id = $id', { pluck: true }).get({ id });
    if (exists === undefined) throw new AppError('NOT_FOUND', 'There is no patient with this id.');
  }

  #runningRow(): Pick<AppointmentRow, 'id'> | undefined {
    return this.#db
      .prepare('SELECT id FROM appointments WHERE actual_start IS NOT NULL AND actual_end IS NULL ORDER BY actual_start DESC LIMIT 1')
      .get<Pick<AppointmentRow, 'id'>>();
  }

  #rowsFrom(seriesId: string, slot: string): AppointmentRow[] {
    return this.#db
      .prepare('SELECT * FROM appointments WHERE series_id = $seriesId AND original_start >= $slot ORDER BY original_start')
      .all<AppointmentRow>({ seriesId, slot });
  }

  #editableColumns(fields: SessionFields) {
    const { patientId, start, end, duration, kind, location, isVideo, note } = columnsOf(fields);
    return { patientId, start, end, duration, kind, location, isVideo, note };
  }

  /**
   * Writes a change to one session: updates its row (only if nobody wrote it since it was read), or stores
   * an untouched occurrence as a row tied to its slot. Answers the session as stored.
   */
  #write(session: Session, patch: Partial<SessionFields>, now: string): Session {
    const fields = { ...fieldsOf(session), ...patch };
    if (session.rowId === null) {
      if (session.series === null || session.slot === null) throw new Error('An occurrence without its series');
      const id = randomUUID();
      this.#insertRow(id, session.series.id, session.slot, fields, now);
      return this.#sessions.get({ type: 'single', id });
    }
    const result = this.#db
      .prepare(
        `UPDATE appointments SET patient_id = $patientId, start_utc = $start, end_utc = $end, duration_minutes = $duration,
           kind = $kind, location = $location, is_video = $isVideo, note = $note, attendance = $attendance,
           late_minutes = $lateMinutes, actual_start = $actualStart, actual_end = $actualEnd, cancelled_at = $cancelledAt,
           cancellation_reason = $cancellationReason, updated_at = $now,
           version = version + 1
         WHERE id = $id AND version = $version`,
      )
      .run({ id: session.rowId, version: session.version, now, ...columnsOf(fields) });
    if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    return this.#sessions.get({ type: 'single', id: session.rowId });
  }

  #insertRow(id: string, seriesId: string | null, slot: string | null, fields: SessionFields, now: string): void {
    const slotUtc =
      seriesId === null || slot === null ? null : iso(localToInstant(slot, this.#sessions.series(seriesId).time_zone).getTime());
    this.#db
      .prepare(
        `INSERT INTO appointments (id, patient_id, series_id, original_start, original_start_utc, start_utc, end_utc,
           duration_minutes, kind, location, is_video, note, attendance, late_minutes, actual_start, actual_end,
           cancelled_at, cancellation_reason, created_at, updated_at, version)
         VALUES ($id, $patientId, $seriesId, $slot, $slotUtc, $start, $end, $duration, $kind, $location, $isVideo, $note,
           $attendance, $lateMinutes, $actualStart, $actualEnd, $cancelledAt, $cancellationReason, $now, $now, 1)`,
      )
      .run({ id, seriesId, slot, slotUtc, now, ...columnsOf(fields) });
  }

  #insertSeries(
    id: string,
    patientId: string,
    rule: SeriesRule,
    fields: Pick<SessionFields, 'durationMinutes' | 'kind' | 'location' | 'isVideo' | 'note'>,
    now: string,
  ): void {
    this.#db
      .prepare(
        `INSERT INTO series (id, patient_id, first_start, time_zone, frequency, interval, monthly_ordinal, end_type, end_date,
           end_count, duration_minutes, kind, location, is_video, note, first_start_utc, last_start_utc, stopped_before,
           created_at, updated_at, version)
         VALUES ($id, $patientId, $firstStart, $timeZone, $frequency, $interval, $monthlyOrdinal, $endType, $endDate,
           $endCount, $duration, $kind, $location, $isVideo, $note, $firstStartUtc, $lastStartUtc, NULL, $now, $now, 1)`,
      )
      .run(seriesRowParams(id, patientId, rule, fields, now));
  }

  #replanSeries(
    id: string,
    patientId: string,
    rule: SeriesRule,
    fields: Pick<SessionFields, 'durationMinutes' | 'kind' | 'location' | 'isVideo' | 'note'>,
    now: string,
  ): void {
    this.#db
      .prepare(
        `UPDATE series SET patient_id = $patientId, first_start = $firstStart, time_zone = $timeZone, frequency = $frequency,
           interval = $interval, monthly_ordinal = $monthlyOrdinal, end_type = $endType, end_date = $endDate,
           end_count = $endCount, duration_minutes = $duration, kind = $kind, location = $location, is_video = $isVideo,
           note = $note, first_start_utc = $firstStartUtc, last_start_utc = $lastStartUtc, updated_at = $now,
           version = version + 1
         WHERE id = $id`,
      )
      .run(seriesRowParams(id, patientId, rule, fields, now));
  }
}

/** The named parameters of a series row, shared by its insert and its re-plan. */
function seriesRowParams(
  id: string,
  patientId: string,
  rule: SeriesRule,
  fields: Pick<SessionFields, 'durationMinutes' | 'kind' | 'location' | 'isVideo' | 'note'>,
  now: string,
) {
  return {
    id,
    patientId,
    now,
    duration: fields.durationMinutes,
    kind: fields.kind,
    location: fields.location,
    isVideo: fields.isVideo ? 1 : 0,
    note: fields.note,
    ...seriesColumnsOf(rule),
  };
}
