import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { NOTE_SEARCH_SQL, PATIENT_SEARCH_SQL } from '../../../../electron/features/search/repository';
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

    // Asked as the search asks, at version 8 (the search of today also reads later migrations' indexes).
    const patients = (query: string) =>
      db
        .prepare(PATIENT_SEARCH_SQL)
        .all<{ chart_number: number }>({ query })
        .map((row) => row.chart_number)
        .sort();
    expect(patients('"marw"*')).toEqual([1]);
    expect(patients('"555"* "123"*')).toEqual([1, 2]);
    expect(patients('"03"* "02"* "1980"*')).toEqual([1, 2]);
    const notes = db.prepare(NOTE_SEARCH_SQL).all<{ patient_id: string }>({ query: '"clozapine"', limit: 10 });
    expect(notes.map((row) => row.patient_id)).toEqual(['p2']);
  });
});
