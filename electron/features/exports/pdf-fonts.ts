/**
 * Inter, the app's own typeface, for the PDFs the worker writes: the static faces of
 * @fontsource/inter (SIL Open Font License 1.1, which allows embedding), read from the package the
 * app ships. Fontsource splits each face by script (latin, latin-ext, cyrillic, greek, vietnamese);
 * a piece of text is cut into runs, each set in the part that holds its letters.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

export type FontWeight = 400 | 600;
export type FontFace = { weight: FontWeight; italic: boolean };

/** The parts, in the order a character is looked for: the first that holds it sets it. */
const SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'] as const;
export type Subset = (typeof SUBSETS)[number];

const packageFile = createRequire(import.meta.url);

type Range = readonly [number, number];

function parseRanges(unicodeRange: string): Range[] {
  return unicodeRange.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from ?? '', 16);
    return [start, to === undefined ? start : Number.parseInt(to, 16)] as const;
  });
}

let ranges: Map<Subset, Range[]> | undefined;

/** Each part's characters, as the package declares them (unicode.json, the CSS unicode-range). */
function subsetRanges(): Map<Subset, Range[]> {
  if (!ranges) {
    const declared = JSON.parse(readFileSync(packageFile.resolve('@fontsource/inter/unicode.json'), 'utf8')) as Record<string, string>;
    ranges = new Map(SUBSETS.map((subset) => [subset, parseRanges(declared[subset] ?? '')]));
  }
  return ranges;
}

let latinOnly: RegExp | undefined;

/** Text every character of which the latin part holds: nearly all of a record, set without cutting it. */
function isLatin(text: string): boolean {
  latinOnly ??= new RegExp(
    `^[${(subsetRanges().get('latin') ?? []).map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')}]*$`,
    'u',
  );
  return latinOnly.test(text);
}

function subsetOf(codePoint: number): Subset | undefined {
  for (const [subset, list] of subsetRanges()) {
    if (list.some(([from, to]) => codePoint >= from && codePoint <= to)) return subset;
  }
  return undefined;
}

export type Run = { text: string; subset: Subset };

/**
 * Text cut into runs by the part of Inter that holds its letters. A character no part holds (a
 * script Inter does not draw) stays in the run before it, so the text keeps its order.
 */
export function runsOf(text: string): Run[] {
  if (isLatin(text)) return [{ text, subset: 'latin' }];
  const runs: Run[] = [];
  for (const character of text) {
    const subset = subsetOf(character.codePointAt(0) ?? 0) ?? runs.at(-1)?.subset ?? 'latin';
    const last = runs.at(-1);
    if (last && last.subset === subset) last.text += character;
    else runs.push({ text: character, subset });
  }
  return runs;
}

/**
 * A WOFF 1.0 file as the TrueType font it wraps. fontkit reads WOFF itself, but inflates a table
 * again at each read; unwrapped once, a 300-page record is set several times faster.
 */
export function sfntFromWoff(woff: Buffer, leaveOut: readonly string[] = []): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('Not a WOFF font.');
  const declared = woff.readUInt16BE(12);
  const tables = Array.from({ length: declared }, (_, index) => {
    const entry = 44 + index * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return {
      tag: woff.readUInt32BE(entry),
      checksum: woff.readUInt32BE(entry + 16),
      name: woff.toString('latin1', entry, entry + 4),
      data: compressed < original ? inflateSync(raw) : raw,
    };
  }).filter((table) => !leaveOut.includes(table.name));
  const count = tables.length;
  const headerLength = 12 + count * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const sfnt = Buffer.alloc(tables.reduce((sum, table) => sum + padded(table.data.length), headerLength));
  let power = 1;
  let log = 0;
  while (power * 2 <= count) {
    power *= 2;
    log += 1;
  }
  sfnt.writeUInt32BE(woff.readUInt32BE(4), 0);
  sfnt.writeUInt16BE(count, 4);
  sfnt.writeUInt16BE(power * 16, 6);
  sfnt.writeUInt16BE(log, 8);
  sfnt.writeUInt16BE(count * 16 - power * 16, 10);
  let offset = headerLength;
  tables.forEach((table, index) => {
    const entry = 12 + index * 16;
    sfnt.writeUInt32BE(table.tag, entry);
    sfnt.writeUInt32BE(table.checksum, entry + 4);
    sfnt.writeUInt32BE(offset, entry + 8);
    sfnt.writeUInt32BE(table.data.length, entry + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}

/**
 * Unwrapped faces, kept for the worker's life: a few hundred kilobytes, read once. Without their
 * substitutions (GSUB: contextual alternates, ligatures), which cost half the time of setting a long
 * record and change nothing a reader of it would see; kerning (GPOS) stays. Text is composed (NFC)
 * before it is set, so accents need no substitution either.
 */
const loaded = new Map<string, Buffer>();

/** The name a document registers a face's part under, and its bytes. */
export function fontFile(face: FontFace, subset: Subset): { name: string; data: Buffer } {
  const name = `inter-${subset}-${face.weight}-${face.italic ? 'italic' : 'normal'}`;
  let data = loaded.get(name);
  if (!data) {
    data = sfntFromWoff(readFileSync(packageFile.resolve(`@fontsource/inter/files/${name}.woff`)), ['GSUB']);
    loaded.set(name, data);
  }
  return { name, data };
}
