/**
 * Medications as dated entries, and allergies. The current list is never stored: it is derived
 * from the entries by shared/medication.ts, the same function the tests check. Runs only inside the
 * database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import {
  deriveMedications,
  type Allergy,
  type AllergyInput,
  type AllergyStatus,
  type Medication,
  type MedicationEvent,
  chronological,
  type MedicationEventInput,
  type MedicationLists,
  type MedicationRoute,
} from '../../../shared/medication';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { enteredInError } from '../../database/entered-in-error';

type EventRow = {
  id: string;
  medication_id: string;
  patient_id: string;
  kind: MedicationEvent['kind'];
  date: string;
  name: string;
  route: MedicationRoute;
  dose: string;
  frequency: string;
  reason: string;
  recorded_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

type AllergyRow = {
  id: string;
  patient_id: string;
  substance: string;
  kind: Allergy['kind'];
  reaction: string;
  severity: Allergy['severity'];
  noted_on: string | null;
  recorded_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

function toEvent(row: EventRow): MedicationEvent {
  return {
    id: row.id,
    medicationId: row.medication_id,
    patientId: row.patient_id,
    kind: row.kind,
    date: row.date,
    name: row.name,
    route: row.route,
    dose: row.dose,
    frequency: row.frequency,
    reason: row.reason,
    recordedAt: row.recorded_at,
    enteredInError: enteredInError(row.entered_in_error_at, row.entered_in_error_reason),
  };
}

function toAllergy(row: AllergyRow): Allergy {
  return {
    id: row.id,
    patientId: row.patient_id,
    substance: row.substance,
    kind: row.kind,
    reaction: row.reaction,
    severity: row.severity,
    notedOn: row.noted_on,
    recordedAt: row.recorded_at,
    enteredInError: enteredInError(row.entered_in_error_at, row.entered_in_error_reason),
  };
}

export const PATIENT_MEDICATION_EVENTS_SQL = 'SELECT * FROM medication_events WHERE patient_id = $patientId';

const AUDIT_ACTION = { start: 'medication.start', change: 'medication.change', stop: 'medication.stop' } as const;

export class MedicationsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  events(patientId: string): MedicationEvent[] {
    return this.#db.prepare(PATIENT_MEDICATION_EVENTS_SQL).all<EventRow>({ patientId }).map(toEvent);
  }

  list(patientId: string): MedicationLists {
    this.#patients.require(patientId);
    const events = this.events(patientId);
    return { ...deriveMedications(events), entries: chronological(events).reverse() };
  }

  /**
   * Records a start, a dose change or a stop. A change or stop must follow the course's last entry
   * and find it still running on that date; a start must not duplicate a medication already taken.
   */
  record(patientId: string, entry: MedicationEventInput, now: string): Medication {
    this.#patients.require(patientId);
    const { current, past } = this.list(patientId);
    let medicationId: string;
    let course: Medication | undefined;
    if (entry.kind === 'start') {
      const same = current.find((m) => m.name.toLocaleLowerCase() === entry.name.toLocaleLowerCase() && m.route === entry.route);
      if (same)
        throw new AppError(
          'CONFLICT',
          `${same.name} (${same.route}) is already on the current list since ${same.startedOn}. Record a dose change instead.`,
        );
      medicationId = randomUUID();
    } else {
      medicationId = entry.medicationId;
      course = current.find((m) => m.medicationId === medicationId);
      if (!course) {
        const stopped = past.find((m) => m.medicationId === medicationId);
        if (stopped) throw new AppError('CONFLICT', `${stopped.name} was stopped on ${stopped.stoppedOn}. Start it again as a new entry.`);
        throw new AppError('NOT_FOUND', 'This medication is not on the patient’s list.');
      }
      const last = course.events.filter((e) => e.enteredInError === null).at(-1);
      if (last && entry.date < last.date) {
        throw new AppError('INVALID_INPUT', `The date is before this medication’s last entry (${last.date}).`, [
          { path: 'entry.date', message: 'On or after this medication’s last entry' },
        ]);
      }
      if (entry.kind === 'change' && entry.dose === course.dose && entry.frequency === course.frequency) {
        throw new AppError('INVALID_INPUT', `${course.name} is already ${course.dose}, ${course.frequency}.`, [
          { path: 'entry.dose', message: 'This is the current dose' },
        ]);
      }
    }
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO medication_events (id, medication_id, patient_id, kind, date, name, route, dose, frequency, reason, recorded_at)
           VALUES ($id, $medicationId, $patientId, $kind, $date, $name, $route, $dose, $frequency, $reason, $now)`,
        )
        .run({
          id,
          medicationId,
          patientId,
          kind: entry.kind,
          date: entry.date,
          name: entry.kind === 'start' ? entry.name : (course?.name ?? ''),
          route: entry.kind === 'start' ? entry.route : (course?.route ?? 'other'),
          dose: entry.kind === 'stop' ? (course?.dose ?? '') : entry.dose,
          frequency: entry.kind === 'stop' ? (course?.frequency ?? '') : entry.frequency,
          reason: entry.reason,
          now,
        });
      this.#audit.append(now, { action: AUDIT_ACTION[entry.kind], recordType: 'medication', recordId: id, patientId });
    })();
    const after = this.list(patientId);
    const medication = [...after.current, ...after.past].find((m) => m.medicationId === medicationId);
    if (!medication) throw new AppError('INTERNAL', 'The medication was recorded but could not be read back.');
    return medication;
  }

  /** Marks one entry as recorded by mistake; the list is derived again without it. */
  markEnteredInError(eventId: string, reason: string, now: string): MedicationLists {
    const row = this.#db.prepare('SELECT * FROM medication_events WHERE id = $id').get<EventRow>({ id: eventId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no medication entry with this id.');
    if (row.entered_in_error_at === null) {
      this.#db.transaction(() => {
        this.#db
          .prepare('UPDATE medication_events SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
          .run({ id: eventId, now, reason });
        this.#audit.append(now, {
          action: 'medication.entered-in-error',
          recordType: 'medication',
          recordId: eventId,
          patientId: row.patient_id,
        });
      })();
    }
    return this.list(row.patient_id);
  }

  allergies(patientId: string): AllergyStatus {
    const patient = this.#db
      .prepare('SELECT no_known_allergies_at FROM patients WHERE id = $id')
      .get<{ no_known_allergies_at: string | null }>({ id: patientId });
    if (!patient) throw new AppError('NOT_FOUND', 'There is no patient with this id.');
    const allergies = this.#db
      .prepare('SELECT * FROM allergies WHERE patient_id = $patientId ORDER BY recorded_at DESC')
      .all<AllergyRow>({ patientId })
      .map(toAllergy);
    return { allergies, noKnownAllergiesAt: patient.no_known_allergies_at };
  }

  addAllergy(patientId: string, input: AllergyInput, now: string): AllergyStatus {
    this.#patients.require(patientId);
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO allergies (id, patient_id, substance, kind, reaction, severity, noted_on, recorded_at)
           VALUES ($id, $patientId, $substance, $kind, $reaction, $severity, $notedOn, $now)`,
        )
        .run({ id, patientId, now, ...input, notedOn: input.notedOn === '' ? null : input.notedOn });
      // An allergy on the list ends "no known allergies".
      this.#db.prepare('UPDATE patients SET no_known_allergies_at = NULL WHERE id = $id').run({ id: patientId });
      this.#audit.append(now, { action: 'allergy.add', recordType: 'allergy', recordId: id, patientId });
    })();
    return this.allergies(patientId);
  }

  markAllergyEnteredInError(id: string, reason: string, now: string): AllergyStatus {
    const row = this.#db.prepare('SELECT * FROM allergies WHERE id = $id').get<AllergyRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no allergy with this id.');
    if (row.entered_in_error_at === null) {
      this.#db.transaction(() => {
        this.#db
          .prepare('UPDATE allergies SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
          .run({ id, now, reason });
        this.#audit.append(now, { action: 'allergy.entered-in-error', recordType: 'allergy', recordId: id, patientId: row.patient_id });
      })();
    }
    return this.allergies(row.patient_id);
  }

  noneKnown(patientId: string, now: string): AllergyStatus {
    const status = this.allergies(patientId);
    const listed = status.allergies.filter((a) => a.enteredInError === null);
    if (listed.length > 0) {
      throw new AppError(
        'CONFLICT',
        `${listed.map((a) => a.substance).join(', ')} ${listed.length === 1 ? 'is' : 'are'} on the list. Mark ${listed.length === 1 ? 'it' : 'them'} entered in error first if that was a mistake.`,
      );
    }
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE patients SET no_known_allergies_at = $now WHERE id = $id').run({ id: patientId, now });
      this.#audit.append(now, { action: 'allergy.none-known', recordType: 'patient', recordId: patientId, patientId });
    })();
    return this.allergies(patientId);
  }
}
