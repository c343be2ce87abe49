import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import type { Patient, PatientInput, PatientSummary } from '../../../shared/patient';

type PatientRow = {
  id: string;
  chart_number: number;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone: string | null;
  email: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

type SummaryRow = Pick<
  PatientRow,
  'id' | 'chart_number' | 'given_name' | 'family_name' | 'preferred_name' | 'date_of_birth' | 'phone' | 'archived_at'
>;

const SUMMARY_COLUMNS = 'id, chart_number, given_name, family_name, preferred_name, date_of_birth, phone, archived_at';
const ORDER = 'family_name COLLATE NOCASE, given_name COLLATE NOCASE, chart_number';

/** The list a person sees first; it must be served by the patients_by_list_order index. */
export const ACTIVE_PATIENT_LIST_SQL = `SELECT ${SUMMARY_COLUMNS} FROM patients WHERE archived_at IS NULL ORDER BY ${ORDER}`;
export const ALL_PATIENT_LIST_SQL = `SELECT ${SUMMARY_COLUMNS} FROM patients ORDER BY ${ORDER}`;

const CONFLICT_MESSAGE = 'Someone changed this record since you opened it. Reload it to see the changes, then make yours again.';

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'There is no patient with this id.');
}

/** Empty means "not given": stored as NULL so a tool reading the file sees no empty strings. */
function orNull(value: string): string | null {
  return value === '' ? null : value;
}

function toSummary(row: SummaryRow): PatientSummary {
  return {
    id: row.id,
    chartNumber: row.chart_number,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth,
    phone: row.phone,
    archivedAt: row.archived_at,
  };
}

function toPatient(row: PatientRow): Patient {
  return {
    ...toSummary(row),
    email: row.email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Patients in the vault's database. Runs only inside the database worker. */
export class PatientsRepository {
  readonly #db: Database;
  readonly #now: () => string;

  constructor(db: Database, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#now = now;
  }

  list(includeArchived: boolean): PatientSummary[] {
    const sql = includeArchived ? ALL_PATIENT_LIST_SQL : ACTIVE_PATIENT_LIST_SQL;
    return this.#db.prepare(sql).all<SummaryRow>().map(toSummary);
  }

  get(id: string): Patient {
    const row = this.#db.prepare('SELECT * FROM patients WHERE id = $id').get<PatientRow>({ id });
    if (!row) throw notFound();
    return toPatient(row);
  }

  create(patient: PatientInput): Patient {
    const id = randomUUID();
    const now = this.#now();
    this.#db.transaction(() => {
      const next = this.#db.prepare('SELECT coalesce(max(chart_number), 0) + 1 FROM patients', { pluck: true }).get();
      this.#db
        .prepare(
          `INSERT INTO patients (id, chart_number, given_name, family_name, preferred_name, date_of_birth, phone, email,
             archived_at, created_at, updated_at, version)
           VALUES ($id, $chartNumber, $givenName, $familyName, $preferredName, $dateOfBirth, $phone, $email,
             NULL, $now, $now, 1)`,
        )
        .run({ id, chartNumber: Number(next), now, ...this.#columns(patient) });
    })();
    return this.get(id);
  }

  update(id: string, version: number, patient: PatientInput): Patient {
    const result = this.#db
      .prepare(
        `UPDATE patients SET given_name = $givenName, family_name = $familyName, preferred_name = $preferredName,
           date_of_birth = $dateOfBirth, phone = $phone, email = $email, updated_at = $now, version = version + 1
         WHERE id = $id AND version = $version`,
      )
      .run({ id, version, now: this.#now(), ...this.#columns(patient) });
    return this.#afterVersionedWrite(id, result.changes);
  }

  archive(id: string, version: number): Patient {
    const result = this.#db
      .prepare(
        `UPDATE patients SET archived_at = coalesce(archived_at, $now), updated_at = $now, version = version + 1
         WHERE id = $id AND version = $version`,
      )
      .run({ id, version, now: this.#now() });
    return this.#afterVersionedWrite(id, result.changes);
  }

  restore(id: string, version: number): Patient {
    const result = this.#db
      .prepare(
        `UPDATE patients SET archived_at = NULL, updated_at = $now, version = version + 1
         WHERE id = $id AND version = $version`,
      )
      .run({ id, version, now: this.#now() });
    return this.#afterVersionedWrite(id, result.changes);
  }

  #columns(patient: PatientInput) {
    return {
      givenName: patient.givenName,
      familyName: patient.familyName,
      preferredName: orNull(patient.preferredName),
      dateOfBirth: patient.dateOfBirth,
      phone: orNull(patient.phone),
      email: orNull(patient.email),
    };
  }

  /** No row changed: either the patient does not exist, or someone saved a newer version first. */
  #afterVersionedWrite(id: string, changes: number): Patient {
    if (changes === 0) {
      const exists = this.#db.prepare('SELECT 1 FROM patients WHERE id = $id', { pluck: true }).get({ id });
      throw exists === undefined ? notFound() : new AppError('CONFLICT', CONFLICT_MESSAGE);
    }
    return this.get(id);
  }
}
