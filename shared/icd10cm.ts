/**
 * The ICD-10-CM codes a psychiatrist uses (chapter 5, F01–F99, and the Z and R codes of
 * shared/data/README.md): look one up, or find codes as the person types a code or words.
 * Both sides use it: the window for its type-ahead, the main process to refuse a code that is not one.
 */
import { ICD10CM_TSV } from './icd10cm-data';

export type IcdCode = {
  /** With its dot: F33.1. */
  code: string;
  /** The official long description, unchanged. */
  description: string;
  /** Valid for a diagnosis; a header (F33) needs more characters. */
  billable: boolean;
};

type Entry = IcdCode & { compact: string; words: string[] };

/** Clinicians type these; the descriptions spell them out. */
const ABBREVIATIONS: Record<string, string[]> = {
  adhd: ['attention-deficit', 'hyperactivity'],
  add: ['attention-deficit'],
  ptsd: ['post-traumatic', 'stress'],
  ocd: ['obsessive-compulsive'],
  gad: ['generalized', 'anxiety'],
  mdd: ['major', 'depressive'],
  aud: ['alcohol'],
  oud: ['opioid'],
  asd: ['autistic'],
};

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .flatMap((word) => (word.includes('-') ? [word, ...word.split('-')] : [word]))
    .filter(Boolean);
}

function compactCode(code: string): string {
  return code.replace('.', '').toUpperCase();
}

let entries: Entry[] | undefined;
let byCode: Map<string, Entry> | undefined;

function load(): Entry[] {
  if (entries) return entries;
  entries = ICD10CM_TSV.split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [code = '', description = '', billable = '0'] = line.split('\t');
      return { code, description, billable: billable === '1', compact: compactCode(code), words: wordsOf(description) };
    });
  byCode = new Map(entries.map((entry) => [entry.compact, entry]));
  return entries;
}

function plain({ code, description, billable }: Entry): IcdCode {
  return { code, description, billable };
}

/** The code as listed ("f33.1", "F331" and "F33.1" all find F33.1), or undefined. */
export function lookupIcdCode(code: string): IcdCode | undefined {
  load();
  const entry = byCode?.get(compactCode(code.trim()));
  return entry ? plain(entry) : undefined;
}

/** How many codes the list holds (1,418 in the FY2025 file). */
export function icdCodeCount(): number {
  return load().length;
}

const CODE_LIKE = /^[a-z]\d[0-9a-z.]*$/i;

/**
 * Codes for what the person typed: a code or its beginning ("F41", "f411"), or words from the
 * description, each the start of a word there ("major depr recurrent"). Codes whose description
 * starts with the first word come first, then shorter (less specific) descriptions; headers are
 * left out unless asked for, since a diagnosis needs a billable code.
 */
export function searchIcdCodes(query: string, { limit = 20, includeHeaders = false } = {}): IcdCode[] {
  const all = load();
  const text = query.trim();
  if (text === '') return [];
  const eligible = includeHeaders ? all : all.filter((entry) => entry.billable);

  if (CODE_LIKE.test(text) && /\d/.test(text)) {
    const prefix = compactCode(text);
    return eligible
      .filter((entry) => entry.compact.startsWith(prefix))
      .sort((a, b) => a.compact.length - b.compact.length || (a.compact < b.compact ? -1 : 1))
      .slice(0, limit)
      .map(plain);
  }

  const typed = wordsOf(text);
  const wanted = typed.map((word) => ABBREVIATIONS[word] ?? [word]);
  const scored: { entry: Entry; score: number }[] = [];
  for (const entry of eligible) {
    // Every typed word (or the words it abbreviates) must begin some word of the description.
    if (!wanted.every((group) => group.every((word) => entry.words.some((candidate) => candidate.startsWith(word))))) continue;
    const first = wanted[0]?.[0] ?? '';
    const leads = entry.words[0]?.startsWith(first) ? 0 : 1;
    scored.push({ entry, score: leads * 1000 + entry.words.length });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.entry.compact < b.entry.compact ? -1 : 1))
    .slice(0, limit)
    .map(({ entry }) => plain(entry));
}
