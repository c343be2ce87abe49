import type { AppError, ErrorCode } from '../../shared/errors';

/** One plain sentence per code: what happened and, where it helps, what to do. */
const SENTENCES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Some of what was entered is not valid. Check the highlighted fields.',
  VAULT_LOCKED: 'Alliance is locked. Unlock it to continue.',
  VAULT_EXISTS: 'A vault already exists in this data folder, so set-up was not started again.',
  VAULT_NOT_SET_UP: 'Alliance has not been set up yet on this computer.',
  VAULT_DAMAGED: 'The vault files could not be read. Alliance has not changed them.',
  FOLDER_NOT_WRITABLE: 'Alliance cannot write to its data folder. Nothing was changed.',
  DISK_FULL: 'The disk is full, so this was not saved. Free some space and try again; what was saved before is safe.',
  NOT_A_FILE: 'Something in the data folder is not what Alliance expects there. Nothing was changed.',
  DATABASE_TOO_NEW: 'These records were written by a newer version of Alliance. Install that version to open them; nothing was changed.',
  WRONG_PASSPHRASE: 'That passphrase is not right. Nothing was changed.',
  WRONG_RECOVERY_CODE: 'That recovery code is not right. Check it against the printed recovery sheet.',
  WEAK_PASSPHRASE: 'That passphrase is too easy to guess.',
  NOT_FOUND: 'This record could not be found. It may have been moved or the link is out of date.',
  CONFLICT: 'This record was changed after you opened it, so your change was not saved.',
  SCHEDULING_WARNING: 'This time double-books or falls outside your working hours. Nothing was booked yet; you can book it anyway.',
  APPEND_ONLY: 'This is part of the record’s history and is kept as it was written. Correct it with a new entry.',
  NOTE_SIGNED: 'This note is signed and can no longer be changed. Add an addendum instead.',
  PATIENT_MODE: 'The laptop is in patient mode: only the feedback forms are open until the clinician’s passphrase ends it.',
  FORBIDDEN: 'Alliance refused this request.',
  BACKUP_REFUSED: 'Alliance cannot use this backup.',
  PAIRING_REFUSED: 'The pairing code was not accepted.',
  UNKNOWN_CHANNEL: 'This version of Alliance does not know that request. Restart Alliance and try again.',
  SYNC_UNREACHABLE: 'The practice server could not be reached. Your work is kept on this device and is sent when the server answers again.',
  SYNC_LOGIN_REFUSED: 'The practice server refused the user name or password. Check them with whoever runs the server.',
  SYNC_TLS_REFUSED: 'The practice server did not accept an encrypted (TLS) connection, so Alliance did not connect.',
  SYNC_CERTIFICATE_UNTRUSTED: 'Alliance did not trust the practice server’s certificate, so it did not connect.',
  SYNC_SERVER_REFUSED: 'The practice server refused the request.',
  SYNC_REVOKED: 'This device was removed from the practice server. It keeps what it has but sends and receives nothing more.',
  INTERNAL: 'Something unexpected went wrong. Nothing you saved before was lost; try again, and restart Alliance if it happens again.',
};

/** Codes whose message from the main process is written for the person and adds to the sentence. */
const SPEAKS_TO_THE_PERSON: ReadonlySet<ErrorCode> = new Set([
  'WEAK_PASSPHRASE',
  'VAULT_DAMAGED',
  'DATABASE_TOO_NEW',
  'SCHEDULING_WARNING',
  'FOLDER_NOT_WRITABLE',
  'DISK_FULL',
  'NOT_A_FILE',
  'BACKUP_REFUSED',
  'SYNC_TLS_REFUSED',
  'SYNC_CERTIFICATE_UNTRUSTED',
  'SYNC_SERVER_REFUSED',
  'PAIRING_REFUSED',
]);

export function explain(error: AppError): string {
  const sentence = SENTENCES[error.code];
  if (SPEAKS_TO_THE_PERSON.has(error.code) && error.message && error.message !== sentence) {
    return `${sentence} ${error.message}`;
  }
  return sentence;
}
