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
  type AuditHistoryEntry,
  type AuditRecordType,
  type AuditVerification,
} from '../../../shared/audit';

export type AuditRow = {
  device_id: string;
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

export function toEntry(row: AuditRow): AuditEntry {
  return {
    deviceId: row.device_id,
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

export function auditHash(previousHash: string, entry: Omit<AuditEntry, 'hash'>, withDevice = true): string {
  return createHash('sha256')
    .update(auditHashInput(previousHash, entry, withDevice))
    .digest('hex');
}

/** The device this vault writes as: one id from its first version with chains (migration 0033), kept when it connects. */
export function thisDeviceId(db: Database): string {
  const id = db.prepare('SELECT device_id FROM this_device WHERE id = 1', { pluck: true }).get<string>();
  if (id === undefined) throw new Error('This vault has no device id.');
  return id;
}

/** What to call a device in a report: its name in this vault, or how it is known without one. */
function deviceNames(db: Database, here: string): (deviceId: string) => string {
  const names = new Map(
    db
      .prepare('SELECT device_id, name FROM sync_devices')
      .all<{ device_id: string; name: string }>()
      .map((row) => [row.device_id, row.name]),
  );
  return (deviceId) => names.get(deviceId) ?? (deviceId === here ? 'This device' : `Unnamed device ${deviceId.slice(0, 8)}`);
}

export class AuditLog {
  readonly #db: Database;
  /** When each (action, record) was last recorded as read; gone when the vault locks. */
  readonly #lastRead = new Map<string, number>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Appends one entry after the last of this device's chain, chained to its hash. */
  append(now: string, record: AuditRecord): AuditEntry {
    const deviceId = thisDeviceId(this.#db);
    const last = this.#db
      .prepare('SELECT seq, hash FROM audit_log WHERE device_id = $deviceId ORDER BY seq DESC LIMIT 1')
      .get<{ seq: number; hash: string }>({ deviceId });
    const entry = { deviceId, seq: (last?.seq ?? 0) + 1, at: now, ...record };
    const hash = auditHash(last?.hash ?? AUDIT_GENESIS, entry);
    this.#db
      .prepare(
        `INSERT INTO audit_log (device_id, seq, at, action, record_type, record_id, patient_id, hash)
         VALUES ($deviceId, $seq, $at, $action, $recordType, $recordId, $patientId, $hash)`,
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

  /** The chart's entries from every device, newest first (by time, then position in their chain). */
  forPatient(patientId: string, limit: number): AuditHistoryEntry[] {
    const name = deviceNames(this.#db, thisDeviceId(this.#db));
    return this.#db
      .prepare('SELECT * FROM audit_log WHERE patient_id = $patientId ORDER BY at DESC, device_id DESC, seq DESC LIMIT $limit')
      .all<AuditRow>({ patientId, limit })
      .map((row) => ({ ...toEntry(row), device: name(row.device_id) }));
  }

  /**
   * Walks every device's chain from its first entry and reports, for each, the first entry that does
   * not follow: a position missing (a gap, or a chain not starting at 1), or an entry whose hash does
   * not cover its content and the hash before it (an entry, or the one before it, altered).
   */
  verify(): AuditVerification {
    const here = thisDeviceId(this.#db);
    const name = deviceNames(this.#db, here);
    const chains: AuditVerification['chains'] = [];
    let chain: AuditVerification['chains'][number] | undefined;
    let previous = AUDIT_GENESIS;
    let expectedSeq = 1;
    // Entries written before chains were per device cover no device; only a chain's first entries may.
    let legacy = true;
    let entries = 0;
    for (const row of this.#db.prepare('SELECT * FROM audit_log ORDER BY device_id, seq').all<AuditRow>()) {
      entries += 1;
      if (chain?.deviceId !== row.device_id) {
        chain = { deviceId: row.device_id, device: name(row.device_id), thisDevice: row.device_id === here, entries: 0, firstBroken: null };
        chains.push(chain);
        previous = AUDIT_GENESIS;
        expectedSeq = 1;
        legacy = true;
      }
      chain.entries += 1;
      if (chain.firstBroken) continue;
      const { hash, ...content } = toEntry(row);
      const broken = (problem: string) => ({ deviceId: row.device_id, device: chain?.device ?? '', seq: expectedSeq, at: row.at, problem });
      if (row.seq !== expectedSeq) {
        chain.firstBroken = broken(
          expectedSeq === 1
            ? `Entry 1 is missing: the device's chain starts at ${row.seq}.`
            : `Entry ${expectedSeq} is missing: the device's chain goes from ${expectedSeq - 1} to ${row.seq}.`,
        );
        continue;
      }
      if (auditHash(previous, content) === hash) legacy = false;
      else if (!(legacy && auditHash(previous, content, false) === hash)) {
        chain.firstBroken = broken(
          `Entry ${row.seq} does not match its hash: it, or the entry before it, was changed after it was written.`,
        );
        continue;
      }
      previous = hash;
      expectedSeq += 1;
    }
    chains.sort((a, b) => Number(b.thisDevice) - Number(a.thisDevice) || a.device.localeCompare(b.device));
    return { entries, chains, firstBroken: chains.find((c) => c.firstBroken)?.firstBroken ?? null };
  }
}
