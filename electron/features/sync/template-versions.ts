import type { Database } from '@signalapp/sqlcipher';
import { decodeHlc } from '../../../shared/sync/hlc';
import { laterStamp } from '../../../shared/sync/merge';
import { AuditLog, thisDeviceId } from '../audit/repository';
import type { LocalWrites } from './chart-numbers';

/*
 * Template versions saved on two devices at once (docs/sync.md, Template versions). A template keeps
 * every version it had, keyed by (template, number), and never changes one; each device numbers its
 * save the next after the last it holds, so two devices that save without seeing each other make the
 * same number with different texts. Of the two, the one saved first (its stamp, in clock order) keeps
 * the number on every device alike, whichever arrives first:
 * - a device that holds the later text under that number, and wrote it, writes the earlier text there
 *   (a received write, without capture), and once the batch is applied saves its own text again as a
 *   new version, numbered after every version it holds then: an ordinary captured write, stamped after
 *   the batch and audited, so every device converges on that number; if the template was in use at
 *   that version by the same save, the new version is the one in use;
 * - a device that holds the earlier text keeps it, and learns the later text's number when that save
 *   arrives.
 * Every device keeps the pair as one conflict (`sync_conflicts`, field `text`), shown as "its text is
 * kept as version N", with Keep, or Replace to use the other text (saved again as a new version).
 */

export type TemplateVersionsTable = 'note_template_versions' | 'letter_template_versions';

type TemplateFamily = Readonly<{
  templates: 'note_templates' | 'letter_templates';
  /** The columns that make a version's text: two versions differ when one of them does. */
  text: readonly string[];
  audit: Readonly<{ action: 'template.edit' | 'letter-template.edit'; recordType: 'note-template' | 'letter-template' }>;
}>;

export const TEMPLATE_VERSIONS: Readonly<Record<TemplateVersionsTable, TemplateFamily>> = {
  note_template_versions: {
    templates: 'note_templates',
    text: ['label', 'description', 'sections'],
    audit: { action: 'template.edit', recordType: 'note-template' },
  },
  letter_template_versions: {
    templates: 'letter_templates',
    text: ['label', 'sections'],
    audit: { action: 'letter-template.edit', recordType: 'letter-template' },
  },
};

export function isTemplateVersions(table: string): table is TemplateVersionsTable {
  return Object.hasOwn(TEMPLATE_VERSIONS, table);
}

/** The conflict's field: the two texts saved under one number. */
export const TEMPLATE_TEXT_FIELD = 'text';

type Row = Record<string, string | number | null>;

/** A version's text (and when it was saved), as kept in a conflict and written again. */
export type TemplateText = Readonly<Record<string, string | number | null>>;

/** A version of this device's own that gave way, to be saved again once the batch is applied. */
export type DisplacedVersion = Readonly<{
  table: TemplateVersionsTable;
  templateId: string;
  version: number;
  stamp: string;
  text: TemplateText;
}>;

function textOf(family: TemplateFamily, row: Row): TemplateText {
  return Object.fromEntries([...family.text, 'created_at'].map((column) => [column, row[column] ?? null]));
}

function sameText(family: TemplateFamily, a: TemplateText, b: TemplateText): boolean {
  return family.text.every((column) => a[column] === b[column]);
}

function rowStamp(db: Database, table: string, key: string): string {
  return (
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: table, k: key }) ?? ''
  );
}

function setRowStamp(db: Database, table: string, key: string, stamp: string): void {
  db.prepare('INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp) VALUES ($t, $k, $s)').run({ t: table, k: key, s: stamp });
}

/** Whether the save stamped `a` came after the one stamped `b`: clock order, ties by the stamp's text (the device). */
function savedAfter(a: string, b: string): boolean {
  return a === b ? false : laterStamp(a, b) || (!laterStamp(b, a) && a > b);
}

/**
 * A received version whose number this device holds: handled here (answers true) when the texts are the
 * same save or the same text, or differ (see above). Answers false when the number is free here.
 */
export function receiveTemplateVersion(
  db: Database,
  table: TemplateVersionsTable,
  key: string,
  received: Row,
  stamp: string,
  now: string,
  displaced: DisplacedVersion[],
): boolean {
  const family = TEMPLATE_VERSIONS[table];
  const [templateId, version] = JSON.parse(key) as [string, number];
  const held = db.prepare(`SELECT * FROM ${table} WHERE template_id = $id AND version = $version`).get<Row>({ id: templateId, version });
  if (!held) return false;
  const heldStamp = rowStamp(db, table, key);
  if (heldStamp === stamp) return true;
  const heldText = textOf(family, held);
  const receivedText = textOf(family, received);
  const receivedFirst = savedAfter(heldStamp, stamp);
  if (sameText(family, heldText, receivedText)) {
    // The same text saved on both: the number is stamped by the first save on every device.
    if (receivedFirst) setRowStamp(db, table, key, stamp);
    return true;
  }
  const [first, second] = receivedFirst
    ? [
        { text: receivedText, stamp },
        { text: heldText, stamp: heldStamp },
      ]
    : [
        { text: heldText, stamp: heldStamp },
        { text: receivedText, stamp },
      ];
  db.prepare(
    `INSERT OR IGNORE INTO sync_conflicts (table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at)
     VALUES ($t, $k, $f, $lv, $ls, $wv, $ws, $now)`,
  ).run({
    t: table,
    k: key,
    f: TEMPLATE_TEXT_FIELD,
    lv: JSON.stringify(second.text),
    ls: second.stamp,
    wv: JSON.stringify(first.text),
    ws: first.stamp,
    now,
  });
  if (!receivedFirst) return true;
  // The earlier text takes the number here too (a version changes only so, while received changes are applied: 0036).
  const columns = Object.keys(receivedText);
  db.prepare(
    `UPDATE ${table} SET ${columns.map((column, i) => `"${column}" = $v${i}`).join(', ')} WHERE template_id = $id AND version = $version`,
  ).run({
    ...Object.fromEntries(columns.map((column, i) => [`v${i}`, receivedText[column] ?? null])),
    id: templateId,
    version,
  });
  setRowStamp(db, table, key, stamp);
  // Saved here: this device saves it again under a new number. Another device's text is saved again by that device.
  if (heldStamp !== '' && decodeHlc(heldStamp).deviceId === thisDeviceId(db))
    displaced.push({ table, templateId, version, stamp: heldStamp, text: heldText });
  return true;
}

/**
 * This device's own text that gave way, saved again as a new version, numbered after every version
 * held now: captured, stamped after the batch, audited. In use if the save that made it had put it in use.
 */
export function saveDisplacedVersion(db: Database, displaced: DisplacedVersion, local: LocalWrites): void {
  const family = TEMPLATE_VERSIONS[displaced.table];
  const { templateId } = displaced;
  const inUse = db
    .prepare(`SELECT current_version FROM ${family.templates} WHERE id = $id`, { pluck: true })
    .get<number>({ id: templateId });
  const inUseStamp =
    db
      .prepare("SELECT stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k AND field = 'current_version'", { pluck: true })
      .get<string>({ t: family.templates, k: templateId }) ?? rowStamp(db, family.templates, templateId);
  db.prepare('UPDATE sync_clock SET applying = 0, stamp = $stamp WHERE id = 1').run({ stamp: local.stamp() });
  const next =
    (db.prepare(`SELECT max(version) FROM ${displaced.table} WHERE template_id = $id`, { pluck: true }).get<number>({ id: templateId }) ??
      0) + 1;
  const columns = Object.keys(displaced.text);
  db.prepare(
    `INSERT INTO ${displaced.table} (template_id, version, ${columns.map((column) => `"${column}"`).join(', ')})
     VALUES ($id, $version, ${columns.map((_, i) => `$v${i}`).join(', ')})`,
  ).run({ id: templateId, version: next, ...Object.fromEntries(columns.map((column, i) => [`v${i}`, displaced.text[column] ?? null])) });
  if (inUse === displaced.version && inUseStamp === displaced.stamp)
    db.prepare(`UPDATE ${family.templates} SET current_version = $next, updated_at = $now WHERE id = $id`).run({
      next,
      now: local.now,
      id: templateId,
    });
  new AuditLog(db).append(local.now, { ...family.audit, recordId: templateId, patientId: null });
  db.prepare('UPDATE sync_clock SET applying = 1 WHERE id = 1').run();
}
