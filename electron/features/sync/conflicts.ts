import type { Database } from '@signalapp/sqlcipher';
import {
  appointmentChangesSchema,
  ATTENDANCE_LABELS,
  KIND_LABELS,
  type AppointmentChanges,
  type Attendance,
  type AppointmentKind,
  type OccurrenceRef,
} from '../../../shared/appointment';
import { formatMoney, feeScheduleInputSchema, serviceCode } from '../../../shared/billing';
import { calendarChannels } from '../../../shared/channels/calendar';
import type { SyncConflict } from '../../../shared/channels/sync';
import { DIAGNOSIS_STATUS_LABELS, diagnosisChangesSchema, type DiagnosisChanges, type DiagnosisStatus } from '../../../shared/diagnosis';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { letterTemplateSaveInputSchema, type LetterKind } from '../../../shared/letters';
import { templateSaveInputSchema } from '../../../shared/note-templates';
import { patientInputSchema, SEX_AT_BIRTH_LABELS, type Patient, type PatientInput } from '../../../shared/patient';
import {
  AGREEMENT_LABELS,
  agreementSchema,
  diffPlanContent,
  planDraftContentSchema,
  storedPlanContent,
  type PlanContent,
} from '../../../shared/plan';
import {
  displayPracticeSetting,
  isPracticeSettingKey,
  PRACTICE_SETTING_LABELS,
  practiceSettingsUpdateSchema,
} from '../../../shared/preferences';
import { decodeHlc } from '../../../shared/sync/hlc';
import { groupColumns, groupField, laterStamp, type JsonValue } from '../../../shared/sync/merge';
import type { Repositories } from '../../database/connection';
import { NEXT_SESSION_SEARCH_MS } from '../calendar/appointments';
import { slotsBetween, type SeriesRow } from '../calendar/sessions';
import type { CallEnvironment, WorkerHandlers, WorkerChannelsOf } from '../handlers';
import type { syncDeviceChannels } from '../../../shared/channels/sync';
import { REPLICATED_TABLES } from './capture';
import { isTemplateVersions, TEMPLATE_TEXT_FIELD, TEMPLATE_VERSIONS, type TemplateVersionsTable } from './template-versions';

/*
 * The values replication kept for a person to look at (docs/sync.md, Merge): a field edited on two
 * devices at once, whose losing value apply.ts wrote to `sync_conflicts`, and a received change this
 * vault's rules refused, kept whole. Each is described as a person reads it: the record, the field,
 * both values as display text, and the device and time of each. Keep resolves it and changes nothing
 * else; replace writes the losing value as a new edit through the record's own repository, so it is
 * audited, captured, and wins on every device.
 */

/** A session's attendance, its minutes late and its cancellation time, bound by the appointments' CHECKs: one conflict. */
const ATTENDANCE_GROUP = groupField(['attendance', 'late_minutes', 'cancelled_at']);
/** A session's start, end and length, bound by its CHECK that it ends after it starts: one conflict. */
const TIME_GROUP = groupField(['start_utc', 'end_utc', 'duration_minutes']);

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
  return grouped(waitingRows(db)).length;
}

/**
 * The conflicts a person has still to look at: open, and not settled since. A value that lost and was
 * set since by a later edit (the other device replaced with it, and that edit arrived here) leaves
 * nothing to choose between, so it is neither listed nor counted.
 */
function waitingRows(db: Database): ConflictRow[] {
  return db
    .prepare(OPEN_CONFLICTS_SQL)
    .all<ConflictRow>()
    .filter((row) => row.winning_stamp === '' || !settled(db, row));
}

/** Settled: an edit made after the value that lost (a Replace on another device) set the field to it. */
function settled(db: Database, row: ConflictRow): boolean {
  const held = heldField(db, row);
  if (!held || !laterStamp(held.stamp, row.losing_stamp)) return false;
  return JSON.stringify(held.value) === JSON.stringify(parseJson(row.losing_value));
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
  no_known_allergies_at: 'No known allergies',
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
  cancelled_at: 'Time of cancellation',
  patient_id: 'Patient',
};

const SERIES_FIELD_LABELS: Readonly<Record<string, string>> = {
  patient_id: 'Patient',
  first_start: 'First session',
  first_start_utc: 'First session',
  last_start_utc: 'Last session',
  time_zone: 'Time zone',
  frequency: 'Repeats',
  interval: 'Repeats every',
  monthly_ordinal: 'Week of the month',
  end_type: 'Ends',
  end_date: 'Ends on',
  end_count: 'Number of sessions',
  stopped_before: 'Stopped from',
  duration_minutes: 'Length',
  kind: 'Kind of session',
  location: 'Location',
  is_video: 'Video sessions',
  note: 'Note',
};

const DIAGNOSIS_FIELD_LABELS: Readonly<Record<string, string>> = {
  patient_id: 'Patient',
  code: 'Code',
  label: 'Diagnosis',
  status: 'Status',
  is_primary: 'Primary diagnosis',
  onset_date: 'Onset',
  note: 'Comment',
  entered_in_error_at: 'Entered in error',
  entered_in_error_reason: 'Why it was entered in error',
};

const PLAN_FIELD_LABELS: Readonly<Record<string, string>> = {
  patient_id: 'Patient',
  plan_id: 'Plan',
  number: 'Version',
  status: 'Status',
  reason: 'Reason for revising',
  feedback_id: 'Feedback it answers',
  content: 'The plan',
  review_date: 'Review date',
  agreement: 'The patient’s agreement',
};

const TEMPLATE_FIELD_LABELS: Readonly<Record<string, string>> = {
  current_version: 'Version in use',
  archived_at: 'Archived',
};

const FEE_FIELD_LABELS: Readonly<Record<string, string>> = { amount: 'Fee', currency: 'Currency' };

const DEVICE_FIELD_LABELS: Readonly<Record<string, string>> = { name: 'Name', added_at: 'Added', revoked_at: 'Revoked' };

/** Each table's field labels, where a table has its own. */
const FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  series: SERIES_FIELD_LABELS,
  diagnoses: DIAGNOSIS_FIELD_LABELS,
  treatment_plans: PLAN_FIELD_LABELS,
  plan_versions: PLAN_FIELD_LABELS,
  note_templates: TEMPLATE_FIELD_LABELS,
  letter_templates: TEMPLATE_FIELD_LABELS,
  fee_schedule: FEE_FIELD_LABELS,
  sync_devices: DEVICE_FIELD_LABELS,
};

/** What a person calls a kind of record, for tables without a description of their own. */
const RECORD_NAMES: Readonly<Record<string, string>> = {
  patients: 'patient',
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
  /** Now: whether a series still has a session to change. */
  now: string;
  deviceName: (stamp: string) => string;
};

function dayAndTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  return `${day} at ${time}`;
}

/** A calendar date ("2027-03-03") as a person reads it: 3 March 2027. */
function calendarDay(date: string): string {
  const at = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
}

/** A wall-clock time in a series' own zone ("2027-03-03T09:00"), read as it is written. */
function wallClock(local: string): string {
  return `${calendarDay(local)} at ${local.slice(11, 16)}`;
}

function yesNo(value: JsonValue): string {
  return value === 1 || value === true ? 'Yes' : 'No';
}

function minutes(value: JsonValue): string {
  return typeof value === 'number' ? `${value} minutes` : asText(value);
}

/** The record a conflict is about, for values read beside it (a patient's name, a template's version, a fee's currency). */
type Place = Readonly<{ db: Database; table: string; rowKey: string; timeZone: string }>;

function patientNamed(place: Place, value: JsonValue): string {
  return (typeof value === 'string' ? patientName(place.db, value) : null) ?? 'A patient not on this device';
}

/** What an empty value means for the fields where "empty" would not say it. */
const EMPTY_TEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  patients: { archived_at: 'Not archived', no_known_allergies_at: 'Not recorded' },
  diagnoses: { onset_date: 'Not known', entered_in_error_at: 'No', entered_in_error_reason: 'None given' },
  note_templates: { archived_at: 'In use' },
  sync_devices: { revoked_at: 'Not revoked' },
};

const SESSION_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  patient_id: (value, place) => patientNamed(place, value),
  start_utc: (value, place) => dayAndTime(asText(value), place.timeZone),
  end_utc: (value, place) => dayAndTime(asText(value), place.timeZone),
  actual_start: (value, place) => dayAndTime(asText(value), place.timeZone),
  actual_end: (value, place) => dayAndTime(asText(value), place.timeZone),
  cancelled_at: (value, place) => dayAndTime(asText(value), place.timeZone),
  first_start_utc: (value, place) => dayAndTime(asText(value), place.timeZone),
  last_start_utc: (value, place) => dayAndTime(asText(value), place.timeZone),
  first_start: (value) => wallClock(asText(value)),
  original_start: (value) => wallClock(asText(value)),
  stopped_before: (value) => wallClock(asText(value)),
  duration_minutes: minutes,
  late_minutes: minutes,
  is_video: yesNo,
  kind: (value) => KIND_LABELS[asText(value) as AppointmentKind] ?? asText(value),
  attendance: (value) => ATTENDANCE_LABELS[asText(value) as Attendance] ?? asText(value),
  frequency: (value) => (value === 'weekly' ? 'Weekly' : value === 'monthly' ? 'Monthly' : asText(value)),
  monthly_ordinal: (value) => ({ 1: 'First', 2: 'Second', 3: 'Third', 4: 'Fourth', [-1]: 'Last' })[Number(value)] ?? asText(value),
  end_type: (value) => ({ never: 'Never', until: 'On a date', count: 'After a number of sessions' })[asText(value)] ?? asText(value),
  end_date: (value) => calendarDay(asText(value)),
  end_count: (value) => `${asText(value)} sessions`,
};

const DIAGNOSIS_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  patient_id: (value, place) => patientNamed(place, value),
  status: (value) => DIAGNOSIS_STATUS_LABELS[asText(value) as DiagnosisStatus] ?? asText(value),
  is_primary: yesNo,
  onset_date: (value) => calendarDay(asText(value)),
  entered_in_error_at: (value, place) => dayAndTime(asText(value), place.timeZone),
};

/** A plan's content, told in a line: its goals and interventions counted, its review date, its first words. */
function planSummary(value: JsonValue): string {
  const content = planContentOf(value);
  if (!content) return 'A plan Alliance cannot read';
  const { psychotherapy, medications, referrals } = content.interventions;
  const goals = content.goals.length;
  const interventions = psychotherapy.length + medications.length + referrals.length;
  const parts = [
    `${goals} ${goals === 1 ? 'goal' : 'goals'}`,
    `${interventions} ${interventions === 1 ? 'intervention' : 'interventions'}`,
    `review on ${calendarDay(content.reviewDate)}`,
  ];
  const problems = content.presentingProblems.replace(/\s+/g, ' ').trim();
  if (problems) parts.push(`presenting problems “${problems.length > 60 ? `${problems.slice(0, 59)}…` : problems}”`);
  return parts.join(', ');
}

/** Where another device's plan differs from the one held here, in the words of the plan's own comparison. */
function planDifferences(held: JsonValue, other: JsonValue): string {
  const [before, after] = [planContentOf(held), planContentOf(other)];
  if (!before || !after) return planSummary(other);
  const changes = diffPlanContent(before, after).map((change) => {
    const where = [change.section, change.item, change.field].filter((part) => part !== null).join(', ');
    if (change.kind === 'added') return `${where}: added`;
    if (change.kind === 'removed') return `${where}: removed`;
    return `${where}: “${change.after ?? ''}”`;
  });
  return changes.length > 0 ? `The plan with ${changes.join('; ')}` : planSummary(other);
}

const PLAN_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  patient_id: (value, place) => patientNamed(place, value),
  content: (value) => planSummary(value),
  review_date: (value) => calendarDay(asText(value)),
  status: (value) => (value === 'final' ? 'Final' : value === 'draft' ? 'Draft' : asText(value)),
  agreement: (value) => {
    const agreement = agreementSchema.safeParse(typeof value === 'string' ? parseJson(value) : value);
    return agreement.success ? `${AGREEMENT_LABELS[agreement.data.method]} on ${calendarDay(agreement.data.date)}` : asText(value);
  },
  feedback_id: () => 'The patient’s session feedback',
};

/** The name a template had at one of its versions, if this device holds that version. */
function templateLabel(db: Database, table: string, id: string, version: JsonValue): string | undefined {
  const versions = table === 'note_templates' ? 'note_template_versions' : 'letter_template_versions';
  return db
    .prepare(`SELECT label FROM ${versions} WHERE template_id = $id AND version = $version`, { pluck: true })
    .get<string>({ id, version: Number(version) });
}

/** A template's version as a person knows it: its number and the name it had then. */
function templateVersion(place: Place, value: JsonValue): string {
  const label = templateLabel(place.db, place.table, place.rowKey, value);
  return label === undefined ? `Version ${asText(value)}` : `Version ${asText(value)}, “${label}”`;
}

const TEMPLATE_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  current_version: (value, place) => templateVersion(place, value),
  archived_at: (value, place) => `Archived on ${dayAndTime(asText(value), place.timeZone)}`,
};

const FEE_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  amount: (value, place) => {
    // The amount is in the fee's currency, which the practice's currency setting writes with it.
    const currency = place.db
      .prepare('SELECT currency FROM fee_schedule WHERE code = $code', { pluck: true })
      .get<string>({ code: place.rowKey });
    return typeof value === 'number' && currency ? formatMoney(value, currency) : asText(value);
  },
};

const DEVICE_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  added_at: (value, place) => dayAndTime(asText(value), place.timeZone),
  revoked_at: (value, place) => dayAndTime(asText(value), place.timeZone),
};

const PATIENT_DISPLAY: Readonly<Record<string, (value: JsonValue, place: Place) => string>> = {
  date_of_birth: (value) => calendarDay(asText(value)),
  archived_at: (value, place) => `Archived on ${dayAndTime(asText(value), place.timeZone)}`,
  no_known_allergies_at: (value, place) => `Recorded on ${dayAndTime(asText(value), place.timeZone)}`,
};

/** Each table's own way of showing its fields, where a table has one. */
const TABLE_DISPLAY: Readonly<Record<string, Readonly<Record<string, (value: JsonValue, place: Place) => string>>>> = {
  patients: PATIENT_DISPLAY,
  appointments: SESSION_DISPLAY,
  series: SESSION_DISPLAY,
  diagnoses: DIAGNOSIS_DISPLAY,
  treatment_plans: PLAN_DISPLAY,
  plan_versions: PLAN_DISPLAY,
  note_templates: TEMPLATE_DISPLAY,
  letter_templates: TEMPLATE_DISPLAY,
  fee_schedule: FEE_DISPLAY,
  sync_devices: DEVICE_DISPLAY,
};

/** Columns a CHECK binds together (capture.ts, `together`), merged and kept as one conflict: what a person calls each group. */
const GROUP_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  appointments: {
    [ATTENDANCE_GROUP]: 'Attendance',
    [TIME_GROUP]: 'Time',
    [groupField(['actual_start', 'actual_end'])]: 'Session timer',
    [groupField(['series_id', 'original_start', 'original_start_utc'])]: 'Recurring appointments',
  },
  series: { [groupField(['end_type', 'end_date', 'end_count'])]: 'Ends' },
  consents: { [groupField(['revoked_at', 'revoked_on', 'revocation_reason'])]: 'Revoked' },
};

type GroupValue = Readonly<Record<string, JsonValue>>;

function groupObject(value: JsonValue): GroupValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** Each group's own way of being read, where listing its fields would not say it ("Late, 10 minutes"). */
const GROUP_DISPLAY: Readonly<Record<string, Readonly<Record<string, (value: GroupValue, place: Place) => string>>>> = {
  appointments: {
    [ATTENDANCE_GROUP]: (value) => {
      const attendance = ATTENDANCE_LABELS[asText(value.attendance ?? null) as Attendance] ?? asText(value.attendance ?? null);
      return typeof value.late_minutes === 'number' ? `${attendance}, ${minutes(value.late_minutes)}` : attendance;
    },
    [TIME_GROUP]: (value, place) =>
      `${dayAndTime(asText(value.start_utc ?? null), place.timeZone)}, ${minutes(value.duration_minutes ?? null)}`,
  },
  series: {
    [groupField(['end_type', 'end_date', 'end_count'])]: (value) =>
      value.end_type === 'until'
        ? `On ${calendarDay(asText(value.end_date ?? null))}`
        : value.end_type === 'count'
          ? `After ${asText(value.end_count ?? null)} sessions`
          : 'Never',
  },
};

/** A group's value as display text: its own reading, or each field that is set, labelled. */
function displayGroup(table: string, field: string, value: JsonValue, timeZone: string, place: Place): string {
  if (value === null) return 'Not set';
  const object = groupObject(value);
  const own = GROUP_DISPLAY[table]?.[field];
  if (own) return own(object, place);
  const parts = groupColumns(field)
    .filter((column) => object[column] !== null && object[column] !== undefined)
    .map((column) => `${fieldLabel(table, column)}: ${displayValue(table, column, object[column] ?? null, timeZone, place)}`);
  return parts.length > 0 ? parts.join('; ') : 'empty';
}

/** A stored value as display text: empty, a yes or no, a moment in the practice's zone, a label, or the text itself. */
function displayValue(table: string, field: string, value: JsonValue, timeZone: string, place: Place): string {
  if (groupColumns(field).length > 1) return displayGroup(table, field, value, timeZone, place);
  if (value === null || value === '') return EMPTY_TEXT[table]?.[field] ?? 'empty';
  const own = TABLE_DISPLAY[table]?.[field];
  if (own) return own(value, place);
  if (table === 'patients' && field === 'sex_assigned_at_birth' && typeof value === 'string')
    return SEX_AT_BIRTH_LABELS[value as keyof typeof SEX_AT_BIRTH_LABELS] ?? value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The columns' labels as a sentence lists them: "Attendance, Minutes late and Cancelled at". */
function listed(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}

function fieldLabel(table: string, field: string): string {
  const columns = groupColumns(field);
  if (columns.length > 1) {
    const label = GROUP_LABELS[table]?.[field];
    if (label) return label;
    // Every set-once group of an append-only record that is not named above is an entry in error.
    if (field === groupField(['entered_in_error_at', 'entered_in_error_reason'])) return 'Entered in error';
    return listed(columns.map((column) => fieldLabel(table, column)));
  }
  if (table === 'patients') return PATIENT_FIELD_LABELS[field] ?? humanise(field);
  if (table === 'appointments') return APPOINTMENT_FIELD_LABELS[field] ?? humanise(field);
  return FIELD_LABELS[table]?.[field] ?? humanise(field);
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
  if (table === 'note_templates' || table === 'letter_templates') {
    const kind = table === 'note_templates' ? 'note' : 'letter';
    const label = row ? templateLabel(db, table, rowKey, row.current_version ?? null) : undefined;
    return { record: label === undefined ? `A ${kind} template` : `The ${kind} template “${label}”`, patientId: null, row };
  }
  if (table === 'fee_schedule') {
    const code = serviceCode(rowKey);
    return { record: code ? `The fee for ${code.code} (${code.description})` : `The fee for ${rowKey}`, patientId: null, row };
  }
  let patientId = row && typeof row.patient_id === 'string' ? row.patient_id : null;
  if (!patientId && table === 'note_fields' && row) {
    const owner = db.prepare('SELECT patient_id FROM notes WHERE id = $id', { pluck: true }).get<string>({ id: String(row.note_id) });
    patientId = owner ?? null;
  }
  if (!patientId && table === 'plan_versions' && row) {
    const owner = db
      .prepare('SELECT patient_id FROM treatment_plans WHERE id = $id', { pluck: true })
      .get<string>({ id: String(row.plan_id) });
    patientId = owner ?? null;
  }
  const whose = patientId ? patientName(db, patientId) : null;
  // A chart this device does not hold is not linked to.
  if (whose === null) patientId = null;
  if (table === 'appointments' && row && typeof row.start_utc === 'string') {
    const when = `Appointment on ${dayAndTime(row.start_utc, timeZone)}`;
    return { record: whose ? `${when} with ${whose}` : when, patientId, row };
  }
  const name = `${RECORD_NAMES[table] ?? humanise(table).toLowerCase()}${recordDetail(table, row)}`;
  return { record: whose ? `${whose}’s ${name}` : `A ${name}`, patientId, row };
}

/** What tells one record of a kind from the others of the same chart: a diagnosis's code, a plan's version. */
function recordDetail(table: string, row: Record<string, string | number | null> | undefined): string {
  if (!row) return '';
  if (table === 'diagnoses' && typeof row.code === 'string') return ` ${row.code}${typeof row.label === 'string' ? ` (${row.label})` : ''}`;
  if (table === 'plan_versions' && typeof row.number === 'number') return `, version ${row.number}`;
  return '';
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

/** The stamp of the value held now, and the value: the edit that won, or one made since (a group's: the latest of its columns'). */
function heldField(db: Database, row: ConflictRow): { value: JsonValue; stamp: string } | null {
  const record = heldRow(db, row.table_name, row.row_key);
  const columns = groupColumns(row.field);
  if (!record || !columns.every((column) => column in record)) return null;
  const stampOf = (column: string) =>
    db
      .prepare('SELECT stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k AND field = $f', { pluck: true })
      .get<string>({ t: row.table_name, k: row.row_key, f: column }) ??
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: row.table_name, k: row.row_key }) ??
    row.winning_stamp;
  const stamp = columns.map(stampOf).reduce((a, b) => (laterStamp(b, a) ? b : a));
  const value: JsonValue =
    columns.length === 1 ? (record[row.field] ?? null) : Object.fromEntries(columns.map((column) => [column, record[column] ?? null]));
  return { value, stamp };
}

function describe(db: Database, rows: readonly ConflictRow[], describer: Describer): SyncConflict {
  const [first] = rows;
  if (!first) throw new Error('A conflict has at least one row.');
  const { timeZone, deviceName } = describer;
  const refused = first.winning_stamp === '';
  const carried = refused ? Object.fromEntries(rows.map((row) => [row.field, parseJson(row.losing_value)])) : {};
  const { record, patientId } = describeRecord(db, first.table_name, first.row_key, timeZone, carried);
  const place: Place = { db, table: first.table_name, rowKey: first.row_key, timeZone };
  if (refused) {
    // A change this vault refused: every field it carried, and why.
    const reason = parseJson(first.winning_value);
    const changed = rows
      .map(
        (row) =>
          `${fieldLabel(row.table_name, row.field)}: ${displayValue(row.table_name, row.field, parseJson(row.losing_value), timeZone, place)}`,
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
      reason: refusalReason(first.table_name, reason),
      canReplace: false,
      detectedAt: first.detected_at,
    };
  }
  if (first.table_name === 'practice_settings') return describePracticeSetting(db, first, describer);
  if (isTemplateVersions(first.table_name) && first.field === TEMPLATE_TEXT_FIELD) return describeTemplateTexts(db, first, describer);
  const held = heldField(db, first) ?? { value: parseJson(first.winning_value), stamp: first.winning_stamp };
  const losing = parseJson(first.losing_value);
  const closed = replaceable(first.table_name, first.field)
    ? closedToReplace(db, first, describer.now)
    : whereChanged(first.table_name, first.field);
  return {
    id: first.id,
    kind: 'concurrent-edit',
    patientId,
    record,
    field: fieldLabel(first.table_name, first.field),
    current: {
      value: displayValue(first.table_name, first.field, held.value, timeZone, place),
      device: deviceName(held.stamp),
      at: stampTime(held.stamp, first.detected_at),
    },
    other: {
      value:
        first.table_name === 'plan_versions' && first.field === 'content'
          ? planDifferences(held.value, losing)
          : displayValue(first.table_name, first.field, losing, timeZone, place),
      device: deviceName(first.losing_stamp),
      at: stampTime(first.losing_stamp, first.detected_at),
    },
    reason: closed,
    canReplace: closed === null,
    detectedAt: first.detected_at,
  };
}

/**
 * Why a received change was refused, naming what was refused in the record's own labels: the fields a
 * rule binds together, the field another record holds the same value of, the field left empty.
 */
function refusalReason(table: string, stored: JsonValue): string | null {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || typeof stored.refused !== 'string') return null;
  const columns = Array.isArray(stored.columns) ? stored.columns.filter((column): column is string => typeof column === 'string') : [];
  const labels = listed(columns.map((column) => fieldLabel(table, column).toLowerCase()));
  const record = table === 'appointments' ? 'session' : (RECORD_NAMES[table] ?? humanise(table).toLowerCase());
  if (columns.length === 0) return stored.refused;
  if (stored.constraint === 'check')
    return `its ${labels} would not go together on this ${record}: this device holds the ${record} as it was, and the change is kept here.`;
  if (stored.constraint === 'unique') {
    if (table === 'patients' && columns.includes('chart_number')) return stored.refused;
    return `another ${record} on this device has the same ${labels}.`;
  }
  if (stored.constraint === 'not-null') return `it leaves the ${record}’s ${labels} empty.`;
  return stored.refused;
}

/** The two versions of a template saved under one number on two devices at once: which number each text is kept under now. */
type TemplateTexts = Readonly<{
  templates: 'note_templates' | 'letter_templates';
  templateId: string;
  inUse: { version: number; label: string; stamp: string } | undefined;
  /** The text that lost the number, and the version it is kept as here (undefined until its new save arrives). */
  other: { version: number | undefined; label: string; stamp: string };
}>;

function templateTexts(db: Database, row: ConflictRow): TemplateTexts {
  const table = row.table_name as TemplateVersionsTable;
  const family = TEMPLATE_VERSIONS[table];
  const [templateId, number] = JSON.parse(row.row_key) as [string, number];
  const version = (text: Readonly<Record<string, JsonValue>>, after: number) => {
    const where = [...family.text, 'created_at'].map((column, i) => `"${column}" IS $v${i}`).join(' AND ');
    const values = Object.fromEntries([...family.text, 'created_at'].map((column, i) => [`v${i}`, text[column] ?? null]));
    return db
      .prepare(`SELECT version FROM ${table} WHERE template_id = $id AND version >= $after AND ${where} ORDER BY version DESC LIMIT 1`, {
        pluck: true,
      })
      .get<number>({ id: templateId, after, ...values });
  };
  const kept = groupObject(parseJson(row.winning_value));
  const moved = groupObject(parseJson(row.losing_value));
  // The text that saved first keeps the number; the other is saved again after it.
  const keptAt = version(kept, number) ?? number;
  const movedTo = version(moved, number + 1);
  const current = db
    .prepare(`SELECT current_version FROM ${family.templates} WHERE id = $id`, { pluck: true })
    .get<number>({ id: templateId });
  const label = (v: number | undefined) =>
    v === undefined
      ? undefined
      : db
          .prepare(`SELECT label FROM ${table} WHERE template_id = $id AND version = $v`, { pluck: true })
          .get<string>({ id: templateId, v });
  const inUseStamp =
    db
      .prepare("SELECT stamp FROM sync_field_stamps WHERE table_name = $t AND row_key = $k AND field = 'current_version'", { pluck: true })
      .get<string>({ t: family.templates, k: templateId }) ??
    db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: family.templates, k: templateId }) ??
    '';
  const inUse = current === undefined ? undefined : { version: current, label: label(current) ?? '', stamp: inUseStamp };
  // The other text is the one of the two not in use: the one that kept the number, once the moved one is in use.
  const other =
    movedTo !== undefined && current === movedTo
      ? { version: keptAt, label: asText(kept.label ?? null), stamp: row.winning_stamp }
      : { version: movedTo, label: asText(moved.label ?? null), stamp: row.losing_stamp };
  return { templates: family.templates, templateId, inUse, other };
}

/** Two texts saved on two devices at once under one version number: "… was changed on the laptop too; its text is kept as version 4". */
function describeTemplateTexts(db: Database, row: ConflictRow, { deviceName }: Describer): SyncConflict {
  const texts = templateTexts(db, row);
  const kind = texts.templates === 'note_templates' ? 'note' : 'letter';
  const device = deviceName(texts.other.stamp);
  const notYet =
    texts.other.version === undefined
      ? `Its text has not reached this device yet: it is kept as a new version when ${device} next sends its changes.`
      : null;
  const closed = notYet ?? (texts.inUse?.version === texts.other.version ? 'This text is the version in use: keep.' : null);
  return {
    id: row.id,
    kind: 'concurrent-edit',
    patientId: null,
    record: texts.inUse ? `The ${kind} template “${texts.inUse.label}”` : `A ${kind} template`,
    field: 'Saved on two devices at once',
    current: {
      value: texts.inUse ? `Version ${texts.inUse.version}, “${texts.inUse.label}”` : 'Not on this device',
      device: deviceName(texts.inUse?.stamp ?? ''),
      at: stampTime(texts.inUse?.stamp ?? '', row.detected_at),
    },
    other: {
      value:
        texts.other.version === undefined
          ? `“${texts.other.label}”, to be kept as a new version`
          : `“${texts.other.label}”, its text kept as version ${texts.other.version}`,
      device,
      at: stampTime(texts.other.stamp, row.detected_at),
    },
    reason: closed,
    canReplace: closed === null,
    detectedAt: row.detected_at,
  };
}

/** The other text of a template saved on two devices at once put in use, saved again as a new version. */
function replaceTemplateText(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const texts = templateTexts(repositories.db, row);
  const wanted = texts.other.version;
  if (wanted === undefined) throw refuse('NOT_FOUND', 'The other text has not reached this device yet: keep this value.');
  if (texts.templates === 'note_templates') {
    const { templates } = repositories.notes;
    const definition = templates.version(texts.templateId, wanted);
    const input = { id: texts.templateId, baseVersion: templates.current(texts.templateId, false).version, ...definition };
    templates.save(validOrRefused(templateSaveInputSchema.safeParse(input)), env.now);
    return;
  }
  const kind = texts.templateId as LetterKind;
  const { letters } = repositories;
  const current = letters.templates().find((template) => template.id === kind);
  if (!current) throw refuse('NOT_FOUND', 'This letter template is no longer on this device.');
  const input = { id: kind, baseVersion: current.version, ...letters.templateVersion(kind, wanted) };
  letters.saveTemplate(validOrRefused(letterTemplateSaveInputSchema.safeParse(input)), env.now);
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

export function listConflicts(db: Database, timeZone: string, now: string): SyncConflict[] {
  const rows = waitingRows(db);
  const describer: Describer = { timeZone, now, deviceName: deviceNames(db) };
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
  if (!inputKeys.includes(field as keyof PatientInput)) throw refuse('CONFLICT', whereChanged('patients', row.field));
  const input: Record<string, unknown> = {};
  for (const key of inputKeys) input[key] = (patient as Record<string, unknown>)[key] ?? '';
  input[field] = asText(parseJson(row.losing_value));
  const parsed = patientInputSchema.safeParse(input);
  if (!parsed.success)
    throw refuse('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The other value is no longer a valid value for this field.');
  repositories.patients.update(row.row_key, patient.version, parsed.data, env.now);
}

/** A session's details, changed alike for one appointment and for a whole series. */
const SESSION_DETAIL_CHANGES: Readonly<Record<string, (value: JsonValue) => AppointmentChanges>> = {
  duration_minutes: (value) => ({ durationMinutes: Number(value) }),
  kind: (value) => ({ kind: asText(value) as AppointmentChanges['kind'] }),
  location: (value) => ({ location: asText(value) }),
  is_video: (value) => ({ isVideo: value === 1 || value === true }),
  note: (value) => ({ note: asText(value) }),
  patient_id: (value) => ({ patientId: asText(value) }),
};

/** A session's time as it lost, whole: its start and its length (the end follows from them). */
function sessionTime(value: JsonValue): AppointmentChanges {
  const time = groupObject(value);
  return { start: asText(time.start_utc ?? null), durationMinutes: Number(time.duration_minutes) };
}

const APPOINTMENT_CHANGES: Readonly<Record<string, (value: JsonValue) => AppointmentChanges>> = {
  ...SESSION_DETAIL_CHANGES,
  start_utc: (value) => ({ start: asText(value) }),
};

/** A session's attendance and, for a late arrival, its minutes late: set by the calendar's attendance. */
const ATTENDANCE_FIELDS: ReadonlySet<string> = new Set(['attendance', 'late_minutes', ATTENDANCE_GROUP]);

/** What the calendar's "the whole series" edit changes: its sessions' details, not how it repeats. */
const SERIES_CHANGES = SESSION_DETAIL_CHANGES;

/** A diagnosis's fields its own edit changes (the chart's diagnoses); its code is never changed. */
const DIAGNOSIS_COLUMN_CHANGES: Readonly<Record<string, (value: JsonValue) => DiagnosisChanges>> = {
  status: (value) => ({ status: asText(value) as DiagnosisStatus }),
  is_primary: (value) => ({ isPrimary: value === 1 || value === true }),
  onset_date: (value) => ({ onsetDate: asText(value) }),
  note: (value) => ({ note: asText(value) }),
};

/** A plan draft's fields its own save writes: the content, and the review date inside it. */
const PLAN_DRAFT_FIELDS: ReadonlySet<string> = new Set(['content', 'review_date']);

/** The fields whose losing value `replace` can write back through the record's own repository. */
function replaceable(table: string, field: string): boolean {
  if (table === 'patients') return Object.hasOwn(patientInputSchema.shape, camel(field));
  if (table === 'appointments') return Object.hasOwn(APPOINTMENT_CHANGES, field) || ATTENDANCE_FIELDS.has(field) || field === TIME_GROUP;
  if (table === 'series') return Object.hasOwn(SERIES_CHANGES, field);
  if (table === 'diagnoses') return Object.hasOwn(DIAGNOSIS_COLUMN_CHANGES, field);
  if (table === 'plan_versions') return PLAN_DRAFT_FIELDS.has(field);
  if (table === 'note_templates') return field === 'current_version' || field === 'archived_at';
  if (table === 'letter_templates') return field === 'current_version';
  if (table === 'fee_schedule') return field === 'amount';
  if (table === 'practice_settings') return field === 'value';
  return table === 'sync_devices' && field === 'name';
}

const KEEP_AND_CHANGE_THERE = 'Keep this value, then change it there.';

/** Where a field that is not written back from here is changed, said beside the conflict. */
const WHERE_CHANGED: Readonly<Record<string, (label: string, field: string) => string>> = {
  patients: (label) => `${label} is changed from the chart, not here. ${KEEP_AND_CHANGE_THERE}`,
  appointments: (label) => `${label} is changed from the calendar, not here. ${KEEP_AND_CHANGE_THERE}`,
  series: () =>
    `How a series repeats and when it ends are changed in the calendar (end the series and book the new one). ${KEEP_AND_CHANGE_THERE}`,
  diagnoses: (_label, field) =>
    field === 'code' || field === 'label'
      ? 'A diagnosis’s code does not change: keep this value, then mark it entered in error in the chart’s diagnoses and add the right one.'
      : field.startsWith('entered_in_error')
        ? 'A diagnosis marked entered in error stays so, with the reason first given: keep this value.'
        : 'A diagnosis stays on the chart it was added to: keep this value.',
  treatment_plans: () => 'A treatment plan stays on the chart it was begun on: keep this value.',
  plan_versions: (_label, field) =>
    field === 'status' || field === 'agreement'
      ? 'The patient’s agreement is recorded once, in the chart’s treatment plan: keep this value, then revise the plan there if it must change.'
      : 'A version’s number and reason are set when the plan is revised: keep this value.',
  note_templates: () => `Note templates are changed in Settings, Note templates. ${KEEP_AND_CHANGE_THERE}`,
  letter_templates: () => `Letter templates are changed in Settings, Letter templates. ${KEEP_AND_CHANGE_THERE}`,
  fee_schedule: () => 'A fee is in the practice’s currency: keep this value, then set the fee again in Settings, Fee schedule.',
  sync_devices: () => 'A device is added and revoked in Settings, Practice server: keep this value.',
};

function whereChanged(table: string, field: string): string {
  return (
    WHERE_CHANGED[table]?.(fieldLabel(table, field), field) ??
    `A ${RECORD_NAMES[table] ?? humanise(table).toLowerCase()} is changed in its own screen. ${KEEP_AND_CHANGE_THERE}`
  );
}

const PLAN_FINAL = 'This version of the plan is final: keep this value, then revise the plan to change it.';
const DIAGNOSIS_IN_ERROR = 'This diagnosis was marked entered in error and no longer changes: keep this value.';
const SERIES_OVER = 'Every session of these recurring appointments has begun: keep this value, then change a single session if needed.';

/** Why a field `replace` writes back cannot take the other value now (the record has moved on), or null. */
function closedToReplace(db: Database, row: ConflictRow, now: string): string | null {
  if (row.table_name === 'plan_versions') {
    const open = db
      .prepare(
        `SELECT 1 FROM plan_versions v WHERE v.id = $id AND v.status = 'draft'
           AND v.number = (SELECT max(number) FROM plan_versions WHERE plan_id = v.plan_id)`,
        { pluck: true },
      )
      .get({ id: row.row_key });
    return open === undefined ? PLAN_FINAL : null;
  }
  if (row.table_name === 'appointments') return lateMinutesClosed(db, row);
  if (row.table_name === 'diagnoses') {
    const inError = db
      .prepare('SELECT entered_in_error_at FROM diagnoses WHERE id = $id', { pluck: true })
      .get<string | null>({ id: row.row_key });
    return inError ? DIAGNOSIS_IN_ERROR : null;
  }
  if ((row.table_name === 'note_templates' || row.table_name === 'letter_templates') && row.field === 'current_version')
    return otherTemplateVersion(db, row);
  if (row.table_name === 'series') {
    const series = db.prepare('SELECT 1 FROM series WHERE id = $id', { pluck: true }).get({ id: row.row_key });
    return series !== undefined && nextSeriesSlot(db, row.row_key, now) === null ? SERIES_OVER : null;
  }
  return null;
}

function validOrRefused<T>(parsed: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }): T {
  if (!parsed.success)
    throw refuse('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The other value is no longer a valid value for this field.');
  return parsed.data;
}

function schedulingContext(env: CallEnvironment) {
  return { now: env.now, timeZone: env.timeZone, workingHours: env.workingHours, lateCancellationHours: env.lateCancellationHours };
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
  if (ATTENDANCE_FIELDS.has(row.field)) {
    replaceAttendance(repositories, row, ref, env);
    return;
  }
  const change = row.field === TIME_GROUP ? sessionTime : APPOINTMENT_CHANGES[row.field];
  if (!change) throw refuse('CONFLICT', whereChanged('appointments', row.field));
  const changes = validOrRefused(appointmentChangesSchema.safeParse(change(parseJson(row.losing_value))));
  const { appointments } = repositories;
  const version = appointments.get(ref).version;
  appointments.update(ref, 'this', version, changes, true, schedulingContext(env));
}

const LATE_MINUTES_ALONE = 'The minutes late go with a late arrival: keep this value, or replace the attendance instead.';

/**
 * The minutes late a late arrival's attendance is set back with: those of the same edit where they lost
 * too, else those held. Null when the other value is not a late arrival.
 */
function lateMinutesOf(db: Database, row: ConflictRow, attendance: JsonValue): number | null {
  if (attendance !== 'late') return null;
  const lost = db
    .prepare(
      `SELECT losing_value FROM sync_conflicts WHERE table_name = 'appointments' AND row_key = $k AND field = 'late_minutes'
         AND losing_stamp = $s ORDER BY id DESC LIMIT 1`,
      { pluck: true },
    )
    .get<string>({ k: row.row_key, s: row.losing_stamp });
  const minutes = lost === undefined ? heldRow(db, 'appointments', row.row_key)?.late_minutes : parseJson(lost);
  return typeof minutes === 'number' ? minutes : null;
}

/** Why the minutes late cannot be set back alone: the session held here is not a late arrival. */
function lateMinutesClosed(db: Database, row: ConflictRow): string | null {
  return row.field === 'late_minutes' && heldRow(db, 'appointments', row.row_key)?.attendance !== 'late' ? LATE_MINUTES_ALONE : null;
}

/** Attendance (or a late arrival's minutes) set back through the calendar's own attendance. */
function replaceAttendance(repositories: Repositories, row: ConflictRow, ref: OccurrenceRef, env: CallEnvironment): void {
  const closed = lateMinutesClosed(repositories.db, row);
  if (closed) throw refuse('CONFLICT', closed);
  const losing = parseJson(row.losing_value);
  const group = groupObject(losing);
  // The whole group lost together: the attendance and its minutes late as the other device set them.
  const attendance =
    row.field === ATTENDANCE_GROUP ? asText(group.attendance ?? null) : row.field === 'attendance' ? asText(losing) : 'late';
  const lateMinutes =
    row.field === ATTENDANCE_GROUP
      ? typeof group.late_minutes === 'number'
        ? group.late_minutes
        : null
      : row.field === 'late_minutes'
        ? Number(losing)
        : lateMinutesOf(repositories.db, row, losing);
  // Checked as the calendar's own channel checks it: a late arrival has its minutes, and only it.
  const input = validOrRefused(calendarChannels['appointments:setAttendance'].input.safeParse({ ref, attendance, lateMinutes }));
  repositories.appointments.setAttendance(input.ref, input.attendance, input.lateMinutes, env.now);
}

/** The series' first session not yet begun: where the calendar's "the whole series" edit starts. */
function nextSeriesSlot(db: Database, seriesId: string, now: string): string | null {
  const series = db.prepare('SELECT * FROM series WHERE id = $id').get<SeriesRow>({ id: seriesId });
  if (!series) return null;
  const nowMs = Date.parse(now);
  return slotsBetween(series, nowMs, nowMs + NEXT_SESSION_SEARCH_MS)[0] ?? null;
}

/** A series' detail set back through the calendar's own "the whole series" edit, from its next session on. */
function replaceSeriesField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const change = SERIES_CHANGES[row.field];
  if (!change) throw refuse('CONFLICT', whereChanged('series', row.field));
  repositories.sessions.series(row.row_key);
  const next = nextSeriesSlot(repositories.db, row.row_key, env.now);
  if (next === null) throw refuse('CONFLICT', SERIES_OVER);
  const changes = validOrRefused(appointmentChangesSchema.safeParse(change(parseJson(row.losing_value))));
  const ref: OccurrenceRef = { type: 'occurrence', seriesId: row.row_key, originalStart: next };
  const { appointments } = repositories;
  appointments.update(ref, 'series', appointments.get(ref).version, changes, true, schedulingContext(env));
}

function replaceDiagnosisField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const change = DIAGNOSIS_COLUMN_CHANGES[row.field];
  if (!change) throw refuse('CONFLICT', whereChanged('diagnoses', row.field));
  const changes = validOrRefused(diagnosisChangesSchema.safeParse(change(parseJson(row.losing_value))));
  const version = repositories.db.prepare('SELECT version FROM diagnoses WHERE id = $id', { pluck: true }).get<number>({ id: row.row_key });
  if (version === undefined) throw refuse('NOT_FOUND', 'This diagnosis is no longer on this device.');
  repositories.diagnoses.update(row.row_key, version, changes, env.now);
}

/** A plan's content as stored (JSON text), read as a draft's; null when it does not read as one. */
function planContentOf(value: JsonValue): PlanContent | null {
  try {
    const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    const parsed = planDraftContentSchema.safeParse(storedPlanContent(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A plan draft's content or review date set back through the plan's own draft save. */
function replacePlanField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  if (!PLAN_DRAFT_FIELDS.has(row.field)) throw refuse('CONFLICT', whereChanged('plan_versions', row.field));
  const held = repositories.db
    .prepare('SELECT content, version FROM plan_versions WHERE id = $id')
    .get<{ content: string; version: number }>({ id: row.row_key });
  if (!held) throw refuse('NOT_FOUND', 'This version of the plan is no longer on this device.');
  const losing = parseJson(row.losing_value);
  const heldContent = planContentOf(held.content);
  const content = row.field === 'content' ? planContentOf(losing) : heldContent && { ...heldContent, reviewDate: asText(losing) };
  if (!content) throw refuse('INVALID_INPUT', 'The other device’s plan cannot be read here: keep this value.');
  repositories.plans.saveDraft(row.row_key, held.version, validOrRefused(planDraftContentSchema.safeParse(content)), env.now);
}

/** A note template archived or brought back, or set back to the version the other device used, as a new version. */
function replaceNoteTemplateField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  const { templates } = repositories.notes;
  const losing = parseJson(row.losing_value);
  if (row.field === 'archived_at') {
    templates.setArchived(row.row_key, losing !== null, env.now);
    return;
  }
  if (row.field !== 'current_version') throw refuse('CONFLICT', whereChanged('note_templates', row.field));
  const other = otherTemplateVersion(repositories.db, row);
  if (other) throw refuse('CONFLICT', other);
  const current = templates.current(row.row_key, false);
  const wanted = heldTemplateVersion(repositories.db, 'note_template_versions', row.row_key, losing);
  const definition = templates.version(row.row_key, wanted);
  const input = { id: row.row_key, baseVersion: current.version, ...definition };
  templates.save(validOrRefused(templateSaveInputSchema.safeParse(input)), env.now);
}

function replaceLetterTemplateField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  if (row.field !== 'current_version') throw refuse('CONFLICT', whereChanged('letter_templates', row.field));
  const { letters } = repositories;
  const other = otherTemplateVersion(repositories.db, row);
  if (other) throw refuse('CONFLICT', other);
  const kind = row.row_key as LetterKind;
  const current = letters.templates().find((template) => template.id === kind);
  if (!current) throw refuse('NOT_FOUND', 'This letter template is no longer on this device.');
  const wanted = heldTemplateVersion(repositories.db, 'letter_template_versions', row.row_key, parseJson(row.losing_value));
  const definition = letters.templateVersion(kind, wanted);
  const input = { id: kind, baseVersion: current.version, ...definition };
  letters.saveTemplate(validOrRefused(letterTemplateSaveInputSchema.safeParse(input)), env.now);
}

/**
 * Two devices that saved a template at once each numbered their save the same (version 2 here and
 * there), and a version, once saved, never changes: this device may hold a different text under the
 * number the other device's value names. Its version is the one meant only when it was written with
 * that value (the same stamp); otherwise setting it back would bring back the wrong text.
 */
function otherTemplateVersion(db: Database, row: ConflictRow): string | null {
  const versions = row.table_name === 'note_templates' ? 'note_template_versions' : 'letter_template_versions';
  const version = Number(parseJson(row.losing_value));
  const held = db
    .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
    .get<string>({ t: versions, k: JSON.stringify([row.row_key, version]) });
  if (held === undefined || held === row.losing_stamp) return null;
  return `Version ${version} holds another device’s text here (both devices saved the template at once); the text this value named is kept as a version of its own, listed with the changes to look at: keep this value.`;
}

/** The template version a conflict names, refused in our words when this device does not hold it. */
function heldTemplateVersion(
  db: Database,
  versions: 'note_template_versions' | 'letter_template_versions',
  id: string,
  value: JsonValue,
): number {
  const version = Number(value);
  const held = db.prepare(`SELECT 1 FROM ${versions} WHERE template_id = $id AND version = $version`, { pluck: true }).get({ id, version });
  if (held === undefined)
    throw refuse('NOT_FOUND', `Version ${asText(value)} of this template has not reached this device: keep this value.`);
  return version;
}

/** A fee set back through the fee schedule's own save, in the currency the fee is held in. */
function replaceFeeField(repositories: Repositories, row: ConflictRow, env: CallEnvironment): void {
  if (row.field !== 'amount') throw refuse('CONFLICT', whereChanged('fee_schedule', row.field));
  const currency = repositories.db
    .prepare('SELECT currency FROM fee_schedule WHERE code = $code', { pluck: true })
    .get<string>({ code: row.row_key });
  if (currency === undefined) throw refuse('NOT_FOUND', 'This fee is no longer on this device.');
  const input = validOrRefused(feeScheduleInputSchema.safeParse({ fees: [{ code: row.row_key, amount: parseJson(row.losing_value) }] }));
  repositories.billing.setFees(input, currency, env.now);
}

function replaceDeviceName(repositories: Repositories, row: ConflictRow): void {
  if (row.field !== 'name') throw refuse('CONFLICT', whereChanged('sync_devices', row.field));
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
  else if (row.table_name === 'series') replaceSeriesField(repositories, row, env);
  else if (row.table_name === 'diagnoses') replaceDiagnosisField(repositories, row, env);
  else if (row.table_name === 'plan_versions') replacePlanField(repositories, row, env);
  else if (row.table_name === 'note_templates') replaceNoteTemplateField(repositories, row, env);
  else if (row.table_name === 'letter_templates') replaceLetterTemplateField(repositories, row, env);
  else if (row.table_name === 'fee_schedule') replaceFeeField(repositories, row, env);
  else if (row.table_name === 'sync_devices') replaceDeviceName(repositories, row);
  else if (row.table_name === 'practice_settings') replacePracticeSetting(repositories, row, env);
  else if (isTemplateVersions(row.table_name) && row.field === TEMPLATE_TEXT_FIELD) replaceTemplateText(repositories, row, env);
  else throw refuse('CONFLICT', whereChanged(row.table_name, row.field));
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
  return listConflicts(db, env.timeZone, env.now);
}

export const conflictsWorker = {
  'sync:conflicts': (_input, { timeZone, now }, { db }) => listConflicts(db, timeZone, now),
  'sync:resolveConflict': ({ id, choice }, env, repositories) => resolveConflict(repositories, env, id, choice),
} satisfies WorkerHandlers<Extract<WorkerChannelsOf<typeof syncDeviceChannels>, 'sync:conflicts' | 'sync:resolveConflict'>>;
