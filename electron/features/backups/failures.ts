/**
 * A failed backup in words a person can act on. The backup folder is the person's own choice and is
 * named; nothing clinical ever is. The live vault and earlier backups are never touched by a failure.
 */
import { AppError } from '../../../shared/errors';

const UNTOUCHED = 'The vault and earlier backups are untouched.';

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function backupFolderFull(folder: string): AppError {
  return new AppError(
    'DISK_FULL',
    `The disk holding the backup folder ${folder} is full, so the backup was not made. ${UNTOUCHED} Free some space there, or choose another folder, and back up again.`,
  );
}

export function backupFolderNotWritable(folder: string): AppError {
  return new AppError(
    'FOLDER_NOT_WRITABLE',
    `Alliance cannot write to the backup folder ${folder}: the disk or share is read-only, or this account may not write there. ${UNTOUCHED} Choose another folder, or make this one writable.`,
  );
}

export function backupFolderUnreachable(folder: string): AppError {
  return new AppError(
    'FOLDER_NOT_WRITABLE',
    `The backup folder ${folder} cannot be reached: its disk may be unplugged or its share disconnected. ${UNTOUCHED} Connect it, or choose another folder, and back up again.`,
  );
}

/** The AppError for any failure of a backup; a cause that is not the disk's becomes a plain INTERNAL with no detail. */
export function backupFailure(error: unknown, folder: string): AppError {
  const code = codeOf(error) ?? codeOf(error instanceof Error ? error.cause : undefined);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return backupFolderFull(folder);
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_CANTOPEN':
      return backupFolderNotWritable(folder);
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ENODEV':
    case 'ENXIO':
    case 'EIO':
    case 'ESTALE':
    case 'ENOTCONN':
      return backupFolderUnreachable(folder);
    default:
      if (code?.startsWith('SQLITE_IOERR') || code?.startsWith('SQLITE_CANTOPEN')) return backupFolderUnreachable(folder);
      if (code?.startsWith('SQLITE_READONLY')) return backupFolderNotWritable(folder);
      if (error instanceof AppError) return error;
      return new AppError('INTERNAL', `The backup could not be written. ${UNTOUCHED} Try again; if it fails again, restart Alliance.`);
  }
}
