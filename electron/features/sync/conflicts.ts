import type { Database } from '@signalapp/sqlcipher';
import { appointmentChangesSchema, type AppointmentChanges, type OccurrenceRef } from '../../../shared/appointment';
import type { SyncConflict } from '../../../shared/channels/sync';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { patientInputSchema, SEX_AT_BIRTH_LABELS, type Patient, type PatientInput } from '../../../shared/patient';
import {
  displayPracticeSetting,
  isPracticeSettingKey,
  PRACTICE_SETTING_LABELS,
  practiceSettingsUpdateSchema,
} from '../../../shared/preferences';
import { decodeHlc } from '../../../shared/sync/hlc';
import type { JsonValue } from '../../../shared/sync/merge';
import type { Repositories } from '../../database/connection';
import type { CallEnvironment, WorkerHandlers, WorkerChannelsOf } from '../handlers';
import type { syncDeviceChannels } from '../../../shared/channels/sync';
import { REPLICATED_TABLES } from './capture';

/*
 * The values replication kept for a person to look at (docs/sync.md, Merge): a field edited on two
 * devices at once, whose losing value apply.ts wrote to `sync_conflicts`, and a received change this
 * vault's rules refused, kept whole. Each is described as a person reads it: the record, the field,
 * both values as display text, and the device and time of each. Keep resolves it and changes nothing
 * else; replace writes the losing value as a new edit through the record's own repository, so it is
 * audited, captured, and wins on every device.
 */

/** Columns every edit moves on both devices (the row's version and time of change): never a conflict a person decides. */
const BOOKKEEPING = new Set(['version', 'updated_at', 'created_at']);

type ConflictRow = {
  id: number;
  table_name: string;
  row_key: string;
  field: string;
  losing_value: string;
  losing_stamp: string;
  winning_value: string;
  winning_stamp: string;
  detected_at: string;
};

const OPEN_CONFLICTS_SQL = `SELECT id, table_name, row_key, field, losing_value, losing_stamp, winning_value, winning_stamp, detected_at
  FROM sync_conflicts WHERE resolved_at IS NULL AND field NOT IN (${[...BOOKKEEPING].map((c) => `'${c}'`).join(', ')})
  ORDER BY detected_at, id`;

/** How many conflicts wait for a person: the count the shell's status shows ("2 changes to look at"). */
export function openConflictCount(db: Database): number {
  // A refused change is kept one row per field and shown as one change (see `grouped`).
  return (
    db
      .prepare(
        `SELECT count(DISTINCT CASE WHEN winning_stamp = '' THEN json_array(table_name, row_key, losing_stamp) ELSE id END)
         FROM (${OPEN_CONFLICTS_SQL})`,
        { pluck: true },
      )
      .get<number>() ?? 0
  );
}

const PATIENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  given_name: 'Given name',
  family_name: 'Family name',
  preferred_name: 'Preferred name',
  date_of_birth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  pronouns: 'Pronouns',
  address: 'Address',
  emergency_contact_name: 'Emergency contact',
  emergency_contact_relationship: 'Emergency contact’s relationship',
  emergency_contact_phone: 'Emergency contact’s phone',
  referring_clinician: 'Referring clinician',
  referring_clinician_contact: 'Referring clinician’s contact',
  primary_care_physician: 'Primary care physician',
  primary_care_physician_contact: 'Primary care physician’s contact',
  primary_care_practice: 'Primary care practice',
  primary_care_phone: 'Primary care phone',
  primary_care_fax: 'Primary care fax',
  primary_care_email: 'Primary care email',
  primary_care_address: 'Primary care address',
  sex_assigned_at_birth: 'Sex assigned at birth',
  gender_identity: 'Gender identity',
  pharmacy_name: 'Pharmacy',
  pharmacy_phone: 'Pharmacy phone',
  pharmacy_address: 'Pharmacy address',
  insurance_payer: 'Insurance payer',
  insurance_member_id: 'Insurance member id',
  insurance_group_number: 'Insurance group number',
  insurance_policy_holder: 'Insurance policy holder',
  archived_at: 'Archived',
};

const APPOINTMENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  start_utc: 'Start',
  end_utc: 'End',
  duration_minutes: 'Length',
  kind: 'Kind of session',
  location: 'Location',
  is_video: 'Video session',
  note: 'Note',
  attendance: 'Attendance',
  late_minutes: 'Minutes late',
  patient_id: 'Patient',
};

/** What a person calls a kind of record, for tables without a description of their own. */
const RECORD_NAMES: Readonly<Record<string, string>> = {
  series: 'recurring appointments',
  diagnoses: 'diagnosis',
  notes: 'note',
  note_fields: 'note',
  note_templates: 'note template',
  treatment_plans: 'treatment plan',
  plan_versions: 'treatment plan',
  letters: 'letter',
  letter_templates: 'letter template',
  fee_schedule: 'fee schedule',
};

function humanise(column: string): string {
  const words = column.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

type Describer = {
  timeZone: string;
  deviceName: (stamp: string) => string;
};

function dayAndTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  return `${day} at ${time}`;
}

/** A stored value as display text: empty, a yes or no, a moment in the practice's zone, or the text itself. */
function displayValue(table: string, field: string, value: JsonValue, timeZone: string): string {
  if (value === null || value === '') return 'empty';
  if (table === 'appointments' && field === 'is_video') return value === 1 || value === true ? 'Yes' : 'No';
  if (table === 'appointments' && (field === 'start_utc' || field === 'end_utc') && typeof value === 'string')
    return dayAndTime(value, timeZone);
  if (table === 'appointments' && field === 'duration_minutes' && typeof value === 'number') return `${value} minutes`;
  if (table === 'patients' && field === 'sex_assigned_at_birth' && typeof value === 'string')
    return SEX_AT_BIRTH_LABELS[value as keyof typeof SEX_AT_BIRTH_LABELS] ?? value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function fieldLabel(table: string, field: string): string {
  if (table === 'patients') return PATIENT_FIELD_LABELS[field] ?? humanise(field);
  if (table === 'appointments') return APPOINTMENT_FIELD_LABELS[field] ?? humanise(field);
  if (table === 'sync_devices' && field === 'name') return 'Name';
  return humanise(field);
}

function patientName(db: Database, patientId: string): string | null {
  const row = db
    .prepare('SELECT given_name, family_name FROM patients WHERE id = $id')
    .get<{ given_name: string; family_name: string }>({ id: patientId });
  return row ? `${row.given_name} ${row.family_name}` : null;
}

/** The row a conflict is about, by its replicated key; undefined when it is not (or no longer) here. */
function heldRow(db: Database, table: string, rowKey: string): Record<string, string | number | null> | undefined {
  const spec = REPLICATED_TABLES[table];
  if (!spec) return undefined;
  const values: (string | number)[] = spec.key.length === 1 ? [rowKey] : (JSON.parse(rowKey) as (string | number)[]);
  const where = spec.key.map((column, i) => `"${column}" = $k${i}`).join(' AND ');
  return db
    .prepare(`SELECT * FROM "${table}" WHERE ${where}`)
    .get<Record<string, string | number | null>>(Object.fromEntries(values.map((value, i) => [`k${i}`, value])));
}

function carriedRow(carried: Readonly<Record<string, JsonValue>>): Record<string, string | number | null> | undefined {
  const entries = Object.entries(carried).filter((entry): entry is [string, string | number | null] => {
    const value = entry[1];
    return value === null || typeof value === 'string' || typeof value === 'number';
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The record as a person names it, and the patient it belongs to. */
function describeRecord(
  db: Database,
  table: string,
  rowKey: string,
  timeZone: string,
  carried: Readonly<Record<string, JsonValue>> = {},
): { record: string; patientId: string | null; row: Record<string, string | number | null> | undefined } {
  // A record this vault refused to add is named from the values the change carried.
  const held = heldRow(db, table, rowKey);
  const row = held ?? carriedRow(carried);
  if (table === 'patients') {
    const name =
      typeof row?.given_name === 'string' && typeof row.family_name === 'string' ? `${row.given_name} ${row.family_name}` : 'A patient';
    return { record: `${name}’s details`, patientId: held ? rowKey : null, row };
  }
  if (table === 'sync_devices') return { record: `The device “${row ? String(row.name) : 'unknown'}”`, patientId: null, row };
  let patientId = row && typeof row.patient_id === 'string' ? row.patient_id : null;
  if (!patientId && table === 'note_fields' && row) {
    const owner = db.prepare('SELECT patient_id FROM notes WHERE id = $id', { pluck: true }).get<string>({ id: String(row.note_id) });
    patientId = owner ?? null;
  }
  const whose = patientId ? patientName(db, patientId) : null;
  // A chart this device does not hold is not linked to.
  if (whose === null) patientId = null;
  if (table === 'appointments' && row && typeof row.start_utc === 'string') {
    const when = `Appointment on ${dayAndTime(row.start_utc, timeZone)}`;
    return { record: whose ? `${when} with ${whose}` : when, patientId, row };
  }
  const name = RECORD_NAMES[table] ?? humanise(table).toLowerCase();
  return { record: whose ? `${whose}’s ${name}` : `A ${name}`, patientId, row };
}

function deviceNames(db: Database): (stamp: string) => string {
  const names = new Map(
    db
      .prepare('SELECT device_id, name FROM sync_devices')
      .all<{ device_id: string; name: string }>()
      .map((row) => [row.device_id, row.name]),
  );
  return (stamp) => {
    if (stamp === '') return 'this device';
    return names.get(decodeHlc(stamp).deviceId) ?? 'another device';
  };
}

function stampTime(stamp: string, fallback: string): string {
  if (stamp === '') return fallback;
  return new Date(decodeHlc(stamp).wallMs).toISOString();
}

/** The stamp of the value held now, and the value: the edit that won, or one made since. */
function heldField(db: Database, row: ConflictRow): { value: JsonValue; stamp: string } | null {
  const record = heldRow(db, row.table_name, row.row_key);
  if (!record || !(row.field in record)) return null;
  const stamp =
    db
      .prepare('SELECT stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k AND field = $f', { pluck: true })
      .get<string>({ t: row.table_name, k: row.row_key, f: row.field }) ??
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: row.table_name, k: row.row_key }) ??
    row.winning_stamp;
  return { value: record[row.field] ?? null, stamp };
}

function describe(db: Database, rows: readonly ConflictRow[], describer: Describer): SyncConflict {
  const [first] = rows;
  if (!first) throw new Error('A conflict has at least one row.');
  const { timeZone, deviceName } = describer;
  const refused = first.winning_stamp === '';
  const carried = refused ? Object.fromEntries(rows.map((row) => [row.field, parseJson(row.losing_value)])) : {};
  const { record, patientId } = describeRecord(db, first.table_name, first.row_key, timeZone, carried);
  if (refused) {
    // A change this vault refused: every field it carried, and why.
    const reason = parseJson(first.winning_value);
    const changed = rows
      .map(
        (row) =>
          `${fieldLabel(row.table_name, row.field)}: ${displayValue(row.table_name, row.field, parseJson(row.losing_value), timeZone)}`,
      )
      .join('; ');
    return {
      id: first.id,
      kind: 'refused',
      patientId,
      record,
      field: '',
      current: { value: 'As it is on this device', device: 'this device', at: first.detected_at },
      other: { value: changed, device: deviceName(first.losing_stamp), at: stampTime(first.losing_stamp, first.detected_at) },
      reason:
        typeof reason === 'object' && reason !== null && !Array.isArray(reason) && typeof reason.refused === 'string'
          ? reason.refused
          : null,
      canReplace: false,
      detectedAt: first.detected_at,
    };
  }
  if (first.table_name === 'practice_settings') return describePracticeSetting(db, first, describer);
  const held = heldField(db, first) ?? { value: parseJson(first.winning_value), stamp: first.winning_stamp };
  return {
    id: first.id,
    kind: 'concurrent-edit',
    patientId,
    record,
    field: fieldLabel(first.table_name, first.field),
    current: {
      value: displayValue(first.table_name, first.field, held.value, timeZone),
      device: deviceName(held.stamp),
      at: stampTime(held.stamp, first.detected_at),
    },
    other: {
      value: displayValue(first.table_name, first.field, parseJson(first.losing_value), timeZone),
      device: deviceName(first.losing_stamp),
      at: stampTime(first.losing_stamp, first.detected_at),
    },
    reason: null,
    canReplace: replaceable(first.table_name, first.field),
    detectedAt: first.detected_at,
  };
}

/** A practice setting's stored value (JSON text in its `value` column), as Settings shows it. */
function practiceSettingText(key: string, stored: JsonValue): string {
  if (!isPracticeSettingKey(key)) return asText(stored);
  try {
    return displayPracticeSetting(key, typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored);
  } catch {
    return displayPracticeSetting(key, undefined);
  }
}

/** A setting of the practice edited on two devices at once: "Plan review interval … 60 days", in Settings' words. */
function describePracticeSetting(db: Database, row: ConflictRow, { deviceName }: Describer): SyncConflict {
  const held = heldField(db, row) ?? { value: parseJson(row.winning_value), stamp: row.winning_stamp };
  const key = row.row_key;
  return {
    id: row.id,
    kind: 'concurrent-edit',
    patientId: null,
    record: 'The practice’s settings',
    field: isPracticeSettingKey(key) ? PRACTICE_SETTING_LABELS[key] : humanise(key),
    current: { value: practiceSettingText(key, held.value), device: deviceName(held.stamp), at: stampTime(held.stamp, row.detected_at) },
    other: {
      value: practiceSettingText(key, parseJson(row.losing_value)),
      device: deviceName(row.losing_stamp),
      at: stampTime(row.losing_stamp, row.detected_at),
    },
    reason: null,
    canReplace: replaceable(row.table_name, row.field),
    detectedAt: row.detected_at,
  };
}

/** A refused change is kept one row per field; a person sees it as one change, under its first row's id. */
function grouped(rows: readonly ConflictRow[]): ConflictRow[][] {
  const groups = new Map<string, ConflictRow[]>();
  for (const row of rows) {
    const key =
      row.winning_stamp === '' ? `refused\u0000${row.table_name}\u0000${row.row_key}\u0000${row.losing_stamp}` : `edit\u0000${row.id}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

export function listConflicts(db: Database, timeZone: string): SyncConflict[] {
  const rows = db.prepare(OPEN_CONFLICTS_SQL).all<ConflictRow>();
  const describer: Describer = { timeZone, deviceName: deviceNames(db) };
  return grouped(rows).map((group) => describe(db, group, describer));
}

function refuse(code: ErrorCode, message: string): AppError {
  return new AppError(code, message);
}

function asText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The patient's details as the form would send them, with one field set back to the value that lost. */
function replacePatientField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const patient: Patient = repositories.patients.get(row.row_key);
  const field = camel(row.field);
  const inputKeys = Object.keys(patientInputSchema.shape) as (keyof PatientInput)[];
  if (!inputKeys.includes(field as keyof PatientInput))
    throw refuse(
      'CONFLICT',
      `${fieldLabel('patients', row.field)} is changed from the chart, not here. Keep this value, then change it there.`,
    );
  const input: Record<string, unknown> = {};
  for (const key of inputKeys) input[key] = (patient as Record<string, unknown>)[key] ?? '';
  input[field] = asText(parseJson(row.losing_value));
  const parsed = patientInputSchema.safeParse(input);
  if (!parsed.success)
    throw refuse('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The other value is no longer a valid value for this field.');
  repositories.patients.update(row.row_key, patient.version, parsed.data, env.now);
}

const APPOINTMENT_CHANGES: Readonly<Record<string, (value: JsonValue) => AppointmentChanges>> = {
  start_utc: (value) => ({ start: asText(value) }),
  duration_minutes: (value) => ({ durationMinutes: Number(value) }),
  kind: (value) => ({ kind: asText(value) as AppointmentChanges['kind'] }),
  location: (value) => ({ location: asText(value) }),
  is_video: (value) => ({ isVideo: value === 1 || value === true }),
  note: (value) => ({ note: asText(value) }),
  patient_id: (value) => ({ patientId: asText(value) }),
};

/** The fields whose losing value `replace` can write back through the record's own repository. */
function replaceable(table: string, field: string): boolean {
  if (table === 'patients') return Object.hasOwn(patientInputSchema.shape, camel(field));
  if (table === 'appointments') return Object.hasOwn(APPOINTMENT_CHANGES, field);
  if (table === 'practice_settings') return field === 'value';
  return table === 'sync_devices' && field === 'name';
}

function replaceAppointmentField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const held = repositories.db
    .prepare('SELECT series_id, original_start, version FROM appointments WHERE id = $id')
    .get<{ series_id: string | null; original_start: string | null; version: number }>({ id: row.row_key });
  if (!held) throw refuse('NOT_FOUND', 'This appointment is no longer on this device.');
  const ref: OccurrenceRef =
    held.series_id === null || held.original_start === null
      ? { type: 'single', id: row.row_key }
      : { type: 'occurrence', seriesId: held.series_id, originalStart: held.original_start };
  const change = APPOINTMENT_CHANGES[row.field];
  if (!change)
    throw refuse(
      'CONFLICT',
      `${fieldLabel('appointments', row.field)} is changed from the calendar, not here. Keep this value, then change it there.`,
    );
  const parsed = appointmentChangesSchema.safeParse(change(parseJson(row.losing_value)));
  if (!parsed.success) throw refuse('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The other value is no longer valid here.');
  const { appointments } = repositories;
  const version = appointments.get(ref).version;
  appointments.update(ref, 'this', version, parsed.data, true, {
    now: env.now,
    timeZone: env.timeZone,
    workingHours: env.workingHours,
    lateCancellationHours: env.lateCancellationHours,
  });
}

function replaceDeviceName(repositories: Repositories, row: ConflictRow): void {
  if (row.field !== 'name') throw refuse('CONFLICT', 'Only a device’s name can be set back here.');
  repositories.db
    .prepare('UPDATE sync_devices SET name = $name WHERE device_id = $id')
    .run({ name: asText(parseJson(row.losing_value)), id: row.row_key });
}

/** The practice setting set back to the value that lost, through its repository with the form's checks. */
function replacePracticeSetting(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const key = row.row_key;
  if (row.field !== 'value' || !isPracticeSettingKey(key)) throw refuse('CONFLICT', 'This setting is changed in Settings, not here.');
  const losing = parseJson(row.losing_value);
  let value: unknown;
  try {
    value = typeof losing === 'string' ? JSON.parse(losing) : losing;
  } catch {
    throw refuse('INVALID_INPUT', 'The other value is no longer a valid value for this setting.');
  }
  const parsed = practiceSettingsUpdateSchema.safeParse({ [key]: value });
  if (!parsed.success)
    throw refuse('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The other value is no longer a valid value for this setting.');
  repositories.practice.update(parsed.data, env.now);
}

/** Writes the losing value as a new edit, through the record's own repository (audited, checked, captured). */
function replace(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  if (row.table_name === 'patients') replacePatientField(repositories, row, env);
  else if (row.table_name === 'appointments') replaceAppointmentField(repositories, row, env);
  else if (row.table_name === 'sync_devices') replaceDeviceName(repositories, row);
  else if (row.table_name === 'practice_settings') replacePracticeSetting(repositories, row, env);
  else
    throw refuse(
      'CONFLICT',
      `A ${RECORD_NAMES[row.table_name] ?? humanise(row.table_name).toLowerCase()} is changed in its own screen. Keep this value, then change it there.`,
    );
}

export function resolveConflict(repositories: Repositories, env: CallEnvironment, id: number, choice: 'keep' | 'replace'): SyncConflict[] {
  const { db } = repositories;
  const rows = db.prepare(OPEN_CONFLICTS_SQL).all<ConflictRow>();
  const group = grouped(rows).find((candidate) => candidate.some((row) => row.id === id));
  if (!group) throw refuse('NOT_FOUND', 'This change was already looked at, or is no longer here.');
  const [first] = group;
  if (!first) throw refuse('NOT_FOUND', 'This change was already looked at, or is no longer here.');
  if (choice === 'replace' && first.winning_stamp === '')
    throw refuse('CONFLICT', 'This change was refused by this vault’s rules; it can be kept aside, not written over the record.');
  db.transaction(() => {
    if (choice === 'replace') replace(repositories, first, env);
    const resolve = db.prepare('UPDATE sync_conflicts SET resolved_at = $now WHERE id = $id AND resolved_at IS NULL');
    for (const row of group) resolve.run({ now: env.now, id: row.id });
    // The row's bookkeeping columns lost with the field; they are settled with it.
    db.prepare(
      `UPDATE sync_conflicts SET resolved_at = $now WHERE table_name = $t AND row_key = $k AND resolved_at IS NULL
         AND field IN (${[...BOOKKEEPING].map((c) => `'${c}'`).join(', ')})
         AND NOT EXISTS (SELECT 1 FROM sync_conflicts other WHERE other.table_name = $t AND other.row_key = $k
           AND other.resolved_at IS NULL AND other.field NOT IN (${[...BOOKKEEPING].map((c) => `'${c}'`).join(', ')}))`,
    ).run({ now: env.now, t: first.table_name, k: first.row_key });
  })();
  return listConflicts(db, env.timeZone);
}

export const conflictsWorker = {
  'sync:conflicts': (_input, { timeZone }, { db }) => listConflicts(db, timeZone),
  'sync:resolveConflict': ({ id, choice }, env, repositories) => resolveConflict(repositories, env, id, choice),
} satisfies WorkerHandlers<Extract<WorkerChannelsOf<typeof syncDeviceChannels>, 'sync:conflicts' | 'sync:resolveConflict'>>;
