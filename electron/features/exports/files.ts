/**
 * Files of an export, written as they are made: each holds a small buffer and appends it to its own
 * file (owner-only), so a practice of 35,000 notes is never one string in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Written to disk each time this much text has gathered. */
const FLUSH_AT_CHARACTERS = 1 << 20;

export class ExportFile {
  readonly name: string;
  #fd: number | undefined;
  #pending: string[] = [];
  #pendingLength = 0;
  /** Lines (NDJSON) or rows (CSV, without its header) written. */
  rows = 0;

  constructor(folder: string, name: string) {
    this.name = name;
    // 'wx': a file already there is never overwritten.
    this.#fd = openSync(path.join(folder, name), 'wx', 0o600);
  }

  write(text: string): void {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    if (this.#pendingLength >= FLUSH_AT_CHARACTERS) this.flush();
  }

  flush(): void {
    if (this.#fd === undefined || this.#pending.length === 0) return;
    writeSync(this.#fd, this.#pending.join(''), null, 'utf8');
    this.#pending = [];
    this.#pendingLength = 0;
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
  }
}

/** One FHIR resource a line. */
export class NdjsonFile extends ExportFile {
  add(resource: object): void {
    this.write(`${JSON.stringify(resource)}\n`);
    this.rows += 1;
  }
}

/** A field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A CSV table: UTF-8 with a byte-order mark (so a spreadsheet reads accents), CRLF line ends, a header row. */
export class CsvFile extends ExportFile {
  constructor(folder: string, name: string, header: readonly string[]) {
    super(folder, name);
    this.write(`\uFEFF${csvLine(header)}`);
  }

  add(values: ReadonlyArray<string | number | boolean | null | undefined>): void {
    this.write(csvLine(values));
    this.rows += 1;
  }
}
