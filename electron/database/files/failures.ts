/**
 * What the disk said, in words a person can act on: a read-only folder, a full disk, a folder where
 * a file should be. Used by the vault (main process) and the database worker alike.
 */
import { AppError } from '../../../shared/errors';

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function megabytes(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1_000_000)).toLocaleString('en-US')} MB`;
}

export function folderNotWritable(folder: string): AppError {
  return new AppError(
    'FOLDER_NOT_WRITABLE',
    `Alliance cannot write to the data folder ${folder}: the disk or share is read-only, or this account may not write there. Nothing was changed. Choose a folder you can write to, or make this one writable.`,
  );
}

export function diskFull(folder: string, neededBytes?: number): AppError {
  const need = neededBytes ? ` About ${megabytes(neededBytes)} more is needed.` : '';
  return new AppError(
    'DISK_FULL',
    `The disk holding ${folder} is full, so this was not saved.${need} Free some space and try again; everything saved before is safe.`,
  );
}

export function notAFile(filePath: string): AppError {
  return new AppError(
    'NOT_A_FILE',
    `${filePath} is a folder (or another kind of entry), not the file Alliance keeps there. Nothing was changed. Move it out of the data folder, or restore the vault folder from a backup.`,
  );
}

/**
 * The AppError for a failure of the file system or of SQLite's file layer, or undefined when the
 * failure is not about the disk. `folder` is named in the words; no clinical data ever is.
 */
export function diskFailure(error: unknown, folder: string, filePath?: string): AppError | undefined {
  if (error instanceof AppError) return error;
  // SQLite rolls back by itself on a full disk; the library's own ROLLBACK then fails, carrying the real error as its cause.
  const cause = error instanceof Error ? error.cause : undefined;
  return diskFailureOf(codeOf(error), folder, filePath) ?? (cause === undefined ? undefined : diskFailure(cause, folder, filePath));
}

function diskFailureOf(code: string | undefined, folder: string, filePath?: string): AppError | undefined {
  switch (code) {
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_READONLY_CANTINIT':
    case 'SQLITE_READONLY_CANTLOCK':
    case 'SQLITE_READONLY_RECOVERY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return folderNotWritable(folder);
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return diskFull(folder);
    case 'EISDIR':
    case 'ENOTDIR':
      return notAFile(filePath ?? folder);
    default:
      return undefined;
  }
}
