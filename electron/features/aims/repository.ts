/**
 * AIMS examinations: recorded once, read as the patient's history, and only ever marked entered in
 * error. The total and the screening flag are computed by shared/aims.ts, the functions the tests
 * check; the table keeps the total too, for the schedules and exports that read it. Runs only inside
 * the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { aimsFlag, aimsTotal, type AimsExamination, type AimsInput } from '../../../shared/aims';
import { AppError } from '../../../shared/errors';
import { instantToLocal } from '../../../shared/recurrence';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { enteredInError } from '../../database/entered-in-error';

type ExaminationRow = {
  id: string;
  patient_id: string;
  examined_on: string;
  item_1: number;
  item_2: number;
  item_3: number;
  item_4: number;
  item_5: number;
  item_6: number;
  item_7: number;
  severity: number;
  incapacitation: number;
  awareness: number;
  dental_problems: number;
  wears_dentures: number;
  total: number;
  note: string;
  examined_by: string;
  created_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

function toExamination(row: ExaminationRow): AimsExamination {
  const movements = [row.item_1, row.item_2, row.item_3, row.item_4, row.item_5, row.item_6, row.item_7];
  return {
    id: row.id,
    patientId: row.patient_id,
    examinedOn: row.examined_on,
    movements,
    severity: row.severity,
    incapacitation: row.incapacitation,
    awareness: row.awareness,
    dentalProblems: row.dental_problems === 1,
    wearsDentures: row.wears_dentures === 1,
    total: row.total,
    flag: aimsFlag({ movements }),
    note: row.note,
    examinedBy: row.examined_by,
    createdAt: row.created_at,
    enteredInError: enteredInError(row.entered_in_error_at, row.entered_in_error_reason),
  };
}

/** A patient's examinations, newest first (by the day examined, then by when each was written). */
export const PATIENT_AIMS_SQL = 'SELECT * FROM aims_examinations WHERE patient_id = $patientId ORDER BY examined_on DESC, created_at DESC';

export class AimsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  /** Every examination of the patient, those entered in error included (the screen shows them struck through). */
  list(patientId: string): AimsExamination[] {
    this.#patients.require(patientId);
    return this.#db.prepare(PATIENT_AIMS_SQL).all<ExaminationRow>({ patientId }).map(toExamination);
  }

  /** Records an examination; one dated after today in the practice's time zone is refused. */
  record(patientId: string, input: AimsInput, now: string, timeZone: string): AimsExamination {
    this.#patients.require(patientId);
    const today = instantToLocal(new Date(now), timeZone).slice(0, 10);
    if (input.examinedOn > today) {
      throw new AppError('INVALID_INPUT', 'The examination cannot be dated after today.', [
        { path: 'examination.examinedOn', message: 'On or before today' },
      ]);
    }
    const id = randomUUID();
    const [item1, item2, item3, item4, item5, item6, item7] = input.movements;
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO aims_examinations (id, patient_id, examined_on, item_1, item_2, item_3, item_4, item_5, item_6, item_7,
             severity, incapacitation, awareness, dental_problems, wears_dentures, total, note, examined_by, created_at)
           VALUES ($id, $patientId, $examinedOn, $item1, $item2, $item3, $item4, $item5, $item6, $item7,
             $severity, $incapacitation, $awareness, $dentalProblems, $wearsDentures, $total, $note, $examinedBy, $now)`,
        )
        .run({
          id,
          patientId,
          examinedOn: input.examinedOn,
          item1,
          item2,
          item3,
          item4,
          item5,
          item6,
          item7,
          severity: input.severity,
          incapacitation: input.incapacitation,
          awareness: input.awareness,
          dentalProblems: input.dentalProblems ? 1 : 0,
          wearsDentures: input.wearsDentures ? 1 : 0,
          total: aimsTotal(input),
          note: input.note,
          examinedBy: input.examinedBy,
          now,
        });
      this.#audit.append(now, { action: 'aims.record', recordType: 'aims', recordId: id, patientId });
    })();
    return this.#get(id);
  }

  /** Marks one examination as recorded by mistake; marking it again changes nothing. */
  markEnteredInError(id: string, reason: string, now: string): AimsExamination[] {
    const row = this.#db.prepare('SELECT * FROM aims_examinations WHERE id = $id').get<ExaminationRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no AIMS examination with this id.');
    if (row.entered_in_error_at === null) {
      this.#db.transaction(() => {
        this.#db
          .prepare('UPDATE aims_examinations SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
          .run({ id, now, reason });
        this.#audit.append(now, { action: 'aims.entered-in-error', recordType: 'aims', recordId: id, patientId: row.patient_id });
      })();
    }
    return this.list(row.patient_id);
  }

  #get(id: string): AimsExamination {
    const row = this.#db.prepare('SELECT * FROM aims_examinations WHERE id = $id').get<ExaminationRow>({ id });
    if (!row) throw new AppError('INTERNAL', 'The examination was recorded but could not be read back.');
    return toExamination(row);
  }
}
