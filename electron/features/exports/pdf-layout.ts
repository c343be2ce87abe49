/**
 * A small page layout over PDFKit for the documents the worker writes: paragraphs of styled parts,
 * headings kept with what follows, tables whose rows never split and whose header repeats on each
 * page, a definition list, and a running header and footer drawn on every page once the number of
 * pages is known. Every piece of typed text goes through `clean`, so nothing a person typed can
 * reorder the text beside it.
 */
import PDFDocument from 'pdfkit';
import { fontFile, runsOf, type FontFace } from './pdf-fonts';

export const COLORS = {
  text: '#1a1a1a',
  muted: '#555555',
  accent: '#0d5c63',
  confidential: '#a3262c',
  rule: '#d4d4d4',
  headerFill: '#eef3f3',
  alert: '#a3262c',
} as const;

export const PAPER_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
export type PaperSize = keyof typeof PAPER_SIZES;

/** Bidi controls typed in a text: PDF text is drawn where it is placed, so they could only show as boxes. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Control characters other than line breaks and tabs, which no font draws. */
const CONTROLS = /[^\P{Cc}\n\t]/gu;

/** Typed text as it is drawn: its own words in their order, line breaks kept, controls out. */
export function clean(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
}

export type Style = { size: number; weight?: 400 | 600; italic?: boolean; color?: string };
export type Part = { text: string; style?: Partial<Style> };

export const BODY: Style = { size: 9.5, weight: 400, color: COLORS.text };
const LINE_GAP = 1.6;

type Margins = { top: number; bottom: number; left: number; right: number };

/** What PDFKit's embedded font (an internal class) gives and takes when it lays out text. */
type GlyphRun = { glyphs: unknown[]; positions: unknown[]; advanceWidth: number };
type Glyph = { id: number; advanceWidth: number; codePoints: number[] };
type EmbeddedFont = {
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: Array<number | undefined>;
  unicode: Array<number[] | undefined>;
  encode(text: string, features?: unknown): [string[], unknown[]];
  layoutRun(text: string, features?: unknown): GlyphRun;
  layout(
    text: string,
    features?: unknown,
    onlyWidth?: boolean,
  ): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
};

const faster = new WeakSet<object>();

/**
 * PDFKit lays a line out word by word from a cache, but joins the words with `Array.concat` and
 * sums each word's width again at every call: on a 300-page record that garbage and arithmetic
 * took a third of the time. The same, with each word's width kept and the glyphs pushed. Pinned to
 * the PDFKit version in package.json; the record's tests read back every kind of text it sets.
 */
function layOutFaster(font: EmbeddedFont): void {
  if (faster.has(font)) return;
  faster.add(font);
  const original = font.layout.bind(font);
  const words = new Map<string, GlyphRun>();
  font.layout = (text, features, onlyWidth) => {
    if (features) return original(text, features, onlyWidth);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: unknown[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    let last = 0;
    const length = text.length;
    for (let index = 0; index <= length; index += 1) {
      const code = index < length ? text.charCodeAt(index) : -1;
      // As PDFKit cuts: each word with the space or tab after it, and what is left at the end.
      if (code === 32 || code === 9 || (index === length && last < length)) {
        const end = index < length ? index + 1 : length;
        const word = text.slice(last, end);
        let run = words.get(word);
        if (!run) {
          const laid = font.layoutRun(word);
          run = { glyphs: laid.glyphs, positions: laid.positions, advanceWidth: laid.advanceWidth };
          words.set(word, run);
        }
        if (glyphs && positions) {
          for (let glyph = 0; glyph < run.glyphs.length; glyph += 1) {
            glyphs.push(run.glyphs[glyph]);
            positions.push(run.positions[glyph]);
          }
        }
        advanceWidth += run.advanceWidth;
        last = end;
      }
    }
    return { glyphs, positions, advanceWidth };
  };
  // Encoding a line: each glyph's hex code, width and characters looked up once, not once a line.
  const originalEncode = font.encode.bind(font);
  const hexOf = new Map<number, string>();
  font.encode = (text, features) => {
    if (features) return originalEncode(text, features);
    const { glyphs, positions } = font.layout(text);
    const laid = (glyphs ?? []) as Glyph[];
    const encoded: string[] = new Array<string>(laid.length);
    for (let index = 0; index < laid.length; index += 1) {
      const glyph = laid[index] as Glyph;
      let hex = hexOf.get(glyph.id);
      if (hex === undefined) {
        const id = font.subset.includeGlyph(glyph.id);
        hex = `0000${id.toString(16)}`.slice(-4);
        font.widths[id] ??= glyph.advanceWidth * font.scale;
        font.unicode[id] ??= glyph.codePoints;
        hexOf.set(glyph.id, hex);
      }
      encoded[index] = hex;
    }
    return [encoded, positions ?? []];
  };
}

export type PageDecoration = (page: { number: number; count: number }) => void;

export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly margins: Margins;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly #registered = new Set<string>();

  constructor(paper: PaperSize, margins: Margins, info: { title: string; author: string }) {
    const [width, height] = PAPER_SIZES[paper];
    this.pageWidth = width;
    this.pageHeight = height;
    this.margins = margins;
    this.doc = new PDFDocument({
      size: [width, height],
      margins,
      bufferPages: true,
      compress: true,
      // No standard font (Helvetica): PDFKit would read its metrics from a file the bundle does not
      // carry, and every word here is set in Inter, embedded.
      font: '',
      info: { Title: info.title, Author: info.author, Creator: 'Alliance', Producer: 'Alliance' },
      lang: 'en',
      displayTitle: true,
    });
    this.doc.x = margins.left;
    this.doc.y = margins.top;
  }

  get left(): number {
    return this.margins.left;
  }

  get width(): number {
    return this.pageWidth - this.margins.left - this.margins.right;
  }

  get bottom(): number {
    return this.pageHeight - this.margins.bottom;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  /** Sets the font for a face's part, registering it with the document the first time. */
  useFont(face: FontFace, subset: Parameters<typeof fontFile>[1] = 'latin'): void {
    const { name, data } = fontFile(face, subset);
    if (!this.#registered.has(name)) {
      this.doc.registerFont(name, data);
      this.#registered.add(name);
    }
    this.doc.font(name);
    layOutFaster((this.doc as unknown as { _font: EmbeddedFont })._font);
  }

  style(style: Partial<Style>): void {
    const full = { ...BODY, ...style };
    this.useFont({ weight: full.weight ?? 400, italic: full.italic ?? false });
    this.doc.fontSize(full.size).fillColor(full.color ?? COLORS.text);
  }

  /** A new page when fewer than `points` remain: a heading stays with the lines after it. */
  keepSpace(points: number): void {
    if (this.doc.y + points > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.margins.left;
    this.doc.y = this.margins.top;
  }

  space(points: number): void {
    if (this.doc.y + points > this.bottom) this.newPage();
    else this.doc.y += points;
  }

  /**
   * One paragraph of parts, each in its own style, wrapped to the column and carried over pages.
   * Each part is cut into runs by the part of Inter that holds its letters.
   */
  paragraph(
    parts: readonly Part[],
    base: Partial<Style> = {},
    options: { indent?: number; gap?: number; align?: 'left' | 'right' } = {},
  ): void {
    const indent = options.indent ?? 0;
    // PDFKit loses its place at a line break inside chained text: each typed line is chained alone.
    const lines: Array<Array<{ text: string; style: Style }>> = [[]];
    for (const part of parts) {
      const style = { ...BODY, ...base, ...part.style };
      clean(part.text)
        .split('\n')
        .forEach((line, index) => {
          if (index > 0) lines.push([]);
          if (line !== '') lines.at(-1)?.push({ text: line, style });
        });
    }
    if (lines.every((line) => line.length === 0)) return;
    const x = this.margins.left + indent;
    for (const line of lines) {
      const drawn = line.flatMap(({ text, style }) => runsOf(text).map((run) => ({ run, style })));
      if (drawn.length === 0) {
        // An empty typed line keeps its height.
        this.space(this.doc.currentLineHeight(true) + LINE_GAP);
        continue;
      }
      drawn.forEach(({ run, style }, index) => {
        this.useFont({ weight: style.weight ?? 400, italic: style.italic ?? false }, run.subset);
        this.doc.fontSize(style.size).fillColor(style.color ?? COLORS.text);
        const textOptions: PDFKit.Mixins.TextOptions = {
          width: this.width - indent,
          lineGap: LINE_GAP,
          continued: index < drawn.length - 1,
          align: options.align ?? 'left',
        };
        if (index === 0) this.doc.text(run.text, x, this.doc.y, textOptions);
        else this.doc.text(run.text, textOptions);
      });
    }
    this.doc.x = this.margins.left;
    if (options.gap) this.doc.y += options.gap;
  }

  /** One line at a place, never wrapped and never starting a page: for margins, charts and labels. */
  label(
    text: string,
    x: number,
    y: number,
    style: Partial<Style>,
    options: { width?: number; align?: 'left' | 'right' | 'center' } = {},
  ): void {
    this.style(style);
    const runs = runsOf(clean(text).replace(/\s+/g, ' '));
    const face = { weight: style.weight ?? 400, italic: style.italic ?? false };
    runs.forEach((run, index) => {
      this.useFont(face, run.subset);
      const textOptions: PDFKit.Mixins.TextOptions = {
        lineBreak: false,
        continued: index < runs.length - 1,
        ...(options.width === undefined ? {} : { width: options.width, height: (style.size ?? BODY.size) * 1.4, ellipsis: true }),
        align: options.align ?? 'left',
      };
      if (index === 0) this.doc.text(run.text, x, y, textOptions);
      else this.doc.text(run.text, textOptions);
    });
  }

  /** The height a text takes in a column, in a style (its latin face: the others are near enough). */
  heightOf(text: string, style: Partial<Style>, width: number): number {
    this.style(style);
    return this.doc.heightOfString(clean(text), { width, lineGap: LINE_GAP });
  }

  rule(y: number, color: string = COLORS.rule, thickness = 0.6, from = this.margins.left, to = this.margins.left + this.width): void {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(thickness).strokeColor(color).stroke().restore();
  }

  /** A section's title: accent colour, a rule beneath, kept with at least a few lines of what follows. */
  sectionHeading(title: string, keepWith = 50): void {
    this.keepSpace(keepWith + 20);
    if (this.doc.y > this.margins.top + 1) this.doc.y += 10;
    this.paragraph([{ text: title }], { size: 12.5, weight: 600, color: COLORS.accent });
    this.rule(this.doc.y + 1);
    this.doc.y += 7;
  }

  /** Label and value on one line each, the labels in a column of their own. */
  facts(pairs: ReadonlyArray<readonly [string, string]>, labelWidth = 130): void {
    const valueWidth = this.width - labelWidth;
    for (const [term, value] of pairs) {
      const height = Math.min(this.heightOf(value, BODY, valueWidth), 40);
      this.keepSpace(height + 2);
      const top = this.doc.y;
      this.label(term, this.margins.left, top + 1, { size: 8.5, weight: 600, color: COLORS.muted }, { width: labelWidth - 8 });
      this.doc.y = top;
      this.paragraph([{ text: value }], BODY, { indent: labelWidth });
      this.doc.y += 3;
    }
  }

  /**
   * A table: a shaded header row, rows that never split across a page (the header is drawn again on
   * the next), a hairline between rows. Column widths are shares of the column.
   */
  table(
    columns: ReadonlyArray<{ header: string; share: number; align?: 'left' | 'right' }>,
    rows: ReadonlyArray<ReadonlyArray<Cell>>,
  ): void {
    const total = columns.reduce((sum, column) => sum + column.share, 0);
    const widths = columns.map((column) => (column.share / total) * this.width);
    const padX = 4;
    const padY = 3.2;
    const headerStyle: Style = { size: 7.8, weight: 600, color: COLORS.muted };
    const headerHeight =
      Math.max(...columns.map((column, i) => this.heightOf(column.header, headerStyle, (widths[i] ?? 0) - 2 * padX))) + 2 * padY;
    const drawHeader = () => {
      const top = this.doc.y;
      this.doc.save().rect(this.margins.left, top, this.width, headerHeight).fill(COLORS.headerFill).restore();
      let x = this.margins.left;
      columns.forEach((column, i) => {
        const width = widths[i] ?? 0;
        this.cellText([{ text: column.header }], headerStyle, x + padX, top + padY, width - 2 * padX, headerHeight, column.align);
        x += width;
      });
      this.doc.y = top + headerHeight;
    };
    this.keepSpace(headerHeight + 3 * 14);
    drawHeader();
    for (const row of rows) {
      const cells = row.map((cell) => (typeof cell === 'string' ? { parts: [{ text: cell }] } : cell));
      const height =
        Math.max(
          ...cells.map((cell, i) =>
            this.heightOf(
              cell.parts
                .map((part) => part.text)
                .join('')
                .replace(/\s*\n\s*/g, ' '),
              { ...BODY, size: 8.8, weight: cell.parts.some((part) => part.style?.weight === 600) ? 600 : 400 },
              (widths[i] ?? 0) - 2 * padX,
            ),
          ),
        ) +
        2 * padY;
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const top = this.doc.y;
      let x = this.margins.left;
      cells.forEach((cell, i) => {
        const width = widths[i] ?? 0;
        this.cellText(cell.parts, { ...BODY, size: 8.8 }, x + padX, top + padY, width - 2 * padX, height, columns[i]?.align);
        x += width;
      });
      this.rule(top + height, COLORS.rule, 0.4);
      this.doc.y = top + height;
    }
    this.doc.x = this.margins.left;
    this.doc.y += 6;
  }

  /** A cell's text, held to its row (`height`): it never starts a page of its own. */
  private cellText(
    parts: readonly Part[],
    base: Style,
    x: number,
    y: number,
    width: number,
    height: number,
    align: 'left' | 'right' = 'left',
  ): void {
    const drawn = parts
      .flatMap((part) => runsOf(clean(part.text).replace(/\s*\n\s*/g, ' ')).map((run) => ({ run, style: { ...base, ...part.style } })))
      .filter((piece) => piece.run.text !== '');
    drawn.forEach(({ run, style }, index) => {
      this.useFont({ weight: style.weight ?? 400, italic: style.italic ?? false }, run.subset);
      this.doc.fontSize(style.size).fillColor(style.color ?? COLORS.text);
      const options: PDFKit.Mixins.TextOptions = {
        width,
        height: height + 4,
        lineGap: LINE_GAP,
        continued: index < drawn.length - 1,
        align,
      };
      if (index === 0) this.doc.text(run.text, x, y, options);
      else this.doc.text(run.text, options);
    });
  }

  /** Draws the header and footer of every page, now that their number is known, and gives back the PDF. */
  finish(decorate: PageDecoration): { pdf: Buffer; pages: number } {
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      this.doc.switchToPage(index);
      // Text in the margins must not start a page of its own.
      const saved = { ...this.doc.page.margins };
      this.doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      decorate({ number: index - range.start + 1, count: range.count });
      this.doc.page.margins = saved;
    }
    this.doc.flushPages();
    this.doc.end();
    // PDFKit pushes the whole file into its stream as it ends; nothing is read from or written to disk here.
    const chunks: Buffer[] = [];
    for (let chunk = this.doc.read() as Buffer | null; chunk !== null; chunk = this.doc.read() as Buffer | null) chunks.push(chunk);
    return { pdf: Buffer.concat(chunks), pages: range.count };
  }
}

export type Cell = string | { parts: Part[] };
