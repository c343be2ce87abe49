/**
 * The rows behind the calendar and the one way to read sessions from them: stored sessions (one-offs
 * and touched occurrences) merged with a series' occurrences expanded for the asked range only.
 * Runs only inside the database worker.
 */
import type { Database } from '@signalapp/sqlcipher';
import type { Appointment, AppointmentKind, Attendance, OccurrenceRef, Recurrence } from '../../../shared/appointment';
import { CANCELLED } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import {
  instantToLocal,
  isOccurrence,
  localToInstant,
  occurrencesBetween,
  wallClockOccurrencesBetween,
  type SeriesRule,
} from '../../../shared/recurrence';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** The longest session the contract allows: a session begun this long before a range can still reach into it. */
export const LONGEST_SESSION_MS = 480 * MINUTE_MS;

type Statement = ReturnType<Database['prepare']>;
type PatientNames = { given_name: string; family_name: string; preferred_name: string | null };

export type SeriesRow = {
  id: string;
  patient_id: string;
  first_start: string;
  time_zone: string;
  frequency: 'weekly' | 'monthly';
  interval: number;
  monthly_ordinal: 1 | 2 | 3 | 4 | -1 | null;
  end_type: 'never' | 'until' | 'count';
  end_date: string | null;
  end_count: number | null;
  duration_minutes: number;
  kind: AppointmentKind;
  location: string;
  is_video: number;
  note: string;
  first_start_utc: string;
  last_start_utc: string | null;
  stopped_before: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

export type AppointmentRow = {
  id: string;
  patient_id: string;
  series_id: string | null;
  original_start: string | null;
  original_start_utc: string | null;
  start_utc: string;
  end_utc: string;
  duration_minutes: number;
  kind: AppointmentKind;
  location: string;
  is_video: number;
  note: string;
  attendance: Attendance;
  late_minutes: number | null;
  actual_start: string | null;
  actual_end: string | null;
  cancelled_at: string | null;
  cancellation_reason: string;
  created_at: string;
  updated_at: string;
  version: number;
};

export type NamedSeriesRow = SeriesRow & PatientNames;
export type NamedAppointmentRow = AppointmentRow & PatientNames;

/**
 * The stored sessions a range needs: those that start in it (or up to the longest session before it),
 * and series rows whose slot lies there even when they were moved away, so the slot is not shown twice.
 * Two indexed ranges of one table (appointments_by_start, appointments_by_slot).
 */
export const RANGE_APPOINTMENTS_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name
  FROM appointments a JOIN patients p ON p.id = a.patient_id
  WHERE (a.start_utc >= $low AND a.start_utc < $to) OR (a.original_start_utc >= $low AND a.original_start_utc < $to)`;

/** Series whose span overlaps the range, from series_by_span. */
export const RANGE_SERIES_SQL = `
  SELECT s.*, p.given_name, p.family_name, p.preferred_name
  FROM series s JOIN patients p ON p.id = s.patient_id
  WHERE s.first_start_utc < $to AND (s.last_start_utc IS NULL OR s.last_start_utc >= $low)`;

const SERIES_BY_ID_SQL = `
  SELECT s.*, p.given_name, p.family_name, p.preferred_name
  FROM series s JOIN patients p ON p.id = s.patient_id WHERE s.id = $id`;
const APPOINTMENT_BY_ID_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name
  FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.id = $id`;
const APPOINTMENT_BY_SLOT_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name
  FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.series_id = $seriesId AND a.original_start = $slot`;

/** One patient's stored sessions in a range, from appointments_by_patient. */
export const PATIENT_APPOINTMENTS_SQL = `
  SELECT a.*, p.given_name, p.family_name, p.preferred_name
  FROM appointments a JOIN patients p ON p.id = a.patient_id
  WHERE a.patient_id = $patientId AND a.start_utc >= $low AND a.start_utc < $to`;

/** One patient's series that overlap a range, from series_by_patient. */
export const PATIENT_SERIES_IN_RANGE_SQL = `
  SELECT s.*, p.given_name, p.family_name, p.preferred_name
  FROM series s JOIN patients p ON p.id = s.patient_id
  WHERE s.patient_id = $patientId AND s.first_start_utc < $to AND (s.last_start_utc IS NULL OR s.last_start_utc >= $low)`;

const SERIES_STORED_SLOTS_SQL = 'SELECT original_start FROM appointments WHERE series_id = $seriesId';

const PATIENT_FIRST_START_SQL = `
  SELECT min(first) AS first FROM (
    SELECT min(start_utc) AS first FROM appointments WHERE patient_id = $patientId
    UNION ALL SELECT min(first_start_utc) FROM series WHERE patient_id = $patientId
  )`;

/** One session, stored or computed from its series: everything the calendar reads is built from these. */
export type Session = {
  /** The row id when the session is stored, null for an occurrence nothing has happened to yet. */
  rowId: string | null;
  series: SeriesRow | null;
  /** The series slot (wall-clock) this session fills; null for a one-off. */
  slot: string | null;
  slotMs: number | null;
  patientId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  startMs: number;
  durationMinutes: number;
  kind: AppointmentKind;
  location: string;
  isVideo: boolean;
  note: string;
  attendance: Attendance;
  lateMinutes: number | null;
  actualStart: string | null;
  actualEnd: string | null;
  cancelledAt: string | null;
  cancellationReason: string;
  version: number;
};

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function endMs(session: Session): number {
  return session.startMs + session.durationMinutes * MINUTE_MS;
}

export function isCancelled(session: Session): boolean {
  return CANCELLED.has(session.attendance);
}

export function recurrenceOf(series: SeriesRow): Recurrence {
  const end: Recurrence['end'] =
    series.end_type === 'until' && series.end_date !== null
      ? { type: 'until', date: series.end_date }
      : series.end_type === 'count' && series.end_count !== null
        ? { type: 'count', count: series.end_count }
        : { type: 'never' };
  return series.monthly_ordinal === null
    ? { frequency: series.frequency, interval: series.interval, end }
    : { frequency: series.frequency, interval: series.interval, monthlyOrdinal: series.monthly_ordinal, end };
}

export function ruleOf(series: SeriesRow): SeriesRule {
  return { firstStart: series.first_start, timeZone: series.time_zone, recurrence: recurrenceOf(series) };
}

/**
 * The rule to expand: the stored one, except that a series ending after a count is expanded as the same
 * series ending on the day of its last session (stored as last_start_utc). Both give the same sessions
 * (never two on one day), but a count must be walked from the first session to be counted, while a rule
 * ending on a date can be expanded for the asked range alone.
 */
function expansionRuleOf(series: SeriesRow): SeriesRule {
  const rule = ruleOf(series);
  if (rule.recurrence.end.type !== 'count' || series.last_start_utc === null) return rule;
  const lastDay = instantToLocal(new Date(series.last_start_utc), series.time_zone).slice(0, 10);
  return { ...rule, recurrence: { ...rule.recurrence, end: { type: 'until', date: lastDay } } };
}

/** Whether the series still holds this slot: the rule makes it, and the series was not stopped before it. */
export function seriesHasSlot(series: SeriesRow, slot: string): boolean {
  if (series.stopped_before !== null && slot >= series.stopped_before) return false;
  return isOccurrence(expansionRuleOf(series), slot);
}

/** The slots of a series whose start falls in [fromMs, toMs), leaving out those after it was stopped. */
export function slotsBetween(series: SeriesRow, fromMs: number, toMs: number): string[] {
  const slots = occurrencesBetween(expansionRuleOf(series), new Date(fromMs), new Date(toMs));
  const stopped = series.stopped_before;
  return stopped === null ? slots : slots.filter((slot) => slot < stopped);
}

/**
 * The slots of a series whose wall-clock start reads within [fromLocal, toLocal], leaving out those after
 * it was stopped, without working out any instant: a caller that only needs the slots nothing has been
 * stored for converts those alone.
 */
export function wallClockSlotsBetween(series: SeriesRow, fromLocal: string, toLocal: string): string[] {
  const slots = wallClockOccurrencesBetween(expansionRuleOf(series), fromLocal, toLocal);
  const stopped = series.stopped_before;
  return stopped === null ? slots : slots.filter((slot) => slot < stopped);
}

/** A wall-clock reading moved by a span of wall-clock time, with no zone involved. */
function shiftWallClock(local: string, ms: number): string {
  return new Date(Date.parse(`${local}Z`) + ms).toISOString().slice(0, 19);
}

/** A series slot with the instant it falls on in the series' zone. */
type TimedSlot = { local: string; ms: number };

/**
 * Remembers a series' slots a month at a time (by UTC month), keyed by the series' version, so stepping
 * week to week through the calendar expands each series once per month rather than on every step.
 * Expansion is a pure function of the stored rule, which only changes with a new version. Lives with the
 * connection, so it is gone when the vault locks.
 */
class SlotCache {
  static readonly MAX_ENTRIES = 20_000;
  readonly #months = new Map<string, TimedSlot[]>();

  between(series: SeriesRow, fromMs: number, toMs: number): TimedSlot[] {
    const slots: TimedSlot[] = [];
    const first = new Date(fromMs);
    for (let year = first.getUTCFullYear(), month = first.getUTCMonth(); ; month += 1) {
      const startMs = Date.UTC(year, month, 1);
      if (startMs >= toMs) break;
      for (const slot of this.#month(series, startMs, Date.UTC(year, month + 1, 1))) {
        if (slot.ms >= fromMs && slot.ms < toMs) slots.push(slot);
      }
    }
    const stopped = series.stopped_before;
    return stopped === null ? slots : slots.filter((slot) => slot.local < stopped);
  }

  #month(series: SeriesRow, startMs: number, endMs: number): TimedSlot[] {
    const key = `${series.id}|${series.version}|${series.updated_at}|${startMs}`;
    let slots = this.#months.get(key);
    if (!slots) {
      // occurrencesBetween's own expansion, keeping the instant it works out for each slot: the zone
      // conversions are most of the cost, and turning each slot into an instant again doubled them.
      const rule = expansionRuleOf(series);
      const fromLocal = shiftWallClock(instantToLocal(new Date(startMs), rule.timeZone), -DAY_MS);
      const toLocal = shiftWallClock(instantToLocal(new Date(endMs), rule.timeZone), DAY_MS);
      slots = [];
      for (const local of wallClockOccurrencesBetween(rule, fromLocal, toLocal)) {
        const ms = localToInstant(local, rule.timeZone).getTime();
        if (ms >= startMs && ms < endMs) slots.push({ local, ms });
      }
      if (this.#months.size >= SlotCache.MAX_ENTRIES) this.#months.clear();
      this.#months.set(key, slots);
    }
    return slots;
  }
}

export function slotKey(seriesId: string, slot: string): string {
  return `${seriesId}@${slot}`;
}

/** The calendar's stable key: the slot for anything tied to a series, so it survives being stored. */
export function sessionKey(session: Session): string {
  if (session.series !== null && session.slot !== null) return slotKey(session.series.id, session.slot);
  if (session.rowId === null) throw new Error('A session is either stored or an occurrence of a series');
  return session.rowId;
}

export function refOf(session: Session): OccurrenceRef {
  if (session.series !== null && session.slot !== null)
    return { type: 'occurrence', seriesId: session.series.id, originalStart: session.slot };
  return { type: 'single', id: sessionKey(session) };
}

export function patientName(session: Pick<Session, 'givenName' | 'familyName' | 'preferredName'>): string {
  const name = `${session.familyName}, ${session.givenName}`;
  return session.preferredName ? `${name} (${session.preferredName})` : name;
}

function stripNames<T extends PatientNames>(row: T): Omit<T, keyof PatientNames> {
  const { given_name: _given, family_name: _family, preferred_name: _preferred, ...rest } = row;
  return rest;
}

export function storedSession(row: NamedAppointmentRow, series: SeriesRow | null): Session {
  return {
    rowId: row.id,
    series,
    slot: row.original_start,
    slotMs: row.original_start_utc === null ? null : Date.parse(row.original_start_utc),
    patientId: row.patient_id,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    startMs: Date.parse(row.start_utc),
    durationMinutes: row.duration_minutes,
    kind: row.kind,
    location: row.location,
    isVideo: row.is_video === 1,
    note: row.note,
    attendance: row.attendance,
    lateMinutes: row.late_minutes,
    actualStart: row.actual_start,
    actualEnd: row.actual_end,
    cancelledAt: row.cancelled_at,
    cancellationReason: row.cancellation_reason,
    version: row.version,
  };
}

export function occurrenceSession(
  series: NamedSeriesRow,
  slot: string,
  startMs = localToInstant(slot, series.time_zone).getTime(),
): Session {
  return {
    rowId: null,
    series: stripNames(series),
    slot,
    slotMs: startMs,
    patientId: series.patient_id,
    givenName: series.given_name,
    familyName: series.family_name,
    preferredName: series.preferred_name,
    startMs,
    durationMinutes: series.duration_minutes,
    kind: series.kind,
    location: series.location,
    isVideo: series.is_video === 1,
    note: series.note,
    attendance: 'scheduled',
    lateMinutes: null,
    actualStart: null,
    actualEnd: null,
    cancelledAt: null,
    cancellationReason: '',
    version: 0,
  };
}

export function toAppointment(session: Session): Appointment {
  return {
    key: sessionKey(session),
    ref: refOf(session),
    seriesId: session.series?.id ?? null,
    patientId: session.patientId,
    patientName: patientName(session),
    start: iso(session.startMs),
    end: iso(endMs(session)),
    durationMinutes: session.durationMinutes,
    kind: session.kind,
    location: session.location,
    isVideo: session.isVideo,
    note: session.note,
    attendance: session.attendance,
    lateMinutes: session.lateMinutes,
    actualStart: session.actualStart,
    actualEnd: session.actualEnd,
    cancelledAt: session.cancelledAt,
    cancellationReason: session.cancellationReason,
    isMoved: session.rowId !== null && session.slotMs !== null && session.startMs !== session.slotMs,
    recurrence: session.series === null ? null : recurrenceOf(session.series),
    version: session.version,
    alerts: [],
  };
}

/** Reads sessions from the calendar's tables. Shared by booking, attendance, reports and the export. */
export class SessionReader {
  readonly #db: Database;
  readonly #slots = new SlotCache();

  constructor(db: Database) {
    this.#db = db;
  }

  /** The connection caches every statement it compiles (cacheStatements), so this is a lookup. */
  #prepare(sql: string): Statement {
    return this.#db.prepare(sql);
  }

  /**
   * Every session overlapping [fromMs, toMs), by start: one query of each table, and each series
   * overlapping the range expanded for the range alone. A stored row for a slot replaces the computed
   * occurrence; a moved session shows at its new time only.
   */
  between(fromMs: number, toMs: number, includeCancelled: boolean): Session[] {
    const bounds = { low: iso(fromMs - LONGEST_SESSION_MS), to: iso(toMs) };
    const rows = this.#prepare(RANGE_APPOINTMENTS_SQL).all<NamedAppointmentRow>(bounds);
    const seriesRows = this.#prepare(RANGE_SERIES_SQL).all<NamedSeriesRow>(bounds);

    const seriesById = new Map<string, SeriesRow>(seriesRows.map((series) => [series.id, stripNames(series)]));
    const filled = new Set<string>();
    const sessions: Session[] = [];
    for (const row of rows) {
      if (row.series_id !== null && row.original_start !== null) filled.add(slotKey(row.series_id, row.original_start));
      const series = row.series_id === null ? null : (seriesById.get(row.series_id) ?? this.series(row.series_id));
      sessions.push(storedSession(row, series));
    }
    for (const series of seriesRows) {
      const earliest = fromMs - series.duration_minutes * MINUTE_MS;
      for (const slot of this.#slots.between(series, earliest, toMs)) {
        if (!filled.has(slotKey(series.id, slot.local))) sessions.push(occurrenceSession(series, slot.local, slot.ms));
      }
    }
    return sessions
      .filter((session) => session.startMs < toMs && endMs(session) > fromMs)
      .filter((session) => includeCancelled || !isCancelled(session))
      .sort((a, b) => a.startMs - b.startMs || sessionKey(a).localeCompare(sessionKey(b)));
  }

  /**
   * One patient's sessions overlapping [fromMs, toMs), by start: their stored rows and the occurrences
   * of their series (appointments_by_patient, series_by_patient), for the chart and its timeline.
   */
  ofPatient(patientId: string, fromMs: number, toMs: number, includeCancelled: boolean): Session[] {
    const bounds = { patientId, low: iso(fromMs - LONGEST_SESSION_MS), to: iso(toMs) };
    const rows = this.#prepare(PATIENT_APPOINTMENTS_SQL).all<NamedAppointmentRow>(bounds);
    const seriesRows = this.#prepare(PATIENT_SERIES_IN_RANGE_SQL).all<NamedSeriesRow>(bounds);
    const sessions: Session[] = [];
    const seriesById = new Map<string, SeriesRow>(seriesRows.map((series) => [series.id, stripNames(series)]));
    for (const row of rows) {
      const series = row.series_id === null ? null : (seriesById.get(row.series_id) ?? this.series(row.series_id));
      sessions.push(storedSession(row, series));
    }
    for (const series of seriesRows) {
      // Every stored row of the series fills its slot, whoever it now belongs to and wherever it moved.
      const filled = new Set(
        this.#prepare(SERIES_STORED_SLOTS_SQL)
          .all<{ original_start: string }>({ seriesId: series.id })
          .map((row) => row.original_start),
      );
      const earliest = fromMs - series.duration_minutes * MINUTE_MS;
      for (const slot of this.#slots.between(series, earliest, toMs)) {
        if (!filled.has(slot.local)) sessions.push(occurrenceSession(series, slot.local, slot.ms));
      }
    }
    return sessions
      .filter((session) => session.startMs < toMs && endMs(session) > fromMs)
      .filter((session) => includeCancelled || !isCancelled(session))
      .sort((a, b) => a.startMs - b.startMs || sessionKey(a).localeCompare(sessionKey(b)));
  }

  /** When the patient's first session, stored or in a series, was or is due; null for a patient never booked. */
  firstStartOf(patientId: string): number | null {
    const first = this.#prepare(PATIENT_FIRST_START_SQL).get<{ first: string | null }>({ patientId })?.first ?? null;
    return first === null ? null : Date.parse(first);
  }

  /** The session a reference names, stored or computed; NOT_FOUND when there is none. */
  get(ref: OccurrenceRef): Session {
    if (ref.type === 'single') {
      const row = this.#prepare(APPOINTMENT_BY_ID_SQL).get<NamedAppointmentRow>({ id: ref.id });
      if (!row) throw new AppError('NOT_FOUND', 'There is no appointment with this id.');
      return storedSession(row, row.series_id === null ? null : this.series(row.series_id));
    }
    const series = this.#prepare(SERIES_BY_ID_SQL).get<NamedSeriesRow>({ id: ref.seriesId });
    if (!series) throw new AppError('NOT_FOUND', 'There is no series with this id.');
    const row = this.#prepare(APPOINTMENT_BY_SLOT_SQL).get<NamedAppointmentRow>({ seriesId: ref.seriesId, slot: ref.originalStart });
    if (row) return storedSession(row, stripNames(series));
    if (!seriesHasSlot(series, ref.originalStart)) throw new AppError('NOT_FOUND', 'This series has no session at that time.');
    return occurrenceSession(series, ref.originalStart);
  }

  series(id: string): SeriesRow {
    const series = this.#prepare(SERIES_BY_ID_SQL).get<NamedSeriesRow>({ id });
    if (!series) throw new AppError('NOT_FOUND', 'There is no series with this id.');
    return stripNames(series);
  }

  namedSeries(id: string): NamedSeriesRow {
    const series = this.#prepare(SERIES_BY_ID_SQL).get<NamedSeriesRow>({ id });
    if (!series) throw new AppError('NOT_FOUND', 'There is no series with this id.');
    return series;
  }
}
