import type { Database } from '@signalapp/sqlcipher';
import type { Scope } from '../../../shared/channel';
import type { MergePolicy } from '../../../shared/sync/merge';
import { PRACTICE_SCOPES } from '../../../shared/channels/preferences';

/*
 * Change capture for replication (docs/sync.md). Every write to a replicated table writes, in the
 * same transaction and by a trigger, one row of `sync_outbox`: the table, the row's key, the
 * operation, the columns whose value changed (each with the stamp of the value it replaced) and the
 * device's clock stamp, which the worker writes into `sync_clock` before each write call
 * (@signalapp/sqlcipher has no working application-defined SQL functions, so a trigger reads the
 * stamp from a table). Capture is off until the vault is connected to a server, and off while the
 * worker applies changes received from another device, so nothing is sent back.
 *
 * The triggers are generated from each table's columns, so a column added by a later migration is
 * captured without anyone remembering to: `refreshChangeCapture` runs after every migration.
 */

export type ReplicatedTable = Readonly<{
  /** The columns that name a row on every device. */
  key: readonly string[];
  /** How a received change merges (shared/sync/merge.ts). */
  policy: MergePolicy;
  /** Set-once columns of an append-only table: entered in error, signed, ended. */
  setOnce?: readonly string[];
  /**
   * Columns a CHECK binds together (a late arrival and its minutes late): an update that changes any of
   * them sends all of them, and they merge as one unit (shared/sync/merge.ts, mergeRow), so a merge never
   * pairs one device's value of one with the other device's value of another. Of a set-once group, the
   * first column says whether the group is set yet (null while it is not).
   */
  together?: readonly (readonly string[])[];
  /** Columns that belong to this device only and are never sent (a local rowid). */
  local?: readonly string[];
  /**
   * A draft, merged whole (shared/sync/merge.ts, mergeDraft): every update carries every column,
   * changed or not, so a device that forks an edit it received holds the same draft as the device
   * that made it.
   */
  whole?: boolean;
  /**
   * The draft this table's rows are the text of (a note's fields): a deletion carries the stamp of the
   * draft's last save as the deleting device held it, so a device that saved the draft since can keep its text.
   */
  draftOf?: Readonly<{ table: string; column: string }>;
  /**
   * Rows never edited, set once or compared by stamp (audit entries): no stamp is kept for them, which
   * would be one more row per row, for a table that grows with every chart opened.
   */
  unstamped?: boolean;
  /** Rows of another table that are part of the draft's text, carried by its signing (a note's fields). */
  carries?: Readonly<{ field: string; table: string; parent: string; columns: readonly string[] }>;
}>;

/** The pseudo-column a note's signing carries its fields in. */
export const CARRIED_NOTE_FIELDS = '_fields';

/** 0005 and after: entered in error with a reason, or not at all. */
const ERRORS: readonly (readonly string[])[] = [['entered_in_error_at', 'entered_in_error_reason']];

/** Every table that replicates, and how. A table in neither list fails the capture test. */
export const REPLICATED_TABLES: Readonly<Record<string, ReplicatedTable>> = {
  patients: { key: ['id'], policy: 'edited' },
  appointments: {
    key: ['id'],
    policy: 'edited',
    // 0002 and 0011: minutes late only for a late arrival, a cancellation time only for a cancellation; the end after
    // the start; an actual end only after an actual start; a series' slot named whole or not at all.
    together: [
      ['attendance', 'late_minutes', 'cancelled_at'],
      ['start_utc', 'end_utc', 'duration_minutes'],
      ['actual_start', 'actual_end'],
      ['series_id', 'original_start', 'original_start_utc'],
    ],
  },
  // 0002: an end date only when it ends on a date, a count only when it ends after a number of sessions.
  series: { key: ['id'], policy: 'edited', together: [['end_type', 'end_date', 'end_count']] },
  allergies: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  diagnoses: { key: ['id'], policy: 'edited', together: ERRORS },
  diagnosis_events: { key: ['id'], policy: 'append-only' },
  medication_events: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  notes: {
    key: ['id'],
    policy: 'draft',
    local: ['seq'],
    whole: true,
    // Signing carries the text it signs, so the signed text is the same on every device (docs/sync.md, Signing and drafts).
    carries: { field: CARRIED_NOTE_FIELDS, table: 'note_fields', parent: 'note_id', columns: ['key', 'text', 'copied'] },
  },
  note_fields: { key: ['note_id', 'key'], policy: 'draft', draftOf: { table: 'notes', column: 'note_id' } },
  note_addenda: { key: ['id'], policy: 'append-only', local: ['seq'] },
  note_templates: { key: ['id'], policy: 'edited' },
  note_template_versions: { key: ['template_id', 'version'], policy: 'append-only' },
  treatment_plans: { key: ['id'], policy: 'edited' },
  // 0009: final exactly when agreed.
  plan_versions: { key: ['id'], policy: 'draft', together: [['status', 'agreement']] },
  objective_status_entries: { key: ['id'], policy: 'append-only' },
  progress_updates: { key: ['id'], policy: 'append-only' },
  session_feedback: { key: ['id'], policy: 'append-only', setOnce: ['discussed_at'] },
  measures: { key: ['id'], policy: 'append-only', setOnce: ['acknowledged_at'] },
  results: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  aims_examinations: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  // 0019: ended exactly when no longer active, a stop reason only when stopped; a step's dose and event only once confirmed.
  titration_schedules: {
    key: ['id'],
    policy: 'append-only',
    setOnce: ['status', 'ended_at', 'stop_reason'],
    together: [['ended_at', 'status', 'stop_reason']],
  },
  titration_steps: {
    key: ['id'],
    policy: 'append-only',
    setOnce: ['confirmed_at', 'medication_event_id', 'confirmed_dose'],
    together: [['confirmed_at', 'medication_event_id', 'confirmed_dose']],
  },
  monitoring_adjustments: { key: ['id'], policy: 'append-only' },
  practice_protocol_changes: { key: ['id'], policy: 'append-only' },
  outcome_flag_acknowledgements: { key: ['id'], policy: 'append-only' },
  measure_schedules: { key: ['id'], policy: 'append-only' },
  goal_ratings: { key: ['id'], policy: 'append-only' },
  imports: { key: ['id'], policy: 'append-only' },
  consents: {
    key: ['id'],
    policy: 'append-only',
    setOnce: ['revoked_on', 'revocation_reason', 'revoked_at', 'entered_in_error_at', 'entered_in_error_reason'],
    // 0026: revoked on a day, at a time and for a reason, all three or none.
    together: [['revoked_at', 'revoked_on', 'revocation_reason'], ...ERRORS],
  },
  disclosures: { key: ['id'], policy: 'append-only' },
  letter_templates: { key: ['id'], policy: 'edited' },
  letter_template_versions: { key: ['template_id', 'version'], policy: 'append-only' },
  letters: { key: ['id'], policy: 'draft', local: ['seq'], whole: true },
  letter_addenda: { key: ['id'], policy: 'append-only', local: ['seq'] },
  // A sending has no id of its own: a letter is sent to one recipient at one moment.
  letter_sendings: { key: ['letter_id', 'sent_at', 'recipient_name'], policy: 'append-only', local: ['seq'] },
  fee_schedule: { key: ['code'], policy: 'edited' },
  charges: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  payments: { key: ['id'], policy: 'append-only', setOnce: ['entered_in_error_at', 'entered_in_error_reason'], together: ERRORS },
  sync_devices: { key: ['device_id'], policy: 'edited' },
  // Each device's chain, entry by entry: inserted once where it is missing, never changed (docs/sync.md, Audit).
  audit_log: { key: ['device_id', 'seq'], policy: 'append-only', unstamped: true },
  // The practice's settings, one row per setting, edited in place: a concurrent edit of one setting is a conflict to look at.
  practice_settings: { key: ['key'], policy: 'edited' },
};

/**
 * The views each replicated table feeds: when changes from another device are applied, every window
 * refetches these scopes (a `data:changed` event), as after a write made here. Listed for every table
 * of REPLICATED_TABLES (a test checks it).
 */
export const TABLE_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  patients: ['patients', 'chart', 'calendar', 'appointments', 'today', 'search', 'billing'],
  appointments: ['calendar', 'appointments', 'sessions', 'reports', 'chart', 'today', 'billing'],
  series: ['calendar', 'appointments', 'today'],
  allergies: ['allergies', 'chart'],
  diagnoses: ['diagnoses', 'chart', 'plans', 'billing'],
  diagnosis_events: ['diagnoses', 'chart'],
  medication_events: ['medications', 'titrations', 'monitoring', 'chart'],
  notes: ['notes', 'chart', 'search', 'today'],
  note_fields: ['notes', 'search'],
  note_addenda: ['notes', 'chart'],
  note_templates: ['notes'],
  note_template_versions: ['notes'],
  treatment_plans: ['plans', 'chart', 'today'],
  plan_versions: ['plans', 'chart', 'today'],
  objective_status_entries: ['plans', 'chart'],
  progress_updates: ['plans', 'chart'],
  session_feedback: ['feedback', 'outcomes', 'sessions', 'chart', 'today'],
  measures: ['measures', 'feedback', 'outcomes', 'chart', 'today'],
  results: ['results', 'monitoring', 'chart'],
  aims_examinations: ['aims', 'monitoring', 'chart'],
  titration_schedules: ['titrations', 'medications', 'chart', 'today'],
  titration_steps: ['titrations', 'medications', 'chart', 'today'],
  monitoring_adjustments: ['monitoring'],
  practice_protocol_changes: ['monitoring'],
  outcome_flag_acknowledgements: ['outcomes', 'feedback', 'today'],
  measure_schedules: ['measures', 'outcomes', 'today'],
  goal_ratings: ['plans', 'outcomes', 'feedback'],
  imports: ['import'],
  consents: ['consents', 'disclosures', 'chart'],
  disclosures: ['disclosures', 'chart'],
  letter_templates: ['letters'],
  letter_template_versions: ['letters'],
  letters: ['letters', 'chart'],
  letter_addenda: ['letters'],
  letter_sendings: ['letters', 'disclosures'],
  fee_schedule: ['billing'],
  charges: ['billing'],
  payments: ['billing'],
  sync_devices: ['sync'],
  audit_log: ['audit'],
  practice_settings: PRACTICE_SCOPES,
};

/** Every scope that shows records: what a change to a table with no entry above refetches, to be safe. */
const RECORD_SCOPES: readonly Scope[] = [...new Set(Object.values(TABLE_SCOPES).flat())];

/** The scopes to refetch after changes to these tables were received. */
export function scopesOfTables(tables: Iterable<string>): Scope[] {
  const scopes = new Set<Scope>();
  for (const table of tables) for (const scope of TABLE_SCOPES[table] ?? RECORD_SCOPES) scopes.add(scope);
  return [...scopes];
}

/** Tables that never replicate, each with the reason. */
export const LOCAL_TABLES: Readonly<Record<string, string>> = {
  this_device: 'the device this vault writes its audit entries as',
  sync_draft_forks: 'where this device sent each forked draft edit it received, so the edits after it follow',
  sync_clock: 'this device’s clock',
  sync_state: 'this device’s identity, its place in the server’s batches and the batch it is sending',
  sync_outbox: 'what this device has still to send',
  sync_row_stamps: 'this device’s record of when each row was written',
  sync_field_stamps: 'this device’s record of when each field was last set',
  sync_server: 'this device’s way of reaching the server (another device may reach it by another address)',
  sync_conflicts: 'values that lost a concurrent edit, shown on this device until the psychiatrist keeps or replaces them',
};

/** Full-text search tables are rebuilt by their own triggers on every device. */
export function isSearchTable(name: string): boolean {
  return /^(note|patient|plan)_search(_(config|content|data|docsize|idx|vocab))?$/.test(name);
}

export const CAPTURE_TRIGGER_PREFIX = 'sync_capture_';

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`Unexpected identifier ${identifier}`);
  return `"${identifier}"`;
}

function rowKey(table: ReplicatedTable, row: 'NEW' | 'OLD'): string {
  const columns = table.key.map((k) => `${row}.${quote(k)}`);
  return columns.length === 1 ? columns.join('') : `json_array(${columns.join(', ')})`;
}

/** A column as the capture reads it: its name, and whether its declared type lets it hold a blob. */
export type CapturedColumn = Readonly<{ name: string; type: string }>;

/** A column's value as JSON: a column that may hold a blob (none of today's tables has one) sends it as hex text. */
function jsonValue(row: 'NEW' | 'OLD', column: CapturedColumn): string {
  const expression = `${row}.${quote(column.name)}`;
  if (/^(TEXT|INTEGER|REAL|NUMERIC)$/i.test(column.type)) return expression;
  return `CASE typeof(${expression}) WHEN 'blob' THEN hex(${expression}) ELSE ${expression} END`;
}

const CAPTURING = '(SELECT capturing AND NOT applying FROM sync_clock WHERE id = 1) IS 1';
const STAMP = '(SELECT stamp FROM sync_clock WHERE id = 1)';

/**
 * A stamp written again replaces the one before by an upsert, never by INSERT OR REPLACE: a trigger's
 * conflict resolution gives way to its statement's, so a repository's own upsert of a replicated row
 * (a fee, a device's name) made the trigger's OR REPLACE a constraint failure.
 */
const STAMPED_AGAIN = 'ON CONFLICT DO UPDATE SET stamp = excluded.stamp';

function stampRow(literal: string, key: string): string {
  return `INSERT INTO sync_row_stamps (table_name, row_key, stamp) SELECT ${literal}, ${key}, ${STAMP} WHERE true ${STAMPED_AGAIN}`;
}

/** The stamp a field of a row holds here: its own last change, or the row's insertion. */
function stampOf(table: string, key: string, field: string): string {
  return (
    `coalesce((SELECT stamp FROM sync_field_stamps WHERE table_name = '${table}' AND row_key = ${key} AND field = '${field}'),` +
    ` (SELECT stamp FROM sync_row_stamps WHERE table_name = '${table}' AND row_key = ${key}))`
  );
}

/** The pseudo-column a deleted draft text row carries the stamp of its draft's last save in. */
export const DRAFT_VERSION_AT_DELETE = '_draft_version';

/** What a deletion sends: nothing, except for drafts, which say which save of the draft it followed. */
function deleteChanges(name: string, table: ReplicatedTable): string {
  if (table.whole) return `json_object('version', json_array(OLD."version", ${stampOf(name, rowKey(table, 'OLD'), 'version')}))`;
  if (table.draftOf)
    return `json_object('${DRAFT_VERSION_AT_DELETE}', json_array(NULL, ${stampOf(table.draftOf.table, `OLD.${quote(table.draftOf.column)}`, 'version')}))`;
  return "'{}'";
}

/** Whether a column is sent: its value changed, or that of a column bound to it (`together`), as one row value. */
function changedWith(table: ReplicatedTable, column: string): string {
  const group = table.together?.find((columns) => columns.includes(column)) ?? [column];
  const row = (side: 'NEW' | 'OLD') =>
    group.length === 1 ? `${side}.${quote(column)}` : `(${group.map((c) => `${side}.${quote(c)}`).join(', ')})`;
  return `${row('NEW')} IS NOT ${row('OLD')}`;
}

/**
 * An update of a table merged field by field: the columns whose value changed, each with the stamp of
 * the value it replaced (its own last change, or the row's insertion), and each of them stamped now.
 * The changed columns are listed once, as a union the stamps are joined to; the new stamps are read
 * back from the outbox row just written. Every vault's schema holds these triggers, and every
 * connection parses the whole schema as it opens, so their size is what each open pays.
 */
function fieldUpdate(name: string, table: ReplicatedTable, sent: readonly CapturedColumn[]): string {
  const literal = `'${name}'`;
  const key = rowKey(table, 'NEW');
  const changed = sent
    .map(
      (c, i) =>
        `SELECT '${c.name}'${i === 0 ? ' AS field' : ''}, ${jsonValue('NEW', c)}${i === 0 ? ' AS value' : ''} WHERE ${changedWith(table, c.name)}`,
    )
    .join(' UNION ALL ');
  return `
      INSERT INTO sync_outbox (table_name, row_key, operation, changes, stamp)
      SELECT ${literal}, ${key}, 'update',
        json_group_object(c.field, json_array(c.value, coalesce(f.stamp, (SELECT stamp FROM sync_row_stamps WHERE table_name = ${literal} AND row_key = ${key})))),
        ${STAMP}
      FROM (${changed}) AS c
      LEFT JOIN sync_field_stamps AS f ON f.table_name = ${literal} AND f.row_key = ${key} AND f.field = c.field
      HAVING count(*) > 0;
      INSERT INTO sync_field_stamps (table_name, row_key, field, stamp)
      SELECT ${literal}, ${key}, j.key, o.stamp FROM sync_outbox AS o, json_each(o.changes) AS j
      WHERE o.seq = (SELECT max(seq) FROM sync_outbox) AND o.table_name = ${literal} AND o.row_key = ${key}
        AND o.operation = 'update' AND o.stamp = ${STAMP}
      ${STAMPED_AGAIN};`;
}

/**
 * An update of a draft merged whole (shared/sync/merge.ts, mergeDraft): every column, and the stamp
 * of the save it follows (the draft's version); the row is stamped once, as a whole, instead of field
 * by field: a draft is only ever compared by the stamp of its last save (apply.ts, applyDraftEdit).
 */
function wholeUpdate(name: string, table: ReplicatedTable, sent: readonly CapturedColumn[]): string {
  const literal = `'${name}'`;
  const key = rowKey(table, 'NEW');
  const columns = sent.map((c) => `'${c.name}', json_array(${jsonValue('NEW', c)}, ${c.name === 'version' ? 'b.base' : 'NULL'})`);
  const carried = table.carries;
  let changes = `json_object(${columns.join(', ')})`;
  if (carried) {
    const row = carried.columns.map((c) => `'${c}', ${quote(c)}`).join(', ');
    const text = `(SELECT json_group_array(json_object(${row})) FROM ${quote(carried.table)} WHERE ${quote(carried.parent)} = NEW.${quote(table.key[0] ?? 'id')})`;
    // A signing carries the text it signs (docs/sync.md, Signing and drafts).
    changes = `json_patch(${changes}, CASE WHEN OLD.status = 'draft' AND NEW.status = 'signed' THEN json_object('${carried.field}', json_array(${text}, NULL)) ELSE '{}' END)`;
  }
  return `
      INSERT INTO sync_outbox (table_name, row_key, operation, changes, stamp)
      SELECT ${literal}, ${key}, 'update', ${changes}, ${STAMP}
      FROM (SELECT ${stampOf(name, key, 'version')} AS base) AS b;
      DELETE FROM sync_field_stamps WHERE table_name = ${literal} AND row_key = ${key};
      ${stampRow(literal, key)};`;
}

/** The SQL of one table's capture triggers, from its columns as they are now. */
export function captureTriggers(name: string, table: ReplicatedTable, columns: readonly CapturedColumn[]): string {
  const sent = columns.filter((column) => !table.local?.includes(column.name));
  const t = quote(name);
  const literal = `'${name}'`;
  const insertObject = `json_object(${sent.map((c) => `'${c.name}', json_array(${jsonValue('NEW', c)}, NULL)`).join(', ')})`;
  // An append-only record's update can only set its set-once columns, and a receiving device merges nothing
  // else of it (shared/sync/merge.ts, mergeRow): those are all its update sends; without any, it has no update trigger.
  const updated = table.policy === 'append-only' ? sent.filter((c) => table.setOnce?.includes(c.name)) : sent;
  return `
    CREATE TRIGGER ${CAPTURE_TRIGGER_PREFIX}${name}_insert AFTER INSERT ON ${t} WHEN ${CAPTURING}
    BEGIN
      INSERT INTO sync_outbox (table_name, row_key, operation, changes, stamp)
      VALUES (${literal}, ${rowKey(table, 'NEW')}, 'insert', ${insertObject}, ${STAMP});${
        table.unstamped
          ? ''
          : `
      ${stampRow(literal, rowKey(table, 'NEW'))};`
      }
    END;
${
  updated.length === 0
    ? ''
    : `
    CREATE TRIGGER ${CAPTURE_TRIGGER_PREFIX}${name}_update AFTER UPDATE ON ${t} WHEN ${CAPTURING}
    BEGIN${table.whole ? wholeUpdate(name, table, updated) : fieldUpdate(name, table, updated)}
    END;`
}
    CREATE TRIGGER ${CAPTURE_TRIGGER_PREFIX}${name}_delete AFTER DELETE ON ${t} WHEN ${CAPTURING}
    BEGIN
      INSERT INTO sync_outbox (table_name, row_key, operation, changes, stamp)
      VALUES (${literal}, ${rowKey(table, 'OLD')}, 'delete', ${deleteChanges(name, table)}, ${STAMP});
      DELETE FROM sync_field_stamps WHERE table_name = ${literal} AND row_key = ${rowKey(table, 'OLD')};
      DELETE FROM sync_row_stamps WHERE table_name = ${literal} AND row_key = ${rowKey(table, 'OLD')};
    END;`;
}

export const SYNC_TABLES_SQL = `
  CREATE TABLE sync_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    stamp TEXT NOT NULL,
    capturing INTEGER NOT NULL DEFAULT 0 CHECK (capturing IN (0, 1)),
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1))
  );
  INSERT INTO sync_clock (id, stamp) VALUES (1, '');
  CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    changes TEXT NOT NULL CHECK (json_valid(changes)),
    stamp TEXT NOT NULL
  );
  CREATE TABLE sync_row_stamps (
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    stamp TEXT NOT NULL,
    PRIMARY KEY (table_name, row_key)
  ) WITHOUT ROWID;
  CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    vault_id TEXT NOT NULL,
    device_id TEXT NOT NULL CHECK (length(device_id) = 32),
    next_device_seq INTEGER NOT NULL DEFAULT 1,
    cursor INTEGER NOT NULL DEFAULT 0,
    pending_batch_id TEXT,
    pending_device_seq INTEGER,
    pending_up_to INTEGER,
    CHECK ((pending_batch_id IS NULL) = (pending_device_seq IS NULL) AND (pending_batch_id IS NULL) = (pending_up_to IS NULL))
  );
  CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    losing_value TEXT NOT NULL CHECK (json_valid(losing_value)),
    losing_stamp TEXT NOT NULL,
    winning_value TEXT NOT NULL CHECK (json_valid(winning_value)),
    winning_stamp TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (table_name, row_key, field, losing_stamp)
  );
  CREATE TABLE sync_field_stamps (
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    stamp TEXT NOT NULL,
    PRIMARY KEY (table_name, row_key, field)
  ) WITHOUT ROWID;
`;

/** Drops and writes again every capture trigger, from the tables' columns as they are now. */
export function refreshChangeCapture(db: Database): void {
  const existing = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${CAPTURE_TRIGGER_PREFIX}%'`, { pluck: true })
    .all<string>();
  for (const trigger of existing) db.exec(`DROP TRIGGER ${quote(trigger)}`);
  for (const [name, table] of Object.entries(REPLICATED_TABLES)) {
    const columns = db.prepare(`SELECT name, type FROM pragma_table_info('${name}')`).all<CapturedColumn>();
    // A table a later migration creates gets its triggers when that migration has run (migrate() calls this again).
    if (columns.length === 0) continue;
    // A table whose key a later migration adds (audit_log's device) is captured from that migration on.
    if (!table.key.every((column) => columns.some((c) => c.name === column))) continue;
    db.exec(captureTriggers(name, table, columns));
  }
}
