/**
 * The record of each import: a row of the imports table (when, from what kind of file, how many) and
 * one audit entry naming it, written in the import's own transaction. Never a name: the audit log
 * holds references only.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { ImportSource } from '../../../shared/import';
import type { AuditLog } from '../audit/repository';

export class ImportLog {
  readonly #db: Database;
  readonly #audit: AuditLog;

  constructor(db: Database, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
  }

  /** Records an import; call it inside the transaction that writes what was imported. Answers its id. */
  record(source: ImportSource, counts: { patients: number; sessions: number }, now: string): string {
    const id = randomUUID();
    this.#db
      .prepare('INSERT INTO imports (id, imported_at, source, patients, sessions) VALUES ($id, $now, $source, $patients, $sessions)')
      .run({ id, now, source, ...counts });
    this.#audit.append(now, {
      action: source === 'patients-csv' ? 'import.patients' : 'import.sessions',
      recordType: 'import',
      recordId: id,
      patientId: null,
    });
    return id;
  }
}
