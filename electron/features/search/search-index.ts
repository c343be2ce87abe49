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
 * - `plan_search` is contentless too: one row per treatment plan (rowid = the patient's chart number)
 *   holding the words of its latest version, the plan's own (problems, goals, objectives,
 *   interventions) in one column and the safety plan's in another, so a hit can open either.
 *
 * Names are also indexed as they are typed without punctuation or letters a keyboard may lack:
 * "O'Brien" also as "obrien", "Smith-Jones" as "smithjones", "Søren" as "soren" (the tokenizer folds
 * "ë" to "e" but keeps "ø", "ł", "ß" and "æ" as they are).
 *
 * The repositories keep all three in step as they write, in the same transaction. A bulk load (the
 * synthetic practices) writes its rows first and then rebuilds the index in one statement per table
 * instead of one row at a time.
 */
import type { Database } from '@signalapp/sqlcipher';
import { planContentSchema, SAFETY_PLAN_FIELDS, storedPlanContent, type PlanContent } from '../../../shared/plan';

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

/** The plans' index (migration 0011): plan words and safety plan words, each plan's latest version. */
export const PLAN_SEARCH_DDL = `
  CREATE VIRTUAL TABLE plan_search USING fts5(
    plan, safety, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
`;

/** Letters the tokenizer does not fold, as they are written on a keyboard without them. */
const SPELLED_OUT: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case, accents dropped, and the letters above spelled out: "Søren Zoë" → "soren zoe". */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłßæœđðþı]/g, (letter) => SPELLED_OUT[letter] ?? letter);
}

/**
 * The words a person may type for a name: each word, and the words run together from each one to
 * the end, so "O’Brien-Smith" is found as "o", "brien", "smith", "obriensmith", "briensmith".
 */
export function nameWords(name: string): string[] {
  const words = foldName(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const all = new Set(words);
  for (let from = 0; from < words.length - 1; from += 1) all.add(words.slice(from).join(''));
  return [...all];
}

/** A name as the index holds it: as written, then the forms of nameWords the tokenizer would not make of it. */
function indexedName(name: string): string {
  const tokens = new Set(
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u),
  );
  const extra = nameWords(name).filter((word) => !tokens.has(word));
  return extra.length === 0 ? name : `${name} ${extra.join(' ')}`;
}

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
    given: indexedName(patient.given_name),
    family: indexedName(patient.family_name),
    preferred: indexedName(patient.preferred_name ?? ''),
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

/** Rewrites every patient's row: when the index is first made, and when the way names are indexed changes. */
export function rebuildPatientIndex(db: Database): void {
  db.exec('DELETE FROM patient_search');
  const insert = db.prepare(INSERT_PATIENT);
  for (const patient of db
    .prepare('SELECT chart_number, given_name, family_name, preferred_name, date_of_birth, phone FROM patients')
    .all<PatientSearchSource>()) {
    insert.run(patientRow(patient));
  }
  db.exec("INSERT INTO patient_search (patient_search) VALUES ('optimize')");
}

/** Rebuilds the patients' and the notes' indexes from the tables: after a bulk load, and when the index is first made. */
export function rebuildSearchIndex(db: Database): void {
  rebuildPatientIndex(db);
  db.exec('DELETE FROM note_search');
  db.exec(`INSERT INTO note_search (rowid, text) SELECT n.seq, ${NOTE_TEXT_SQL} FROM notes n`);
  db.exec("INSERT INTO note_search (note_search) VALUES ('optimize')");
}

/** The words of a plan that a search finds, field by field, in the order the plan shows them. */
export function planSearchTexts(content: PlanContent): { plan: string[]; safety: string[] } {
  const { interventions } = content;
  const plan = [
    content.presentingProblems,
    content.dailyLifeEffect,
    content.strengths,
    ...content.goals.flatMap((goal) => [
      goal.patientWords,
      goal.formulation,
      ...goal.objectives.flatMap((objective) => [objective.description, objective.measure]),
    ]),
    ...interventions.psychotherapy.flatMap((item) => [item.modality, item.frequency, item.description]),
    ...interventions.medications.flatMap((item) => [`${item.name} ${item.dose} ${item.frequency}`, item.monitoring]),
    ...interventions.referrals.flatMap((item) => [item.to, item.reason]),
    content.dischargeCriteria,
  ];
  const safety = SAFETY_PLAN_FIELDS.map((field) => content.safetyPlan[field.key]);
  const written = (texts: string[]) => texts.filter((text) => text.trim() !== '');
  return { plan: written(plan), safety: written(safety) };
}

type LatestPlan = { chart_number: number; content: string };

/** Each plan's latest version (a draft being revised included), with its patient's chart number. */
const LATEST_PLAN_SQL = `
  SELECT p.chart_number, v.content FROM treatment_plans t
  JOIN patients p ON p.id = t.patient_id
  JOIN plan_versions v ON v.plan_id = t.id
  WHERE v.number = (SELECT max(number) FROM plan_versions WHERE plan_id = t.id)`;

function insertPlan(db: Database, plan: LatestPlan): void {
  // A plan not in the form Alliance wrote it is reported when it is opened; the index only leaves it out.
  const parsed = planContentSchema.safeParse(storedPlanContent(JSON.parse(plan.content)));
  if (!parsed.success) return;
  const texts = planSearchTexts(parsed.data);
  db.prepare('INSERT INTO plan_search (rowid, plan, safety) VALUES ($rowid, $plan, $safety)').run({
    rowid: plan.chart_number,
    plan: texts.plan.join('\n'),
    safety: texts.safety.join('\n'),
  });
}

/** Writes (or rewrites) one plan's row from its latest version. */
export function indexPlan(db: Database, planId: string): void {
  const plan = db.prepare(`${LATEST_PLAN_SQL} AND t.id = $planId`).get<LatestPlan>({ planId });
  if (!plan) return;
  db.prepare('DELETE FROM plan_search WHERE rowid = $rowid').run({ rowid: plan.chart_number });
  insertPlan(db, plan);
}

/** Rebuilds the plans' index from the plans' latest versions. */
export function rebuildPlanIndex(db: Database): void {
  db.exec('DELETE FROM plan_search');
  for (const plan of db.prepare(LATEST_PLAN_SQL).all<LatestPlan>()) insertPlan(db, plan);
  db.exec("INSERT INTO plan_search (plan_search) VALUES ('optimize')");
}
