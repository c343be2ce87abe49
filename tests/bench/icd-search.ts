/**
 * icd_search_ms: the diagnosis type-ahead's search (shared/icd10cm-search.ts), run in Node exactly as
 * the window runs it, once per keystroke while a clinician types "recurrent depression", "MDD" and
 * "bipolar ii" a character at a time. The first search builds the word index: that is reported on
 * its own (icd_search_load_ms), as the window does it once when the field is first shown.
 */
import { prepareIcdSearch, searchIcdCodes, type IcdMatch } from '../../shared/icd10cm-search';

type Report = (name: string, value: number | string, unit: string) => void;

/** The limit the type-ahead shows. */
const SHOWN = 12;
/** Each phrase is typed this many times; the first round is a warm-up and is not counted. */
const ROUNDS = 21;

const PHRASES: Array<{ text: string; finds: (found: IcdMatch[]) => boolean }> = [
  { text: 'recurrent depression', finds: (found) => found[0]?.code.startsWith('F33.') === true },
  { text: 'MDD', finds: (found) => found[0]?.code.startsWith('F32.') === true && found.some((c) => c.code.startsWith('F33.')) },
  { text: 'bipolar ii', finds: (found) => found[0]?.code === 'F31.81' },
];

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function benchmarkIcdSearch(report: Report): void {
  const loadStarted = performance.now();
  prepareIcdSearch();
  report('icd_search_load_ms', performance.now() - loadStarted, 'ms');

  const times: number[] = [];
  const perPrefix = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const phrase of PHRASES) {
      for (let typed = 1; typed <= phrase.text.length; typed += 1) {
        const text = phrase.text.slice(0, typed);
        const started = performance.now();
        const found = searchIcdCodes(text, { limit: SHOWN });
        const ms = performance.now() - started;
        if (typed === phrase.text.length && !phrase.finds(found))
          throw new Error(`Typing "${phrase.text}" did not offer what it should: ${found.map((c) => c.code).join(', ')}`);
        if (round === 0) continue;
        times.push(ms);
        perPrefix.set(text, [...(perPrefix.get(text) ?? []), ms]);
      }
    }
  }
  const all = sorted(times);
  const middle = Math.floor(all.length / 2);
  report('icd_search_ms', all.length % 2 === 1 ? all[middle]! : (all[middle - 1]! + all[middle]!) / 2, 'ms');
  report('icd_search_p95_ms', all[Math.min(all.length - 1, Math.ceil(0.95 * all.length) - 1)]!, 'ms');
  report('icd_search_keystrokes', all.length, 'searches');
  const slowest = [...perPrefix]
    .map(([text, ms]) => ({ text, median: sorted(ms)[Math.floor(ms.length / 2)]! }))
    .sort((a, b) => b.median - a.median)
    .slice(0, 6);
  process.stderr.write(
    `icd search, slowest keystrokes (median ms): ${slowest.map((k) => `${JSON.stringify(k.text)} ${k.median.toFixed(2)}`).join('; ')}\n`,
  );
}
