/**
 * Consents to share and the accounting of disclosures, in the vault. A consent row is what the patient
 * agreed; it is revoked or marked entered in error, each once, never edited (the triggers of
 * migration 26 hold it). A disclosure row is written once and kept. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import {
  consentStatus,
  recordPartSchema,
  type Consent,
  type ConsentForm,
  type ConsentInput,
  type ConsentRecipient,
  type ConsentRevocation,
  type ConsentWithStatus,
  type DisclosedItem,
  type Disclosure,
  type DisclosureException,
  type RecordPart,
} from '../../../shared/consents';
import { AppError } from '../../../shared/errors';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { z } from 'zod';

type ConsentRow = {
  id: string;
  patient_id: string;
  recipient_name: string;
  recipient_role: string;
  recipient_contact: string;
  parts: string;
  purpose: string;
  valid_from: string;
  valid_until: string | null;
  given_as: ConsentForm;
  recorded_at: string;
  revoked_on: string | null;
  revocation_reason: string | null;
  revoked_at: string | null;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

type DisclosureRow = {
  id: string;
  patient_id: string;
  disclosed_at: string;
  item: DisclosedItem;
  item_id: string | null;
  parts: string;
  basis: Disclosure['basis'];
  consent_id: string | null;
  exception: DisclosureException | null;
  exception_reason: string | null;
  recipient_name: string | null;
  recipient_role: string | null;
  recipient_contact: string | null;
};

const storedParts = z.array(recordPartSchema);

function parts(json: string): RecordPart[] {
  return storedParts.parse(JSON.parse(json));
}

function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    patientId: row.patient_id,
    recipient: { name: row.recipient_name, role: row.recipient_role, contact: row.recipient_contact },
    parts: parts(row.parts),
    purpose: row.purpose,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    givenAs: row.given_as,
    recordedAt: row.recorded_at,
    revokedOn: row.revoked_on,
    revocationReason: row.revocation_reason,
    enteredInError: row.entered_in_error_at !== null,
  };
}

function toDisclosure(row: DisclosureRow): Disclosure {
  return {
    id: row.id,
    patientId: row.patient_id,
    disclosedAt: row.disclosed_at,
    item: row.item,
    itemId: row.item_id,
    parts: parts(row.parts),
    recipient:
      row.recipient_name === null
        ? null
        : { name: row.recipient_name, role: row.recipient_role ?? '', contact: row.recipient_contact ?? '' },
    basis: row.basis,
    consentId: row.consent_id,
    exception: row.exception,
    exceptionReason: row.exception_reason,
  };
}

export const PATIENT_CONSENTS_SQL = 'SELECT * FROM consents WHERE patient_id = $patientId ORDER BY valid_from DESC, recorded_at DESC';
export const PATIENT_DISCLOSURES_SQL = 'SELECT * FROM disclosures WHERE patient_id = $patientId ORDER BY disclosed_at DESC, rowid DESC';

/** A disclosure as written: the basis already checked, the recipient resolved. */
export type CheckedDisclosure = {
  patientId: string;
  item: DisclosedItem;
  itemId: string | null;
  parts: RecordPart[];
  recipient: ConsentRecipient | null;
  basis: Disclosure['basis'];
  consentId: string | null;
  exception: DisclosureException | null;
  exceptionReason: string | null;
};

export class ConsentsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
  }

  list(patientId: string): Consent[] {
    this.#patients.require(patientId);
    return this.#db.prepare(PATIENT_CONSENTS_SQL).all<ConsentRow>({ patientId }).map(toConsent);
  }

  withStatus(consent: Consent, today: string): ConsentWithStatus {
    return { ...consent, status: consentStatus(consent, today) };
  }

  get(id: string): Consent {
    const row = this.#db.prepare('SELECT * FROM consents WHERE id = $id').get<ConsentRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no consent with this id.');
    return toConsent(row);
  }

  record(input: ConsentInput, now: string): Consent {
    this.#patients.require(input.patientId);
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO consents (id, patient_id, recipient_name, recipient_role, recipient_contact, parts, purpose, valid_from, valid_until, given_as, recorded_at)
           VALUES ($id, $patientId, $name, $role, $contact, $parts, $purpose, $validFrom, $validUntil, $givenAs, $now)`,
        )
        .run({
          id,
          patientId: input.patientId,
          name: input.recipient.name,
          role: input.recipient.role,
          contact: input.recipient.contact,
          parts: JSON.stringify(input.parts),
          purpose: input.purpose,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          givenAs: input.givenAs,
          now,
        });
      this.#audit.append(now, { action: 'consent.record', recordType: 'consent', recordId: id, patientId: input.patientId });
    })();
    return this.get(id);
  }

  /** Revoked once, from a day no later than today; a consent entered in error is not revoked. */
  revoke({ consentId, revokedOn, reason }: ConsentRevocation, today: string, now: string): Consent {
    const consent = this.get(consentId);
    if (consent.enteredInError) throw new AppError('CONFLICT', 'This consent was entered in error: it never covered anything.');
    if (consent.revokedOn !== null) throw new AppError('CONFLICT', `This consent was already revoked on ${consent.revokedOn}.`);
    if (revokedOn > today)
      throw new AppError('INVALID_INPUT', 'A consent is revoked from the day the patient withdrew it: today or earlier.', [
        { path: 'revokedOn', message: 'Today or earlier' },
      ]);
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE consents SET revoked_on = $revokedOn, revocation_reason = $reason, revoked_at = $now WHERE id = $id')
        .run({ id: consentId, revokedOn, reason, now });
      this.#audit.append(now, { action: 'consent.revoke', recordType: 'consent', recordId: consentId, patientId: consent.patientId });
    })();
    return this.get(consentId);
  }

  markEnteredInError(consentId: string, reason: string, now: string): Consent {
    const consent = this.get(consentId);
    if (consent.enteredInError) return consent;
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE consents SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
        .run({ id: consentId, now, reason });
      this.#audit.append(now, {
        action: 'consent.entered-in-error',
        recordType: 'consent',
        recordId: consentId,
        patientId: consent.patientId,
      });
    })();
    return this.get(consentId);
  }

  formPrinted(consentId: string, now: string): void {
    const consent = this.get(consentId);
    this.#audit.append(now, { action: 'consent.print-form', recordType: 'consent', recordId: consentId, patientId: consent.patientId });
  }

  disclosures(patientId: string): Disclosure[] {
    this.#patients.require(patientId);
    return this.#db.prepare(PATIENT_DISCLOSURES_SQL).all<DisclosureRow>({ patientId }).map(toDisclosure);
  }

  /** Writes a disclosure whose basis the caller has checked, with its audit entry, in the caller's transaction. */
  writeDisclosure(disclosure: CheckedDisclosure, now: string): Disclosure {
    const id = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO disclosures (id, patient_id, disclosed_at, item, item_id, parts, basis, consent_id, exception, exception_reason,
           recipient_name, recipient_role, recipient_contact)
         VALUES ($id, $patientId, $now, $item, $itemId, $parts, $basis, $consentId, $exception, $exceptionReason, $name, $role, $contact)`,
      )
      .run({
        id,
        patientId: disclosure.patientId,
        now,
        item: disclosure.item,
        itemId: disclosure.itemId,
        parts: JSON.stringify(disclosure.parts),
        basis: disclosure.basis,
        consentId: disclosure.consentId,
        exception: disclosure.exception,
        exceptionReason: disclosure.exceptionReason,
        name: disclosure.recipient?.name ?? null,
        role: disclosure.recipient?.role ?? null,
        contact: disclosure.recipient?.contact ?? null,
      });
    this.#audit.append(now, { action: 'disclosure.record', recordType: 'disclosure', recordId: id, patientId: disclosure.patientId });
    const row = this.#db.prepare('SELECT * FROM disclosures WHERE id = $id').get<DisclosureRow>({ id });
    if (!row) throw new AppError('INTERNAL', 'The disclosure was recorded but could not be read back.');
    return toDisclosure(row);
  }

  accountingPrinted(patientId: string, now: string): void {
    this.#patients.require(patientId);
    this.#audit.append(now, { action: 'disclosure.print-accounting', recordType: 'patient', recordId: patientId, patientId });
  }
}
