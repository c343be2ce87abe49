import type { Database } from '@signalapp/sqlcipher';
import { z } from 'zod';
import { mergeRow, type HeldField, type JsonValue, type ReceivedField } from '../../../shared/sync/merge';
import { AppError } from '../../../shared/errors';
import { guardError } from '../../database/schema-guards';
import { REPLICATED_TABLES } from './capture';

/*
 * The two ends of a change's journey inside a vault (docs/sync.md): the outbox the capture triggers
 * fill, read in the order the changes were made, and the application of changes received from
 * another device, merged by the table's policy (shared/sync/merge.ts) with capture silenced, in one
 * transaction with whatever the caller records beside it (the pull cursor).
 */

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export type Change = {
  table: string;
  key: string;
  operation: 'insert' | 'update' | 'delete';
  /** Each changed column: its new value, and the stamp of the value it replaced (null for a new row). */
  changes: Record<string, [JsonValue, string | null]>;
  stamp: string;
};

export const changeSchema: z.ZodType<Change> = z.strictObject({
  table: z.string(),
  key: z.string(),
  operation: z.enum(['insert', 'update', 'delete']),
  changes: z.record(z.string(), z.tuple([jsonValue, z.string().nullable()])),
  stamp: z.string(),
});

type OutboxRow = { seq: number; table_name: string; row_key: string; operation: Change['operation']; changes: string; stamp: string };

/** The oldest changes not yet sent, at most `limit`, with the outbox position of the last. */
export function readOutbox(db: Database, limit: number): { changes: Change[]; upTo: number } {
  const rows = db
    .prepare('SELECT seq, table_name, row_key, operation, changes, stamp FROM sync_outbox ORDER BY seq LIMIT $limit')
    .all<OutboxRow>({ limit });
  return {
    changes: rows.map((row) =>
      changeSchema.parse({
        table: row.table_name,
        key: row.row_key,
        operation: row.operation,
        changes: JSON.parse(row.changes) as unknown,
        stamp: row.stamp,
      }),
    ),
    upTo: rows.at(-1)?.seq ?? 0,
  };
}

/** The server has the changes up to `upTo`: they leave the outbox. */
export function acknowledgeOutbox(db: Database, upTo: number): void {
  db.prepare('DELETE FROM sync_outbox WHERE seq <= $upTo').run({ upTo });
}

export class UnknownRecord extends Error {
  constructor(change: Change) {
    super(`A change arrived for a ${change.table} record this device does not hold.`);
    this.name = 'UnknownRecord';
  }
}

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`Unexpected identifier ${identifier}`);
  return `"${identifier}"`;
}

/** A received value as SQLite stores it: today's tables hold text, numbers and nulls only. */
function sqlValue(value: JsonValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

function keyValues(columns: readonly string[], key: string): (string | number)[] {
  if (columns.length === 1) return [key];
  const values = z
    .array(z.union([z.string(), z.number()]))
    .length(columns.length)
    .parse(JSON.parse(key));
  return values;
}

function applyOne(db: Database, change: Change, now: string): void {
  const spec = REPLICATED_TABLES[change.table];
  if (!spec) throw new Error(`A change arrived for ${change.table}, which does not replicate.`);
  const table = quote(change.table);
  const where = spec.key.map((column, i) => `${quote(column)} = $k${i}`).join(' AND ');
  const keyParams = Object.fromEntries(keyValues(spec.key, change.key).map((value, i) => [`k${i}`, value]));
  const entries = Object.entries(change.changes);
  const fields = entries.map(([field]) => field);
  const current = db
    .prepare(`SELECT ${fields.length > 0 ? fields.map(quote).join(', ') : '1 AS present'} FROM ${table} WHERE ${where}`)
    .get<Record<string, string | number | null>>(keyParams);

  if (change.operation === 'delete') {
    if (current) db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(keyParams);
    db.prepare('DELETE FROM sync_field_stamps WHERE table_name = $t AND row_key = $k').run({ t: change.table, k: change.key });
    db.prepare('DELETE FROM sync_row_stamps WHERE table_name = $t AND row_key = $k').run({ t: change.table, k: change.key });
    return;
  }
  if (!current) {
    if (change.operation !== 'insert') throw new UnknownRecord(change);
    const values = Object.fromEntries(entries.map(([, [value]], i) => [`v${i}`, sqlValue(value)]));
    db.prepare(`INSERT INTO ${table} (${fields.map(quote).join(', ')}) VALUES (${fields.map((_, i) => `$v${i}`).join(', ')})`).run(values);
    db.prepare('INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp) VALUES ($t, $k, $s)').run({
      t: change.table,
      k: change.key,
      s: change.stamp,
    });
    return;
  }

  const rowStamp =
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: change.table, k: change.key }) ?? '';
  const fieldStamps = new Map(
    db
      .prepare('SELECT field, stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k')
      .all<{ field: string; stamp: string }>({ t: change.table, k: change.key })
      .map((row) => [row.field, row.stamp]),
  );
  const held: Record<string, HeldField> = {};
  const received: Record<string, ReceivedField> = {};
  for (const [field, [value, base]] of entries) {
    held[field] = { value: current[field] ?? null, stamp: fieldStamps.get(field) ?? rowStamp };
    received[field] = { value, stamp: change.stamp, base: change.operation === 'insert' ? null : base };
  }
  const merged = mergeRow(spec.policy, held, received, spec.setOnce ?? []);
  const set = Object.entries(merged.set);
  if (set.length > 0) {
    const values = Object.fromEntries(set.map(([, field], i) => [`v${i}`, sqlValue(field.value)]));
    db.prepare(`UPDATE ${table} SET ${set.map(([name], i) => `${quote(name)} = $v${i}`).join(', ')} WHERE ${where}`).run({
      ...values,
      ...keyParams,
    });
    const stamp = db.prepare('INSERT OR REPLACE INTO sync_field_stamps (table_name, row_key, field, stamp) VALUES ($t, $k, $f, $s)');
    for (const [name, field] of set) stamp.run({ t: change.table, k: change.key, f: name, s: field.stamp });
  }
  const conflicts = [...merged.conflicts];
  // A draft edited on two devices at once keeps both texts: until drafts fork into drafts of their
  // own (docs/sync.md), each losing field is kept as a conflict, never dropped.
  if (merged.fork) {
    for (const field of fields) {
      const [heldField, receivedField, taken] = [held[field], received[field], merged.set[field]];
      if (!heldField || !receivedField) continue;
      const losing = taken ? heldField : receivedField;
      const winning = taken ?? heldField;
      if (JSON.stringify(losing.value) !== JSON.stringify(winning.value)) conflicts.push({ field, losing, winning });
    }
  }
  const record = db.prepare(
    `INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at)
     VALUES ($t, $k, $f, $lv, $ls, $wv, $ws, $now)`,
  );
  for (const conflict of conflicts) {
    record.run({
      t: change.table,
      k: change.key,
      f: conflict.field,
      lv: JSON.stringify(conflict.losing.value),
      ls: conflict.losing.stamp,
      wv: JSON.stringify(conflict.winning.value),
      ws: conflict.winning.stamp,
      now,
    });
  }
}

/**
 * Applies changes received from another device, in the order given, in one transaction, with
 * capture silenced; `alongside` runs in the same transaction (it records the pull cursor), so a
 * device killed midway applies the batch again from the same cursor, never half of it.
 */
export function applyChanges(db: Database, changes: readonly Change[], now: string, alongside: () => void = () => undefined): void {
  db.transaction(() => {
    db.prepare('UPDATE sync_clock SET applying = 1 WHERE id = 1').run();
    for (const change of changes) {
      // Each change in a savepoint of its own: one the schema refuses here (a draft's text edited on
      // the laptop while the desktop signed it) is kept as a conflict, and the rest of the batch goes on.
      db.exec('SAVEPOINT sync_change');
      try {
        applyOne(db, change, now);
        db.exec('RELEASE sync_change');
      } catch (error) {
        db.exec('ROLLBACK TO sync_change');
        db.exec('RELEASE sync_change');
        const refusal = guardError(error) ?? constraintRefusal(error);
        if (!refusal) throw error;
        keepRefused(db, change, refusal, now);
      }
    }
    db.prepare('UPDATE sync_clock SET applying = 0 WHERE id = 1').run();
    alongside();
  })();
}

/**
 * A received change a constraint of this vault refuses: two devices working offline gave two new
 * patients the same chart number, say. Kept like a guard's refusal, so it never blocks the changes
 * behind it; the person sees it among the conflicts.
 */
function constraintRefusal(error: unknown): AppError | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return undefined;
  return new AppError(
    'CONFLICT',
    'This device already holds a record this change would duplicate or contradict (the same chart number, say).',
  );
}

/** A received change this vault's rules refuse, kept whole beside the record so nothing is lost. */
function keepRefused(db: Database, change: Change, refusal: Error, now: string): void {
  const record = db.prepare(
    `INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at)
     VALUES ($t, $k, $f, $lv, $ls, $wv, '', $now)`,
  );
  for (const [field, [value]] of Object.entries(change.changes)) {
    record.run({
      t: change.table,
      k: change.key,
      f: field,
      lv: JSON.stringify(value),
      ls: change.stamp,
      wv: JSON.stringify({ refused: refusal.message }),
      now,
    });
  }
}
