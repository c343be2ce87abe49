import type { Migration } from './migration';

/**
 * What a psychiatrist needs beyond the contacts of 0003: sex assigned at birth and gender identity
 * (kept apart, both optional), the preferred pharmacy, the primary care physician's practice, phone,
 * fax, email and address (letters go there), and optional insurance details. Every column may be
 * NULL ("not given"); the free-text contact of 0003 stays as it was written.
 */
export const migration0014PatientDemographics: Migration = {
  version: 14,
  name: 'patient-demographics',
  up(db) {
    db.exec(`
      ALTER TABLE patients ADD COLUMN sex_assigned_at_birth TEXT
        CHECK (sex_assigned_at_birth IN ('female', 'male', 'intersex', 'not-disclosed'));
      ALTER TABLE patients ADD COLUMN gender_identity TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_practice TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_phone TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_fax TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_email TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_address TEXT;
      ALTER TABLE patients ADD COLUMN pharmacy_name TEXT;
      ALTER TABLE patients ADD COLUMN pharmacy_phone TEXT;
      ALTER TABLE patients ADD COLUMN pharmacy_address TEXT;
      ALTER TABLE patients ADD COLUMN insurance_payer TEXT;
      ALTER TABLE patients ADD COLUMN insurance_member_id TEXT;
      ALTER TABLE patients ADD COLUMN insurance_group_number TEXT;
      ALTER TABLE patients ADD COLUMN insurance_policy_holder TEXT;
    `);
  },
};
