/**
 * The audit log's one writer and reader. Entries are appended inside the transaction of the change
 * they record, so a change and its entry are written together or not at all.
 */
import { createHash } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import {
  AUDIT_GENESIS,
  auditHashInput,
  type AuditAction,
  type AuditEntry,
  type AuditRecordType,
  type AuditVerification,
} from '../../../shared/audit';

type AuditRow = {
  seq: number;
  at: string;
  action: AuditAction;
  record_type: AuditRecordType;
  record_id: string;
  patient_id: string | null;
  hash: string;
};

/** Reading the same record again within this time is one reading, not many (a refetch, a tab switched back). */
export const READ_COALESCE_MS = 10 * 60_000;

export type AuditRecord = { action: AuditAction; recordType: AuditRecordType; recordId: string; patientId: string | null };

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    patientId: row.patient_id,
    hash: row.hash,
  };
}

function readKey(record: AuditRecord): string {
  return `${record.action}|${record.recordType}|${record.recordId}`;
}

export function auditHash(previousHash: string, entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditHashInput(previousHash, entry)).digest('hex');
}

export class AuditLog {
  readonly #db: Database;
  /** When each (action, record) was last recorded as read; gone when the vault locks. */
  readonly #lastRead = new Map<string, number>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Appends one entry after the last, chained to its hash. */
  append(now: string, record: AuditRecord): AuditEntry {
    const last = this.#db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get<{ seq: number; hash: string }>();
    const entry = { seq: (last?.seq ?? 0) + 1, at: now, ...record };
    const hash = auditHash(last?.hash ?? AUDIT_GENESIS, entry);
    this.#db
      .prepare(
        `INSERT INTO audit_log (seq, at, action, record_type, record_id, patient_id, hash)
         VALUES ($seq, $at, $action, $recordType, $recordId, $patientId, $hash)`,
      )
      .run({ ...entry, hash });
    return { ...entry, hash };
  }

  /**
   * Records a reading (a chart opened, a note read, a draft saved). The same reading repeated within
   * ten minutes is recorded once: the log says who looked at what and when, not how often the window
   * refetched it.
   */
  touch(now: string, record: AuditRecord): void {
    if (this.#readRecently(now, record)) return;
    this.append(now, record);
    this.#remember(now, record);
  }

  /**
   * Records that a person looked at a record (a chart, a note, a plan, a letter), coalesced as `touch`.
   *
   * Its entry is committed without waiting for the disk (`synchronous = NORMAL` in WAL mode, for this
   * one commit; every change still waits with `FULL`). A reading writes nothing else, and waiting for
   * an fsync behind a backup or a busy disk held a chart's opening for up to seconds. What this gives
   * up: a power cut (not an app crash: the operating system still has the write) within seconds of a
   * reading may lose the entries of the last readings before the next change, which flushes them.
   * SQLite's WAL keeps commit order, so what can be lost is only the chain's tail: never a change,
   * never an entry from the middle, and the chain that remains verifies. Inside a transaction the
   * level cannot change, and the entry is committed with that transaction, durably.
   */
  read(now: string, record: AuditRecord): void {
    if (this.#readRecently(now, record)) return;
    let relaxed = false;
    try {
      this.#db.exec('PRAGMA synchronous = NORMAL');
      relaxed = true;
    } catch {
      // "Safety level may not be changed inside a transaction": the entry joins the transaction.
    }
    try {
      this.append(now, record);
    } finally {
      if (relaxed) this.#db.exec('PRAGMA synchronous = FULL');
    }
    this.#remember(now, record);
  }

  #readRecently(now: string, record: AuditRecord): boolean {
    const last = this.#lastRead.get(readKey(record));
    const elapsed = Date.parse(now) - (last ?? Number.NaN);
    return elapsed >= 0 && elapsed < READ_COALESCE_MS;
  }

  #remember(now: string, record: AuditRecord): void {
    this.#lastRead.set(readKey(record), Date.parse(now));
  }

  forPatient(patientId: string, limit: number): AuditEntry[] {
    return this.#db
      .prepare('SELECT * FROM audit_log WHERE patient_id = $patientId ORDER BY seq DESC LIMIT $limit')
      .all<AuditRow>({ patientId, limit })
      .map(toEntry);
  }

  /** Walks the whole chain from the first entry and reports the first that does not follow. */
  verify(): AuditVerification {
    let previous = AUDIT_GENESIS;
    let expectedSeq = 1;
    let entries = 0;
    for (const row of this.#db.prepare('SELECT * FROM audit_log ORDER BY seq').all<AuditRow>()) {
      entries += 1;
      const entry = toEntry(row);
      if (entry.seq !== expectedSeq) {
        return {
          entries,
          firstBroken: {
            seq: expectedSeq,
            at: entry.at,
            problem: `Entry ${expectedSeq} is missing: the log goes from ${expectedSeq - 1} to ${entry.seq}.`,
          },
        };
      }
      const { hash, ...content } = entry;
      if (auditHash(previous, content) !== hash) {
        return {
          entries,
          firstBroken: {
            seq: entry.seq,
            at: entry.at,
            problem: `Entry ${entry.seq} does not match its hash: it, or the entry before it, was changed after it was written.`,
          },
        };
      }
      previous = hash;
      expectedSeq += 1;
    }
    return { entries, firstBroken: null };
  }
}
