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
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_CODE',
  'WEAK_PASSPHRASE',
  'NOT_FOUND',
  'CONFLICT',
  /** Booking would double-book or fall outside working hours; `issues` lists why. The person may book anyway. */
  'SCHEDULING_WARNING',
  'NOTE_SIGNED',
  /** The laptop is with the patient: only the feedback forms answer until the clinician's passphrase ends patient mode. */
  'PATIENT_MODE',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
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

/** Turns zod's issues into field messages a person can read. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function invalidInput(error: z.ZodError): AppError {
  const issues = issuesFromZod(error);
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'The input is not valid.';
  return new AppError('INVALID_INPUT', message, issues);
}
