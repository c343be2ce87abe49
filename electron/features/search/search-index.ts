/**
 * The full-text index behind Ctrl/Cmd+K: patients by name, chart number, date of birth and phone,
 * and notes by their words. Both are FTS5 tables inside the encrypted database.
 *
 * - `patient_search` holds, per patient (rowid = chart number), the names and the other fields as a
 *   person types them: a date of birth in ISO, day-first and month-first order, with and without
 *   leading zeros; a phone as its digits and every tail of them, so "0102" finds "+1 555 010 2030".
 * - `note_search` is contentless (the note text is stored once, in note_fields): one row per note
 *   (rowid = notes.seq) holding all its fields and addenda, so words from two fields find the note.
 *   Words are kept as written (no stemming), so a word being typed finds what starts with it at every
 *   keystroke. Prefixes of two and three letters have an index of their own; a longer prefix is
 *   looked up in `note_search_vocab`, the index's own list of words, and searched as those words.
 *   (A prefix index for every length would double the index; SQLCipher's memory security makes an
 *   unindexed prefix over twenty years of notes take a quarter of a second.)
 *
 * The repositories keep both in step as they write, in the same transaction. A bulk load (the
 * synthetic practices) writes its rows first and then rebuilds the index in one statement per table
 * instead of one row at a time.
 */
import type { Database } from '@signalapp/sqlcipher';

export const SEARCH_INDEX_DDL = `
  CREATE VIRTUAL TABLE patient_search USING fts5(
    given, family, preferred, born, phone, chart,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  CREATE VIRTUAL TABLE note_search USING fts5(
    text, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  CREATE VIRTUAL TABLE note_search_vocab USING fts5vocab(note_search, 'row');
`;

export type PatientSearchSource = {
  chart_number: number;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone: string | null;
};

/** The words a person might type for a date of birth: 1984-06-12 as 1984 06 12, 12 06 1984, 06 12 1984, 12 6 1984, 6 12 1984. */
export function dateOfBirthWords(date: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  const m = String(Number(month));
  const d = String(Number(day));
  return [year, month, day, day, month, year, month, day, year, d, m, year, m, d, year].join(' ');
}

/** A phone's digits and every tail of at least four of them: typing any part from a group's start finds it. */
export function phoneWords(phone: string | null): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  const words: string[] = [];
  for (let start = 0; start <= digits.length - 4; start += 1) words.push(digits.slice(start));
  return words.join(' ');
}

function patientRow(patient: PatientSearchSource) {
  return {
    rowid: patient.chart_number,
    given: patient.given_name,
    family: patient.family_name,
    preferred: patient.preferred_name ?? '',
    born: dateOfBirthWords(patient.date_of_birth),
    phone: phoneWords(patient.phone),
    chart: String(patient.chart_number),
  };
}

const INSERT_PATIENT = `INSERT INTO patient_search (rowid, given, family, preferred, born, phone, chart)
  VALUES ($rowid, $given, $family, $preferred, $born, $phone, $chart)`;

/** Writes (or rewrites) one patient's row. */
export function indexPatient(db: Database, patient: PatientSearchSource): void {
  db.prepare('DELETE FROM patient_search WHERE rowid = $rowid').run({ rowid: patient.chart_number });
  db.prepare(INSERT_PATIENT).run(patientRow(patient));
}

/** All of one note's words: its fields, then its addenda. */
const NOTE_TEXT_SQL = `
  coalesce((SELECT group_concat(text, char(10)) FROM note_fields WHERE note_id = n.id), '') || char(10) ||
  coalesce((SELECT group_concat(text, char(10)) FROM note_addenda WHERE note_id = n.id), '')`;

/** Writes (or rewrites) one note's row from what is stored for it now. */
export function indexNote(db: Database, noteSeq: number): void {
  db.prepare('DELETE FROM note_search WHERE rowid = $seq').run({ seq: noteSeq });
  db.prepare(`INSERT INTO note_search (rowid, text) SELECT n.seq, ${NOTE_TEXT_SQL} FROM notes n WHERE n.seq = $seq`).run({ seq: noteSeq });
}

export function unindexNote(db: Database, noteSeq: number): void {
  db.prepare('DELETE FROM note_search WHERE rowid = $seq').run({ seq: noteSeq });
}

/** Rebuilds both indexes from the tables: after a bulk load, and when the index is first made. */
export function rebuildSearchIndex(db: Database): void {
  db.exec(`DELETE FROM patient_search; DELETE FROM note_search;`);
  const insert = db.prepare(INSERT_PATIENT);
  for (const patient of db
    .prepare('SELECT chart_number, given_name, family_name, preferred_name, date_of_birth, phone FROM patients')
    .all<PatientSearchSource>()) {
    insert.run(patientRow(patient));
  }
  db.exec(`INSERT INTO note_search (rowid, text) SELECT n.seq, ${NOTE_TEXT_SQL} FROM notes n`);
  db.exec(`INSERT INTO patient_search (patient_search) VALUES ('optimize'); INSERT INTO note_search (note_search) VALUES ('optimize');`);
}
