/**
 * A chart as FHIR R4 resources, shaped by @medplum/fhirtypes: the same mapping serves a patient's
 * Bundle and the practice's NDJSON files. Resources refer to each other as "Type/id"; ids are the
 * vault's own, or derived from them where one record gives several resources.
 */
import { createHash } from 'node:crypto';
import type {
  AllergyIntolerance,
  Annotation,
  Appointment as FhirAppointment,
  AuditEvent,
  CarePlan,
  CarePlanActivity,
  ChargeItem,
  Condition,
  Consent as FhirConsent,
  DetectedIssue,
  DocumentReference,
  Encounter,
  Dosage,
  Goal,
  Money,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient as FhirPatient,
  Practitioner,
  Provenance,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import {
  AIMS_DENTAL_ITEMS,
  AIMS_FLAG_EXPLANATION,
  AIMS_FLAG_LABEL,
  AIMS_GLOBAL_ITEMS,
  AIMS_MOVEMENT_ITEMS,
  AIMS_SEVERITY_ANCHORS,
  type AimsExamination,
} from '../../../shared/aims';
import {
  CONSENT_FORM_LABELS,
  consentStatus,
  RECORD_PART_LABELS,
  type Consent,
  type Disclosure,
  type RecordPart,
} from '../../../shared/consents';
import { ATTENDANCE_LABELS, CANCELLED, KEPT, KIND_LABELS, type Appointment } from '../../../shared/appointment';
import { moneyInputText, type Charge, type Payment } from '../../../shared/billing';
import { AUDIT_ACTION_LABELS, type AuditEntry } from '../../../shared/audit';
import type { Diagnosis } from '../../../shared/diagnosis';
import { FHIR_SYSTEMS, MEASURE_LOINC, type PatientRecord } from '../../../shared/export';
import { LETTER_KIND_LABELS, letterText, type Letter } from '../../../shared/letters';
import { FEEDBACK_QUESTIONS, FEEDBACK_RATINGS, type Feedback, type Measure } from '../../../shared/feedback';
import { answerLabel, DIFFICULTY_ANSWERS, INSTRUMENT_DEFINITIONS } from '../../../shared/measures';
import type { Allergy, MedicationEvent } from '../../../shared/medication';
import { signedText, type Addendum, type Note } from '../../../shared/note';
import { GOAL_RATING_SCALE, type GoalRating } from '../../../shared/goal-ratings';
import {
  OUTCOME_FLAG_LABELS,
  OUTCOME_FLAG_PROMPT,
  type FlagAcknowledgement,
  type OutcomeFlag,
  type OutcomeFlagKind,
} from '../../../shared/outcomes';
import { RUPTURE_PROMPT, describeRupture, type Rupture } from '../../../shared/outcomes-ruptures';
import { AGREEMENT_LABELS, SAFETY_PLAN_FIELDS, type PlanVersion, type ProgressUpdate } from '../../../shared/plan';
import {
  analyte,
  BMI,
  bandFor,
  bmiSeries,
  codedValue,
  flagAgainst,
  rangeFlag,
  RANGE_FLAG_LABELS,
  type AnalyteGroup,
  type Band,
  type RangeFlag,
  type Result,
} from '../../../shared/results';
import {
  addDays,
  formatDose,
  formatTabletCount,
  TITRATION_FREQUENCIES,
  type DoseUnit,
  type TitrationFrequency,
  type TitrationSchedule,
  type TitrationStep,
} from '../../../shared/titration';

/** Who keeps the records: the practice's clinician, as Settings names them. */
export type PractitionerDetails = { name: string; credentials: string };

/** A session and the id its Appointment and Encounter take: its row's, or one derived for an occurrence never stored. */
export type ChartSession = { id: string; appointment: Appointment };

/** One chart to map: the record, its sessions (past and booked), its AIMS examinations and its titration and taper schedules. */
/** The flags of measurement-based care: those still open, and every acknowledgement made. */
export type ChartOutcomeFlags = {
  open: OutcomeFlag[];
  /** Null where it is not read (the practice export has no rupture preference to read it by) or none is open. */
  rupture: Rupture | null;
  acknowledgements: FlagAcknowledgement[];
};

export type Chart = PatientRecord & {
  sessions: ChartSession[];
  aims: AimsExamination[];
  titrations: TitrationSchedule[];
  /** Signed letters with their addenda: a draft is not yet part of the record. */
  letters: Letter[];
  /** Consents to share, and the accounting of disclosures (CSV only: FHIR R4 has no resource for a disclosure made). */
  consents: Consent[];
  disclosures: Disclosure[];
  /** Every charge, those entered in error included; payments go to payments.csv only (no FHIR resource fits a patient's own payment). */
  charges: Charge[];
  payments: Payment[];
  outcomeFlags: ChartOutcomeFlags;
};

/** The one Practitioner of a single-clinician practice. */
export const PRACTITIONER_ID = 'alliance-clinician';
const practitionerRef: Reference<Practitioner> = { reference: `Practitioner/${PRACTITIONER_ID}` };

/** LOINC answers of the PHQ-9 and GAD-7 frequency scale, and of the difficulty item. */
const FREQUENCY_LOINC = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'] as const;
const DIFFICULTY_LOINC = ['LA6572-7', 'LA6573-5', 'LA6574-3', 'LA6575-0'] as const;

/** A stable UUID for a resource derived from records (a goal of one plan version, an occurrence of a series). */
export function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function ref<T extends Resource>(type: T['resourceType'], id: string): Reference<T> {
  return { reference: `${type}/${id}` };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function notes(...texts: Array<string | null | undefined>): Annotation[] | undefined {
  const kept = texts.filter((text): text is string => typeof text === 'string' && text.trim() !== '').map((text) => ({ text }));
  return kept.length > 0 ? kept : undefined;
}

export function practitionerResource(details: PractitionerDetails): Practitioner {
  const name = details.name.trim();
  return {
    resourceType: 'Practitioner',
    id: PRACTITIONER_ID,
    active: true,
    ...(name !== ''
      ? {
          name: [
            {
              text: details.credentials.trim() !== '' ? `${name}, ${details.credentials.trim()}` : name,
              ...(details.credentials.trim() ? { suffix: [details.credentials.trim()] } : {}),
            },
          ],
        }
      : {}),
  };
}

function patientResource(patient: PatientRecord['patient']): FhirPatient {
  const telecom = [
    ...(patient.phone ? [{ system: 'phone' as const, value: patient.phone }] : []),
    ...(patient.email ? [{ system: 'email' as const, value: patient.email }] : []),
  ];
  const gender =
    patient.sexAssignedAtBirth === 'female' || patient.sexAssignedAtBirth === 'male'
      ? patient.sexAssignedAtBirth
      : patient.sexAssignedAtBirth === 'intersex'
        ? 'other'
        : patient.sexAssignedAtBirth === 'not-disclosed'
          ? 'unknown'
          : undefined;
  const emergency = patient.emergencyContactName ?? patient.emergencyContactPhone;
  const gp = [patient.primaryCarePhysician, patient.primaryCarePractice].filter((part): part is string => !!part).join(', ');
  return {
    resourceType: 'Patient',
    id: patient.id,
    identifier: [
      { system: FHIR_SYSTEMS.chartNumber, value: String(patient.chartNumber) },
      { system: FHIR_SYSTEMS.allianceId, value: patient.id },
    ],
    active: patient.archivedAt === null,
    name: [
      { use: 'official', family: patient.familyName, given: [patient.givenName] },
      ...(patient.preferredName ? [{ use: 'usual' as const, given: [patient.preferredName] }] : []),
    ],
    birthDate: patient.dateOfBirth,
    ...(gender ? { gender } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(patient.address ? { address: [{ text: patient.address }] } : {}),
    ...(emergency
      ? {
          contact: [
            {
              relationship: [{ text: patient.emergencyContactRelationship ?? 'Emergency contact' }],
              ...(patient.emergencyContactName ? { name: { text: patient.emergencyContactName } } : {}),
              ...(patient.emergencyContactPhone ? { telecom: [{ system: 'phone' as const, value: patient.emergencyContactPhone }] } : {}),
            },
          ],
        }
      : {}),
    ...(gp !== '' ? { generalPractitioner: [{ display: gp }] } : {}),
  };
}

function conditionResource(diagnosis: Diagnosis): Condition {
  const inError = diagnosis.enteredInError !== null;
  return {
    resourceType: 'Condition',
    id: diagnosis.id,
    // An entry made in error has no clinical status (FHIR's con-5).
    ...(inError
      ? {}
      : {
          clinicalStatus: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
                code: diagnosis.status === 'in-remission' ? 'remission' : diagnosis.status,
              },
            ],
          },
        }),
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: inError ? 'entered-in-error' : 'confirmed' }],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' },
        ],
      },
    ],
    code: { coding: [{ system: FHIR_SYSTEMS.icd10cm, code: diagnosis.code, display: diagnosis.label }], text: diagnosis.label },
    subject: ref('Patient', diagnosis.patientId),
    ...(diagnosis.onsetDate ? { onsetDateTime: diagnosis.onsetDate } : {}),
    recordedDate: diagnosis.createdAt,
    recorder: practitionerRef,
    note: notes(
      diagnosis.isPrimary ? 'Primary diagnosis' : null,
      diagnosis.note,
      diagnosis.enteredInError ? `Entered in error: ${diagnosis.enteredInError.reason}` : null,
    ),
  };
}

/**
 * One statement for each start or change of a course, lasting until the next; a stop ends the last.
 * A change confirmed from a titration or taper step is based on that schedule's MedicationRequest.
 */
function medicationStatements(events: readonly MedicationEvent[], scheduleOf: ReadonlyMap<string, string>): MedicationStatement[] {
  const courses = new Map<string, MedicationEvent[]>();
  for (const event of events) courses.set(event.medicationId, [...(courses.get(event.medicationId) ?? []), event]);
  const statements: MedicationStatement[] = [];
  for (const course of courses.values()) {
    const ordered = [...course].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.recordedAt < b.recordedAt ? -1 : 1));
    const live = ordered.filter((event) => event.enteredInError === null);
    for (const event of ordered) {
      if (event.kind === 'stop' && event.enteredInError === null) continue;
      const next = event.enteredInError === null ? live[live.indexOf(event) + 1] : undefined;
      const status: MedicationStatement['status'] =
        event.enteredInError !== null ? 'entered-in-error' : next === undefined ? 'active' : next.kind === 'stop' ? 'stopped' : 'completed';
      statements.push({
        resourceType: 'MedicationStatement',
        id: event.id,
        ...(scheduleOf.has(event.id) ? { basedOn: [ref<MedicationRequest>('MedicationRequest', scheduleOf.get(event.id) ?? '')] } : {}),
        status,
        medicationCodeableConcept: { text: event.name },
        subject: ref('Patient', event.patientId),
        effectivePeriod: { start: event.date, ...(next ? { end: next.date } : {}) },
        dateAsserted: event.recordedAt,
        informationSource: practitionerRef,
        ...(event.reason.trim() !== '' ? { reasonCode: [{ text: event.reason }] } : {}),
        dosage: [{ text: [event.dose, event.frequency].filter((part) => part.trim() !== '').join(', '), route: { text: event.route } }],
        note: notes(
          event.kind === 'change' ? 'Dose or frequency changed' : null,
          next?.kind === 'stop' && next.reason.trim() !== '' ? `Stopped: ${next.reason}` : null,
          event.enteredInError ? `Entered in error: ${event.enteredInError.reason}` : null,
        ),
      });
    }
  }
  return statements;
}

const UCUM = 'http://unitsofmeasure.org';
const UCUM_DOSE: Record<DoseUnit, string> = { mg: 'mg', mcg: 'ug', g: 'g', mL: 'mL' };
/** The time of day a frequency names, in FHIR's EventTiming. */
const FREQUENCY_WHEN: Partial<Record<TitrationFrequency, 'HS' | 'MORN'>> = {
  'once daily at night': 'HS',
  'once daily in the morning': 'MORN',
};

/** A step as a Dosage: its dose each time, how often, and the days it runs (both ends included). */
function stepDosage(step: TitrationStep, steps: number): Dosage {
  const last = addDays(step.startDate, step.durationDays - 1);
  const perDose = step.tabletsPerDose !== null && step.tabletStrength !== null && step.doseAmount > 0 ? step.tabletsPerDose : null;
  const when = FREQUENCY_WHEN[step.frequency];
  return {
    sequence: step.position,
    text:
      step.doseAmount === 0
        ? `Step ${step.position} of ${steps}: stop, take none, from ${step.startDate}`
        : `Step ${step.position} of ${steps}: ${formatDose(step.doseAmount, step.doseUnit)} ${step.frequency}, ${step.startDate} to ${last}` +
          (perDose !== null ? ` (${formatTabletCount(perDose)} of ${step.tabletStrength} ${step.doseUnit} a dose)` : ''),
    timing: {
      repeat: {
        boundsPeriod: { start: step.startDate, end: last },
        frequency: TITRATION_FREQUENCIES[step.frequency],
        period: 1,
        periodUnit: 'd',
        ...(when ? { when: [when] } : {}),
      },
    },
    doseAndRate: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] },
        doseQuantity: { value: step.doseAmount, unit: step.doseUnit, system: UCUM, code: UCUM_DOSE[step.doseUnit] },
      },
    ],
  };
}

/**
 * A titration or taper schedule as the plan it is: a MedicationRequest (intent "plan") with one Dosage
 * per step, linked to the course's statement it starts from, and to the schedule it
 * replaced. Each confirmed step is a change in the medication history already, whose statement is
 * based on this request; the confirmations are noted here too.
 */
function medicationRequestResource(
  schedule: TitrationSchedule,
  events: readonly MedicationEvent[],
  scheduleOf: ReadonlyMap<string, string>,
): MedicationRequest {
  // The course's entry the schedule starts from: the last one dated by its first step that no step recorded.
  const firstDay = schedule.steps[0]?.startDate ?? schedule.createdAt.slice(0, 10);
  const inForce = events
    .filter(
      (event) =>
        event.medicationId === schedule.medicationId &&
        event.enteredInError === null &&
        event.kind !== 'stop' &&
        !scheduleOf.has(event.id) &&
        event.date <= firstDay,
    )
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.recordedAt < b.recordedAt ? -1 : 1))
    .at(-1);
  const kind = schedule.direction === 'taper' ? 'Taper' : 'Titration';
  return {
    resourceType: 'MedicationRequest',
    id: schedule.id,
    status: schedule.status,
    ...(schedule.status === 'stopped' && schedule.stopReason ? { statusReason: { text: schedule.stopReason } } : {}),
    intent: 'plan',
    category: [{ text: `${kind} schedule` }],
    medicationCodeableConcept: { text: schedule.medicationName },
    subject: ref('Patient', schedule.patientId),
    authoredOn: schedule.createdAt,
    requester: practitionerRef,
    ...(inForce ? { supportingInformation: [ref<MedicationStatement>('MedicationStatement', inForce.id)] } : {}),
    ...(schedule.replacesId ? { priorPrescription: ref<MedicationRequest>('MedicationRequest', schedule.replacesId) } : {}),
    dosageInstruction: schedule.steps.map((step) => stepDosage(step, schedule.steps.length)),
    note: notes(
      `${kind} schedule in ${schedule.steps.length} steps.`,
      ...schedule.steps.map((step) =>
        step.confirmedAt
          ? `Step ${step.position} confirmed on ${step.confirmedAt.slice(0, 10)}${step.confirmedDose ? ` at ${step.confirmedDose}` : ''}.`
          : null,
      ),
      schedule.stoppedAt
        ? `${schedule.status === 'stopped' ? 'Stopped' : 'Completed'} on ${schedule.stoppedAt.slice(0, 10)}${schedule.stopReason ? `: ${schedule.stopReason}` : ''}.`
        : null,
      `If a dose is missed: ${schedule.missedDoseAdvice}`,
      `Who to call: ${schedule.whoToCall}`,
    ),
  };
}

function allergyResource(allergy: Allergy): AllergyIntolerance {
  const inError = allergy.enteredInError !== null;
  return {
    resourceType: 'AllergyIntolerance',
    id: allergy.id,
    ...(inError
      ? {}
      : { clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] } }),
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          code: inError ? 'entered-in-error' : 'confirmed',
        },
      ],
    },
    ...(allergy.kind === 'allergy' || allergy.kind === 'intolerance' ? { type: allergy.kind } : {}),
    code: { text: allergy.substance },
    patient: ref('Patient', allergy.patientId),
    ...(allergy.notedOn ? { onsetDateTime: allergy.notedOn } : {}),
    recordedDate: allergy.recordedAt,
    recorder: practitionerRef,
    ...(allergy.reaction.trim() !== ''
      ? {
          reaction: [
            { manifestation: [{ text: allergy.reaction }], ...(allergy.severity !== 'unknown' ? { severity: allergy.severity } : {}) },
          ],
        }
      : {}),
    note: notes(
      allergy.kind === 'adverse reaction' ? 'Adverse reaction' : null,
      allergy.enteredInError ? `Entered in error: ${allergy.enteredInError.reason}` : null,
    ),
  };
}

function noKnownAllergies(patientId: string, at: string): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: derivedId('no-known-allergies', patientId),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }],
    },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' }], text: 'No known allergies' },
    patient: ref('Patient', patientId),
    recordedDate: at,
    recorder: practitionerRef,
  };
}

function appointmentStatus(appointment: Appointment): FhirAppointment['status'] {
  if (CANCELLED.has(appointment.attendance)) return 'cancelled';
  if (KEPT.has(appointment.attendance)) return 'fulfilled';
  if (appointment.attendance === 'no-show') return 'noshow';
  return 'booked';
}

function appointmentResource({ id, appointment }: ChartSession): FhirAppointment {
  return {
    resourceType: 'Appointment',
    id,
    status: appointmentStatus(appointment),
    ...(appointment.cancellationReason.trim() !== '' ? { cancelationReason: { text: appointment.cancellationReason } } : {}),
    serviceType: [{ text: KIND_LABELS[appointment.kind] }],
    description: `${KIND_LABELS[appointment.kind]} session (${ATTENDANCE_LABELS[appointment.attendance]})`,
    start: appointment.start,
    end: appointment.end,
    minutesDuration: appointment.durationMinutes,
    ...(appointment.note.trim() !== '' ? { comment: appointment.note } : {}),
    participant: [
      { actor: ref('Patient', appointment.patientId), status: 'accepted' },
      { actor: practitionerRef, status: 'accepted' },
    ],
  };
}

/**
 * A session that took place (attended or late), or one a note or a measure was written in whatever
 * its attendance says: those name it as their Encounter.
 */
function encounterResource({ id, appointment }: ChartSession, referenced: ReadonlySet<string>): Encounter | null {
  if (!KEPT.has(appointment.attendance) && !referenced.has(id)) return null;
  return {
    resourceType: 'Encounter',
    id,
    status: KEPT.has(appointment.attendance) || appointment.attendance === 'scheduled' ? 'finished' : 'cancelled',
    class: appointment.isVideo
      ? { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' }
      : { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    serviceType: { text: KIND_LABELS[appointment.kind] },
    subject: ref('Patient', appointment.patientId),
    participant: [{ individual: practitionerRef }],
    appointment: [ref('Appointment', id)],
    period: { start: appointment.actualStart ?? appointment.start, end: appointment.actualEnd ?? appointment.end },
    ...(appointment.location.trim() !== '' ? { location: [{ location: { display: appointment.location } }] } : {}),
  };
}

const PROGRESS_NOTE = { system: FHIR_SYSTEMS.loinc, code: '11506-3', display: 'Progress note' };
const INTAKE_NOTE = { system: FHIR_SYSTEMS.loinc, code: '34117-2', display: 'History and physical note' };
const ADDENDUM = { system: FHIR_SYSTEMS.loinc, code: '55107-7', display: 'Addendum Document' };

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('base64');
}

function noteDocument(note: Note): DocumentReference {
  const text = signedText(note);
  return {
    resourceType: 'DocumentReference',
    id: note.id,
    status: 'current',
    docStatus: 'final',
    type: { coding: [note.template === 'intake' ? INTAKE_NOTE : PROGRESS_NOTE], text: `${note.definition.label} note` },
    subject: ref('Patient', note.patientId),
    date: note.signedAt ?? note.updatedAt,
    author: [practitionerRef],
    authenticator: practitionerRef,
    description: `${note.definition.label} note, ${note.serviceDate}`,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: base64(text),
          hash: sha1(text),
          title: `${note.definition.label} note, ${note.serviceDate}`,
          creation: note.signedAt ?? note.updatedAt,
        },
      },
    ],
    context: {
      ...(note.session ? { encounter: [ref('Encounter', note.session.appointmentId)] } : {}),
      period: note.session ? { start: note.session.start, end: note.session.end } : { start: note.serviceDate, end: note.serviceDate },
    },
  };
}

function addendumDocument(note: Note, addendum: Addendum): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: addendum.id,
    status: 'current',
    docStatus: 'final',
    type: { coding: [ADDENDUM], text: 'Addendum' },
    subject: ref('Patient', note.patientId),
    date: addendum.createdAt,
    author: [practitionerRef],
    authenticator: practitionerRef,
    description: `Addendum to the ${note.definition.label} note of ${note.serviceDate}`,
    relatesTo: [{ code: 'appends', target: ref('DocumentReference', note.id) }],
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: base64(addendum.text),
          hash: sha1(addendum.text),
          creation: addendum.createdAt,
        },
      },
    ],
    ...(note.session ? { context: { encounter: [ref('Encounter', note.session.appointmentId)] } } : {}),
  };
}

const LETTER_DOCUMENT = { system: FHIR_SYSTEMS.loinc, code: '34109-9', display: 'Note' };

/** A signed letter: its text as signed (recipient, date, sections) in the attachment, and each addendum after it. */
export function letterResources(letter: Letter): Resource[] {
  const text = letterText(letter);
  const title = `${LETTER_KIND_LABELS[letter.kind]}, ${letter.letterDate}`;
  const signed = letter.signedAt ?? letter.updatedAt;
  const document: DocumentReference = {
    resourceType: 'DocumentReference',
    id: letter.id,
    status: 'current',
    docStatus: 'final',
    type: { coding: [LETTER_DOCUMENT], text: 'Letter' },
    category: [{ text: LETTER_KIND_LABELS[letter.kind] }],
    subject: ref('Patient', letter.patientId),
    date: signed,
    author: [practitionerRef],
    authenticator: practitionerRef,
    description: letter.recipient ? `${title}, to ${letter.recipient.name}` : title,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: base64(text),
          hash: sha1(text),
          title,
          creation: signed,
        },
      },
    ],
  };
  const addenda: DocumentReference[] = letter.addenda.map((addendum) => ({
    resourceType: 'DocumentReference',
    id: addendum.id,
    status: 'current',
    docStatus: 'final',
    type: { coding: [ADDENDUM], text: 'Addendum' },
    subject: ref('Patient', letter.patientId),
    date: addendum.createdAt,
    author: [practitionerRef],
    authenticator: practitionerRef,
    description: `Addendum to the letter of ${letter.letterDate}`,
    relatesTo: [{ code: 'appends', target: ref('DocumentReference', letter.id) }],
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: base64(addendum.text),
          hash: sha1(addendum.text),
          creation: addendum.createdAt,
        },
      },
    ],
  }));
  const resources: Resource[] = [document];
  if (letter.signedAt && letter.signedBy)
    resources.push(signatureProvenance(letter.id, letter.id, letter.signedAt, letter.signedBy, letter.contentHash));
  letter.addenda.forEach((addendum, index) => {
    resources.push(addenda[index]!, signatureProvenance(addendum.id, addendum.id, addendum.createdAt, addendum.signedBy, null));
  });
  return resources;
}

/** Who signed, and when: one for the note's signature, one for each addendum. */
function signatureProvenance(id: string, target: string, signedAt: string, signedBy: string, contentHash: string | null): Provenance {
  return {
    resourceType: 'Provenance',
    id,
    target: [ref('DocumentReference', target)],
    recorded: signedAt,
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }],
      text: 'Signed',
    },
    agent: [
      {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }],
        },
        who: { ...practitionerRef, display: signedBy },
      },
    ],
    signature: [
      {
        type: [{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1', display: 'Author\u2019s Signature' }],
        when: signedAt,
        who: { ...practitionerRef, display: signedBy },
        // The SHA-256 of the signed text, as the printed note shows it, so a copy can be matched to the record.
        ...(contentHash ? { sigFormat: 'text/plain', data: base64(`SHA-256 ${contentHash}`) } : {}),
      },
    ],
  };
}

function noteResources(note: Note): Resource[] {
  const resources: Resource[] = [noteDocument(note)];
  if (note.signedAt && note.signedBy) resources.push(signatureProvenance(note.id, note.id, note.signedAt, note.signedBy, note.contentHash));
  for (const addendum of note.addenda) {
    resources.push(addendumDocument(note, addendum));
    resources.push(signatureProvenance(addendum.id, addendum.id, addendum.createdAt, addendum.signedBy, null));
  }
  return resources;
}

/** A goal as one version of the plan states it: each version's goals are their own resources. */
export function goalId(version: PlanVersion, goalIdInPlan: string): string {
  return derivedId('goal', version.id, goalIdInPlan);
}

function carePlanStatus(version: PlanVersion, latest: boolean): CarePlan['status'] {
  if (version.status === 'draft') return 'draft';
  return latest ? 'active' : 'revoked';
}

function planResources(versions: readonly PlanVersion[], progress: readonly ProgressUpdate[]): Resource[] {
  const resources: Resource[] = [];
  const latestFinal = [...versions].reverse().find((version) => version.status === 'final');
  versions.forEach((version, index) => {
    const content = version.content;
    const next = versions[index + 1];
    const inForce = version === latestFinal;
    const goals: Goal[] = content.goals.map((goal) => ({
      resourceType: 'Goal',
      id: goalId(version, goal.id),
      lifecycleStatus: version.status === 'draft' ? 'proposed' : inForce ? 'active' : 'cancelled',
      description: { text: goal.patientWords.trim() !== '' ? goal.patientWords : '(not yet written)' },
      subject: ref('Patient', version.patientId),
      ...(goal.objectives.length > 0
        ? {
            target: goal.objectives.map((objective) => ({
              measure: { text: objective.measure.trim() !== '' ? objective.measure : objective.description },
              detailString: objective.description,
              ...(objective.targetDate ? { dueDate: objective.targetDate } : {}),
            })),
          }
        : {}),
      note: notes(
        goal.formulation,
        ...goal.objectives.map((objective) => `Objective: ${objective.description} (${objective.status})`),
        ...(inForce
          ? progress
              .filter((update) => update.goalId === goal.id)
              .map(
                (update) =>
                  `Progress ${update.date}: ${update.rating}/10.${update.working ? ` Working: ${update.working}` : ''}${update.notWorking ? ` Not working: ${update.notWorking}` : ''}`,
              )
          : []),
      ),
    }));
    const activity: CarePlanActivity[] = [
      ...content.interventions.psychotherapy.map(
        (item) => `Psychotherapy: ${item.modality}, ${item.frequency}, ${item.sessionMinutes} minutes. ${item.description}`,
      ),
      ...content.interventions.medications.map(
        (item) => `Medication: ${item.name} ${item.dose}, ${item.frequency}.${item.monitoring ? ` Monitoring: ${item.monitoring}` : ''}`,
      ),
      ...content.interventions.referrals.map((item) => `Referral to ${item.to}.${item.reason ? ` ${item.reason}` : ''}`),
    ].map((description) => ({
      detail: { status: version.status === 'draft' ? 'not-started' : inForce ? 'in-progress' : 'stopped', description: description.trim() },
    }));
    const agreement = version.agreement;
    resources.push({
      resourceType: 'CarePlan',
      id: version.id,
      identifier: [{ system: `${FHIR_SYSTEMS.allianceId}:plan`, value: version.planId }],
      status: carePlanStatus(version, inForce),
      intent: 'plan',
      title: `Treatment plan, version ${version.number}`,
      ...(content.presentingProblems.trim() !== '' ? { description: content.presentingProblems } : {}),
      subject: ref('Patient', version.patientId),
      period: { start: version.createdAt.slice(0, 10), ...(next ? { end: next.createdAt.slice(0, 10) } : { end: content.reviewDate }) },
      created: version.createdAt,
      author: practitionerRef,
      ...(content.diagnoses.length > 0
        ? { addresses: content.diagnoses.map((diagnosis) => ref<Condition>('Condition', diagnosis.diagnosisId)) }
        : {}),
      ...(goals.length > 0 ? { goal: goals.map((goal) => ref<Goal>('Goal', goal.id ?? '')) } : {}),
      ...(activity.length > 0 ? { activity } : {}),
      note: notes(
        version.reason ? `Revised because: ${version.reason}` : null,
        content.dailyLifeEffect ? `Effect on daily life: ${content.dailyLifeEffect}` : null,
        content.strengths ? `Strengths: ${content.strengths}` : null,
        ...SAFETY_PLAN_FIELDS.map((field) =>
          content.safetyPlan[field.key] ? `Safety plan, ${field.label}: ${content.safetyPlan[field.key]}` : null,
        ),
        `Review date: ${content.reviewDate}`,
        content.dischargeCriteria ? `Discharge criteria: ${content.dischargeCriteria}` : null,
        agreement
          ? `${AGREEMENT_LABELS[agreement.method]} on ${agreement.date}, recorded by ${agreement.recordedBy}.${agreement.declineReason ? ` Reason: ${agreement.declineReason}` : ''}`
          : null,
      ),
    });
    resources.push(...goals);
  });
  return resources;
}

/** What a goal rating is called in an export: no standard code says it, so the text alone does. */
export const GOAL_RATING_CODE_TEXT = 'Goal attainment self-rating';

/**
 * The patient's rating of a goal as an Observation: its focus the Goal as the version rated states it,
 * based on that version's CarePlan, performed by the patient (or recorded by the clinician from their answer).
 */
function goalRatingObservation(rating: GoalRating, versions: readonly PlanVersion[]): Observation | null {
  const version = versions.find((v) => v.id === rating.planVersionId);
  const goal = version?.content.goals.find((g) => g.id === rating.goalId);
  if (!version || !goal) return null;
  const subject = ref<FhirPatient>('Patient', rating.patientId);
  return {
    resourceType: 'Observation',
    id: rating.id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: { text: GOAL_RATING_CODE_TEXT },
    subject,
    focus: [ref<Goal>('Goal', goalId(version, goal.id))],
    basedOn: [ref<CarePlan>('CarePlan', version.id)],
    ...(rating.appointmentId ? { encounter: ref<Encounter>('Encounter', rating.appointmentId) } : {}),
    effectiveDateTime: rating.date,
    issued: rating.createdAt,
    performer: [rating.source === 'patient' ? subject : practitionerRef],
    valueInteger: rating.rating,
    method: {
      text:
        rating.source === 'patient' ? 'Rated by the patient on the practice laptop' : 'Entered by the clinician from the patient’s answer',
    },
    note: notes(
      `${GOAL_RATING_SCALE.question.before}${goal.patientWords}${GOAL_RATING_SCALE.question.after} 0 = ${GOAL_RATING_SCALE.low}, 10 = ${GOAL_RATING_SCALE.high}.`,
    ),
  };
}

function measureResources(measure: Measure): [QuestionnaireResponse, Observation] {
  const definition = INSTRUMENT_DEFINITIONS[measure.instrument];
  const loinc = MEASURE_LOINC[measure.instrument];
  // The PHQ-9's and GAD-7's answers have LOINC answer codes; the others' are named in Alliance's own system, by their points.
  const answerSystem = `${FHIR_SYSTEMS.instrument}:${measure.instrument}:answer`;
  const frequencyCoded = measure.instrument === 'phq9' || measure.instrument === 'gad7';
  const items: QuestionnaireResponseItem[] = definition.items.map((text, index) => {
    const answer = measure.answers[index];
    if (answer === undefined) return { linkId: String(index + 1), text };
    const display = answerLabel(measure.instrument, index, answer);
    const loincAnswer = frequencyCoded ? FREQUENCY_LOINC[answer] : undefined;
    return {
      linkId: String(index + 1),
      text,
      answer: [
        {
          valueCoding: loincAnswer
            ? { system: FHIR_SYSTEMS.loinc, code: loincAnswer, display }
            : { system: answerSystem, code: String(answer), display },
        },
      ],
    };
  });
  if (measure.difficulty !== null && definition.difficulty !== null)
    items.push({
      linkId: 'difficulty',
      text: definition.difficulty,
      answer: [
        {
          valueCoding: {
            system: FHIR_SYSTEMS.loinc,
            code: DIFFICULTY_LOINC[measure.difficulty],
            display: DIFFICULTY_ANSWERS[measure.difficulty],
          },
        },
      ],
    });
  items.push({ linkId: 'total', text: `${definition.name} total score`, answer: [{ valueInteger: measure.score }] });
  const subject = ref<FhirPatient>('Patient', measure.patientId);
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    id: measure.id,
    questionnaire: loinc?.panel ? `http://loinc.org/q/${loinc.panel}` : `urn:alliance:questionnaire:${measure.instrument}`,
    status: 'completed',
    subject,
    ...(measure.appointmentId ? { encounter: ref<Encounter>('Encounter', measure.appointmentId) } : {}),
    authored: measure.createdAt,
    source: measure.source === 'patient' ? subject : practitionerRef,
    item: items,
  };
  const observation: Observation = {
    resourceType: 'Observation',
    id: measure.id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
    code: {
      coding: [
        ...(loinc ? [{ system: FHIR_SYSTEMS.loinc, code: loinc.total, display: loinc.totalDisplay }] : []),
        { system: FHIR_SYSTEMS.instrument, code: measure.instrument, display: `${definition.name} total score` },
      ],
      text: `${definition.name} total score`,
    },
    subject,
    ...(measure.appointmentId ? { encounter: ref<Encounter>('Encounter', measure.appointmentId) } : {}),
    effectiveDateTime: measure.date,
    issued: measure.createdAt,
    valueInteger: measure.score,
    interpretation: [{ text: measure.band }],
    derivedFrom: [ref('QuestionnaireResponse', measure.id)],
    note: notes(measure.selfHarm ? 'Item 9 (thoughts of self-harm) answered above "Not at all".' : null),
  };
  return [response, observation];
}

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

function category(group: AnalyteGroup) {
  const [code, display] =
    group === 'Vitals' ? ['vital-signs', 'Vital Signs'] : group === 'ECG' ? ['procedure', 'Procedure'] : ['laboratory', 'Laboratory'];
  return [{ coding: [{ system: OBSERVATION_CATEGORY, code, display }] }];
}

function interpretation(flag: RangeFlag) {
  if (flag === null) return undefined;
  return [
    {
      coding: [{ system: INTERPRETATION, code: flag === 'low' ? 'L' : 'H', display: flag === 'low' ? 'Low' : 'High' }],
      text: RANGE_FLAG_LABELS[flag],
    },
  ];
}

function referenceRange(band: Band | null, unit: string, convert: (value: number) => number, text: string) {
  if (!band || (band.low === null && band.high === null)) return undefined;
  const quantity = (value: number) => ({ value: Number(convert(value).toPrecision(6)), unit });
  return [
    { ...(band.low !== null ? { low: quantity(band.low) } : {}), ...(band.high !== null ? { high: quantity(band.high) } : {}), text },
  ];
}

/**
 * A result or vital sign as an Observation, coded with LOINC where the code is certain (and always
 * with Alliance's own analyte code): under the code of the unit it was entered in, as entered, or
 * converted to a unit that has a code (shared/results.ts exportCoding); the range it was judged by,
 * and whether it fell outside it.
 */
function resultObservation(result: Result): Observation {
  const definition = analyte(result.analyte);
  const { unit: exportUnit, loinc, value } = codedValue(result);
  const band = bandFor(result);
  const inError = result.enteredInError !== null;
  return {
    resourceType: 'Observation',
    id: result.id,
    status: inError ? 'entered-in-error' : 'final',
    category: category(definition.group),
    code: {
      coding: [
        ...(loinc ? [{ system: FHIR_SYSTEMS.loinc, code: loinc.code, display: loinc.display }] : []),
        { system: FHIR_SYSTEMS.analyte, code: result.analyte, display: definition.label },
      ],
      text: definition.label,
    },
    subject: ref<FhirPatient>('Patient', result.patientId),
    effectiveDateTime: result.takenOn,
    issued: result.createdAt,
    valueQuantity: { value, unit: exportUnit.unit },
    interpretation: interpretation(rangeFlag(result)),
    referenceRange: referenceRange(
      band,
      exportUnit.unit,
      exportUnit.fromCanonical,
      band?.source === 'lab' ? 'The laboratory’s range' : `${definition.band?.kind === 'target' ? 'Target' : 'Reference'} range`,
    ),
    note: notes(
      result.unit !== exportUnit.unit ? `Entered as ${result.value} ${result.unit}.` : null,
      result.note,
      result.enteredInError ? `Entered in error: ${result.enteredInError.reason}` : null,
    ),
  };
}

/** A BMI for every weight that counts, from the height in force on its day, derived from both. */
function bmiObservations(results: readonly Result[]): Observation[] {
  const patientId = results[0]?.patientId;
  if (patientId === undefined) return [];
  return bmiSeries(results).map((point) => ({
    resourceType: 'Observation',
    id: derivedId('bmi', point.weightId, point.heightId),
    status: 'final',
    category: category('Vitals'),
    code: { coding: [{ system: FHIR_SYSTEMS.loinc, code: BMI.loinc.code, display: BMI.loinc.display }], text: BMI.label },
    subject: ref<FhirPatient>('Patient', patientId),
    effectiveDateTime: point.takenOn,
    valueQuantity: { value: point.value, unit: BMI.unit },
    interpretation: interpretation(flagAgainst(point.value, BMI.band)),
    referenceRange: referenceRange(BMI.band, BMI.unit, (v) => v, 'Reference range'),
    derivedFrom: [ref<Observation>('Observation', point.weightId), ref<Observation>('Observation', point.heightId)],
  }));
}

/**
 * An AIMS examination as the form's answers (a QuestionnaireResponse) and its total of items 1–7 (an
 * Observation derived from it). The AIMS has no LOINC code this app can vouch for, so both name it in
 * the app's own system and in words. One entered in error stays, marked so.
 */
function aimsResources(examination: AimsExamination): [QuestionnaireResponse, Observation] {
  const subject = ref<FhirPatient>('Patient', examination.patientId);
  const inError = examination.enteredInError !== null;
  const rated = (linkId: string, text: string, value: number, anchors: readonly string[]): QuestionnaireResponseItem => ({
    linkId,
    text,
    answer: [{ valueCoding: { system: FHIR_SYSTEMS.aimsRating, code: String(value), display: anchors[value] ?? String(value) } }],
  });
  const items: QuestionnaireResponseItem[] = [
    ...AIMS_MOVEMENT_ITEMS.map((item, index) =>
      rated(String(item.number), `${item.area} (${item.detail})`, examination.movements[index] ?? 0, AIMS_SEVERITY_ANCHORS),
    ),
    ...(['severity', 'incapacitation', 'awareness'] as const).map((key) => {
      const item = AIMS_GLOBAL_ITEMS[key];
      return rated(String(item.number), item.question, examination[key], item.anchors);
    }),
    ...(['dentalProblems', 'wearsDentures'] as const).map((key) => ({
      linkId: String(AIMS_DENTAL_ITEMS[key].number),
      text: AIMS_DENTAL_ITEMS[key].question,
      answer: [{ valueBoolean: examination[key] }],
    })),
    { linkId: 'total', text: 'AIMS total score (items 1–7)', answer: [{ valueInteger: examination.total }] },
    ...(examination.note.trim() !== '' ? [{ linkId: 'note', text: 'Note', answer: [{ valueString: examination.note }] }] : []),
  ];
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    id: examination.id,
    questionnaire: FHIR_SYSTEMS.aims,
    status: inError ? 'entered-in-error' : 'completed',
    subject,
    authored: examination.createdAt,
    author: { ...practitionerRef, display: examination.examinedBy },
    source: practitionerRef,
    item: items,
  };
  const observation: Observation = {
    resourceType: 'Observation',
    id: examination.id,
    status: inError ? 'entered-in-error' : 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam', display: 'Exam' }] }],
    code: { coding: [{ system: FHIR_SYSTEMS.aims, code: 'total', display: 'AIMS total score' }], text: 'AIMS total score (items 1–7)' },
    subject,
    effectiveDateTime: examination.examinedOn,
    issued: examination.createdAt,
    performer: [{ ...practitionerRef, display: examination.examinedBy }],
    valueInteger: examination.total,
    ...(examination.flag === 'possible-td' ? { interpretation: [{ text: AIMS_FLAG_LABEL }] } : {}),
    derivedFrom: [ref('QuestionnaireResponse', examination.id)],
    note: notes(
      examination.flag === 'possible-td' ? AIMS_FLAG_EXPLANATION : null,
      examination.enteredInError ? `Entered in error on ${examination.enteredInError.at}: ${examination.enteredInError.reason}` : null,
    ),
  };
  return [response, observation];
}

/** The patient's ratings of a session (0 to 10) and their own words about it. */
function feedbackResource(feedback: Feedback): QuestionnaireResponse {
  const subject = ref<FhirPatient>('Patient', feedback.patientId);
  return {
    resourceType: 'QuestionnaireResponse',
    id: feedback.id,
    questionnaire: FHIR_SYSTEMS.sessionFeedback,
    status: 'completed',
    subject,
    encounter: ref<Encounter>('Encounter', feedback.appointmentId),
    authored: feedback.createdAt,
    source: feedback.source === 'patient' ? subject : practitionerRef,
    item: [
      ...FEEDBACK_RATINGS.map((rating) => ({
        linkId: rating.key,
        text: `${rating.question} (0 ${rating.low} to 10 ${rating.high})`,
        answer: [{ valueInteger: feedback[rating.key] }],
      })),
      ...FEEDBACK_QUESTIONS.filter((question) => feedback[question.key].trim() !== '').map((question) => ({
        linkId: question.key,
        text: question.question,
        answer: [{ valueString: feedback[question.key] }],
      })),
      { linkId: 'score', text: 'The mean of the four ratings', answer: [{ valueDecimal: feedback.score }] },
    ],
  };
}

/**
 * A flag of measurement-based care as a DetectedIssue, not a Flag: a DetectedIssue names its evidence
 * (the score's Observation, or the session rating's QuestionnaireResponse) and carries the
 * acknowledgement as a mitigation (what was discussed and agreed, when, by whom), where a Flag has only
 * a period and no place for the note. One still open has no mitigation.
 */
function outcomeFlagResource(
  patientId: string,
  subject: { kind: OutcomeFlagKind; evidence: Reference; identified: string; detail: string },
  acknowledgement: FlagAcknowledgement | null,
): DetectedIssue {
  const key = acknowledgement?.feedbackId ?? acknowledgement?.measureId ?? subject.evidence.reference ?? '';
  const label = OUTCOME_FLAG_LABELS[subject.kind];
  return {
    resourceType: 'DetectedIssue',
    id: derivedId('outcome-flag', subject.kind, key),
    status: 'final',
    code: { coding: [{ system: FHIR_SYSTEMS.outcomeFlag, code: subject.kind, display: label }], text: label },
    patient: ref<FhirPatient>('Patient', patientId),
    identifiedDateTime: subject.identified,
    evidence: [{ detail: [subject.evidence] }],
    detail: subject.detail,
    ...(acknowledgement
      ? {
          mitigation: [
            {
              action: {
                text: `${acknowledgement.note}${
                  acknowledgement.planVersionId
                    ? ` Led to plan version ${acknowledgement.planVersionNumber ?? ''} (CarePlan/${acknowledgement.planVersionId}).`
                    : ''
                }`,
              },
              date: acknowledgement.createdAt,
              author: practitionerRef,
            },
          ],
        }
      : {}),
  };
}

/** The open flags and the acknowledged ones of one chart. */
function outcomeFlagResources(chart: Chart): DetectedIssue[] {
  const patientId = chart.patient.id;
  const measureOf = new Map(chart.measures.map((m) => [m.id, m]));
  const feedbackOf = new Map(chart.feedback.map((f) => [f.id, f]));
  const issues: DetectedIssue[] = chart.outcomeFlags.open.map((flag) =>
    outcomeFlagResource(
      patientId,
      {
        kind: flag.kind,
        evidence: ref<Observation>('Observation', flag.measureId),
        identified: flag.date,
        detail: `${INSTRUMENT_DEFINITIONS[flag.instrument].name} ${flag.score} (baseline ${flag.baseline}). ${OUTCOME_FLAG_PROMPT}`,
      },
      null,
    ),
  );
  const { rupture } = chart.outcomeFlags;
  if (rupture)
    issues.push(
      outcomeFlagResource(
        patientId,
        {
          kind: 'rupture',
          evidence: ref<QuestionnaireResponse>('QuestionnaireResponse', rupture.feedbackId),
          identified: rupture.sessionStart,
          detail: `${describeRupture(rupture)} ${RUPTURE_PROMPT}.`,
        },
        null,
      ),
    );
  for (const acknowledgement of chart.outcomeFlags.acknowledgements) {
    const measure = acknowledgement.measureId ? measureOf.get(acknowledgement.measureId) : undefined;
    const feedback = acknowledgement.feedbackId ? feedbackOf.get(acknowledgement.feedbackId) : undefined;
    if (measure)
      issues.push(
        outcomeFlagResource(
          patientId,
          {
            kind: acknowledgement.kind,
            evidence: ref<Observation>('Observation', measure.id),
            identified: measure.date,
            detail: `${INSTRUMENT_DEFINITIONS[measure.instrument].name} ${measure.score}. ${OUTCOME_FLAG_PROMPT}`,
          },
          acknowledgement,
        ),
      );
    else if (feedback)
      issues.push(
        outcomeFlagResource(
          patientId,
          {
            kind: 'rupture',
            evidence: ref<QuestionnaireResponse>('QuestionnaireResponse', feedback.id),
            identified: feedback.sessionStart,
            detail: `Session rated ${feedback.score} of 10, below this patient’s usual. ${RUPTURE_PROMPT}.`,
          },
          acknowledgement,
        ),
      );
  }
  return issues;
}

/** Every resource of one chart, the Patient first; the Practitioner is the caller's. */
export function chartResources(chart: Chart): Resource[] {
  const resources: Resource[] = [patientResource(chart.patient)];
  resources.push(...chart.diagnoses.map(conditionResource));
  const scheduleOf = new Map(
    chart.titrations.flatMap((schedule) =>
      schedule.steps.flatMap((step) => (step.medicationEventId ? [[step.medicationEventId, schedule.id] as const] : [])),
    ),
  );
  resources.push(...medicationStatements(chart.medications, scheduleOf));
  resources.push(...chart.titrations.map((schedule) => medicationRequestResource(schedule, chart.medications, scheduleOf)));
  resources.push(...chart.allergies.allergies.map(allergyResource));
  if (chart.allergies.noKnownAllergiesAt) resources.push(noKnownAllergies(chart.patient.id, chart.allergies.noKnownAllergiesAt));
  const referenced = new Set<string>([
    ...chart.notes.flatMap((note) => (note.session ? [note.session.appointmentId] : [])),
    ...chart.measures.flatMap((measure) => (measure.appointmentId ? [measure.appointmentId] : [])),
    ...chart.feedback.map((feedback) => feedback.appointmentId),
    ...chart.goalRatings.flatMap((rating) => (rating.appointmentId ? [rating.appointmentId] : [])),
  ]);
  for (const session of chart.sessions) {
    resources.push(appointmentResource(session));
    const encounter = encounterResource(session, referenced);
    if (encounter) resources.push(encounter);
  }
  for (const note of chart.notes) resources.push(...noteResources(note));
  resources.push(...planResources(chart.planVersions, chart.progress));
  resources.push(...chart.goalRatings.flatMap((rating) => goalRatingObservation(rating, chart.planVersions) ?? []));
  for (const measure of chart.measures) resources.push(...measureResources(measure));
  resources.push(...chart.results.map(resultObservation), ...bmiObservations(chart.results));
  resources.push(...chart.feedback.map(feedbackResource));
  for (const examination of chart.aims) resources.push(...aimsResources(examination));
  for (const letter of chart.letters) resources.push(...letterResources(letter));
  resources.push(...chart.consents.map((consent) => consentResource(consent, chart.exportedAt.slice(0, 10))));
  const sessionIds = new Set(chart.sessions.map((session) => session.id));
  resources.push(...chart.charges.map((charge) => chargeItemResource(charge, sessionIds)));
  resources.push(...outcomeFlagResources(chart));
  return resources;
}

/** The FHIR resources each part of the record is exported as, for a consent's provision.class. */
const RECORD_PART_RESOURCES: Record<RecordPart, readonly string[]> = {
  diagnoses: ['Condition'],
  medications: ['MedicationStatement', 'MedicationRequest'],
  notes: ['DocumentReference'],
  plan: ['CarePlan', 'Goal'],
  measures: ['QuestionnaireResponse', 'Observation'],
};

/**
 * A consent to share as a FHIR R4 privacy Consent: the patient permits the recipient (provision.actor,
 * role "information recipient") to receive the parts named (provision.class by resource type, and
 * provision.code by Alliance's own part codes), for the period agreed. A revoked or expired consent is
 * inactive; one recorded by mistake is entered-in-error. `today` is the day of the export.
 */
export function consentResource(consent: Consent, today: string): FhirConsent {
  const status = consentStatus(consent, today);
  const recipient = [consent.recipient.name, consent.recipient.role].filter((text) => text.trim() !== '').join(', ');
  return {
    resourceType: 'Consent',
    id: consent.id,
    status: status === 'entered-in-error' ? 'entered-in-error' : status === 'revoked' || status === 'expired' ? 'inactive' : 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }],
    },
    category: [{ coding: [{ system: FHIR_SYSTEMS.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref('Patient', consent.patientId),
    dateTime: consent.recordedAt,
    performer: [ref<FhirPatient>('Patient', consent.patientId)],
    sourceAttachment: { title: CONSENT_FORM_LABELS[consent.givenAs] },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: { start: consent.validFrom, ...(consent.validUntil !== null ? { end: consent.validUntil } : {}) },
      actor: [
        {
          role: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' },
            ],
          },
          reference: { display: consent.recipient.contact.trim() !== '' ? `${recipient} (${consent.recipient.contact})` : recipient },
        },
      ],
      purpose: [{ display: consent.purpose }],
      class: consent.parts.flatMap((part) =>
        RECORD_PART_RESOURCES[part].map((type) => ({ system: 'http://hl7.org/fhir/resource-types', code: type })),
      ),
      code: consent.parts.map((part) => ({
        coding: [{ system: FHIR_SYSTEMS.recordPart, code: part, display: RECORD_PART_LABELS[part] }],
      })),
      ...(consent.revokedOn !== null ? { provision: [{ type: 'deny', period: { start: consent.revokedOn } }] } : {}),
    },
  };
}

/**
 * A charge of a coded session: the CPT code alone (no description: the AMA's text is not ours to
 * ship), the session's Encounter, its diagnoses and fee. Modifier 95 has no element of its own in
 * R4's ChargeItem and goes in a note. The fee is written as the decimal FHIR's Money wants, from the
 * stored integer of the smallest unit.
 */
export function chargeItemResource(charge: Charge, sessionIds: ReadonlySet<string>): ChargeItem {
  return {
    resourceType: 'ChargeItem',
    id: charge.id,
    status: charge.enteredInError ? 'entered-in-error' : 'billable',
    code: { coding: [{ system: FHIR_SYSTEMS.cpt, code: charge.code }] },
    subject: ref<FhirPatient>('Patient', charge.patientId),
    ...(sessionIds.has(charge.appointmentId) ? { context: ref<Encounter>('Encounter', charge.appointmentId) } : {}),
    occurrenceDateTime: charge.serviceDate,
    performer: [{ actor: practitionerRef }],
    quantity: { value: charge.units },
    priceOverride: {
      value: Number(moneyInputText(charge.fee, charge.currency)),
      currency: charge.currency as NonNullable<Money['currency']>,
    },
    enteredDate: charge.recordedAt,
    ...(charge.diagnoses.length > 0
      ? { reason: charge.diagnoses.map((d) => ({ coding: [{ system: FHIR_SYSTEMS.icd10cm, code: d.code, display: d.label }] })) }
      : {}),
    ...(charge.modifier || charge.enteredInError
      ? {
          note: notes(
            charge.modifier ? `Modifier ${charge.modifier}` : null,
            charge.enteredInError ? `Entered in error: ${charge.enteredInError.reason}` : null,
          ),
        }
      : {}),
  };
}

/** An audit log entry: what happened to which record, when. It names records, never their content. */
export function auditEventResource(entry: AuditEntry): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    // Positions count within each device's chain, so the device is part of the id.
    id: `audit-${entry.deviceId}-${entry.seq}`,
    type: { system: 'urn:alliance:audit-action', code: entry.action, display: AUDIT_ACTION_LABELS[entry.action] },
    recorded: entry.at,
    agent: [{ who: practitionerRef, requestor: true }],
    source: { observer: { display: 'Alliance' } },
    entity: [
      {
        what: { identifier: { system: `urn:alliance:${entry.recordType}`, value: entry.recordId } },
        description: `device ${entry.deviceId}, seq ${entry.seq}, hash ${entry.hash}`,
      },
      ...(entry.patientId ? [{ what: ref<FhirPatient>('Patient', entry.patientId) }] : []),
    ],
  };
}
