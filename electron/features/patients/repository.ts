import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { AuditAction } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import { SEXES_AT_BIRTH, type Patient, type PatientInput, type PatientSummary } from '../../../shared/patient';
import { indexPatient } from '../search/search-index';
import type { AuditLog } from '../audit/repository';

type PatientRow = {
  id: string;
  chart_number: number;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone: string | null;
  email: string | null;
  pronouns: string | null;
  address: string | null;
  emergency_contact_name: string | null;
  emergency_contact_relationship: string | null;
  emergency_contact_phone: string | null;
  referring_clinician: string | null;
  referring_clinician_contact: string | null;
  primary_care_physician: string | null;
  primary_care_physician_contact: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
} & { [C in (typeof DEMOGRAPHIC_COLUMNS)[DemographicField]]: string | null };

/**
 * The demographics added by migration 0011, field by column: read, written and indexed alike, so a
 * field added here is one line.
 */
const DEMOGRAPHIC_COLUMNS = {
  primaryCarePractice: 'primary_care_practice',
  primaryCarePhone: 'primary_care_phone',
  primaryCareFax: 'primary_care_fax',
  primaryCareEmail: 'primary_care_email',
  primaryCareAddress: 'primary_care_address',
  sexAssignedAtBirth: 'sex_assigned_at_birth',
  genderIdentity: 'gender_identity',
  pharmacyName: 'pharmacy_name',
  pharmacyPhone: 'pharmacy_phone',
  pharmacyAddress: 'pharmacy_address',
  insurancePayer: 'insurance_payer',
  insuranceMemberId: 'insurance_member_id',
  insuranceGroupNumber: 'insurance_group_number',
  insurancePolicyHolder: 'insurance_policy_holder',
} as const satisfies Partial<Record<keyof PatientInput, string>>;
type DemographicField = keyof typeof DEMOGRAPHIC_COLUMNS;
const DEMOGRAPHIC_FIELDS = Object.keys(DEMOGRAPHIC_COLUMNS) as DemographicField[];
const DEMOGRAPHIC_INSERT_COLUMNS = DEMOGRAPHIC_FIELDS.map((field) => DEMOGRAPHIC_COLUMNS[field]).join(', ');
const DEMOGRAPHIC_INSERT_VALUES = DEMOGRAPHIC_FIELDS.map((field) => `$${field}`).join(', ');
const DEMOGRAPHIC_UPDATES = DEMOGRAPHIC_FIELDS.map((field) => `${DEMOGRAPHIC_COLUMNS[field]} = $${field}`).join(', ');

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

/** The column's CHECK allows only the choices; anything else would be a file edited by hand. */
function sexAtBirth(value: string | null): Patient['sexAssignedAtBirth'] {
  return SEXES_AT_BIRTH.find((choice) => choice === value) ?? null;
}

function toPatient(row: PatientRow): Patient {
  return {
    ...toSummary(row),
    email: row.email,
    pronouns: row.pronouns,
    address: row.address,
    emergencyContactName: row.emergency_contact_name,
    emergencyContactRelationship: row.emergency_contact_relationship,
    emergencyContactPhone: row.emergency_contact_phone,
    referringClinician: row.referring_clinician,
    referringClinicianContact: row.referring_clinician_contact,
    primaryCarePhysician: row.primary_care_physician,
    primaryCarePhysicianContact: row.primary_care_physician_contact,
    primaryCarePractice: row.primary_care_practice,
    primaryCarePhone: row.primary_care_phone,
    primaryCareFax: row.primary_care_fax,
    primaryCareEmail: row.primary_care_email,
    primaryCareAddress: row.primary_care_address,
    sexAssignedAtBirth: sexAtBirth(row.sex_assigned_at_birth),
    genderIdentity: row.gender_identity,
    pharmacyName: row.pharmacy_name,
    pharmacyPhone: row.pharmacy_phone,
    pharmacyAddress: row.pharmacy_address,
    insurancePayer: row.insurance_payer,
    insuranceMemberId: row.insurance_member_id,
    insuranceGroupNumber: row.insurance_group_number,
    insurancePolicyHolder: row.insurance_policy_holder,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Patients in the vault's database. Runs only inside the database worker. Every change is audited and indexed for search. */
export class PatientsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;

  constructor(db: Database, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
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

  /** NOT_FOUND unless the patient exists: the first check of anything written to a chart. */
  require(id: string): void {
    if (this.#db.prepare('SELECT 1 FROM patients WHERE id = $id', { pluck: true }).get({ id }) === undefined) throw notFound();
  }

  create(patient: PatientInput, now: string): Patient {
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#insert(id, patient, now);
      this.#afterWrite(id, 'patient.create', now);
    })();
    return this.get(id);
  }

  /**
   * Adds a patient brought in by an import, indexed for search but without an audit entry of its own:
   * the import writes one entry for all it added, in the same transaction, which the caller holds.
   */
  createImported(patient: PatientInput, now: string): string {
    const id = randomUUID();
    this.#insert(id, patient, now);
    const row = this.#db.prepare('SELECT * FROM patients WHERE id = $id').get<PatientRow>({ id });
    if (!row) throw notFound();
    indexPatient(this.#db, row);
    return id;
  }

  #insert(id: string, patient: PatientInput, now: string): void {
    const next = this.#db.prepare('SELECT coalesce(max(chart_number), 0) + 1 FROM patients', { pluck: true }).get();
    this.#db
      .prepare(
        `INSERT INTO patients (id, chart_number, given_name, family_name, preferred_name, date_of_birth, phone, email,
           pronouns, address, emergency_contact_name, emergency_contact_relationship, emergency_contact_phone,
           referring_clinician, referring_clinician_contact, primary_care_physician, primary_care_physician_contact,
           ${DEMOGRAPHIC_INSERT_COLUMNS}, archived_at, created_at, updated_at, version)
         VALUES ($id, $chartNumber, $givenName, $familyName, $preferredName, $dateOfBirth, $phone, $email,
           $pronouns, $address, $emergencyContactName, $emergencyContactRelationship, $emergencyContactPhone,
           $referringClinician, $referringClinicianContact, $primaryCarePhysician, $primaryCarePhysicianContact,
           ${DEMOGRAPHIC_INSERT_VALUES}, NULL, $now, $now, 1)`,
      )
      .run({ id, chartNumber: Number(next), now, ...this.#columns(patient) });
  }

  update(id: string, version: number, patient: PatientInput, now: string): Patient {
    return this.#versionedWrite(
      id,
      'patient.update',
      now,
      () =>
        this.#db
          .prepare(
            `UPDATE patients SET given_name = $givenName, family_name = $familyName, preferred_name = $preferredName,
             date_of_birth = $dateOfBirth, phone = $phone, email = $email, pronouns = $pronouns, address = $address,
             emergency_contact_name = $emergencyContactName, emergency_contact_relationship = $emergencyContactRelationship,
             emergency_contact_phone = $emergencyContactPhone, referring_clinician = $referringClinician,
             referring_clinician_contact = $referringClinicianContact, primary_care_physician = $primaryCarePhysician,
             primary_care_physician_contact = $primaryCarePhysicianContact, ${DEMOGRAPHIC_UPDATES}, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version`,
          )
          .run({ id, version, now, ...this.#columns(patient) }).changes,
    );
  }

  archive(id: string, version: number, now: string): Patient {
    return this.#versionedWrite(
      id,
      'patient.archive',
      now,
      () =>
        this.#db
          .prepare(
            `UPDATE patients SET archived_at = coalesce(archived_at, $now), updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version`,
          )
          .run({ id, version, now }).changes,
    );
  }

  restore(id: string, version: number, now: string): Patient {
    return this.#versionedWrite(
      id,
      'patient.restore',
      now,
      () =>
        this.#db
          .prepare(
            `UPDATE patients SET archived_at = NULL, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version`,
          )
          .run({ id, version, now }).changes,
    );
  }

  #columns(patient: PatientInput) {
    return {
      givenName: patient.givenName,
      familyName: patient.familyName,
      preferredName: orNull(patient.preferredName),
      dateOfBirth: patient.dateOfBirth,
      phone: orNull(patient.phone),
      email: orNull(patient.email),
      pronouns: orNull(patient.pronouns),
      address: orNull(patient.address),
      emergencyContactName: orNull(patient.emergencyContactName),
      emergencyContactRelationship: orNull(patient.emergencyContactRelationship),
      emergencyContactPhone: orNull(patient.emergencyContactPhone),
      referringClinician: orNull(patient.referringClinician),
      referringClinicianContact: orNull(patient.referringClinicianContact),
      primaryCarePhysician: orNull(patient.primaryCarePhysician),
      primaryCarePhysicianContact: orNull(patient.primaryCarePhysicianContact),
      ...Object.fromEntries(DEMOGRAPHIC_FIELDS.map((field) => [field, orNull(patient[field])])),
    };
  }

  /** Re-indexes the patient for search and records the change, in the write's transaction. */
  #afterWrite(id: string, action: AuditAction, now: string): void {
    const row = this.#db.prepare('SELECT * FROM patients WHERE id = $id').get<PatientRow>({ id });
    if (!row) throw notFound();
    indexPatient(this.#db, row);
    this.#audit.append(now, { action, recordType: 'patient', recordId: id, patientId: id });
  }

  /** No row changed: either the patient does not exist, or someone saved a newer version first. */
  #versionedWrite(id: string, action: AuditAction, now: string, write: () => number): Patient {
    this.#db.transaction(() => {
      if (write() === 0) {
        const exists = this.#db.prepare('SELECT 1 FROM patients WHERE id = $id', { pluck: true }).get({ id });
        throw exists === undefined ? notFound() : new AppError('CONFLICT', CONFLICT_MESSAGE);
      }
      this.#afterWrite(id, action, now);
    })();
    return this.get(id);
  }
}
