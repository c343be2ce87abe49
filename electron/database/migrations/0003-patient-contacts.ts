import type { Migration } from './migration';

/**
 * The chart's demographics and contacts beyond the name. Every column may be NULL ("not given"), so
 * the patients already in the vault need no values. `no_known_allergies_at` records when the
 * clinician confirmed the patient has no known allergies, which is not the same as nothing recorded.
 */
export const migration0003PatientContacts: Migration = {
  version: 3,
  name: 'patient-contacts',
  up(db) {
    db.exec(`
      ALTER TABLE patients ADD COLUMN pronouns TEXT;
      ALTER TABLE patients ADD COLUMN address TEXT;
      ALTER TABLE patients ADD COLUMN emergency_contact_name TEXT;
      ALTER TABLE patients ADD COLUMN emergency_contact_relationship TEXT;
      ALTER TABLE patients ADD COLUMN emergency_contact_phone TEXT;
      ALTER TABLE patients ADD COLUMN referring_clinician TEXT;
      ALTER TABLE patients ADD COLUMN referring_clinician_contact TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_physician TEXT;
      ALTER TABLE patients ADD COLUMN primary_care_physician_contact TEXT;
      ALTER TABLE patients ADD COLUMN no_known_allergies_at TEXT;
    `);
  },
};
