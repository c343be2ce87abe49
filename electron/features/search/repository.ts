/**
 * Ctrl/Cmd+K: patients found by what the person types, as they type it. Patients whose name,
 * chart number, date of birth or phone match come first (a whole name before the start of one);
 * then patients found through the words of their treatment plan or safety plan; then through the
 * words of their notes, the most recent note first; each with the words around the match. Runs only
 * inside the database worker.
 */
import type { Database } from '@signalapp/sqlcipher';
import { displayName } from '../../../shared/patient';
import { planContentSchema, storedPlanContent } from '../../../shared/plan';
import { searchTerms, type SearchMatch, type SearchResult, type Snippet } from '../../../shared/search';
import { dateOfBirthWords, foldName, nameWords, phoneWords, planSearchTexts } from './search-index';

type PatientHit = {
  id: string;
  chart_number: number;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone: string | null;
  archived_at: string | null;
  rank: number;
};

type NoteHit = { seq: number; id: string; patient_id: string; service_date: string };

/** Patients matching every term somewhere in their row; bm25 weighs names above the other columns. */
export const PATIENT_SEARCH_SQL = `
  SELECT p.id, p.chart_number, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.phone, p.archived_at,
    bm25(patient_search, 10.0, 12.0, 10.0, 2.0, 2.0, 3.0) AS rank
  FROM patient_search JOIN patients p ON p.chart_number = patient_search.rowid
  WHERE patient_search MATCH $query
  ORDER BY rank LIMIT 200`;

/**
 * Notes matching every term, newest written first. The index returns rowids in descending order and
 * stops at the limit, so a common word costs no more than a rare one.
 */
export const NOTE_SEARCH_SQL = `
  SELECT n.seq, n.id, n.patient_id, n.service_date
  FROM note_search JOIN notes n ON n.seq = note_search.rowid
  WHERE note_search MATCH $query
  ORDER BY note_search.rowid DESC LIMIT $limit`;

/** Plans matching every term, in either column; one row per patient, so a few are all there are. */
export const PLAN_SEARCH_SQL = `
  SELECT p.id, p.chart_number, p.given_name, p.family_name, p.preferred_name, p.date_of_birth, p.phone, p.archived_at,
    bm25(plan_search) AS rank, v.content
  FROM plan_search
  JOIN patients p ON p.chart_number = plan_search.rowid
  JOIN treatment_plans t ON t.patient_id = p.id
  JOIN plan_versions v ON v.plan_id = t.id AND v.number = (SELECT max(number) FROM plan_versions WHERE plan_id = t.id)
  WHERE plan_search MATCH $query
  ORDER BY rank LIMIT $limit`;

const PATIENT_BY_ID_SQL = `
  SELECT id, chart_number, given_name, family_name, preferred_name, date_of_birth, phone, archived_at, 0 AS rank
  FROM patients WHERE id = $id`;

/** How many plans to look through for patients not already found. */
const PLAN_HITS = 50;
/** How many notes to look through for patients not already found: a few per result. */
const NOTE_HITS = 60;
/** A term this short only finds patients: as a prefix of every word in twenty years of notes it finds nothing useful. */
const MIN_NOTE_TERM = 2;
/** Prefixes up to this long have their own index (prefix = '2 3'); longer ones are looked up in the vocabulary. */
const INDEXED_PREFIX = 3;
/** The most words one typed prefix stands for; the most frequent are kept. */
const MAX_WORDS_PER_PREFIX = 64;
const SNIPPET_WORDS_BEFORE = 6;
const SNIPPET_WORDS_AFTER = 14;

/** The words of the notes' index that begin with a prefix, most used first. */
const VOCABULARY_SQL = 'SELECT term FROM note_search_vocab WHERE term >= $from AND term < $to ORDER BY doc DESC LIMIT $limit';

/**
 * FTS5 query for patients: every term a prefix (the person may not have finished typing it). A
 * single character typed alone looks at the names and chart numbers only: as the start of a phone
 * number or a date it would match nearly everyone. With other terms ("6/12/1984") it is part of what
 * they narrow down.
 */
function patientQuery(terms: string[]): string {
  const [only] = terms;
  if (terms.length === 1 && only !== undefined && only.length === 1) return `{given family preferred chart} : "${only}"*`;
  return terms.map((term) => `"${term}"*`).join(' ');
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The first string after every string that starts with `prefix`. */
function afterPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCodePoint((prefix.codePointAt(prefix.length - 1) ?? 0) + 1);
}

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Which of a patient's fields the terms found, in the order a person would name them. */
function matchedOn(hit: PatientHit, terms: string[]): { match: SearchMatch; exact: number } {
  // Names as the index holds them: "obrien" is a whole name for O'Brien.
  const names = [...nameWords(hit.given_name), ...nameWords(hit.family_name)];
  const preferred = nameWords(hit.preferred_name ?? '');
  const folded = terms.map(foldName);
  const exact = folded.filter((term) => names.includes(term) || preferred.includes(term)).length;
  const found = (words: string[]) => folded.some((term) => words.some((word) => word.startsWith(term)));
  if (found(names)) return { match: 'name', exact };
  if (found(preferred)) return { match: 'preferred name', exact };
  if (found([String(hit.chart_number)])) return { match: 'chart number', exact };
  if (found(dateOfBirthWords(hit.date_of_birth).split(' '))) return { match: 'date of birth', exact };
  if (found(phoneWords(hit.phone).split(' '))) return { match: 'phone', exact };
  return { match: 'name', exact };
}

function patientResult(hit: PatientHit, match: SearchMatch, note: SearchResult['note'], plan: SearchResult['plan'] = null): SearchResult {
  return {
    patientId: hit.id,
    name: displayName({ givenName: hit.given_name, familyName: hit.family_name, preferredName: hit.preferred_name }),
    chartNumber: hit.chart_number,
    dateOfBirth: hit.date_of_birth,
    archived: hit.archived_at !== null,
    matchedOn: match,
    note,
    plan,
  };
}

/** How many of the terms begin a word somewhere in these texts (the index's own rule). */
function termsFound(texts: string[], terms: string[]): number {
  const words = new Set(texts.flatMap((text) => wordsOf(text)));
  return terms.filter((term) => {
    const folded = fold(term);
    for (const word of words) if (word.startsWith(folded)) return true;
    return false;
  }).length;
}

/**
 * A plan hit, said as the part of the plan it belongs to: the safety plan when it holds more of the
 * terms than the rest of the plan, so that the hit opens where the words are.
 */
function planResult(hit: PatientHit & { content: string }, terms: string[]): SearchResult | null {
  const parsed = planContentSchema.safeParse(storedPlanContent(JSON.parse(hit.content)));
  if (!parsed.success) return null;
  const texts = planSearchTexts(parsed.data);
  const inSafety = termsFound(texts.safety, terms) > termsFound(texts.plan, terms);
  const snippet = snippetOf(inSafety ? texts.safety : texts.plan, terms);
  return patientResult(hit, inSafety ? 'safety plan' : 'plan', null, { section: inSafety ? 'safety-plan' : 'plan', snippet });
}

/**
 * The words around the first place a term matches, from the note's fields in stored order. The
 * matching is the index's own rule: a word that begins with a term, accents folded.
 */
export function snippetOf(texts: string[], terms: string[]): Snippet {
  const folded = terms.map(fold);
  const matches = (word: string) => {
    const f = fold(word);
    return folded.some((term) => f.startsWith(term));
  };
  for (const text of texts) {
    const tokens = text.split(/(\s+)/).filter((token) => token !== '');
    const words = tokens.filter((token) => !/^\s+$/.test(token));
    const first = words.findIndex((word) => matches(word.replace(/[^\p{L}\p{N}]+/gu, '')));
    if (first < 0) continue;
    const from = Math.max(0, first - SNIPPET_WORDS_BEFORE);
    const to = Math.min(words.length, first + SNIPPET_WORDS_AFTER);
    const parts: Snippet = [];
    const push = (text: string, match: boolean) => {
      const last = parts.at(-1);
      if (last && last.match === match) last.text += text;
      else parts.push({ text, match });
    };
    if (from > 0) push('… ', false);
    words.slice(from, to).forEach((word, index) => {
      if (index > 0) push(' ', false);
      const core = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (core !== '' && matches(core)) {
        const at = word.indexOf(core);
        if (at > 0) push(word.slice(0, at), false);
        push(core, true);
        if (at + core.length < word.length) push(word.slice(at + core.length), false);
      } else push(word, false);
    });
    if (to < words.length) push(' …', false);
    return parts;
  }
  return [];
}

export class PatientSearch {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  query(text: string, limit: number): SearchResult[] {
    const terms = searchTerms(text);
    if (terms.length === 0) return [];

    const patients = this.#db
      .prepare(PATIENT_SEARCH_SQL)
      .all<PatientHit>({ query: patientQuery(terms) })
      .map((hit) => ({ hit, ...matchedOn(hit, terms) }))
      // Active patients first; then whole names before beginnings of names; then the index's own rank.
      .sort(
        (a, b) => Number(a.hit.archived_at !== null) - Number(b.hit.archived_at !== null) || b.exact - a.exact || a.hit.rank - b.hit.rank,
      );
    const results = patients.slice(0, limit).map(({ hit, match }) => patientResult(hit, match, null));
    if (results.length >= limit) return results;
    const seen = new Set(results.map((result) => result.patientId));

    const planQuery = this.#planQuery(terms);
    if (planQuery !== null) {
      for (const hit of this.#db.prepare(PLAN_SEARCH_SQL).all<PatientHit & { content: string }>({ query: planQuery, limit: PLAN_HITS })) {
        if (seen.has(hit.id)) continue;
        const result = planResult(hit, terms);
        if (result === null) continue;
        seen.add(hit.id);
        results.push(result);
        if (results.length >= limit) return results;
      }
    }

    const query = this.#noteQuery(terms);
    if (query === null) return results;
    const notes: NoteHit[] = [];
    for (const hit of this.#db.prepare(NOTE_SEARCH_SQL).all<NoteHit>({ query, limit: NOTE_HITS })) {
      if (seen.has(hit.patient_id)) continue;
      seen.add(hit.patient_id);
      notes.push(hit);
      if (results.length + notes.length >= limit) break;
    }
    const fieldText = this.#db.prepare('SELECT text FROM note_fields WHERE note_id = $id');
    const addendumText = this.#db.prepare('SELECT text FROM note_addenda WHERE note_id = $id ORDER BY seq');
    const patientById = this.#db.prepare(PATIENT_BY_ID_SQL);
    for (const note of notes) {
      const patient = patientById.get<PatientHit>({ id: note.patient_id });
      if (!patient) continue;
      const texts = [...fieldText.all<{ text: string }>({ id: note.id }), ...addendumText.all<{ text: string }>({ id: note.id })].map(
        (row) => row.text,
      );
      results.push(patientResult(patient, 'note', { noteId: note.id, serviceDate: note.service_date, snippet: snippetOf(texts, terms) }));
    }
    return results;
  }

  /**
   * FTS5 query for plans: every term of two letters or more a prefix, as for notes; there is one
   * plan per patient, so no vocabulary is needed to keep a short prefix quick.
   */
  #planQuery(terms: string[]): string | null {
    const usable = terms.map(fold).filter((term) => term.length >= MIN_NOTE_TERM);
    if (usable.length === 0 || usable.join('').length < 3) return null;
    return usable.map((term) => `"${term.replace(/"/g, '""')}"*`).join(' AND ');
  }

  /**
   * FTS5 query for notes: every term of two letters or more, each standing for the words that begin
   * with it. Null when a term begins no word at all, or the terms are too short to mean anything.
   */
  #noteQuery(terms: string[]): string | null {
    const usable = terms.map(fold).filter((term) => term.length >= MIN_NOTE_TERM);
    if (usable.length === 0 || usable.join('').length < 3) return null;
    const vocabulary = this.#db.prepare(VOCABULARY_SQL, { pluck: true });
    const groups: string[] = [];
    for (const term of usable) {
      if (term.length <= INDEXED_PREFIX) {
        groups.push(`"${term}"*`);
        continue;
      }
      const words = vocabulary.all<string>({ from: term, to: afterPrefix(term), limit: MAX_WORDS_PER_PREFIX });
      if (words.length === 0) return null;
      groups.push(`(${words.map((word) => `"${word.replace(/"/g, '""')}"`).join(' OR ')})`);
    }
    return groups.join(' AND ');
  }
}
