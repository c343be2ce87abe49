/**
 * A chart's diagnoses and the dated history of their changes. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import {
  sortDiagnoses,
  type Diagnosis,
  type DiagnosisChanges,
  type DiagnosisEvent,
  type DiagnosisInput,
  type DiagnosisStatus,
  DIAGNOSIS_CHANGES,
  onsetProblem,
} from '../../../shared/diagnosis';
import { AppError } from '../../../shared/errors';
import { lookupIcdCode } from '../../../shared/icd10cm';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { enteredInError } from '../../database/entered-in-error';

type DiagnosisRow = {
  id: string;
  patient_id: string;
  code: string;
  label: string;
  status: DiagnosisStatus;
  is_primary: number;
  onset_date: string | null;
  note: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

type EventRow = {
  id: string;
  diagnosis_id: string;
  code: string;
  label: string;
  at: string;
  changes: string;
  status: DiagnosisStatus;
  previous_status: DiagnosisStatus | null;
  is_primary: number;
};

type Change = (typeof DIAGNOSIS_CHANGES)[number];

const CONFLICT_MESSAGE =
  'This diagnosis was changed since you opened it. The chart now shows the latest; make your change again if it is still needed.';

function toDiagnosis(row: DiagnosisRow): Diagnosis {
  return {
    id: row.id,
    patientId: row.patient_id,
    code: row.code,
    label: row.label,
    status: row.status,
    isPrimary: row.is_primary === 1,
    onsetDate: row.onset_date,
    note: row.note,
    enteredInError: enteredInError(row.entered_in_error_at, row.entered_in_error_reason),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toEvent(row: EventRow): DiagnosisEvent {
  return {
    id: row.id,
    diagnosisId: row.diagnosis_id,
    code: row.code,
    label: row.label,
    at: row.at,
    changes: row.changes.split(',') as Change[],
    status: row.status,
    previousStatus: row.previous_status,
    isPrimary: row.is_primary === 1,
  };
}

export const PATIENT_DIAGNOSES_SQL = 'SELECT * FROM diagnoses WHERE patient_id = $patientId';
export const PATIENT_DIAGNOSIS_HISTORY_SQL = `
  SELECT e.*, d.code, d.label FROM diagnosis_events e JOIN diagnoses d ON d.id = e.diagnosis_id
  WHERE e.patient_id = $patientId ORDER BY e.at DESC, e.rowid DESC`;

export class DiagnosesRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  /** The chart's diagnoses in force, primary first: what the header and side panel show. */
  current(patientId: string): Diagnosis[] {
    return sortDiagnoses(this.#rows(patientId).filter((d) => d.enteredInError === null));
  }

  list(patientId: string): { diagnoses: Diagnosis[]; history: DiagnosisEvent[] } {
    this.#patients.require(patientId);
    return {
      diagnoses: sortDiagnoses(this.#rows(patientId)),
      history: this.#db.prepare(PATIENT_DIAGNOSIS_HISTORY_SQL).all<EventRow>({ patientId }).map(toEvent),
    };
  }

  history(patientId: string): DiagnosisEvent[] {
    return this.#db.prepare(PATIENT_DIAGNOSIS_HISTORY_SQL).all<EventRow>({ patientId }).map(toEvent);
  }

  add(patientId: string, input: DiagnosisInput, now: string): Diagnosis {
    this.#patients.require(patientId);
    const found = lookupIcdCode(input.code);
    if (!found?.billable)
      throw new AppError('INVALID_INPUT', `${input.code} is not a billable ICD-10-CM code.`, [
        { path: 'diagnosis.code', message: 'Choose a code from the list' },
      ]);
    this.#checkOnset(patientId, input.onsetDate, 'diagnosis.onsetDate');
    const duplicate = this.#rows(patientId).find((d) => d.code === found.code && d.enteredInError === null);
    if (duplicate) {
      throw new AppError(
        'CONFLICT',
        `${found.code} is already on this chart (${duplicate.status === 'active' ? 'active' : duplicate.status.replace('-', ' ')}). Change its status instead.`,
      );
    }
    const id = randomUUID();
    this.#db.transaction(() => {
      if (input.isPrimary) this.#clearPrimary(patientId, now);
      this.#db
        .prepare(
          `INSERT INTO diagnoses (id, patient_id, code, label, status, is_primary, onset_date, note, created_at, updated_at, version)
           VALUES ($id, $patientId, $code, $label, $status, $isPrimary, $onsetDate, $note, $now, $now, 1)`,
        )
        .run({
          id,
          patientId,
          code: found.code,
          label: found.description,
          status: input.status,
          isPrimary: input.isPrimary ? 1 : 0,
          onsetDate: input.onsetDate === '' ? null : input.onsetDate,
          note: input.note,
          now,
        });
      this.#event(this.#get(id), ['added'], null, now);
      this.#audit.append(now, { action: 'diagnosis.add', recordType: 'diagnosis', recordId: id, patientId });
    })();
    return this.#get(id);
  }

  update(id: string, version: number, changes: DiagnosisChanges, now: string): Diagnosis {
    const before = this.#get(id);
    if (before.enteredInError) throw new AppError('CONFLICT', 'This diagnosis was marked entered in error; it can no longer change.');
    if (before.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    const after = {
      status: changes.status ?? before.status,
      isPrimary: changes.isPrimary ?? before.isPrimary,
      onsetDate: changes.onsetDate === undefined ? before.onsetDate : changes.onsetDate === '' ? null : changes.onsetDate,
      note: changes.note ?? before.note,
    };
    if (after.onsetDate !== before.onsetDate) this.#checkOnset(before.patientId, after.onsetDate, 'changes.onsetDate');
    const changed: Change[] = [];
    if (after.status !== before.status) changed.push('status');
    if (after.isPrimary !== before.isPrimary) changed.push('primary');
    if (after.onsetDate !== before.onsetDate) changed.push('onset');
    if (after.note !== before.note) changed.push('note');
    if (changed.length === 0) return before;
    this.#db.transaction(() => {
      if (after.isPrimary && !before.isPrimary) this.#clearPrimary(before.patientId, now);
      const result = this.#db
        .prepare(
          `UPDATE diagnoses SET status = $status, is_primary = $isPrimary, onset_date = $onsetDate, note = $note,
             updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version`,
        )
        .run({ id, version, now, status: after.status, isPrimary: after.isPrimary ? 1 : 0, onsetDate: after.onsetDate, note: after.note });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#event(this.#get(id), changed, before.status, now);
      this.#audit.append(now, { action: 'diagnosis.update', recordType: 'diagnosis', recordId: id, patientId: before.patientId });
    })();
    return this.#get(id);
  }

  /** An onset before the stored date of birth is refused, naming the field. */
  #checkOnset(patientId: string, onsetDate: string | null, path: string): void {
    const problem = onsetProblem(onsetDate, this.#patients.get(patientId).dateOfBirth);
    if (problem) throw new AppError('INVALID_INPUT', `${problem}.`, [{ path, message: problem }]);
  }

  markEnteredInError(id: string, version: number, reason: string, now: string): Diagnosis {
    const before = this.#get(id);
    if (before.enteredInError) return before;
    if (before.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE diagnoses SET entered_in_error_at = $now, entered_in_error_reason = $reason, is_primary = 0,
             updated_at = $now, version = version + 1 WHERE id = $id AND version = $version`,
        )
        .run({ id, version, now, reason });
      this.#event(this.#get(id), ['entered-in-error'], before.status, now);
      this.#audit.append(now, { action: 'diagnosis.entered-in-error', recordType: 'diagnosis', recordId: id, patientId: before.patientId });
    })();
    return this.#get(id);
  }

  /** The chart's one primary diagnosis gives way to a new one; that is a change of its own, recorded as such. */
  #clearPrimary(patientId: string, now: string): void {
    for (const previous of this.#rows(patientId).filter((d) => d.isPrimary && d.enteredInError === null)) {
      this.#db
        .prepare('UPDATE diagnoses SET is_primary = 0, updated_at = $now, version = version + 1 WHERE id = $id')
        .run({ id: previous.id, now });
      this.#event(this.#get(previous.id), ['primary'], previous.status, now);
    }
  }

  #event(diagnosis: Diagnosis, changes: Change[], previousStatus: DiagnosisStatus | null, now: string): void {
    this.#db
      .prepare(
        `INSERT INTO diagnosis_events (id, diagnosis_id, patient_id, at, changes, status, previous_status, is_primary)
         VALUES ($id, $diagnosisId, $patientId, $at, $changes, $status, $previousStatus, $isPrimary)`,
      )
      .run({
        id: randomUUID(),
        diagnosisId: diagnosis.id,
        patientId: diagnosis.patientId,
        at: now,
        changes: changes.join(','),
        status: diagnosis.status,
        previousStatus,
        isPrimary: diagnosis.isPrimary ? 1 : 0,
      });
  }

  #rows(patientId: string): Diagnosis[] {
    return this.#db.prepare(PATIENT_DIAGNOSES_SQL).all<DiagnosisRow>({ patientId }).map(toDiagnosis);
  }

  #get(id: string): Diagnosis {
    const row = this.#db.prepare('SELECT * FROM diagnoses WHERE id = $id').get<DiagnosisRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no diagnosis with this id.');
    return toDiagnosis(row);
  }
}
