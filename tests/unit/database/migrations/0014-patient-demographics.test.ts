import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0014PatientDemographics } from '../../../../electron/database/migrations/0014-patient-demographics';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const { version } = migration0014PatientDemographics;

describe('migration 0014: patient demographics', () => {
  it('adds sex at birth, gender identity, pharmacy, the physician’s contacts and insurance, empty for patients already there', () => {
    const { db } = database;
    migrate(db, version - 1);
    addPatient(db, 'p1', 1);
    db.prepare("UPDATE patients SET primary_care_physician_contact = 'Elm Street Surgery' WHERE id = 'p1'").run();
    expect(migrate(db, version)).toBe(version);
    const row = db.prepare('SELECT * FROM patients WHERE id = $id').get<Record<string, string | number | null>>({ id: 'p1' })!;
    expect(row).toMatchObject({
      given_name: 'Ida',
      primary_care_physician_contact: 'Elm Street Surgery',
      sex_assigned_at_birth: null,
      gender_identity: null,
      pharmacy_name: null,
      primary_care_fax: null,
      insurance_member_id: null,
    });
    db.prepare("UPDATE patients SET sex_assigned_at_birth = 'female', gender_identity = 'Non-binary' WHERE id = 'p1'").run();
    expect(db.prepare("SELECT sex_assigned_at_birth || ' ' || gender_identity FROM patients", { pluck: true }).get()).toBe(
      'female Non-binary',
    );
  });

  it('refuses a sex at birth that is not one of the choices', () => {
    const { db } = database;
    migrate(db, version);
    addPatient(db, 'p1', 1);
    expect(() => db.prepare("UPDATE patients SET sex_assigned_at_birth = 'F' WHERE id = 'p1'").run()).toThrow(/CHECK/);
  });
});
