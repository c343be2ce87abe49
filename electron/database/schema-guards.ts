/**
 * The database's own guards: triggers that refuse what the records must never undergo (a signed
 * note changed, a history entry rewritten, the audit log edited), whatever code asks. Each raises
 * `NAME: detail`; this one table gives each name its error code and the words the person reads, for
 * the migrations that write the triggers and the worker that answers them. None falls to INTERNAL.
 */
import { AppError, type ErrorCode } from '../../shared/errors';

export const SCHEMA_GUARDS = {
  NOTE_SIGNED: { code: 'NOTE_SIGNED', message: 'This note is signed, so it cannot be changed. Add an addendum instead.' },
  NOTE_NOT_SIGNED: { code: 'CONFLICT', message: 'Only a signed note takes addenda; this note is still a draft.' },
  LETTER_SIGNED: { code: 'NOTE_SIGNED', message: 'This letter is signed, so it cannot be changed. Add an addendum instead.' },
  LETTER_NOT_SIGNED: { code: 'CONFLICT', message: 'Only a signed letter takes addenda or is sent; this letter is still a draft.' },
  PLAN_VERSION_FINAL: { code: 'CONFLICT', message: 'This version of the plan is final. Revise the plan to change it.' },
  PLAN_VERSION_ORDER: { code: 'CONFLICT', message: 'A new version of the plan follows the last one, once that one is final.' },
  TEMPLATE_VERSION_FINAL: {
    code: 'CONFLICT',
    message: 'A saved version of a template is kept as it was, for the notes written with it. Save a new version instead.',
  },
  HISTORY_APPEND_ONLY: {
    code: 'APPEND_ONLY',
    message: 'This entry is part of the chart’s history and is kept as it was written. Correct it with a new entry.',
  },
  AUDIT_APPEND_ONLY: { code: 'APPEND_ONLY', message: 'The audit log only ever grows: its entries are never changed or removed.' },
} as const satisfies Record<string, { code: ErrorCode; message: string }>;

export type SchemaGuard = keyof typeof SCHEMA_GUARDS;

/** The trigger body that raises `guard`; `detail` says which rule, for whoever reads the schema. */
export function raise(guard: SchemaGuard, detail: string): string {
  return `SELECT RAISE(ABORT, '${guard}: ${detail.replace(/'/g, "''")}')`;
}

/** SQLite's message for a trigger's RAISE: "sqlite error(SQLITE_CONSTRAINT_TRIGGER): NAME: detail". */
const RAISED = /^(?:sqlite error\(SQLITE_CONSTRAINT_TRIGGER\): )?([A-Z_]+): /;

/** The AppError for a guard that fired, or undefined when the error is not one of them. */
export function guardError(error: unknown): AppError | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = RAISED.exec(error.message)?.[1];
  if (name !== undefined && Object.hasOwn(SCHEMA_GUARDS, name)) {
    const { code, message } = SCHEMA_GUARDS[name as SchemaGuard];
    return new AppError(code, message);
  }
  // A failed ROLLBACK after the guard's abort carries it as its cause.
  return error.cause === undefined ? undefined : guardError(error.cause);
}
