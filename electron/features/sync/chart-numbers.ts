import type { Database } from '@signalapp/sqlcipher';
import { decodeHlc } from '../../../shared/sync/hlc';
import { laterStamp } from '../../../shared/sync/merge';
import { AuditLog, thisDeviceId } from '../audit/repository';
import { indexPatient, indexPlan, type PatientSearchSource } from '../search/search-index';

/*
 * Patients received from another device (docs/sync.md, Chart numbers). Each device hands out the
 * next chart number itself, so two devices working offline can give two new patients the same one.
 * Of two patients with the same number, the one created later (its insert's stamp, in clock order)
 * gives way, on every device alike:
 * - a device that did not create it holds it under a provisional number of its own (the next free
 *   one), written without capture: it is not an edit of the record, and the creator's renumbering
 *   replaces it when it arrives (its base is the insert's stamp, which the provisional number keeps);
 * - the device that created it renumbers it by an ordinary captured edit, with an audit entry, so
 *   every device converges on that number.
 * The search index (rowid = chart number) follows every received patient and every number change.
 */

export type LocalWrites = Readonly<{
  /** The apply time, for the renumbering's audit entry. */
  now: string;
  /** A fresh stamp of this device's clock, after every stamp received so far, for a write made here. */
  stamp: () => string;
}>;

function insertStamp(db: Database, id: string): string {
  return (
    db.prepare("SELECT stamp FROM sync_row_stamps WHERE table_name = 'patients' AND row_key = $id", { pluck: true }).get<string>({ id }) ??
    ''
  );
}

/** Whether patient `a` (created at `aStamp`) was created after `b`: the same on every device, ties broken by id. */
function createdAfter(a: { id: string; stamp: string }, b: { id: string; stamp: string }): boolean {
  if (a.stamp === b.stamp) return a.id > b.id;
  return laterStamp(a.stamp, b.stamp);
}

function createdHere(db: Database, stamp: string): boolean {
  return stamp !== '' && decodeHlc(stamp).deviceId === thisDeviceId(db);
}

function nextChartNumber(db: Database): number {
  return db.prepare('SELECT coalesce(max(chart_number), 0) + 1 FROM patients', { pluck: true }).get<number>() ?? 1;
}

/** The chart number a patient holds here now, if it is here. */
export function chartNumberOf(db: Database, id: string): number | undefined {
  return db.prepare('SELECT chart_number FROM patients WHERE id = $id', { pluck: true }).get<number>({ id });
}

/** Indexes a patient for search as the patients repository does, its old number's rows gone, its plan's too. */
export function reindexPatient(db: Database, id: string, previousChart: number | undefined): void {
  const row = db
    .prepare('SELECT chart_number, given_name, family_name, preferred_name, date_of_birth, phone FROM patients WHERE id = $id')
    .get<PatientSearchSource>({ id });
  if (!row) return;
  if (previousChart !== undefined && previousChart !== row.chart_number) {
    db.prepare('DELETE FROM patient_search WHERE rowid = $rowid').run({ rowid: previousChart });
    db.prepare('DELETE FROM plan_search WHERE rowid = $rowid').run({ rowid: previousChart });
  }
  indexPatient(db, row);
  if (previousChart !== row.chart_number)
    for (const plan of db.prepare('SELECT id FROM treatment_plans WHERE patient_id = $id', { pluck: true }).all<string>({ id }))
      indexPlan(db, plan);
}

/** Moves a patient to the next free number without capture: a provisional number this device alone gives it. */
function moveProvisionally(db: Database, id: string): void {
  const previous = chartNumberOf(db, id);
  db.prepare('UPDATE patients SET chart_number = $chart WHERE id = $id').run({ id, chart: nextChartNumber(db) });
  reindexPatient(db, id, previous);
}

/** The device that created the patient renumbers it: an ordinary edit, captured and audited, sent to every device. */
export function renumberOwn(db: Database, id: string, local: LocalWrites): void {
  const previous = chartNumberOf(db, id);
  const stamp = local.stamp();
  db.prepare('UPDATE sync_clock SET applying = 0, stamp = $stamp WHERE id = 1').run({ stamp });
  db.prepare('UPDATE patients SET chart_number = $chart, updated_at = $now, version = version + 1 WHERE id = $id').run({
    id,
    chart: nextChartNumber(db),
    now: local.now,
  });
  new AuditLog(db).append(local.now, { action: 'patient.renumber', recordType: 'patient', recordId: id, patientId: id });
  db.prepare('UPDATE sync_clock SET applying = 1 WHERE id = 1').run();
  reindexPatient(db, id, previous);
}

/**
 * Before a received patient is written with `chart`: makes room for it if the patient holding that
 * number here was created later, or answers the provisional number it is written with instead, and
 * whether the device must then renumber it (it created it).
 */
export function placeChartNumber(
  db: Database,
  patient: { id: string; stamp: string },
  chart: number,
  local: LocalWrites,
): { chart: number; renumber: boolean } {
  const holder = db
    .prepare('SELECT id FROM patients WHERE chart_number = $chart AND id <> $id', { pluck: true })
    .get<string>({ chart, id: patient.id });
  if (holder === undefined) return { chart, renumber: false };
  const held = { id: holder, stamp: insertStamp(db, holder) };
  if (createdAfter(patient, held)) return { chart: nextChartNumber(db), renumber: createdHere(db, patient.stamp) };
  if (createdHere(db, held.stamp)) renumberOwn(db, holder, local);
  else moveProvisionally(db, holder);
  return { chart, renumber: false };
}

/** The insert stamp of a patient held here (an update's patient). */
export function patientInsertStamp(db: Database, id: string): string {
  return insertStamp(db, id);
}
