/**
 * Finding ICD-10-CM codes by what a clinician types: a code or its start ("F41", "f411"), or words,
 * in any order, each finished or still being typed. Words are looked for in three places: the
 * official descriptions, the tabular list's inclusion terms and category "includes" notes, and the
 * abbreviations and everyday words clinicians use (MDD, PTSD, "bipolar"); see shared/data/README.md.
 * A word finds its other forms ("depression" finds "depressive", "attacks" finds "attack"), and
 * "burnout" finds "Burn-out".
 *
 * The best-matching category comes first, its billable codes together; a code found through a term
 * rather than its own description says which term (`matched`), so the clinician sees why it is offered.
 * Only the diagnosis type-ahead uses this module; the window loads it, with the terms, on demand.
 */
import { compactIcdCode, icdCodeList, type IcdCode } from './icd10cm';
import { ICD10CM_ABBREVIATIONS_TSV, ICD10CM_TERMS_TSV } from './icd10cm-terms-data';

export type IcdMatch = IcdCode & {
  /** The term, category note or abbreviation that found the code, when its own description did not. */
  matched: string | null;
};

type TextKind = 'description' | 'inclusion' | 'includes';

type IndexedText = {
  text: string;
  kind: TextKind;
  /** The words that count for how closely the text fits what was typed ("disorder", "unspecified" do not). */
  significant: number;
};

type Abbreviation = {
  /** As written in the file: "MDD", "hx SA", "bipolar". */
  typed: string;
  expandsTo: string;
  words: string[];
  /** The codes it stands for, each with its place in the list (the likeliest first). */
  codes: Array<{ compact: string; position: number }>;
};

type Index = {
  codes: readonly IcdCode[];
  compact: string[];
  texts: IndexedText[];
  /** Per code: the texts that speak for it, its own (factor 1) and its headers' (INHERITED). */
  codeTexts: Array<Array<{ text: number; factor: number }>>;
  /** Per code: the index of its own description among the texts. */
  descriptionOf: number[];
  /** Sorted distinct words of all texts, with their stems and the texts that hold them. */
  vocabulary: string[];
  postings: number[][];
  byStem: Map<string, number[]>;
  abbreviations: Abbreviation[];
};

const KIND_WEIGHT: Record<TextKind, number> = { description: 1, inclusion: 0.95, includes: 0.9 };
/** A header's description and notes speak for the codes under it, a little less than their own. */
const INHERITED = 0.85;
/** An abbreviation typed is what the clinician means: above any description, the likeliest code first. */
const ABBREVIATION_EXPLICIT = 1.25;
const ABBREVIATION_HEADER = 1.2;
const ABBREVIATION_STEP = 0.01;
const MAX_WORDS = 12;
/** A word still being typed fits less than a finished one. */
const PREFIX_QUALITY = 0.8;

/** Words that say little about which code is meant: they do not count against a text's closeness. */
const FILLER = new Set([
  'a',
  'an',
  'and',
  'as',
  'by',
  'classified',
  'disorder',
  'disorders',
  'due',
  'elsewhere',
  'for',
  'in',
  'nec',
  'nos',
  'not',
  'of',
  'or',
  'other',
  'specified',
  'the',
  'to',
  'type',
  'unspecified',
  'with',
  'without',
]);
/** Typed alone among other words, these find nothing of their own. */
const IGNORED_IN_QUERY = new Set(['a', 'an', 'and', 'of', 'the', 'in', 'to', 'for', 'with']);

/** "Münchausen's by-proxy" → words ["munchausens", "by", "proxy"] and joined ["byproxy"]. */
function wordsOf(text: string): { words: string[]; joined: string[] } {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʼ`]/g, '');
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  const joined: string[] = [];
  for (const token of folded.split(/\s+/)) {
    const parts = token.split(/[^a-z0-9]+/).filter(Boolean);
    if (parts.length > 1) joined.push(parts.join(''));
  }
  return { words, joined };
}

const SUFFIXES = [
  'ations',
  'ation',
  'ated',
  'ivity',
  'ions',
  'ion',
  'ives',
  'ive',
  'ities',
  'ity',
  'ism',
  'ings',
  'ing',
  'ences',
  'ence',
  'ents',
  'ent',
  'ics',
  'ic',
  'ies',
  'ed',
  'es',
  'e',
  's',
];
const MIN_STEM = 4;

/**
 * A word without its ending, so the forms of one word meet: depression, depressive, depressed →
 * "depress"; episodes, episode, episodic → "episod"; recurrent, recurrence → "recurr". Light on
 * purpose: it only has to bring together the forms the code titles and clinicians use.
 */
export function stemOf(word: string): string {
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_STEM) continue;
    // "stress", "psychosis", "nervous" are not plurals.
    if (suffix === 's' && /[siu]s$/.test(word)) continue;
    return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
  }
  return word;
}

function parseTsv(tsv: string): string[][] {
  return tsv
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}

let index: Index | undefined;

function buildIndex(): Index {
  const codes = icdCodeList();
  const compact = codes.map((code) => compactIcdCode(code.code));
  const indexOf = new Map(compact.map((c, i) => [c, i]));

  const texts: IndexedText[] = [];
  const textWords: string[][] = [];
  const ownTexts: number[][] = codes.map(() => []);
  const descriptionOf: number[] = [];
  function addText(codeIndex: number, text: string, kind: TextKind): number {
    const { words, joined } = wordsOf(text);
    const distinct = new Set(words.filter((word) => !FILLER.has(word)));
    texts.push({ text, kind, significant: Math.max(1, distinct.size) });
    textWords.push([...new Set([...words, ...joined])]);
    ownTexts[codeIndex]!.push(texts.length - 1);
    return texts.length - 1;
  }
  codes.forEach((code, i) => descriptionOf.push(addText(i, code.description, 'description')));
  for (const [code = '', term = '', kind = ''] of parseTsv(ICD10CM_TERMS_TSV)) {
    const at = indexOf.get(compactIcdCode(code));
    if (at === undefined || (kind !== 'inclusion' && kind !== 'includes')) continue;
    addText(at, term, kind);
  }

  // A code's headers are the listed codes its own code begins with: F33 and F33.4 for F33.41.
  const codeTexts = compact.map((c, i) => {
    const own = ownTexts[i]!.map((text) => ({ text, factor: 1 }));
    const inherited: Array<{ text: number; factor: number }> = [];
    for (let length = 3; length < c.length; length += 1) {
      const header = indexOf.get(c.slice(0, length));
      if (header !== undefined) for (const text of ownTexts[header]!) inherited.push({ text, factor: INHERITED });
    }
    return [...own, ...inherited];
  });

  const vocabulary = [...new Set(textWords.flat())].sort();
  const wordIndex = new Map(vocabulary.map((word, i) => [word, i]));
  const postings: number[][] = vocabulary.map(() => []);
  textWords.forEach((words, text) => {
    for (const word of words) postings[wordIndex.get(word)!]!.push(text);
  });
  const byStem = new Map<string, number[]>();
  vocabulary.forEach((word, i) => {
    const stem = stemOf(word);
    const list = byStem.get(stem);
    if (list) list.push(i);
    else byStem.set(stem, [i]);
  });

  const abbreviations = parseTsv(ICD10CM_ABBREVIATIONS_TSV).map(([typed = '', expandsTo = '', list = '']) => ({
    typed,
    expandsTo,
    words: wordsOf(typed).words,
    codes: list
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean)
      .map((code, position) => ({ compact: compactIcdCode(code), position })),
  }));

  return { codes, compact, texts, codeTexts, descriptionOf, vocabulary, postings, byStem, abbreviations };
}

function load(): Index {
  index ??= buildIndex();
  return index;
}

/** The first vocabulary position at or after `word` (the vocabulary is sorted). */
function lowerBound(vocabulary: string[], word: string): number {
  let low = 0;
  let high = vocabulary.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (vocabulary[middle]! < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How well each text holds a typed word: 1 for the word or one of its forms, PREFIX_QUALITY for a word it begins, else 0. */
function textQualities(idx: Index, typed: string): Float32Array {
  const quality = new Float32Array(idx.texts.length);
  for (let i = lowerBound(idx.vocabulary, typed); i < idx.vocabulary.length && idx.vocabulary[i]!.startsWith(typed); i += 1) {
    const value = idx.vocabulary[i] === typed ? 1 : PREFIX_QUALITY;
    for (const text of idx.postings[i]!) if (quality[text]! < value) quality[text] = value;
  }
  for (const i of idx.byStem.get(stemOf(typed)) ?? []) for (const text of idx.postings[i]!) quality[text] = 1;
  return quality;
}

function wordQuality(word: string, typed: string): number {
  if (word === typed || stemOf(word) === stemOf(typed)) return 1;
  return word.startsWith(typed) ? PREFIX_QUALITY : 0;
}

type Cover = { words: number; score: number; label: string };

/**
 * The codes the typed abbreviations stand for: an abbreviation counts when every word of it is
 * typed (or begun); the words it took are then satisfied for each of its codes and those under them.
 */
function abbreviationCovers(idx: Index, typed: string[]): Map<number, Cover> {
  const covers = new Map<number, Cover>();
  for (const abbreviation of idx.abbreviations) {
    let words = 0;
    let quality = 0;
    for (const word of abbreviation.words) {
      let best = 0;
      let which = -1;
      typed.forEach((t, i) => {
        const q = wordQuality(word, t);
        if (q > best) [best, which] = [q, i];
      });
      if (which < 0) {
        words = -1;
        break;
      }
      words |= 1 << which;
      quality += best;
    }
    if (words <= 0) continue;
    quality /= abbreviation.words.length;
    const label =
      abbreviation.typed.toLowerCase() === abbreviation.expandsTo.toLowerCase()
        ? abbreviation.typed
        : `${abbreviation.typed} (${abbreviation.expandsTo})`;
    for (const { compact, position } of abbreviation.codes) {
      for (let i = 0; i < idx.compact.length; i += 1) {
        const code = idx.compact[i]!;
        if (!code.startsWith(compact)) continue;
        const base = code === compact ? ABBREVIATION_EXPLICIT : ABBREVIATION_HEADER;
        const score = (base - ABBREVIATION_STEP * position) * quality;
        const previous = covers.get(i);
        if (!previous) covers.set(i, { words, score, label });
        else {
          const merged = previous.words | words;
          if (score > previous.score) covers.set(i, { words: merged, score, label });
          else previous.words = merged;
        }
      }
    }
  }
  return covers;
}

const CODE_LIKE = /^[a-z]\d[0-9a-z.]*$/i;

function byCode(idx: Index, query: string, eligible: (i: number) => boolean, limit: number): IcdMatch[] {
  const prefix = compactIcdCode(query);
  const found: number[] = [];
  idx.compact.forEach((code, i) => {
    if (eligible(i) && code.startsWith(prefix)) found.push(i);
  });
  return found
    .sort((a, b) => idx.compact[a]!.length - idx.compact[b]!.length || a - b)
    .slice(0, limit)
    .map((i) => ({ ...idx.codes[i]!, matched: null }));
}

/**
 * Codes for what the person typed, best first: the category that fits best, its billable codes
 * together (the best-fitting first, then in code order), then the next category. Headers are left
 * out unless asked for, since a diagnosis needs a billable code.
 */
export function searchIcdCodes(query: string, { limit = 20, includeHeaders = false } = {}): IcdMatch[] {
  const idx = load();
  const text = query.trim();
  if (text === '') return [];
  const eligible = (i: number) => includeHeaders || idx.codes[i]!.billable;
  if (CODE_LIKE.test(text) && /\d/.test(text)) return byCode(idx, text, eligible, limit);

  // The words typed are kept as bits of a number below: a dozen is more than anyone types for a diagnosis.
  const all = wordsOf(text).words.slice(0, MAX_WORDS);
  const typed = all.some((word) => !IGNORED_IN_QUERY.has(word)) ? all.filter((word) => !IGNORED_IN_QUERY.has(word)) : all;
  if (typed.length === 0) return [];
  const qualities = typed.map((word) => textQualities(idx, word));
  const covers = abbreviationCovers(idx, typed);
  const everyWord = (1 << typed.length) - 1;

  type Hit = { code: number; score: number; matched: string | null; category: string };
  const hits: Hit[] = [];
  for (let code = 0; code < idx.codes.length; code += 1) {
    if (!eligible(code)) continue;
    const cover = covers.get(code);
    let best = cover && cover.words === everyWord ? cover.score : 0;
    let bestText = -1;
    let ownDescription = false;
    for (const { text, factor } of idx.codeTexts[code]!) {
      let sum = 0;
      let inText = 0;
      let fits = true;
      for (let w = 0; w < typed.length; w += 1) {
        const q = qualities[w]![text]!;
        if (q > 0) {
          sum += q;
          inText += 1;
        } else if (cover && cover.words & (1 << w)) sum += 1;
        else {
          fits = false;
          break;
        }
      }
      if (!fits || inText === 0) continue;
      const indexed = idx.texts[text]!;
      if (text === idx.descriptionOf[code]) ownDescription = true;
      const score = KIND_WEIGHT[indexed.kind] * factor * (sum / typed.length) * (0.5 + 0.5 * Math.min(1, inText / indexed.significant));
      if (score > best) [best, bestText] = [score, text];
    }
    if (best === 0) continue;
    const matched = ownDescription ? null : bestText >= 0 ? idx.texts[bestText]!.text : (cover?.label ?? null);
    hits.push({ code, score: best, matched, category: idx.compact[code]!.slice(0, 3) });
  }

  const categoryScore = new Map<string, number>();
  for (const hit of hits) categoryScore.set(hit.category, Math.max(categoryScore.get(hit.category) ?? 0, hit.score));
  return hits
    .sort(
      (a, b) =>
        categoryScore.get(b.category)! - categoryScore.get(a.category)! ||
        (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) ||
        b.score - a.score ||
        a.code - b.code,
    )
    .slice(0, limit)
    .map(({ code, matched }) => ({ ...idx.codes[code]!, matched }));
}

/** Builds the word index now rather than at the first keystroke. */
export function prepareIcdSearch(): void {
  load();
}
