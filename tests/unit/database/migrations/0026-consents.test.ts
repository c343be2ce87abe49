import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0026Consents as migration } from '../../../../electron/database/migrations/0026-consents';
import { PATIENT_CONSENTS_SQL, PATIENT_DISCLOSURES_SQL } from '../../../../electron/features/consents/repository';
import { guardError } from '../../../../electron/database/schema-guards';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient, plan, STAMP } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

function addConsent(id: string, parts = '["diagnoses","medications"]', validUntil: string | null = '2024-12-31') {
  database.db
    .prepare(
      `INSERT INTO consents (id, patient_id, recipient_name, recipient_role, recipient_contact, parts, purpose, valid_from, valid_until, given_as, recorded_at)
       VALUES ($id, $patient, 'Dr Haddad', 'Primary care physician', 'Fax 555 0199', $parts, 'Shared care', '2024-01-01', $validUntil, 'signed-form', $stamp)`,
    )
    .run({ id, patient: PATIENT, parts, validUntil, stamp: STAMP });
}

function disclose(id: string, basis: 'patient' | 'consent' | 'exception', consentId: string | null = null, reason: string | null = null) {
  const recipient = basis === 'patient' ? null : 'Dr Haddad';
  database.db
    .prepare(
      `INSERT INTO disclosures (id, patient_id, disclosed_at, item, item_id, parts, basis, consent_id, exception, exception_reason, recipient_name, recipient_role, recipient_contact)
       VALUES ($id, $patient, $stamp, 'record-pdf', NULL, '["diagnoses"]', $basis, $consentId, $exception, $reason, $recipient, $role, $contact)`,
    )
    .run({
      id,
      patient: PATIENT,
      stamp: STAMP,
      basis,
      consentId,
      exception: basis === 'exception' ? 'emergency' : null,
      reason,
      recipient,
      role: recipient === null ? null : '',
      contact: recipient === null ? null : '',
    });
}

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return guardError(error)?.code ?? 'CHECK';
  }
  return undefined;
}

describe(`migration ${migration.version}: consents to share and the accounting of disclosures`, () => {
  it('adds consents and disclosures, each read by patient through its index, and checks their shape', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    expect(migrate(db, migration.version)).toBe(migration.version);
    addPatient(db, PATIENT, 1);
    addConsent('c1');
    addConsent('c2', '["notes"]', null);
    expect(refused(() => addConsent('c3', '[]'))).toBe('CHECK');
    expect(refused(() => addConsent('c4', 'notes'))).toBe('CHECK');
    disclose('d1', 'patient');
    disclose('d2', 'consent', 'c1');
    disclose('d3', 'exception', null, 'Admitted after an overdose; the emergency team asked for the medication list');
    // A consent basis names its consent; an exception its reason; the patient no other recipient.
    expect(refused(() => disclose('d4', 'consent'))).toBe('CHECK');
    expect(refused(() => disclose('d5', 'exception'))).toBe('CHECK');
    expect(db.prepare('SELECT count(*) FROM disclosures', { pluck: true }).get()).toBe(3);
    expect(plan(db, PATIENT_CONSENTS_SQL, { patientId: PATIENT })).toContain('consents_by_patient');
    expect(plan(db, PATIENT_DISCLOSURES_SQL, { patientId: PATIENT })).toContain('disclosures_by_patient');
  });

  it('revokes a consent or marks it entered in error once each, and never edits or deletes it', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    addConsent('c1');
    expect(refused(() => db.prepare(`UPDATE consents SET parts = '["notes"]' WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`UPDATE consents SET valid_until = NULL WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    // Revocation is all three columns or none.
    expect(refused(() => db.prepare(`UPDATE consents SET revoked_on = '2024-03-01' WHERE id = 'c1'`).run())).toBe('CHECK');
    db.prepare(`UPDATE consents SET revoked_on = '2024-03-01', revocation_reason = 'Moved away', revoked_at = $stamp WHERE id = 'c1'`).run({
      stamp: STAMP,
    });
    expect(refused(() => db.prepare(`UPDATE consents SET revoked_on = '2024-04-01' WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    db.prepare(`UPDATE consents SET entered_in_error_at = $stamp, entered_in_error_reason = 'Wrong patient' WHERE id = 'c1'`).run({
      stamp: STAMP,
    });
    expect(refused(() => db.prepare(`UPDATE consents SET entered_in_error_reason = 'Other' WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`DELETE FROM consents WHERE id = 'c1'`).run())).toBe('APPEND_ONLY');
  });

  it('refuses any UPDATE or DELETE of a disclosure', () => {
    const { db } = database;
    migrate(db, migration.version);
    addPatient(db, PATIENT, 1);
    disclose('d1', 'exception', null, 'Court order 2024/17');
    expect(refused(() => db.prepare(`UPDATE disclosures SET exception_reason = 'Other' WHERE id = 'd1'`).run())).toBe('APPEND_ONLY');
    expect(refused(() => db.prepare(`DELETE FROM disclosures WHERE id = 'd1'`).run())).toBe('APPEND_ONLY');
    expect(db.prepare(`SELECT exception_reason FROM disclosures WHERE id = 'd1'`, { pluck: true }).get()).toBe('Court order 2024/17');
  });
});
