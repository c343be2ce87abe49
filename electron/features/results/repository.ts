/**
 * Results and vitals, each a row as it was entered: its value in the unit entered and in the
 * analyte's canonical unit. Never changed or removed; marked entered in error instead. Runs only
 * inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import { toCanonical, type AnalyteCode, type Result, type ResultInput, type ResultList } from '../../../shared/results';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { enteredInError } from '../../database/entered-in-error';

type ResultRow = {
  id: string;
  patient_id: string;
  analyte: AnalyteCode;
  value: number;
  unit: string;
  canonical_value: number;
  taken_on: string;
  range_low: number | null;
  range_high: number | null;
  note: string;
  created_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

function toResult(row: ResultRow): Result {
  return {
    id: row.id,
    patientId: row.patient_id,
    analyte: row.analyte,
    value: row.value,
    unit: row.unit,
    canonicalValue: row.canonical_value,
    takenOn: row.taken_on,
    rangeLow: row.range_low,
    rangeHigh: row.range_high,
    note: row.note,
    createdAt: row.created_at,
    enteredInError: enteredInError(row.entered_in_error_at, row.entered_in_error_reason),
  };
}

export const PATIENT_RESULTS_SQL = 'SELECT * FROM results WHERE patient_id = $patientId ORDER BY taken_on, created_at';

export class ResultsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  /** Every result of the patient, those entered in error included, the oldest taken first. */
  results(patientId: string): Result[] {
    return this.#db.prepare(PATIENT_RESULTS_SQL).all<ResultRow>({ patientId }).map(toResult);
  }

  list(patientId: string): ResultList {
    this.#patients.require(patientId);
    return { results: this.results(patientId) };
  }

  /** Records one value (the schema has checked its unit against the catalogue); answers the patient's results. */
  record(patientId: string, input: ResultInput, now: string): ResultList {
    this.#patients.require(patientId);
    const id = randomUUID();
    const canonicalValue = toCanonical(input.analyte, input.value, input.unit);
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO results (id, patient_id, analyte, value, unit, canonical_value, taken_on, range_low, range_high, note, created_at)
           VALUES ($id, $patientId, $analyte, $value, $unit, $canonicalValue, $takenOn, $rangeLow, $rangeHigh, $note, $now)`,
        )
        .run({
          id,
          patientId,
          analyte: input.analyte,
          value: input.value,
          unit: input.unit,
          canonicalValue,
          takenOn: input.takenOn,
          rangeLow: input.rangeLow,
          rangeHigh: input.rangeHigh,
          note: input.note,
          now,
        });
      this.#audit.append(now, { action: 'result.record', recordType: 'result', recordId: id, patientId });
    })();
    return this.list(patientId);
  }

  /** Marks one result as recorded by mistake: it stays, struck through, and no longer counts. */
  markEnteredInError(id: string, reason: string, now: string): ResultList {
    const row = this.#db.prepare('SELECT * FROM results WHERE id = $id').get<ResultRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no result with this id.');
    if (row.entered_in_error_at === null) {
      this.#db.transaction(() => {
        this.#db
          .prepare('UPDATE results SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
          .run({ id, now, reason });
        this.#audit.append(now, { action: 'result.entered-in-error', recordType: 'result', recordId: id, patientId: row.patient_id });
      })();
    }
    return this.list(row.patient_id);
  }
}
