import { z } from 'zod';

/**
 * The fixed set of error codes that cross the bridge. The renderer explains each
 * one to the person; nothing else is ever shown from an error.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'VAULT_LOCKED',
  'VAULT_EXISTS',
  'VAULT_NOT_SET_UP',
  'VAULT_DAMAGED',
  'DATABASE_TOO_NEW',
  /** The data folder (or a vault file in it) cannot be written: a read-only disk, share or permission. */
  'FOLDER_NOT_WRITABLE',
  /** The disk holding the data folder is full; nothing of the request was kept. */
  'DISK_FULL',
  /** A path where the vault expects a file holds something else (a folder, a device). */
  'NOT_A_FILE',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_CODE',
  'WEAK_PASSPHRASE',
  'NOT_FOUND',
  'CONFLICT',
  /** Booking would double-book or fall outside working hours; `issues` lists why. The person may book anyway. */
  'SCHEDULING_WARNING',
  'NOTE_SIGNED',
  /** A record that is only ever added to (a history entry, the audit log) was asked to change. */
  'APPEND_ONLY',
  /** The laptop is with the patient: only the feedback forms answer until the clinician's passphrase ends patient mode. */
  'PATIENT_MODE',
  'FORBIDDEN',
  /** A backup cannot be opened or restored (newer app, changed or damaged files, another key): the message names the problem; nothing was changed. */
  'BACKUP_REFUSED',
  /** A pairing code that is wrong, used or expired; the message says what to do. */
  'PAIRING_REFUSED',
  'UNKNOWN_CHANNEL',
  /** The practice's server could not be reached: no network, the server down, or no answer in time. */
  'SYNC_UNREACHABLE',
  /** The practice's server refused the user name or password. */
  'SYNC_LOGIN_REFUSED',
  /** TLS was required and the server does not offer it, or the TLS handshake failed. */
  'SYNC_TLS_REFUSED',
  /** The server's certificate does not come from the pinned CA (or from any trusted authority), or names another host. */
  'SYNC_CERTIFICATE_UNTRUSTED',
  /** The server answered but refused what Alliance needs (a missing database, no right to create its schema, a newer schema). */
  'SYNC_SERVER_REFUSED',
  /** This device was removed from the practice's server: it sends and receives nothing more. */
  'SYNC_REVOKED',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** One problem with one field of an input, for showing beside that field. */
export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(fieldIssueSchema).optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** Errors are values: every call across the bridge answers one of these. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An error that carries its code, thrown inside a process and answered as a value at its edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }

  toShape(): AppErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromShape(shape: AppErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.issues);
  }
}

/**
 * Turns zod's issues into field messages a person can read: at most 20, each short, and never the
 * input's own text. zod's "Unrecognized keys" lists every key it was sent (58,907 characters once,
 * from a fuzzer), so unknown fields are counted instead; a record's refused key is left out of its path.
 */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const pathOf = (parts: readonly PropertyKey[]) => cap(parts.map((part) => cap(String(part), 60)).join('.'), 200);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    let next: FieldIssue;
    if (issue.code === 'unrecognized_keys') {
      const count = issue.keys.length;
      next = {
        path: pathOf(issue.path),
        message: count === 1 ? 'Has a field Alliance does not know' : `Has ${count.toLocaleString('en')} fields Alliance does not know`,
      };
    } else if (issue.code === 'invalid_key') {
      next = { path: pathOf(issue.path.slice(0, -1)), message: 'Has a field name Alliance does not know' };
    } else {
      next = { path: pathOf(issue.path), message: cap(issue.message, 300) };
    }
    const key = `${next.path}\n${next.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(next);
    if (issues.length === 20) break;
  }
  return issues;
}

/** INVALID_INPUT from zod's issues or from problems found before parsing (shared/input-safety); its texts are capped either way. */
export function invalidInput(source: z.ZodError | readonly FieldIssue[]): AppError {
  const cap = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const issues =
    source instanceof z.ZodError
      ? issuesFromZod(source)
      : source.slice(0, 20).map((issue) => ({ path: cap(issue.path, 200), message: cap(issue.message, 300) }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'The input is not valid.';
  return new AppError('INVALID_INPUT', cap(message, 500), issues);
}
