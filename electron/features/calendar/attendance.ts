/**
 * The two records reliability is judged by: a patient's attendance, and whether sessions began and
 * ended on time. Runs only inside the database worker.
 *
 * Attendance counts every session scheduled to start before now, cancelled ones included:
 * - total: all of them; kept: attended or late; late: the late among the kept;
 * - noShows, lateCancellations, and cancellations (by the patient in good time, or by the clinician).
 * A past session nobody recorded (a series occurrence never marked, or a one-off left "scheduled")
 * counts in the total and in nothing else: it is not assumed kept, and not held against the patient.
 * The difference between the total and the other columns is what is still unrecorded.
 */
import { addMonths, addWeeks, getISOWeek, getISOWeekYear, startOfISOWeek } from 'date-fns';
import type { Database } from '@signalapp/sqlcipher';
import {
  ON_TIME_TOLERANCE_MINUTES,
  type AttendanceRecord,
  type AttendanceTally,
  type LateSession,
  type OnTimeRow,
} from '../../../shared/appointment';
import { instantToLocal, localToInstant } from '../../../shared/recurrence';
import {
  DAY_MS,
  iso,
  MINUTE_MS,
  refOf,
  sessionKey,
  slotsBetween,
  storedSession,
  patientName,
  type SeriesRow,
  type SessionReader,
} from './sessions';

const RECENT_DAYS = 90;

/**
 * A patient's stored sessions before now, tallied for all time and for the recent window in one pass
 * over appointments_by_patient.
 */
export const ATTENDANCE_SQL = `
  SELECT
    count(*) AS total,
    coalesce(sum(attendance IN ('attended', 'late')), 0) AS kept,
    coalesce(sum(attendance = 'late'), 0) AS late,
    coalesce(sum(attendance = 'no-show'), 0) AS noShows,
    coalesce(sum(attendance = 'late-cancellation'), 0) AS lateCancellations,
    coalesce(sum(attendance IN ('cancelled-by-patient', 'cancelled-by-clinician')), 0) AS cancellations,
    coalesce(sum(start_utc >= $since), 0) AS recentTotal,
    coalesce(sum(start_utc >= $since AND attendance IN ('attended', 'late')), 0) AS recentKept,
    coalesce(sum(start_utc >= $since AND attendance = 'late'), 0) AS recentLate,
    coalesce(sum(start_utc >= $since AND attendance = 'no-show'), 0) AS recentNoShows,
    coalesce(sum(start_utc >= $since AND attendance = 'late-cancellation'), 0) AS recentLateCancellations,
    coalesce(sum(start_utc >= $since AND attendance IN ('cancelled-by-patient', 'cancelled-by-clinician')), 0) AS recentCancellations
  FROM appointments
  WHERE patient_id = $patientId AND start_utc < $now`;

/** The patient's series that had begun by now, and the slots of each that were stored (and so counted above). */
export const PATIENT_SERIES_SQL = `SELECT * FROM series WHERE patient_id = $patientId AND first_start_utc < $now`;
const STORED_SLOTS_SQL = `SELECT original_start FROM appointments WHERE series_id = $seriesId`;

/** Sessions with an actual start, by scheduled start: appointments_by_start. */
export const ON_TIME_SQL = `
  SELECT start_utc, end_utc, actual_start, actual_end, attendance IN ('attended', 'late') AS kept FROM appointments
  WHERE start_utc >= $from AND start_utc < $to AND (actual_start IS NOT NULL OR attendance IN ('attended', 'late'))`;

/**
 * Timed sessions of a range that began or ended more than the tolerance off schedule (appointments_by_start):
 * the ones behind the on-time figures that were not on time.
 */
export const LATE_SESSIONS_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name FROM appointments a JOIN patients p ON p.id = a.patient_id
  WHERE a.start_utc >= $from AND a.start_utc < $to AND a.actual_start IS NOT NULL
    AND (a.actual_start > a.start_utc OR (a.actual_end IS NOT NULL AND a.actual_end > a.end_utc))
  ORDER BY a.start_utc`;

type TallyRow = { [K in keyof AttendanceTally as K | `recent${Capitalize<K>}`]: number };

function emptyTally(): AttendanceTally {
  return { total: 0, kept: 0, late: 0, noShows: 0, lateCancellations: 0, cancellations: 0 };
}

export class AttendanceReports {
  readonly #db: Database;
  readonly #sessions: SessionReader;

  constructor(db: Database, sessions: SessionReader) {
    this.#db = db;
    this.#sessions = sessions;
  }

  /** The sessions begun late or ended late in [from, to), by scheduled start, with the minutes of each. */
  lateSessions(from: string, to: string): LateSession[] {
    const toleranceMs = ON_TIME_TOLERANCE_MINUTES * MINUTE_MS;
    const late: LateSession[] = [];
    // A coarse filter in SQL (anything after its schedule); the tolerance is applied per row below.
    const rows = this.#db
      .prepare(LATE_SESSIONS_SQL)
      .all<Parameters<typeof storedSession>[0]>({ from: iso(Date.parse(from)), to: iso(Date.parse(to)) });
    for (const row of rows) {
      const session = storedSession(row, row.series_id === null ? null : this.#sessions.series(row.series_id));
      const begunMs = Date.parse(row.actual_start ?? row.start_utc) - Date.parse(row.start_utc);
      const endedMs = row.actual_end === null ? 0 : Date.parse(row.actual_end) - Date.parse(row.end_utc);
      if (begunMs <= toleranceMs && endedMs <= toleranceMs) continue;
      late.push({
        ref: refOf(session),
        key: sessionKey(session),
        patientName: patientName(session),
        start: row.start_utc,
        begunLateMinutes: begunMs > toleranceMs ? Math.round(begunMs / MINUTE_MS) : 0,
        endedLateMinutes: endedMs > toleranceMs ? Math.round(endedMs / MINUTE_MS) : 0,
      });
    }
    return late;
  }

  attendance(patientId: string, now: string): AttendanceRecord {
    const nowMs = Date.parse(now);
    const sinceMs = nowMs - RECENT_DAYS * DAY_MS;
    const row = this.#db.prepare(ATTENDANCE_SQL).get<TallyRow>({ patientId, now, since: iso(sinceMs) });
    const allTime = emptyTally();
    const last90Days = emptyTally();
    if (row) {
      for (const key of Object.keys(allTime) as (keyof AttendanceTally)[]) {
        allTime[key] = Number(row[key]);
        last90Days[key] = Number(row[`recent${key[0]!.toUpperCase()}${key.slice(1)}` as keyof TallyRow]);
      }
    }

    // Occurrences never stored are unrecorded: scheduled, and counted in the totals only.
    for (const series of this.#db.prepare(PATIENT_SERIES_SQL).all<SeriesRow>({ patientId, now })) {
      const stored = new Set(this.#db.prepare(STORED_SLOTS_SQL, { pluck: true }).all({ seriesId: series.id }));
      const firstMs = Date.parse(series.first_start_utc);
      for (const slot of slotsBetween(series, firstMs, nowMs)) {
        if (stored.has(slot)) continue;
        allTime.total += 1;
        if (localToInstant(slot, series.time_zone).getTime() >= sinceMs) last90Days.total += 1;
      }
    }
    return { last90Days, allTime };
  }

  /**
   * Per ISO week or calendar month (in the practice's zone, by scheduled start), every period of the range
   * in order, empty ones included: sessions kept, sessions with an actual start, and how many of those
   * began and ended within two minutes of schedule.
   */
  onTime(from: string, to: string, groupBy: 'week' | 'month', timeZone: string): OnTimeRow[] {
    const toleranceMs = ON_TIME_TOLERANCE_MINUTES * MINUTE_MS;
    const rows = new Map<string, OnTimeRow>();
    // Sessions share days, and days share periods: each day's period is worked out once.
    const periods = new Map<string, { period: string; periodStart: string }>();
    const periodOfDate = (date: string) => {
      let found = periods.get(date);
      if (!found) {
        const day = calendarDay(date);
        if (groupBy === 'week') {
          found = {
            period: `${getISOWeekYear(day)}-W${String(getISOWeek(day)).padStart(2, '0')}`,
            periodStart: dateOf(startOfISOWeek(day)),
          };
        } else {
          found = { period: date.slice(0, 7), periodStart: `${date.slice(0, 7)}-01` };
        }
        periods.set(date, found);
      }
      return found;
    };
    const periodOf = (instantMs: number) => periodOfDate(instantToLocal(new Date(instantMs), timeZone).slice(0, 10));

    const fromMs = Date.parse(from);
    const lastMs = Date.parse(to) - 1;
    const lastPeriod = periodOf(lastMs).periodStart;
    const step = groupBy === 'week' ? (day: Date) => addWeeks(day, 1) : (day: Date) => addMonths(day, 1);
    for (let day = calendarDay(periodOf(fromMs).periodStart); dateOf(day) <= lastPeriod; day = step(day)) {
      const { period, periodStart } = periodOfDate(dateOf(day));
      rows.set(period, { period, periodStart, kept: 0, sessions: 0, begunOnTime: 0, endedOnTime: 0 });
    }

    const sessions = this.#db
      .prepare(ON_TIME_SQL)
      .all<{ start_utc: string; end_utc: string; actual_start: string | null; actual_end: string | null; kept: 0 | 1 }>({
        from: iso(fromMs),
        to: iso(lastMs + 1),
      });
    for (const session of sessions) {
      const row = rows.get(periodOf(Date.parse(session.start_utc)).period);
      if (!row) continue;
      row.kept += session.kept;
      if (session.actual_start === null) continue;
      row.sessions += 1;
      if (Math.abs(Date.parse(session.actual_start) - Date.parse(session.start_utc)) <= toleranceMs) row.begunOnTime += 1;
      if (session.actual_end !== null && Math.abs(Date.parse(session.actual_end) - Date.parse(session.end_utc)) <= toleranceMs) {
        row.endedOnTime += 1;
      }
    }
    return [...rows.values()];
  }
}

/**
 * A calendar day as a date for date-fns's week and month arithmetic, at noon: no clock change moves
 * noon to another day, so the machine's own zone cannot shift the date.
 */
function calendarDay(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day, 12);
}

function dateOf(day: Date): string {
  return `${String(day.getFullYear()).padStart(4, '0')}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}
