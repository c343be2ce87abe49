import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/database/migrations';
import { ACTIVE_PATIENT_LIST_SQL } from '../../../../electron/features/patients/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const insert = `INSERT INTO patients (id, chart_number, given_name, family_name, date_of_birth, archived_at, created_at, updated_at)
  VALUES ($id, $chart, $given, $family, '1980-01-01', $archived, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`;

describe('migration 0001: patients', () => {
  it('takes an empty database from version 0 to 1 and creates the patients table and its list index', () => {
    const { db } = database;
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    const columns = db.prepare("SELECT name FROM pragma_table_info('patients') ORDER BY cid", { pluck: true }).all();
    expect(columns).toEqual([
      'id',
      'chart_number',
      'given_name',
      'family_name',
      'preferred_name',
      'date_of_birth',
      'phone',
      'email',
      'archived_at',
      'created_at',
      'updated_at',
      'version',
    ]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'patients'", { pluck: true }).all();
    expect(indexes).toContain('patients_by_list_order');
  });

  it('stores rows with a version of 1 and refuses a second patient with the same chart number', () => {
    const { db } = database;
    migrate(db, 1);
    db.prepare(insert).run({ id: 'a', chart: 1, given: 'Ida', family: 'Brennan', archived: null });
    expect(db.prepare('SELECT version FROM patients WHERE id = $id', { pluck: true }).get({ id: 'a' })).toBe(1);
    expect(() => db.prepare(insert).run({ id: 'b', chart: 1, given: 'Ola', family: 'Brennan', archived: null })).toThrow(/UNIQUE/);
  });

  it('serves the patient list from the index, with no separate sort', () => {
    const { db } = database;
    migrate(db, 1);
    for (let i = 1; i <= 50; i += 1) {
      db.prepare(insert).run({
        id: `p${i}`,
        chart: i,
        given: `Given${i}`,
        family: `Family${i % 7}`,
        archived: i % 10 === 0 ? '2024-02-01T00:00:00.000Z' : null,
      });
    }
    db.exec('ANALYZE');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${ACTIVE_PATIENT_LIST_SQL}`)
      .all()
      .map((row) => String(row['detail']));
    expect(plan.join('\n')).toMatch(/USING INDEX patients_by_list_order/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    const families = db
      .prepare(ACTIVE_PATIENT_LIST_SQL)
      .all()
      .map((row) => row['family_name']);
    expect(families).toHaveLength(45);
    expect(families).toEqual([...families].sort());
  });

  it('a failing migration leaves the version and the schema as they were', () => {
    const { db } = database;
    db.exec('CREATE TABLE patients (id TEXT)');
    expect(() => migrate(db, 1)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'patients_by_list_order'", { pluck: true }).get()).toBe(0);
  });
});
