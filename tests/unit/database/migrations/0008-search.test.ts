import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { PatientSearch } from '../../../../electron/features/search/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

describe('migration 0008: search', () => {
  it('indexes the patients and notes already in the vault, so they are found at once', () => {
    const { db } = database;
    migrate(db, 7);
    addPatient(db, 'p1', 1, { given: 'Odile', family: 'Marwick' });
    addPatient(db, 'p2', 2, { given: 'Piet', family: 'Redfern' });
    addNote(db, 'n1', 'p2', '2024-01-02');
    db.prepare("INSERT INTO note_fields (note_id, key, text) VALUES ('n1', 'text', 'Clozapine titration, weekly bloods')").run();
    expect(migrate(db, 8)).toBe(8);

    const search = new PatientSearch(db);
    expect(search.query('marw', 10).map((r) => [r.name, r.matchedOn])).toEqual([['Marwick, Odile', 'name']]);
    expect(search.query('555 123', 10).map((r) => r.chartNumber)).toEqual([1, 2]);
    expect(search.query('03/02/1980', 10)).toHaveLength(2);
    expect(search.query('clozapine', 10).map((r) => [r.name, r.matchedOn])).toEqual([['Redfern, Piet', 'note']]);
  });
});
