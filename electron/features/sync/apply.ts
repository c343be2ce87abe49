import type { Database } from '@signalapp/sqlcipher';
import { z } from 'zod';
import { decodeHlc, encodeHlc, initialClock, tick } from '../../../shared/sync/hlc';
import { draftForkName, mergeDraft, mergeRow, type HeldField, type JsonValue, type ReceivedField } from '../../../shared/sync/merge';
import { AppError } from '../../../shared/errors';
import { guardError } from '../../database/schema-guards';
import { indexNote, indexPlan, unindexNote } from '../search/search-index';
import { chartNumberOf, patientInsertStamp, placeChartNumber, reindexPatient, renumberOwn, type LocalWrites } from './chart-numbers';
import { DRAFT_VERSION_AT_DELETE, REPLICATED_TABLES, type ReplicatedTable } from './capture';
import { uuidV5 } from './fork-id';
import { isTemplateVersions, receiveTemplateVersion, saveDisplacedVersion, type DisplacedVersion } from './template-versions';

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

/** What applying a batch writes of its own: the stamp and time of its writes, and this device's template versions that gave way. */
type Applying = LocalWrites & Readonly<{ displaced: DisplacedVersion[] }>;

function applyOne(db: Database, received: Change, local: Applying): void {
  const spec = REPLICATED_TABLES[received.table];
  if (!spec) throw new Error(`A change arrived for ${received.table}, which does not replicate.`);
  if (received.operation === 'insert' && isTemplateVersions(received.table)) {
    // A version numbered as one this device holds: the texts are compared (template-versions.ts).
    const row = Object.fromEntries(Object.entries(received.changes).map(([column, [value]]) => [column, sqlValue(value)]));
    if (receiveTemplateVersion(db, received.table, received.key, row, received.stamp, local.now, local.displaced)) return;
  }
  if (spec.whole && received.operation === 'update') {
    applyDraftEdit(db, received, spec, local.now);
    return;
  }
  const routed = routeToFork(db, received);
  if (routed.change.operation === 'delete' && keepsConcurrentDraft(db, routed.change, spec)) return;
  if (received.table === 'patients') {
    // A received patient is found by search here as on the device that wrote it.
    const previous = chartNumberOf(db, received.key);
    applyRow(db, routed.change, spec, local);
    reindexPatient(db, received.key, previous);
    return;
  }
  applyRow(db, routed.change, spec, local);
  // A plan's latest version changed: its words are found by search here too.
  const plan = planOf(db, received);
  if (plan !== undefined) indexPlan(db, plan);
  // A draft's text changed: its words are found by search here as on the device that wrote them.
  if (routed.parent) family(routed.parent.table).reindex?.(db, routed.parent.id);
}

/** The plan a received change is part of, if it is a plan's or one of its versions. */
function planOf(db: Database, change: Change): string | undefined {
  if (change.table === 'treatment_plans') return change.key;
  if (change.table !== 'plan_versions') return undefined;
  return db.prepare('SELECT plan_id FROM plan_versions WHERE id = $id', { pluck: true }).get<string>({ id: change.key });
}

/** A received patient's chart number, where it would take one another patient holds here (see chart-numbers.ts). */
function placePatient(
  db: Database,
  change: Change,
  values: Record<string, string | number | null>,
  name: string | undefined,
  local: LocalWrites,
): boolean {
  const chart = name === undefined ? undefined : values[name];
  if (change.table !== 'patients' || name === undefined || typeof chart !== 'number') return false;
  const stamp = change.operation === 'insert' ? change.stamp : patientInsertStamp(db, change.key);
  const placed = placeChartNumber(db, { id: change.key, stamp }, chart, local);
  values[name] = placed.chart;
  return placed.renumber;
}

function applyRow(db: Database, change: Change, spec: ReplicatedTable, local: LocalWrites): void {
  const now = local.now;
  const table = quote(change.table);
  const where = spec.key.map((column, i) => `${quote(column)} = $k${i}`).join(' AND ');
  const keyParams = Object.fromEntries(keyValues(spec.key, change.key).map((value, i) => [`k${i}`, value]));
  // A deletion's changes only say which save it followed (keepsConcurrentDraft); nothing of them is written.
  const entries = change.operation === 'delete' ? [] : Object.entries(change.changes);
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
    const chartAt = fields.indexOf('chart_number');
    const renumber = placePatient(db, change, values, chartAt < 0 ? undefined : `v${chartAt}`, local);
    db.prepare(`INSERT INTO ${table} (${fields.map(quote).join(', ')}) VALUES (${fields.map((_, i) => `$v${i}`).join(', ')})`).run(values);
    if (!spec.unstamped)
      db.prepare('INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp) VALUES ($t, $k, $s)').run({
        t: change.table,
        k: change.key,
        s: change.stamp,
      });
    if (renumber) renumberOwn(db, change.key, local);
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
  const merged = mergeRow(spec.policy, held, received, spec.setOnce ?? [], spec.together ?? []);
  const set = Object.entries(merged.set);
  if (set.length > 0) {
    const values = Object.fromEntries(set.map(([, field], i) => [`v${i}`, sqlValue(field.value)]));
    const chartAt = set.findIndex(([name]) => name === 'chart_number');
    const renumber = placePatient(db, change, values, chartAt < 0 ? undefined : `v${chartAt}`, local);
    db.prepare(`UPDATE ${table} SET ${set.map(([name], i) => `${quote(name)} = $v${i}`).join(', ')} WHERE ${where}`).run({
      ...values,
      ...keyParams,
    });
    const stamp = db.prepare('INSERT OR REPLACE INTO sync_field_stamps (table_name, row_key, field, stamp) VALUES ($t, $k, $f, $s)');
    for (const [name, field] of set) stamp.run({ t: change.table, k: change.key, f: name, s: field.stamp });
    if (renumber) renumberOwn(db, change.key, local);
  }
  const conflicts = [...merged.conflicts];
  // A draft policy table not merged whole (plan versions) keeps each losing field as a conflict, never dropped.
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
export function applyChanges(
  db: Database,
  changes: readonly Change[],
  now: string,
  alongside: () => void = () => undefined,
  options: ApplyOptions = {},
): void {
  const local: Applying = { now, stamp: options.stamp ?? stampsAfter(db, changes), displaced: [] };
  db.transaction(() => {
    db.prepare('UPDATE sync_clock SET applying = 1 WHERE id = 1').run();
    for (const change of changes) {
      // Each change in a savepoint of its own: one the schema refuses here (a draft's text edited on
      // the laptop while the desktop signed it) is kept as a conflict, and the rest of the batch goes on.
      db.exec('SAVEPOINT sync_change');
      try {
        applyOne(db, change, local);
        db.exec('RELEASE sync_change');
      } catch (error) {
        db.exec('ROLLBACK TO sync_change');
        db.exec('RELEASE sync_change');
        const guarded = guardError(error) ?? unknownRecordRefusal(error);
        const refusal = guarded ? { message: guarded.message } : constraintRefusal(db, change, error);
        if (!refusal) throw error;
        keepRefused(db, change, refusal, now);
      }
    }
    // Numbered after every version the batch brought, so a later version of the batch does not meet it.
    for (const displaced of local.displaced) saveDisplacedVersion(db, displaced, local);
    db.prepare('UPDATE sync_clock SET applying = 0 WHERE id = 1').run();
    alongside();
  })();
}

export type ApplyOptions = {
  /**
   * A fresh stamp of this device's clock, after every stamp in the batch, for a write this device
   * makes while applying it (renumbering a patient it created, chart-numbers.ts). The engine ticks its
   * clock; without one, the next stamp after the clock's and the batch's latest.
   */
  stamp?: () => string;
};

function stampsAfter(db: Database, changes: readonly Change[]): () => string {
  return () => {
    const held = db.prepare('SELECT stamp FROM sync_clock WHERE id = 1', { pluck: true }).get<string>() ?? '';
    const latest = [held, ...changes.map((change) => change.stamp)].reduce((a, b) => (b > a ? b : a), '');
    const deviceId = db.prepare('SELECT device_id FROM this_device WHERE id = 1', { pluck: true }).get<string>() ?? '';
    return encodeHlc(tick({ ...(latest === '' ? initialClock(deviceId) : decodeHlc(latest)), deviceId }, 0));
  };
}

/**
 * A change for a record this device does not hold (its insert refused here, say): kept like a
 * guard's refusal, so it never blocks the batch, which would otherwise be retried forever.
 */
function unknownRecordRefusal(error: unknown): AppError | undefined {
  if (!(error instanceof UnknownRecord)) return undefined;
  return new AppError(
    'NOT_FOUND',
    'This change is to a record this device does not hold: its creation was refused here, or never arrived.',
  );
}

/** Columns every edit moves (the row's version and time of change): never what a rule refused. */
const BOOKKEEPING_COLUMNS: ReadonlySet<string> = new Set(['version', 'updated_at', 'created_at']);

/** Which rule of the schema refused a received change, and the columns it names (read from SQLite's message). */
export type ConstraintRefusal = Readonly<{ constraint: 'check' | 'unique' | 'not-null' | 'foreign-key'; columns: string[] }>;

/** What is kept as a refused change's reason: our words, and the rule and columns a conflict names in the record's own labels. */
type Refusal = Readonly<{ message: string; constraint?: ConstraintRefusal }>;

function columnsOf(db: Database, table: string): string[] {
  return db.prepare(`SELECT name FROM pragma_table_info('${table.replaceAll("'", "''")}')`, { pluck: true }).all<string>();
}

/**
 * A received change a constraint of this vault refuses (two devices working offline gave two new
 * patients the same chart number; values that a CHECK binds together and that merged apart). Kept like
 * a guard's refusal, so it never blocks the changes behind it; the person sees it among the conflicts,
 * with the rule and the fields it names, never another rule's words.
 */
function constraintRefusal(db: Database, change: Change, error: unknown): Refusal | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return undefined;
  const detail = error instanceof Error ? (/constraint failed: (.*)$/i.exec(error.message)?.[1] ?? '') : '';
  const columns = columnsOf(db, change.table);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const named = detail
      .split(',')
      .map((part) => part.trim().split('.').at(-1) ?? '')
      .filter((column) => columns.includes(column));
    const message =
      change.table === 'patients' && named.includes('chart_number')
        ? 'Another patient holds this chart number on this device.'
        : 'This device already holds another record with the same values.';
    return { message, constraint: { constraint: 'unique', columns: named } };
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK') {
    // SQLite's message does not reliably name the CHECK that failed: the change's columns name it, with
    // every column bound to them (capture.ts, `together`), in the table's order.
    const changed = Object.keys(change.changes);
    const bound = (REPLICATED_TABLES[change.table]?.together ?? []).filter((group) => group.some((column) => changed.includes(column)));
    const involved = new Set([...changed, ...bound.flat()]);
    const named = columns.filter((column) => involved.has(column) && !BOOKKEEPING_COLUMNS.has(column));
    return {
      message: 'These values do not go together with what this device holds for the record.',
      constraint: { constraint: 'check', columns: named },
    };
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
    const named = [detail.split('.').at(-1) ?? ''].filter((column) => columns.includes(column));
    return { message: 'This change leaves empty a value the record needs.', constraint: { constraint: 'not-null', columns: named } };
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return {
      message: 'This change names a record this device does not hold.',
      constraint: { constraint: 'foreign-key', columns: [] },
    };
  return { message: 'This device’s rules for this record refuse this change.' };
}

/** A received change this vault's rules refuse, kept whole beside the record so nothing is lost. */
function keepRefused(db: Database, change: Change, refusal: Refusal, now: string): void {
  const record = db.prepare(
    `INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at)
     VALUES ($t, $k, $f, $lv, $ls, $wv, '', $now)`,
  );
  const reason = JSON.stringify({ refused: refusal.message, ...(refusal.constraint ?? {}) });
  for (const [field, [value]] of Object.entries(change.changes)) {
    record.run({
      t: change.table,
      k: change.key,
      f: field,
      lv: JSON.stringify(value),
      ls: change.stamp,
      wv: reason,
      now,
    });
  }
}

/*
 * Drafts (notes and letters): each save replaces the draft's text, and is merged whole
 * (shared/sync/merge.ts, mergeDraft). A concurrent save forks: the edit that does not keep the draft
 * becomes a draft of its own, with an id every device derives alike, and the edits that followed it
 * on the device that made it go to that draft too (`sync_draft_forks`). A signing carries the whole
 * text it signs and always keeps the draft.
 */

type DraftFamily = Readonly<{
  /** Columns a fork does not take: a session has one note, so the fork is not the session's. */
  unlinked: readonly string[];
  /** The table of the draft's text, when it is not in the draft's own row. */
  children?: Readonly<{ table: string; parent: string; field: string; columns: readonly string[] }>;
  /** Keeps the search index in step with a draft written here. */
  reindex?: (db: Database, id: string) => void;
}>;

const DRAFT_FAMILIES: Readonly<Record<string, DraftFamily>> = {
  notes: {
    unlinked: ['appointment_id'],
    children: { table: 'note_fields', parent: 'note_id', field: '_fields', columns: ['key', 'text', 'copied'] },
    reindex: (db, id) => {
      const seq = db.prepare('SELECT seq FROM notes WHERE id = $id', { pluck: true }).get<number>({ id });
      if (seq !== undefined) indexNote(db, seq);
    },
  },
  letters: { unlinked: [] },
};

/** The columns a signing sets; written after the rest, as the schema's guards want a signing to change nothing else. */
const SIGNING_COLUMNS = new Set(['status', 'signed_at', 'signed_by', 'content_hash']);

type Row = Record<string, string | number | null>;

function family(table: string): DraftFamily {
  const found = DRAFT_FAMILIES[table];
  if (!found) throw new Error(`${table} is merged whole but has no draft family.`);
  return found;
}

function childFamily(table: string): { parentTable: string; children: NonNullable<DraftFamily['children']> } | undefined {
  for (const [parentTable, { children }] of Object.entries(DRAFT_FAMILIES)) if (children?.table === table) return { parentTable, children };
  return undefined;
}

function stampOf(db: Database, table: string, key: string, field: string): string {
  return (
    db
      .prepare('SELECT stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k AND field = $f', { pluck: true })
      .get<string>({ t: table, k: key, f: field }) ??
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: table, k: key }) ??
    ''
  );
}

/** A row stamped as a whole: every field holds the value of this stamp (a draft is always stamped so, capture.ts). */
function stampRow(db: Database, table: string, key: string, stamp: string): void {
  db.prepare('INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp) VALUES ($t, $k, $s)').run({ t: table, k: key, s: stamp });
  db.prepare('DELETE FROM sync_field_stamps WHERE table_name = $t AND row_key = $k').run({ t: table, k: key });
}

/**
 * A draft discarded on another device (its text, then the draft) that was saved here since the
 * discarding device last saw it: the save here is not lost, so the discard gives way. The device that
 * discarded gets the draft back when the save arrives there (applyDraftEdit).
 */
function keepsConcurrentDraft(db: Database, change: Change, spec: ReplicatedTable): boolean {
  let draft: { table: string; id: string; base: string | null } | undefined;
  if (spec.whole) draft = { table: change.table, id: change.key, base: change.changes.version?.[1] ?? null };
  else if (spec.draftOf) {
    const parent = z.array(z.union([z.string(), z.number()])).parse(JSON.parse(change.key))[0];
    const carried = change.changes[DRAFT_VERSION_AT_DELETE];
    if (carried) draft = { table: spec.draftOf.table, id: String(parent), base: carried[1] };
  }
  if (!draft || change.stamp === '') return false;
  const held = stampOf(db, draft.table, draft.id, 'version');
  if (held === '' || held === (draft.base ?? '')) return false;
  // The deleting device's own saves are not concurrent with its deletion.
  return decodeHlc(held).deviceId !== decodeHlc(change.stamp).deviceId;
}

/** A change to a draft's text (a note's field) made by an edit that was forked here goes to the fork. */
function routeToFork(db: Database, change: Change): { change: Change; parent?: { table: string; id: string } } {
  const child = childFamily(change.table);
  if (!child) return { change };
  const [parent, ...rest] = z.array(z.union([z.string(), z.number()])).parse(JSON.parse(change.key));
  const fork = db
    .prepare('SELECT fork_key FROM sync_draft_forks WHERE table_name = $t AND row_key = $k AND stamp = $s', { pluck: true })
    .get<string>({ t: child.parentTable, k: String(parent), s: change.stamp });
  if (fork === undefined) return { change, parent: { table: child.parentTable, id: String(parent) } };
  const changes = { ...change.changes };
  const parentValue = changes[child.children.parent];
  if (parentValue) changes[child.children.parent] = [fork, parentValue[1]];
  return { change: { ...change, key: JSON.stringify([fork, ...rest]), changes }, parent: { table: child.parentTable, id: fork } };
}

/** The received row's columns as SQLite stores them, without what it carries beside them. */
function receivedColumns(change: Change, children: DraftFamily['children']): [string, string | number | null][] {
  return Object.entries(change.changes)
    .filter(([column]) => column !== children?.field)
    .map(([column, [value]]) => [column, sqlValue(value)]);
}

function carriedRows(change: Change, children: NonNullable<DraftFamily['children']>): Row[] | undefined {
  const carried = change.changes[children.field]?.[0];
  if (carried === undefined || carried === null) return undefined;
  const rows = typeof carried === 'string' ? (JSON.parse(carried) as unknown) : carried;
  return z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).parse(rows);
}

function insertRow(db: Database, table: string, row: Row): void {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map((_, i) => `$v${i}`).join(', ')})`).run(
    Object.fromEntries(columns.map((column, i) => [`v${i}`, row[column] ?? null])),
  );
}

function updateRow(db: Database, table: string, id: string, values: [string, string | number | null][]): void {
  const set = values.filter(([column]) => column !== 'id');
  // The draft's content first, then its signature: a signing may change nothing else in the same update.
  for (const part of [set.filter(([c]) => !SIGNING_COLUMNS.has(c)), set.filter(([c]) => SIGNING_COLUMNS.has(c))]) {
    if (part.length === 0) continue;
    db.prepare(`UPDATE ${quote(table)} SET ${part.map(([column], i) => `${quote(column)} = $v${i}`).join(', ')} WHERE id = $id`).run({
      ...Object.fromEntries(part.map(([, value], i) => [`v${i}`, value])),
      id,
    });
  }
}

function childRows(db: Database, children: NonNullable<DraftFamily['children']>, parent: string): Row[] {
  return db
    .prepare(`SELECT ${children.columns.map(quote).join(', ')} FROM ${quote(children.table)} WHERE ${quote(children.parent)} = $parent`)
    .all<Row>({ parent });
}

function replaceChildren(db: Database, children: NonNullable<DraftFamily['children']>, parent: string, rows: Row[], stamp: string): void {
  for (const old of childRows(db, children, parent))
    db.prepare('DELETE FROM sync_row_stamps WHERE table_name = $t AND row_key = $k').run({
      t: children.table,
      k: JSON.stringify([parent, old[children.columns[0] ?? 'key'] ?? null]),
    });
  db.prepare(`DELETE FROM ${quote(children.table)} WHERE ${quote(children.parent)} = $parent`).run({ parent });
  for (const row of rows) {
    insertRow(db, children.table, { ...row, [children.parent]: parent });
    stampRow(db, children.table, JSON.stringify([parent, row[children.columns[0] ?? 'key'] ?? null]), stamp);
  }
}

/** A new draft holding a losing edit: the draft's row as that edit left it, its own id, no session, and where it came from. */
function createFork(db: Database, table: string, row: Row, fork: { id: string; from: string; device: string; stamp: string }): void {
  const { unlinked } = family(table);
  const { seq: _seq, ...rest } = row;
  insertRow(db, table, {
    ...rest,
    ...Object.fromEntries(unlinked.map((column) => [column, null])),
    id: fork.id,
    forked_from: fork.from,
    forked_device: fork.device,
  });
  stampRow(db, table, fork.id, fork.stamp);
}

function forkId(table: string, id: string, base: string, device: string): string {
  return uuidV5(draftForkName(table, id, base, device));
}

/** What this device holds of the draft becomes a draft of its own, and the draft is emptied of its text for the edit that keeps it. */
function forkHeld(db: Database, table: string, id: string, base: string, device: string, stamp: string): void {
  const { children, reindex } = family(table);
  const held = db.prepare(`SELECT * FROM ${quote(table)} WHERE id = $id`).get<Row>({ id });
  if (!held) return;
  const fork = forkId(table, id, base, device);
  if (db.prepare(`SELECT 1 FROM ${quote(table)} WHERE id = $id`).get({ id: fork })) return;
  createFork(db, table, held, { id: fork, from: id, device, stamp });
  if (children) {
    const rows = childRows(db, children, id);
    replaceChildren(db, children, fork, rows, stamp);
    replaceChildren(db, children, id, [], stamp);
  }
  reindex?.(db, fork);
}

/** The received edit, whole, becomes what the draft holds. */
function takeWhole(db: Database, table: string, id: string, change: Change): void {
  const { children, reindex } = family(table);
  const rows = children ? carriedRows(change, children) : undefined;
  if (children && rows) replaceChildren(db, children, id, rows, change.stamp);
  updateRow(db, table, id, receivedColumns(change, children));
  stampRow(db, table, id, change.stamp);
  reindex?.(db, id);
}

function rememberFork(db: Database, table: string, id: string, stamp: string, fork: string, base: string): void {
  db.prepare('INSERT OR REPLACE INTO sync_draft_forks (table_name, row_key, stamp, fork_key, base) VALUES ($t, $k, $s, $f, $b)').run({
    t: table,
    k: id,
    s: stamp,
    f: fork,
    b: base,
  });
}

function deleteDraft(db: Database, table: string, id: string): void {
  const { children } = family(table);
  if (table === 'notes') {
    const seq = db.prepare('SELECT seq FROM notes WHERE id = $id', { pluck: true }).get<number>({ id });
    if (seq !== undefined) unindexNote(db, seq);
  }
  if (children) replaceChildren(db, children, id, [], '');
  db.prepare(`DELETE FROM ${quote(table)} WHERE id = $id AND status = 'draft'`).run({ id });
  db.prepare('DELETE FROM sync_row_stamps WHERE table_name = $t AND row_key = $k').run({ t: table, k: id });
  db.prepare('DELETE FROM sync_field_stamps WHERE table_name = $t AND row_key = $k').run({ t: table, k: id });
}

/** One save or signing of a draft received from another device (see above). */
function applyDraftEdit(db: Database, change: Change, spec: ReplicatedTable, now: string): void {
  const table = change.table;
  const id = change.key;
  const { children } = family(table);
  const held = db.prepare(`SELECT * FROM ${quote(table)} WHERE id = $id`).get<Row>({ id });
  const base = change.changes.version?.[1] ?? null;
  const signs = change.changes.status?.[0] === 'signed';
  if (!held) {
    // Discarded here while it was edited there: the edit lives on, whole.
    if (!spec.whole || change.changes.id === undefined) throw new UnknownRecord(change);
    // As a draft first: a signing's text goes in before its signature.
    insertRow(db, table, Object.fromEntries(receivedColumns(change, children).filter(([column]) => !SIGNING_COLUMNS.has(column))));
    stampRow(db, table, id, change.stamp);
    takeWhole(db, table, id, change);
    return;
  }
  const forked =
    base === null
      ? undefined
      : db
          .prepare('SELECT fork_key, base FROM sync_draft_forks WHERE table_name = $t AND row_key = $k AND stamp = $s')
          .get<{ fork_key: string; base: string }>({ t: table, k: id, s: base });
  const heldStamp = stampOf(db, table, id, 'version');
  if (forked && !signs) {
    // It follows on from an edit forked here: it goes to the same draft, which keeps its own id, session and origin.
    const fork = forked.fork_key;
    const own = new Set(['id', 'forked_from', 'forked_device', ...family(table).unlinked]);
    const columns = receivedColumns(change, children).filter(([column]) => !own.has(column));
    updateRow(db, table, fork, columns);
    stampRow(db, table, fork, change.stamp);
    rememberFork(db, table, id, change.stamp, fork, forked.base);
    family(table).reindex?.(db, fork);
    return;
  }
  if (forked && signs && held.status !== 'signed') {
    // The edits forked here were signed there: the signed text takes the draft, and what this device
    // held of it becomes the draft of its own instead. The fork goes: the signing carries its text.
    forkHeld(db, table, id, forked.base, decodeHlc(heldStamp).deviceId, heldStamp);
    deleteDraft(db, table, forked.fork_key);
    takeWhole(db, table, id, change);
    return;
  }
  const merged = mergeDraft({ stamp: heldStamp, signed: held.status === 'signed' }, { stamp: change.stamp, base, signs });
  switch (merged.kind) {
    case 'keep':
      return;
    case 'take':
      takeWhole(db, table, id, change);
      return;
    case 'fork-held':
      forkHeld(db, table, id, merged.base, merged.device, heldStamp);
      takeWhole(db, table, id, change);
      return;
    case 'fork-received': {
      const fork = forkId(table, id, merged.base, merged.device);
      if (!db.prepare(`SELECT 1 FROM ${quote(table)} WHERE id = $id`).get({ id: fork }))
        createFork(db, table, Object.fromEntries(receivedColumns(change, children)), {
          id: fork,
          from: id,
          device: merged.device,
          stamp: change.stamp,
        });
      rememberFork(db, table, id, change.stamp, fork, merged.base);
      const rows = children ? carriedRows(change, children) : undefined;
      if (children && rows) replaceChildren(db, children, fork, rows, change.stamp);
      family(table).reindex?.(db, fork);
      return;
    }
    case 'both-signed':
      keepRefused(db, change, { message: 'This note was signed on both devices from different texts; both signatures are kept.' }, now);
      return;
  }
}
