/**
 * A patient's measurement schedule: the clinician's settings, kept as added rows (the newest for an
 * instrument applies) and audited, read with the day each instrument was last answered. Runs only
 * inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { scheduleEntries, type MeasureSchedule, type ScheduleChange } from '../../../shared/measure-schedules';
import type { Instrument } from '../../../shared/measures';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';

/** The newest setting of each instrument for one patient, from measure_schedules_by_patient. */
export const PATIENT_SCHEDULE_SQL = `
  SELECT s.instrument, s.every_days, s.created_at FROM measure_schedules s
  WHERE s.patient_id = $patientId AND s.created_at = (
    SELECT max(created_at) FROM measure_schedules WHERE patient_id = s.patient_id AND instrument = s.instrument)
  ORDER BY s.instrument, s.rowid DESC`;

/** The day one patient last answered each instrument, from measures_by_patient. */
export const LAST_ANSWERED_SQL =
  'SELECT instrument, max(date) AS last_date FROM measures WHERE patient_id = $patientId GROUP BY instrument';

export type OwnSchedule = Map<Instrument, { everyDays: number | null; setAt: string }>;

export class MeasureSchedulesRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  /** What the clinician set for this patient, instrument by instrument (absent: never set). */
  own(patientId: string): OwnSchedule {
    const own: OwnSchedule = new Map();
    for (const row of this.#db
      .prepare(PATIENT_SCHEDULE_SQL)
      .all<{ instrument: Instrument; every_days: number | null; created_at: string }>({ patientId })) {
      // Two settings in the same millisecond: the later row, read first, stands.
      if (!own.has(row.instrument)) own.set(row.instrument, { everyDays: row.every_days, setAt: row.created_at });
    }
    return own;
  }

  lastAnswered(patientId: string): Partial<Record<Instrument, string>> {
    const last: Partial<Record<Instrument, string>> = {};
    for (const row of this.#db.prepare(LAST_ANSWERED_SQL).all<{ instrument: Instrument; last_date: string }>({ patientId })) {
      last[row.instrument] = row.last_date;
    }
    return last;
  }

  /** Every instrument's interval, last answer and due day for this patient on `today`. */
  schedule(patientId: string, today: string): MeasureSchedule {
    this.#patients.require(patientId);
    return { patientId, entries: scheduleEntries(this.own(patientId), this.lastAnswered(patientId), today) };
  }

  /** One instrument given an interval, or taken off the schedule: a row of its own, audited. */
  set(change: ScheduleChange, now: string, today: string): MeasureSchedule {
    this.#patients.require(change.patientId);
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO measure_schedules (id, patient_id, instrument, every_days, created_at)
           VALUES ($id, $patientId, $instrument, $everyDays, $now)`,
        )
        .run({ id, patientId: change.patientId, instrument: change.instrument, everyDays: change.everyDays, now });
      this.#audit.append(now, {
        action: 'measure-schedule.set',
        recordType: 'measure-schedule',
        recordId: id,
        patientId: change.patientId,
      });
    })();
    return this.schedule(change.patientId, today);
  }

  /**
   * Across the practice, the measures past their due day on `today` (due before it, not on it), oldest
   * first, for the patients in care in the range: measured on or after `fromDay`, or given a schedule
   * setting since `from`. A patient last seen years ago is not "overdue", or a long-kept practice would
   * list everyone it ever measured. Of those patients: an instrument the clinician set (overdue from
   * the day after it was set, if never answered), or one on the practice's usual schedule they have
   * answered before. Archived patients are left out.
   */
  overdue(
    today: string,
    from: string,
    fromDay: string,
  ): { patientId: string; instrument: Instrument; everyDays: number; lastDate: string | null; dueOn: string }[] {
    // Only the patients in care are read: a whole practice's measures grouped in one statement took most of a second.
    const inCare = this.#db.prepare(IN_CARE_SQL, { pluck: true }).all<string>({ from, fromDay });
    const own = new Map<string, OwnSchedule>();
    const last = new Map<string, Partial<Record<Instrument, string>>>();
    for (let start = 0; start < inCare.length; start += PATIENTS_PER_READ) {
      const some = inCare.slice(start, start + PATIENTS_PER_READ);
      this.#readInCare(some, own, last);
    }
    const overdue: ReturnType<MeasureSchedulesRepository['overdue']> = [];
    for (const patientId of inCare) {
      const set: OwnSchedule = own.get(patientId) ?? (new Map() as OwnSchedule);
      const answered = last.get(patientId) ?? {};
      for (const entry of scheduleEntries(set, answered, today)) {
        if (entry.everyDays === null || entry.dueOn === null) continue;
        const setting = set.get(entry.instrument);
        // Never answered: due from the day it was set on the schedule, if the clinician set it; never, on the usual schedule alone.
        const dueOn = entry.lastDate !== null ? entry.dueOn : setting ? setting.setAt.slice(0, 10) : null;
        if (dueOn === null || dueOn >= today) continue;
        overdue.push({ patientId, instrument: entry.instrument, everyDays: entry.everyDays, lastDate: entry.lastDate, dueOn });
      }
    }
    return overdue.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.patientId.localeCompare(b.patientId));
  }

  /** The newest setting of each instrument and the day each was last answered, for these patients (each patient's own index range). */
  #readInCare(patientIds: readonly string[], own: Map<string, OwnSchedule>, last: Map<string, Partial<Record<Instrument, string>>>): void {
    const placeholders = patientIds.map(() => '?').join(', ');
    for (const row of this.#db
      .prepare(
        `SELECT patient_id, instrument, every_days, created_at FROM measure_schedules
         WHERE patient_id IN (${placeholders}) ORDER BY patient_id, instrument, created_at DESC, rowid DESC`,
      )
      .all<{ patient_id: string; instrument: Instrument; every_days: number | null; created_at: string }>([...patientIds])) {
      const mine: OwnSchedule = own.get(row.patient_id) ?? (new Map() as OwnSchedule);
      // The newest setting of each instrument stands.
      if (!mine.has(row.instrument)) mine.set(row.instrument, { everyDays: row.every_days, setAt: row.created_at });
      own.set(row.patient_id, mine);
    }
    for (const row of this.#db
      .prepare(
        `SELECT patient_id, instrument, max(date) AS last_date FROM measures WHERE patient_id IN (${placeholders}) GROUP BY patient_id, instrument`,
      )
      .all<{ patient_id: string; instrument: Instrument; last_date: string }>([...patientIds])) {
      const mine = last.get(row.patient_id) ?? {};
      mine[row.instrument] = row.last_date;
      last.set(row.patient_id, mine);
    }
  }
}

/**
 * The patients in care in a range, not archived: measured on or after its first day (measures_by_date),
 * or given a schedule setting since its start.
 */
const IN_CARE_SQL = `SELECT id FROM patients WHERE archived_at IS NULL AND (
    id IN (SELECT patient_id FROM measures WHERE date >= $fromDay)
    OR id IN (SELECT patient_id FROM measure_schedules WHERE created_at >= $from))`;

/** Patients read in one statement: well under SQLite's limit of bound parameters. */
const PATIENTS_PER_READ = 500;
