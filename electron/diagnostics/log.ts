/**
 * The diagnostic log: one JSON line per internal error (a true bug), so one can be traced after the
 * fact. It holds where it happened, the error's class, SQLite's or Node's code and the stack's frames
 * with their messages removed: never a message, an input or a value, which could quote clinical text.
 * Kept in the data folder as diagnostics.log, rotated to diagnostics.1.log past 256 KB.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const DIAGNOSTIC_LOG_NAME = 'diagnostics.log';
const MAX_BYTES = 256 * 1024;

/** What may be written of an error: nothing it says, only what it is and where it came from. */
export type Diagnostic = { errorClass: string; code: string | null; frames: string[] };

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

export function diagnosticOf(error: unknown): Diagnostic {
  const errorClass = error instanceof Error ? error.constructor.name || 'Error' : typeof error;
  const rawCode = error instanceof Error && 'code' in error ? error.code : undefined;
  const code = typeof rawCode === 'string' && CODE.test(rawCode) ? rawCode : null;
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames = stack
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .slice(0, 20)
    // Only the file's own name: a path can name the person's account.
    .map((line) => line.trim().replace(/(?:file:\/\/)?(?:[A-Za-z]:)?[^\s()]*[\\/]([^\\/\s()]+:\d+:\d+)/g, '$1'));
  return { errorClass, code, frames };
}

export class DiagnosticLog {
  readonly file: string;
  readonly #now: () => number;

  constructor(dataDir: string, now: () => number = () => Date.now()) {
    this.file = path.join(dataDir, DIAGNOSTIC_LOG_NAME);
    this.#now = now;
  }

  record(where: string, diagnostic: Diagnostic): void {
    const line = `${JSON.stringify({ at: new Date(this.#now()).toISOString(), where, ...diagnostic })}\n`;
    try {
      if ((statSync(this.file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) {
        renameSync(this.file, path.join(path.dirname(this.file), 'diagnostics.1.log'));
      }
      appendFileSync(this.file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written (a full or read-only disk) must not turn one error into two.
    }
  }
}
