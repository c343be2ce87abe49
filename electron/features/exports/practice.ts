/**
 * The whole practice, written into a new dated folder inside the one the person chose: FHIR R4
 * NDJSON (one file per resource type), CSV tables for a spreadsheet, and a README saying what is
 * where. Runs in the database worker a chart at a time, appending to each file as it goes, and
 * yields between charts so the window's other calls (the progress poll, a lock) are answered; a
 * lock ends the export and removes its half-written folder.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { ATTENDANCE_LABELS, KIND_LABELS } from '../../../shared/appointment';
import { moneyInputText } from '../../../shared/billing';
import { toEntry, type AuditRow } from '../audit/repository';
import { AppError } from '../../../shared/errors';
import {
  MEASURE_LOINC,
  PRACTICE_CSV_TABLES,
  PRACTICE_RESOURCE_TYPES,
  type PracticeCsvTable,
  type PracticeExportProgress,
  type PracticeResourceType,
} from '../../../shared/export';
import { AIMS_FLAG_LABEL, AIMS_MOVEMENT_ITEMS } from '../../../shared/aims';
import { INSTRUMENT_DEFINITIONS, INSTRUMENTS } from '../../../shared/measures';
import { LETTER_KIND_LABELS, letterText } from '../../../shared/letters';
import { signedText } from '../../../shared/note';
import { instantToLocal } from '../../../shared/recurrence';
import { analyte, bandFor, codedValue, RANGE_FLAG_LABELS, rangeFlag, type ResultUnit } from '../../../shared/results';
import { addDays, tabletsPerDay, TITRATION_FREQUENCIES } from '../../../shared/titration';
import type { Repositories } from '../../database/connection';
import { auditEventResource, chartResources, practitionerResource, type Chart, type PractitionerDetails } from './fhir';
import { CsvFile, ExportFile, NdjsonFile } from './files';
import { readChart } from './record';

/** One column per item of the longest instrument (the PCL-5's 20); a shorter one leaves the rest empty. */
const MEASURE_ITEM_COLUMNS = Math.max(...INSTRUMENTS.map((i) => INSTRUMENT_DEFINITIONS[i].items.length));

export type PracticeExportParams = {
  /** The folder the person chose in the system's dialog (never one the window named). */
  folder: string;
  now: string;
  timeZone: string;
  practitioner: PractitionerDetails;
};

export type PracticeExportSummary = {
  folderName: string;
  patients: number;
  files: Array<{ name: string; rows: number }>;
};

/** Audit entries read at a time. */
const AUDIT_BATCH = 5_000;

let progress: PracticeExportProgress = null;

/** The export under way, for the window's progress bar; null when none runs. */
export function practiceExportProgress(): PracticeExportProgress {
  return progress;
}

const CSV_HEADERS: Record<PracticeCsvTable, readonly string[]> = {
  patients: [
    'chart_number',
    'patient_id',
    'family_name',
    'given_name',
    'preferred_name',
    'date_of_birth',
    'sex_assigned_at_birth',
    'gender_identity',
    'pronouns',
    'phone',
    'email',
    'address',
    'emergency_contact_name',
    'emergency_contact_relationship',
    'emergency_contact_phone',
    'referring_clinician',
    'referring_clinician_contact',
    'primary_care_physician',
    'primary_care_practice',
    'primary_care_phone',
    'primary_care_fax',
    'primary_care_email',
    'primary_care_address',
    'pharmacy_name',
    'pharmacy_phone',
    'pharmacy_address',
    'insurance_payer',
    'insurance_member_id',
    'insurance_group_number',
    'insurance_policy_holder',
    'archived_at',
    'created_at',
  ],
  diagnoses: [
    'chart_number',
    'patient_id',
    'diagnosis_id',
    'icd10cm_code',
    'description',
    'status',
    'primary',
    'onset_date',
    'note',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
  medications: [
    'chart_number',
    'patient_id',
    'entry_id',
    'course_id',
    'entry',
    'date',
    'medication',
    'route',
    'dose',
    'frequency',
    'reason',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
  appointments: [
    'chart_number',
    'patient_id',
    'appointment_id',
    'start',
    'end',
    'minutes',
    'kind',
    'attendance',
    'late_minutes',
    'video',
    'location',
    'note',
    'cancelled_at',
    'cancellation_reason',
  ],
  notes: [
    'chart_number',
    'patient_id',
    'note_id',
    'entry',
    'addendum_to',
    'service_date',
    'template',
    'signed_at',
    'signed_by',
    'sha256',
    'text',
  ],
  letters: [
    'chart_number',
    'patient_id',
    'letter_id',
    'entry',
    'addendum_to',
    'kind',
    'letter_date',
    'recipient',
    'recipient_role',
    'signed_at',
    'signed_by',
    'sha256',
    'times_sent',
    'text',
  ],
  'plan-goals': [
    'chart_number',
    'patient_id',
    'plan_version_id',
    'version',
    'version_status',
    'agreement',
    'created_at',
    'review_date',
    'goal_id',
    'patient_words',
    'formulation',
    'objective',
    'measure',
    'target_date',
    'objective_status',
  ],
  measures: [
    'chart_number',
    'patient_id',
    'measure_id',
    'instrument',
    'loinc_total_code',
    'date',
    'score',
    'band',
    ...Array.from({ length: MEASURE_ITEM_COLUMNS }, (_, index) => `item_${index + 1}`),
    'difficulty',
    'self_harm_answer',
    'answered_by',
  ],
  'session-feedback': [
    'chart_number',
    'patient_id',
    'feedback_id',
    'appointment_id',
    'session_start',
    'heard',
    'focus',
    'approach',
    'overall',
    'mean',
    'helpful',
    'not_helpful',
    'unproductive_topic',
    'answered_by',
    'discussed_at',
  ],
  results: [
    'chart_number',
    'patient_id',
    'result_id',
    'analyte',
    'analyte_code',
    'loinc',
    'value',
    'unit',
    'entered_value',
    'entered_unit',
    'taken_on',
    'range_low',
    'range_high',
    'range_from',
    'flag',
    'note',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
  aims: [
    'chart_number',
    'patient_id',
    'examination_id',
    'examined_on',
    'examined_by',
    ...AIMS_MOVEMENT_ITEMS.map((item) => `item_${item.number}`),
    'item_8_severity',
    'item_9_incapacitation',
    'item_10_awareness',
    'item_11_dental_problems',
    'item_12_dentures',
    'total',
    'flag',
    'note',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
  'titration-steps': [
    'chart_number',
    'patient_id',
    'schedule_id',
    'course_id',
    'medication',
    'schedule',
    'schedule_status',
    'planned_at',
    'ended_at',
    'end_reason',
    'replaces_schedule_id',
    'step',
    'of_steps',
    'start_date',
    'end_date',
    'days',
    'dose',
    'dose_unit',
    'frequency',
    'doses_a_day',
    'tablet_strength',
    'tablets_per_dose',
    'tablets_a_day',
    'confirmed_at',
    'confirmed_dose',
    'medication_entry_id',
  ],
  consents: [
    'chart_number',
    'patient_id',
    'consent_id',
    'recipient',
    'recipient_role',
    'recipient_contact',
    'parts',
    'purpose',
    'valid_from',
    'valid_until',
    'given_as',
    'recorded_at',
    'revoked_on',
    'revocation_reason',
    'entered_in_error',
  ],
  disclosures: [
    'chart_number',
    'patient_id',
    'disclosure_id',
    'disclosed_at',
    'item',
    'item_id',
    'parts',
    'recipient',
    'recipient_role',
    'recipient_contact',
    'basis',
    'consent_id',
    'exception',
    'exception_reason',
  ],
  charges: [
    'chart_number',
    'patient_id',
    'charge_id',
    'appointment_id',
    'service_date',
    'code',
    'modifier',
    'units',
    'fee_minor_units',
    'fee',
    'currency',
    'diagnoses',
    'minutes',
    'minutes_from',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
  payments: [
    'chart_number',
    'patient_id',
    'payment_id',
    'kind',
    'date',
    'amount_minor_units',
    'amount',
    'currency',
    'method',
    'note',
    'recorded_at',
    'entered_in_error_at',
    'entered_in_error_reason',
  ],
};

/** A band of the canonical unit in the unit a value is written in, as the FHIR Observation gives it. */
function rangeIn(unit: ResultUnit, bound: number | null | undefined): number | null {
  return bound === null || bound === undefined ? null : Number(unit.fromCanonical(bound).toPrecision(6));
}

type Files = {
  ndjson: Record<PracticeResourceType, NdjsonFile>;
  csv: Record<PracticeCsvTable, CsvFile>;
};

function openFiles(folder: string): Files {
  const ndjson = {} as Record<PracticeResourceType, NdjsonFile>;
  const csv = {} as Record<PracticeCsvTable, CsvFile>;
  const files: Files = { ndjson, csv };
  try {
    for (const type of PRACTICE_RESOURCE_TYPES) ndjson[type] = new NdjsonFile(folder, `${type}.ndjson`);
    for (const table of PRACTICE_CSV_TABLES) csv[table] = new CsvFile(folder, `${table}.csv`, CSV_HEADERS[table]);
  } catch (error) {
    closeFiles(files);
    throw error;
  }
  return files;
}

function closeFiles(files: Files): void {
  for (const file of [...Object.values(files.ndjson), ...Object.values(files.csv)]) file?.close();
}

function isPracticeResourceType(type: string): type is PracticeResourceType {
  return (PRACTICE_RESOURCE_TYPES as readonly string[]).includes(type);
}

function writeResources(files: Files, resources: readonly Resource[]): void {
  for (const resource of resources) {
    if (!isPracticeResourceType(resource.resourceType)) throw new AppError('INTERNAL', 'The export made a resource it has no file for.');
    files.ndjson[resource.resourceType].add(resource);
  }
}

function writeCsvRows(files: Files, chart: Chart): void {
  const p = chart.patient;
  const who = [p.chartNumber, p.id] as const;
  files.csv.patients.add([
    ...who,
    p.familyName,
    p.givenName,
    p.preferredName,
    p.dateOfBirth,
    p.sexAssignedAtBirth,
    p.genderIdentity,
    p.pronouns,
    p.phone,
    p.email,
    p.address,
    p.emergencyContactName,
    p.emergencyContactRelationship,
    p.emergencyContactPhone,
    p.referringClinician,
    p.referringClinicianContact,
    p.primaryCarePhysician,
    p.primaryCarePractice,
    p.primaryCarePhone,
    p.primaryCareFax,
    p.primaryCareEmail,
    p.primaryCareAddress,
    p.pharmacyName,
    p.pharmacyPhone,
    p.pharmacyAddress,
    p.insurancePayer,
    p.insuranceMemberId,
    p.insuranceGroupNumber,
    p.insurancePolicyHolder,
    p.archivedAt,
    p.createdAt,
  ]);
  for (const d of chart.diagnoses)
    files.csv.diagnoses.add([
      ...who,
      d.id,
      d.code,
      d.label,
      d.status,
      d.isPrimary ? 'yes' : 'no',
      d.onsetDate,
      d.note,
      d.createdAt,
      d.enteredInError?.at,
      d.enteredInError?.reason,
    ]);
  for (const m of chart.medications)
    files.csv.medications.add([
      ...who,
      m.id,
      m.medicationId,
      m.kind,
      m.date,
      m.name,
      m.route,
      m.dose,
      m.frequency,
      m.reason,
      m.recordedAt,
      m.enteredInError?.at,
      m.enteredInError?.reason,
    ]);
  for (const { id, appointment: a } of chart.sessions)
    files.csv.appointments.add([
      ...who,
      id,
      a.start,
      a.end,
      a.durationMinutes,
      KIND_LABELS[a.kind],
      ATTENDANCE_LABELS[a.attendance],
      a.lateMinutes,
      a.isVideo ? 'yes' : 'no',
      a.location,
      a.note,
      a.cancelledAt,
      a.cancellationReason,
    ]);
  for (const n of chart.notes) {
    files.csv.notes.add([
      ...who,
      n.id,
      'note',
      null,
      n.serviceDate,
      n.definition.label,
      n.signedAt,
      n.signedBy,
      n.contentHash,
      signedText(n),
    ]);
    for (const addendum of n.addenda)
      files.csv.notes.add([
        ...who,
        addendum.id,
        'addendum',
        n.id,
        n.serviceDate,
        n.definition.label,
        addendum.createdAt,
        addendum.signedBy,
        null,
        addendum.text,
      ]);
  }
  for (const l of chart.letters) {
    files.csv.letters.add([
      ...who,
      l.id,
      'letter',
      null,
      LETTER_KIND_LABELS[l.kind],
      l.letterDate,
      l.recipient?.name ?? null,
      l.recipient?.role ?? null,
      l.signedAt,
      l.signedBy,
      l.contentHash,
      l.sendings.length,
      letterText(l),
    ]);
    for (const addendum of l.addenda)
      files.csv.letters.add([
        ...who,
        addendum.id,
        'addendum',
        l.id,
        LETTER_KIND_LABELS[l.kind],
        l.letterDate,
        l.recipient?.name ?? null,
        l.recipient?.role ?? null,
        addendum.createdAt,
        addendum.signedBy,
        null,
        null,
        addendum.text,
      ]);
  }
  for (const v of chart.planVersions) {
    const version = [...who, v.id, v.number, v.status, v.agreement?.method, v.createdAt, v.content.reviewDate] as const;
    for (const goal of v.content.goals) {
      if (goal.objectives.length === 0) files.csv['plan-goals'].add([...version, goal.id, goal.patientWords, goal.formulation]);
      for (const o of goal.objectives)
        files.csv['plan-goals'].add([
          ...version,
          goal.id,
          goal.patientWords,
          goal.formulation,
          o.description,
          o.measure,
          o.targetDate,
          o.status,
        ]);
    }
  }
  for (const m of chart.measures) {
    const items = Array.from({ length: MEASURE_ITEM_COLUMNS }, (_, index) => m.answers[index]);
    files.csv.measures.add([
      ...who,
      m.id,
      INSTRUMENT_DEFINITIONS[m.instrument].name,
      MEASURE_LOINC[m.instrument]?.total ?? null,
      m.date,
      m.score,
      m.band,
      ...items,
      m.difficulty,
      m.instrument === 'phq9' ? (m.selfHarm ? 'above not at all' : 'not at all') : null,
      m.source,
    ]);
  }
  for (const f of chart.feedback)
    files.csv['session-feedback'].add([
      ...who,
      f.id,
      f.appointmentId,
      f.sessionStart,
      f.heard,
      f.focus,
      f.approach,
      f.overall,
      f.score,
      f.helpful,
      f.notHelpful,
      f.unproductiveTopic,
      f.source,
      f.discussedAt,
    ]);
  for (const r of chart.results) {
    const { unit, loinc, value } = codedValue(r);
    const band = bandFor(r);
    const flag = rangeFlag(r);
    files.csv.results.add([
      ...who,
      r.id,
      analyte(r.analyte).label,
      r.analyte,
      loinc?.code,
      value,
      unit.unit,
      r.value,
      r.unit,
      r.takenOn,
      rangeIn(unit, band?.low),
      rangeIn(unit, band?.high),
      band?.source,
      flag ? RANGE_FLAG_LABELS[flag] : null,
      r.note,
      r.createdAt,
      r.enteredInError?.at,
      r.enteredInError?.reason,
    ]);
  }
  for (const e of chart.aims)
    files.csv.aims.add([
      ...who,
      e.id,
      e.examinedOn,
      e.examinedBy,
      ...AIMS_MOVEMENT_ITEMS.map((_, index) => e.movements[index]),
      e.severity,
      e.incapacitation,
      e.awareness,
      e.dentalProblems ? 'yes' : 'no',
      e.wearsDentures ? 'yes' : 'no',
      e.total,
      e.flag === 'possible-td' ? AIMS_FLAG_LABEL : null,
      e.note,
      e.createdAt,
      e.enteredInError?.at,
      e.enteredInError?.reason,
    ]);
  for (const t of chart.titrations)
    for (const step of t.steps) {
      const perDay = tabletsPerDay(step);
      files.csv['titration-steps'].add([
        ...who,
        t.id,
        t.medicationId,
        t.medicationName,
        t.direction,
        t.status,
        t.createdAt,
        t.stoppedAt,
        t.stopReason,
        t.replacesId,
        step.position,
        t.steps.length,
        step.startDate,
        addDays(step.startDate, step.durationDays - 1),
        step.durationDays,
        step.doseAmount,
        step.doseUnit,
        step.frequency,
        TITRATION_FREQUENCIES[step.frequency],
        step.tabletStrength,
        step.tabletsPerDose,
        perDay,
        step.confirmedAt,
        step.confirmedDose,
        step.medicationEventId,
      ]);
    }
  for (const c of chart.consents)
    files.csv.consents.add([
      ...who,
      c.id,
      c.recipient.name,
      c.recipient.role,
      c.recipient.contact,
      c.parts.join(' '),
      c.purpose,
      c.validFrom,
      c.validUntil,
      c.givenAs,
      c.recordedAt,
      c.revokedOn,
      c.revocationReason,
      c.enteredInError ? 'yes' : 'no',
    ]);
  for (const d of chart.disclosures)
    files.csv.disclosures.add([
      ...who,
      d.id,
      d.disclosedAt,
      d.item,
      d.itemId,
      d.parts.join(' '),
      d.recipient?.name,
      d.recipient?.role,
      d.recipient?.contact,
      d.basis,
      d.consentId,
      d.exception,
      d.exceptionReason,
    ]);
  for (const c of chart.charges)
    files.csv.charges.add([
      ...who,
      c.id,
      c.appointmentId,
      c.serviceDate,
      c.code,
      c.modifier,
      c.units,
      c.fee,
      moneyInputText(c.fee, c.currency),
      c.currency,
      c.diagnoses.map((d) => d.code).join(' '),
      c.minutes,
      c.minutesSource,
      c.recordedAt,
      c.enteredInError?.at,
      c.enteredInError?.reason,
    ]);
  for (const payment of chart.payments)
    files.csv.payments.add([
      ...who,
      payment.id,
      payment.kind,
      payment.date,
      payment.amount,
      moneyInputText(payment.amount, payment.currency),
      payment.currency,
      payment.method,
      payment.note,
      payment.recordedAt,
      payment.enteredInError?.at,
      payment.enteredInError?.reason,
    ]);
}

function readme(folderName: string, params: PracticeExportParams, patients: number, files: Files): string {
  const count = (file: { name: string; rows: number }) => `  ${file.name.padEnd(28)} ${file.rows.toLocaleString('en-US')}`;
  return [
    `Alliance: the whole practice, exported ${instantToLocal(new Date(params.now), params.timeZone).replace('T', ' ').slice(0, 16)} (${params.timeZone})`,
    '',
    'THESE FILES ARE NOT ENCRYPTED. Anyone who has them can read every chart in them.',
    'Keep them on a disk only you use, and delete them when they are no longer needed.',
    '',
    `Charts: ${patients.toLocaleString('en-US')}`,
    '',
    'FHIR R4, one resource a line (NDJSON, UTF-8), one file per resource type:',
    ...PRACTICE_RESOURCE_TYPES.map((type) => count(files.ndjson[type])),
    '',
    '  Patient: demographics; identifier urn:alliance:chart-number is the chart number.',
    '  Practitioner: the clinician who keeps these records.',
    '  Condition: diagnoses, coded in ICD-10-CM (http://hl7.org/fhir/sid/icd-10-cm).',
    '  MedicationStatement: each start or change of a medication, until the next (basedOn the MedicationRequest',
    '    of a titration or taper schedule when a step of it was confirmed into that change).',
    '  MedicationRequest: each titration or taper schedule (intent "plan"; status active, completed or stopped),',
    '    one dosageInstruction per step with its days (timing.repeat.boundsPeriod) and dose (doseAndRate);',
    '    supportingInformation names the MedicationStatement it starts from, priorPrescription',
    '    the schedule it replaced.',
    '  AllergyIntolerance: allergies, and "no known allergies" where recorded.',
    '  Appointment: every session, cancelled ones too, up to a year ahead; Encounter: those that took place,',
    '    and any a note, a measure or session feedback belongs to.',
    '  DocumentReference: each signed note (its text in content.attachment.data, base64) and each addendum',
    '    (relatesTo "appends" the note); Provenance: the signature of each note and each addendum.',
    '  DocumentReference, too: each signed letter (type LOINC 34109-9, category its kind; its text as signed,',
    '    recipient and sections, in content.attachment.data) and each addendum to it (relatesTo "appends").',
    '  CarePlan: each version of a treatment plan; Goal: the goals of each version.',
    '  QuestionnaireResponse: each PHQ-9 and GAD-7 as answered, and each session feedback',
    '    (questionnaire urn:alliance:questionnaire:session-feedback); Observation: each PHQ-9 and GAD-7 total score',
    '    (LOINC 44261-6 for the PHQ-9, 70274-6 for the GAD-7).',
    '  Observation, too: each lab result and vital sign (LOINC where the code is certain, and always',
    '    urn:alliance:analyte) under the LOINC code of the unit it was entered in (HbA1c in mmol/mol is 59261-8,',
    '    in % 4548-4; a mass concentration in mg/dL has its own code), as entered, or else converted to a unit',
    '    that has a code; and each BMI computed from a weight and the height in force then (derivedFrom both).',
    '  QuestionnaireResponse and Observation, too: each AIMS examination as answered, and its total of items 1–7',
    '    (questionnaire urn:alliance:questionnaire:aims).',
    '  DetectedIssue: each flag of measurement-based care (urn:alliance:outcome-flag: not-on-track,',
    '    reliable-deterioration, rupture), its evidence the score or session rating that raised it; an',
    '    acknowledged one carries what was discussed and agreed as its mitigation. Open ruptures are read by',
    '    the practice’s rupture preference only in a single patient’s copy, so here only acknowledged ones.',
    '  AuditEvent: the audit log, every chart opened and every change, in order.',
    '',
    'CSV tables for a spreadsheet (UTF-8 with a byte-order mark, RFC 4180, one header row):',
    ...PRACTICE_CSV_TABLES.map((table) => count(files.csv[table])),
    '',
    '  Every table starts with the chart number and the patient id, so rows can be joined.',
    '  notes.csv holds each signed note as it was signed, and each addendum on a row of its own.',
    '  letters.csv holds each signed letter as it was signed (recipient, sections), how many times it was sent,',
    '    and each addendum on a row of its own.',
    '  plan-goals.csv holds one row for each objective of each goal of each version of a plan.',
    '  results.csv holds each result and vital sign: its value and unit as coded (loinc), as entered, the range',
    '    it was judged by in the same unit (range_from says whose), and its flag; entered-in-error rows stay, marked.',
    '  aims.csv holds each AIMS examination: items 1–7 (0–4), the global judgements 8–10, the dental items,',
    '    the total of items 1–7 and its flag.',
    '  titration-steps.csv holds one row for each step of each titration or taper schedule, with the',
    '    schedule’s status, and when a step was confirmed, the medication entry it recorded (medications.csv entry_id).',
    '  consents.csv holds each consent to share: who may receive which parts (space-separated), for what, from and',
    '    until when (empty: until revoked), how it was given, and its revocation; entered-in-error rows stay, marked.',
    '  disclosures.csv is the accounting of disclosures: what left the practice, when, to whom, and under which',
    '    consent (consents.csv consent_id) or exception, with its reason.',
    '  charges.csv holds each service code charged for a session (CPT code, modifier, units, fee as of the day it',
    '    was coded, in the smallest unit and as written, with the diagnoses); payments.csv each payment and refund.',
    '    Entries entered in error stay, marked. Payments are in CSV only: no FHIR R4 resource fits a patient paying.',
    '',
    `Folder: ${folderName}`,
    '',
  ].join('\r\n');
}

/** A folder name no other export has taken: "Alliance export 2026-12-01 1815", then " (2)"… */
function newFolder(parent: string, params: PracticeExportParams): { folderName: string; folderPath: string } {
  const local = instantToLocal(new Date(params.now), params.timeZone);
  const stem = `Alliance export ${local.slice(0, 10)} ${local.slice(11, 13)}${local.slice(14, 16)}`;
  for (let attempt = 1; attempt < 100; attempt += 1) {
    const folderName = attempt === 1 ? stem : `${stem} (${attempt})`;
    const folderPath = path.join(parent, folderName);
    try {
      mkdirSync(folderPath, { mode: 0o700 });
      return { folderName, folderPath };
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') continue;
      throw error;
    }
  }
  throw new AppError('CONFLICT', 'That folder already holds many exports made this minute. Choose another folder.');
}

/** What the disk said, in the words of an export. */
function exportFailure(error: unknown, folder: string): unknown {
  if (error instanceof AppError) return error;
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError(
      'DISK_FULL',
      `The disk holding ${folder} is full, so the export stopped and its folder was removed. Free some space and try again.`,
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError('FOLDER_NOT_WRITABLE', `Alliance cannot write to ${folder}. Choose a folder you can write to.`);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new AppError('NOT_FOUND', `The folder ${folder} is no longer there. Choose it again.`);
  return error;
}

function yieldToOtherCalls(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes the export; `repositories` answers the open connection, or throws VAULT_LOCKED once the
 * vault is locked (then the half-written folder is removed). One export at a time.
 */
export async function exportPractice(params: PracticeExportParams, repositories: () => Repositories): Promise<PracticeExportSummary> {
  if (progress !== null) throw new AppError('CONFLICT', 'An export is already running. Wait for it to finish.');
  progress = { step: 'starting', done: 0, total: 0 };
  let created: string | undefined;
  let files: Files | undefined;
  try {
    if (!statSync(params.folder).isDirectory()) throw new AppError('NOT_FOUND', `${params.folder} is not a folder. Choose a folder.`);
    const ids = repositories().db.prepare('SELECT id FROM patients ORDER BY chart_number', { pluck: true }).all<string>();
    const { folderName, folderPath } = newFolder(params.folder, params);
    created = folderPath;
    files = openFiles(folderPath);
    files.ndjson.Practitioner.add(practitionerResource(params.practitioner));
    progress = { step: 'charts', done: 0, total: ids.length };
    for (const [index, id] of ids.entries()) {
      const chart = readChart(repositories(), id, params.now);
      // A busy chart takes a tenth of a second or more: the window's calls are answered between its steps too.
      await yieldToOtherCalls();
      writeResources(files, chartResources(chart));
      writeCsvRows(files, chart);
      progress = { step: 'charts', done: index + 1, total: ids.length };
      await yieldToOtherCalls();
    }
    progress = { step: 'audit', done: ids.length, total: ids.length };
    // Every device's chain in turn, a page at a time in key order.
    for (let after = { device: '', seq: 0 }; ;) {
      const rows = repositories()
        .db.prepare('SELECT * FROM audit_log WHERE (device_id, seq) > ($device, $seq) ORDER BY device_id, seq LIMIT $limit')
        .all<AuditRow>({ ...after, limit: AUDIT_BATCH });
      for (const row of rows) files.ndjson.AuditEvent.add(auditEventResource(toEntry(row)));
      const last = rows.at(-1);
      if (!last) break;
      after = { device: last.device_id, seq: last.seq };
      await yieldToOtherCalls();
    }
    progress = { step: 'finishing', done: ids.length, total: ids.length };
    const readmeFile = new ExportFile(folderPath, 'README.txt');
    readmeFile.write(readme(folderName, params, ids.length, files));
    readmeFile.close();
    closeFiles(files);
    repositories().audit.append(params.now, { action: 'practice.export', recordType: 'practice', recordId: folderName, patientId: null });
    created = undefined;
    return {
      folderName,
      patients: ids.length,
      files: [...PRACTICE_RESOURCE_TYPES.map((type) => files?.ndjson[type]), ...PRACTICE_CSV_TABLES.map((table) => files?.csv[table])]
        .filter((file) => file !== undefined)
        .map((file) => ({ name: file.name, rows: file.rows })),
    };
  } catch (error) {
    if (files) closeFiles(files);
    // Half an export is of no use and is plaintext all the same: what this export made goes.
    if (created) rmSync(created, { recursive: true, force: true });
    throw exportFailure(error, params.folder);
  } finally {
    progress = null;
  }
}
