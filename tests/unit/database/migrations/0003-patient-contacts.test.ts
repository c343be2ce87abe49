import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

describe('migration 0003: patient contacts', () => {
  it('adds the contact columns, empty for the patients already there, and keeps them', () => {
    const { db } = database;
    migrate(db, 2);
    addPatient(db, 'p1', 1);
    expect(migrate(db, 3)).toBe(3);
    const row = db.prepare('SELECT * FROM patients WHERE id = $id').get<Record<string, string | number | null>>({ id: 'p1' })!;
    expect(row).toMatchObject({
      given_name: 'Ida',
      family_name: 'Brennan',
      pronouns: null,
      address: null,
      emergency_contact_name: null,
      no_known_allergies_at: null,
    });
    db.prepare("UPDATE patients SET pronouns = 'she/her', primary_care_physician = 'Dr Osei' WHERE id = 'p1'").run();
    expect(db.prepare("SELECT pronouns || ' ' || primary_care_physician FROM patients", { pluck: true }).get()).toBe('she/her Dr Osei');
  });
});
