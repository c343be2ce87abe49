/**
 * A patient's copy of their whole record as a PDF, written in the database worker with PDFKit:
 * the letterhead, their details, diagnoses with their ICD-10-CM codes, medication history,
 * allergies, PHQ-9 and GAD-7 with a drawn chart of each, results and vital signs with what fell out
 * of range, AIMS examinations, every version of the treatment plan, their feedback on sessions, and
 * every signed note with its addenda. Every page names the patient (name, date of birth, chart
 * number) and says "Confidential" and "Page x of y".
 *
 * Chromium took longer than the two seconds a patient's export may take to print the busiest
 * chart (334 pages) from a page; here the same document is set directly, in the set-up the app's
 * printed pages use (Inter, the same headings and colours).
 */
import { KIND_LABELS } from '../../../shared/appointment';
import { AIMS_FLAG_LABEL, type AimsExamination } from '../../../shared/aims';
import { dateTimeFormats, type DateTimeFormats } from '../../../shared/date-time-formats';
import { DIAGNOSIS_STATUS_LABELS } from '../../../shared/diagnosis';
import type { PatientRecord } from '../../../shared/export';
import { FEEDBACK_QUESTIONS, type Measure } from '../../../shared/feedback';
import { INSTRUMENTS, INSTRUMENT_DEFINITIONS, type Instrument } from '../../../shared/measures';
import { MEDICATION_EVENT_LABELS } from '../../../shared/medication';
import type { Note } from '../../../shared/note';
import { displayName, SEX_AT_BIRTH_LABELS, type Patient } from '../../../shared/patient';
import { AGREEMENT_LABELS, OBJECTIVE_STATUS_LABELS, SAFETY_PLAN_FIELDS, type PlanVersion } from '../../../shared/plan';
import { analyte, bandFor, counts, rangeFlag, type Result } from '../../../shared/results';
import { BODY, COLORS, PdfLayout, type Part, type PaperSize } from './pdf-layout';

export type Letterhead = {
  practiceName: string;
  practiceAddress: string;
  practicePhone: string;
  /** The clinician's name with their credentials, as they sign. */
  clinician: string;
};

export type RecordPdfInput = {
  record: PatientRecord;
  aims: readonly AimsExamination[];
  letterhead: Letterhead;
  /** The app's language, so dates read as on screen. */
  locale: string;
  paper: PaperSize;
};

export type RecordPdfParams = {
  patientId: string;
  now: string;
  locale: string;
  paper: PaperSize;
  letterhead: Letterhead;
};

/** The PDF as base64, the form it crosses to the window in and is saved from. */
export type RecordPdfSummary = { pdf: string; pages: number };

/** Reads the whole record and writes it; reading it is opening the chart, in the audit log. Saving it is recorded apart. */
const MUTED = { size: 8.5, color: COLORS.muted } as const;
const SMALL = { size: 8, color: COLORS.muted } as const;

/** The words a person may not know the file by: never the patient's name in the file's own title. */
export const RECORD_PDF_TITLE = 'Copy of the health record';

function supportedLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).at(0) ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

export function writeRecordPdf(input: RecordPdfInput): { pdf: Buffer; pages: number } {
  const { record, letterhead } = input;
  const formats = dateTimeFormats(supportedLocale(input.locale));
  const layout = new PdfLayout(
    input.paper,
    { top: 66, bottom: 58, left: 54, right: 54 },
    { title: RECORD_PDF_TITLE, author: letterhead.clinician || 'Alliance' },
  );
  const writer = new RecordWriter(layout, formats);

  writer.opening(record, letterhead);
  writer.details(record.patient);
  writer.diagnoses(record);
  writer.medications(record);
  writer.allergies(record);
  writer.measures(record.measures);
  writer.results(record.results);
  writer.aims(input.aims);
  writer.plans(record.planVersions);
  writer.feedback(record);
  writer.notes(record.notes);
  writer.closing();

  const patient = record.patient;
  const who = `${displayName(patient)}  ·  Date of birth ${formats.longCalendarDate(patient.dateOfBirth)}  ·  Chart no. ${patient.chartNumber}`;
  const made = `${RECORD_PDF_TITLE}, made ${formats.longMoment(record.exportedAt)}`;
  return layout.finish(({ number, count }) => {
    const top = 30;
    const right = layout.left + layout.width;
    layout.label(who, layout.left, top, { size: 7.5, color: '#444444' }, { width: layout.width - 90 });
    layout.label('CONFIDENTIAL', right - 90, top, { size: 7.5, weight: 600, color: COLORS.confidential }, { width: 90, align: 'right' });
    layout.rule(top + 13, COLORS.rule, 0.5);
    const bottom = layout.pageHeight - 38;
    layout.rule(bottom - 6, COLORS.rule, 0.5);
    layout.label(made, layout.left, bottom, { size: 7.5, color: '#444444' }, { width: layout.width - 90 });
    layout.label(`Page ${number} of ${count}`, right - 90, bottom, { size: 7.5, color: '#444444' }, { width: 90, align: 'right' });
  });
}

class RecordWriter {
  constructor(
    private readonly layout: PdfLayout,
    private readonly formats: DateTimeFormats,
  ) {}

  private date(isoDate: string): string {
    return this.formats.calendarDate(isoDate);
  }

  private longDate(isoDate: string): string {
    return this.formats.longCalendarDate(isoDate);
  }

  private moment(timestamp: string): string {
    return this.formats.longMoment(timestamp);
  }

  private none(text: string): void {
    this.layout.paragraph([{ text }], MUTED, { gap: 4 });
  }

  opening(record: PatientRecord, letterhead: Letterhead): void {
    const { layout } = this;
    const top = layout.y;
    const half = layout.width / 2;
    if (letterhead.practiceName)
      layout.label(letterhead.practiceName, layout.left, top, { size: 14, weight: 600, color: COLORS.accent }, { width: half });
    if (letterhead.clinician) layout.label(letterhead.clinician, layout.left, top + 19, { size: 9.5 }, { width: half });
    const address = [...letterhead.practiceAddress.split(/\r?\n|,\s*/), letterhead.practicePhone]
      .map((line) => line.trim())
      .filter(Boolean);
    address.slice(0, 5).forEach((line, index) => {
      layout.label(line, layout.left + half, top + 2 + index * 11, { size: 8.5, color: COLORS.muted }, { width: half, align: 'right' });
    });
    const letterheadHeight = Math.max(
      letterhead.practiceName || letterhead.clinician ? 34 : 0,
      address.length > 0 ? Math.min(address.length, 5) * 11 + 4 : 0,
    );
    if (letterheadHeight > 0) {
      layout.rule(top + letterheadHeight + 4, COLORS.accent, 1.5);
      layout.y = top + letterheadHeight + 16;
    }
    layout.paragraph([{ text: 'CONFIDENTIAL' }], { size: 7.5, weight: 600, color: COLORS.confidential }, { gap: 2 });
    layout.paragraph([{ text: RECORD_PDF_TITLE }], { size: 19, weight: 600 }, { gap: 8 });
    const { patient } = record;
    layout.facts([
      ['Patient', displayName(patient)],
      ['Date of birth', this.longDate(patient.dateOfBirth)],
      ['Chart no.', String(patient.chartNumber)],
      ['Copy made', this.moment(record.exportedAt)],
    ]);
    layout.space(4);
  }

  details(patient: Patient): void {
    const joined = (...values: Array<string | null | undefined>) => values.filter((value) => value && value.trim() !== '').join(', ');
    const facts: Array<[string, string | null]> = [
      ['Name', `${patient.givenName} ${patient.familyName}`],
      ['Preferred name', patient.preferredName],
      ['Date of birth', this.longDate(patient.dateOfBirth)],
      ['Sex assigned at birth', patient.sexAssignedAtBirth ? SEX_AT_BIRTH_LABELS[patient.sexAssignedAtBirth] : null],
      ['Gender identity', patient.genderIdentity],
      ['Pronouns', patient.pronouns],
      ['Phone', patient.phone],
      ['Email', patient.email],
      ['Address', patient.address],
      ['Emergency contact', joined(patient.emergencyContactName, patient.emergencyContactRelationship, patient.emergencyContactPhone)],
      [
        'Primary care',
        joined(patient.primaryCarePhysician, patient.primaryCarePractice, patient.primaryCarePhone, patient.primaryCarePhysicianContact),
      ],
      ['Referred by', joined(patient.referringClinician, patient.referringClinicianContact)],
      ['Pharmacy', joined(patient.pharmacyName, patient.pharmacyPhone)],
      ['Insurance', joined(patient.insurancePayer, patient.insuranceMemberId ? `member ${patient.insuranceMemberId}` : null)],
    ];
    this.layout.sectionHeading('Details');
    this.layout.facts(facts.filter((fact): fact is [string, string] => fact[1] != null && fact[1].trim() !== ''));
  }

  diagnoses(record: PatientRecord): void {
    const diagnoses = record.diagnoses.filter((diagnosis) => diagnosis.enteredInError === null);
    this.layout.sectionHeading('Diagnoses');
    if (diagnoses.length === 0) return this.none('None recorded.');
    this.layout.table(
      [
        { header: 'ICD-10-CM', share: 1.1 },
        { header: 'Diagnosis', share: 5 },
        { header: 'Status', share: 1.4 },
        { header: 'Since', share: 1.3 },
      ],
      diagnoses.map((diagnosis) => [
        { parts: [{ text: diagnosis.code, style: { weight: 600 } }] },
        {
          parts: [
            { text: diagnosis.label },
            ...(diagnosis.isPrimary ? [{ text: ' (primary)', style: { color: COLORS.muted } }] : []),
            ...(diagnosis.note ? [{ text: ` — ${diagnosis.note}`, style: { color: COLORS.muted } }] : []),
          ],
        },
        DIAGNOSIS_STATUS_LABELS[diagnosis.status],
        diagnosis.onsetDate ? this.date(diagnosis.onsetDate) : '—',
      ]),
    );
  }

  medications(record: PatientRecord): void {
    const entries = record.medications
      .filter((entry) => entry.enteredInError === null)
      .sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
    this.layout.sectionHeading('Medication history');
    if (entries.length === 0) return this.none('None recorded.');
    this.layout.table(
      [
        { header: 'Date', share: 1.3 },
        { header: 'Medication', share: 2.2 },
        { header: 'Entry', share: 1.5 },
        { header: 'Dose and frequency', share: 2.2 },
        { header: 'Reason', share: 2.4 },
      ],
      entries.map((entry) => [
        this.date(entry.date),
        {
          parts: [
            { text: entry.name, style: { weight: 600 } },
            { text: ` (${entry.route})`, style: { color: COLORS.muted } },
          ],
        },
        MEDICATION_EVENT_LABELS[entry.kind],
        [entry.dose, entry.frequency].filter(Boolean).join(', '),
        entry.reason,
      ]),
    );
  }

  allergies(record: PatientRecord): void {
    const allergies = record.allergies.allergies.filter((allergy) => allergy.enteredInError === null);
    this.layout.sectionHeading('Allergies');
    if (allergies.length === 0) {
      const known = record.allergies.noKnownAllergiesAt;
      return this.none(known ? `No known allergies (recorded ${this.moment(known)}).` : 'None recorded.');
    }
    this.layout.table(
      [
        { header: 'Substance', share: 2 },
        { header: 'Kind', share: 1.2 },
        { header: 'Severity', share: 1.2 },
        { header: 'Reaction', share: 3 },
        { header: 'Noted', share: 1.3 },
      ],
      allergies.map((allergy) => [
        { parts: [{ text: allergy.substance, style: { weight: 600 } }] },
        allergy.kind,
        allergy.severity,
        allergy.reaction,
        allergy.notedOn ? this.date(allergy.notedOn) : '—',
      ]),
    );
  }

  measures(measures: readonly Measure[]): void {
    // The heading stays with the first chart.
    this.layout.sectionHeading('Measures', measures.length === 0 ? 50 : 250);
    if (measures.length === 0) return this.none('No measures recorded.');
    for (const instrument of INSTRUMENTS) {
      const points = measures.filter((measure) => measure.instrument === instrument);
      if (points.length === 0) continue;
      const definition = INSTRUMENT_DEFINITIONS[instrument];
      this.layout.keepSpace(220);
      this.layout.paragraph([{ text: definition.title }], { size: 10.5, weight: 600 }, { gap: 4 });
      this.measureChart(instrument, points);
      this.layout.table(
        [
          { header: 'Date', share: 1.3 },
          { header: 'Total', share: 1 },
          { header: 'Band', share: 2 },
          { header: 'Answered by', share: 2.2 },
        ],
        points.map((measure) => [
          this.date(measure.date),
          `${measure.score} of ${definition.maxScore}`,
          measure.band,
          measure.source === 'patient' ? 'Patient' : 'Clinician, with the patient',
        ]),
      );
    }
  }

  /** One instrument's totals by date as a line over its shaded severity bands, drawn as vectors. */
  private measureChart(instrument: Instrument, points: readonly Measure[]): void {
    const { layout } = this;
    const { doc } = layout;
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    const height = 150;
    const left = layout.left + 26;
    const right = layout.left + layout.width - 4;
    const top = layout.y + 4;
    const bottom = top + height - 26;
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    const first = day(points[0]?.date ?? '');
    const last = day(points.at(-1)?.date ?? '');
    const x = (date: string, index: number) =>
      points.length === 1
        ? (left + right) / 2
        : last === first
          ? left + (index / (points.length - 1)) * (right - left)
          : left + ((day(date) - first) / (last - first)) * (right - left);
    const y = (score: number) => top + (1 - score / definition.maxScore) * (bottom - top);

    definition.bands.forEach((band, index) => {
      const upper = y(Math.min(definition.maxScore, band.to + 1));
      const lower = y(band.from);
      doc
        .save()
        .rect(left, upper, right - left, lower - upper)
        .fill(index % 2 === 0 ? '#f3f6f6' : '#e4eded')
        .restore();
      layout.label(band.label, right - 150, lower - 9, { size: 6.5, color: '#6b7a7a' }, { width: 146, align: 'right' });
    });
    for (const tick of [0, Math.round(definition.maxScore / 2), definition.maxScore]) {
      layout.label(String(tick), layout.left, y(tick) - 3.5, { size: 7, color: COLORS.muted }, { width: 20, align: 'right' });
    }
    doc.save().moveTo(left, top).lineTo(left, bottom).lineTo(right, bottom).lineWidth(0.6).strokeColor('#8a9a9a').stroke().restore();
    // Years along the axis when the measures span more than a year; else the first and last dates.
    const firstYear = Number((points[0]?.date ?? '').slice(0, 4));
    const lastYear = Number((points.at(-1)?.date ?? '').slice(0, 4));
    if (last - first > 400 && lastYear > firstYear) {
      const step = Math.ceil((lastYear - firstYear) / 10);
      for (let year = firstYear + 1; year <= lastYear; year += step) {
        const at = x(`${year}-01-01`, 0);
        doc
          .save()
          .moveTo(at, bottom)
          .lineTo(at, bottom + 3)
          .lineWidth(0.5)
          .strokeColor('#8a9a9a')
          .stroke()
          .restore();
        layout.label(String(year), at - 20, bottom + 5, { size: 7, color: COLORS.muted }, { width: 40, align: 'center' });
      }
    } else {
      layout.label(this.date(points[0]?.date ?? ''), left, bottom + 5, { size: 7, color: COLORS.muted }, { width: 100 });
      if (last !== first)
        layout.label(
          this.date(points.at(-1)?.date ?? ''),
          right - 100,
          bottom + 5,
          { size: 7, color: COLORS.muted },
          { width: 100, align: 'right' },
        );
    }
    doc.save();
    points.forEach((point, index) => {
      const px = x(point.date, index);
      const py = y(point.score);
      if (index === 0) doc.moveTo(px, py);
      else doc.lineTo(px, py);
    });
    doc.lineWidth(1.1).lineJoin('round').strokeColor(COLORS.accent).stroke().restore();
    const radius = points.length > 120 ? 1.1 : 2;
    doc.save();
    points.forEach((point, index) => doc.circle(x(point.date, index), y(point.score), radius));
    doc.fill(COLORS.accent).restore();
    layout.y = bottom + 16;
    layout.paragraph(
      [{ text: `${definition.name} total (0 to ${definition.maxScore}) by date` }],
      { size: 7.5, color: COLORS.muted, italic: true },
      { gap: 6 },
    );
  }

  results(results: readonly Result[]): void {
    const shown = results.filter(counts).sort((a, b) => a.takenOn.localeCompare(b.takenOn) || a.createdAt.localeCompare(b.createdAt));
    this.layout.sectionHeading('Results and vital signs');
    if (shown.length === 0) return this.none('No results recorded.');
    this.layout.paragraph(
      [
        {
          text: 'Values outside the range are marked ↑ (above) or ↓ (below): the lab’s range where it was given, otherwise the usual range.',
        },
      ],
      MUTED,
      { gap: 5 },
    );
    this.layout.table(
      [
        { header: 'Taken', share: 1.3 },
        { header: 'Measure', share: 1.9 },
        { header: 'Value', share: 1.5 },
        { header: 'Out of range', share: 1.3 },
        { header: 'Range', share: 1.9 },
        { header: 'Note', share: 2.3 },
      ],
      shown.map((result) => {
        const flag = rangeFlag(result);
        const band = bandFor(result);
        const range =
          band === null
            ? '—'
            : band.source === 'lab'
              ? `${rangeText(result.rangeLow, result.rangeHigh)} ${result.unit} (lab)`
              : `${rangeText(band.low, band.high)} ${analyte(result.analyte).units[0].unit}`;
        const value = `${result.value} ${result.unit}`;
        return [
          this.date(result.takenOn),
          analyte(result.analyte).label,
          flag ? { parts: [{ text: value, style: { weight: 600, color: COLORS.alert } }] } : value,
          flag
            ? {
                parts: [{ text: flag === 'high' ? '↑ Above' : '↓ Below', style: { weight: 600, color: COLORS.alert } }],
              }
            : '',
          range,
          result.note,
        ];
      }),
    );
  }

  aims(examinations: readonly AimsExamination[]): void {
    const shown = examinations
      .filter((examination) => examination.enteredInError === null)
      .sort((a, b) => a.examinedOn.localeCompare(b.examinedOn));
    this.layout.sectionHeading('Abnormal Involuntary Movement Scale (AIMS)');
    if (shown.length === 0) return this.none('No AIMS examinations recorded.');
    this.layout.paragraph(
      [
        {
          text: 'Items 1–7 rate movements of the face, mouth, limbs and trunk from 0 (none) to 4 (severe); the total is their sum (0–28). Items 8–10 are the global judgements (severity, incapacitation, the patient’s awareness); dental: problems with teeth or dentures.',
        },
      ],
      MUTED,
      { gap: 5 },
    );
    this.layout.table(
      [
        { header: 'Examined', share: 1.25 },
        { header: 'Items 1–7', share: 1.75 },
        { header: 'Total', share: 0.75 },
        { header: '8, 9, 10', share: 0.9 },
        { header: 'Dental', share: 1 },
        { header: 'Screening', share: 2.4 },
        { header: 'Examined by', share: 1.9 },
      ],
      shown.map((examination) => [
        this.date(examination.examinedOn),
        examination.movements.join(', '),
        {
          parts: [
            { text: `${examination.total}`, style: { weight: 600 } },
            { text: ' / 28', style: { color: COLORS.muted } },
          ],
        },
        `${examination.severity}, ${examination.incapacitation}, ${examination.awareness}`,
        [examination.dentalProblems ? 'Problems' : 'None', examination.wearsDentures ? 'dentures' : null].filter(Boolean).join(', '),
        examination.flag === 'possible-td'
          ? { parts: [{ text: AIMS_FLAG_LABEL, style: { weight: 600, color: COLORS.alert } }] }
          : 'Below threshold',
        examination.examinedBy,
      ]),
    );
    const noted = shown.filter((examination) => examination.note.trim() !== '');
    for (const examination of noted) {
      this.layout.paragraph(
        [{ text: `${this.date(examination.examinedOn)}: `, style: { weight: 600 } }, { text: examination.note }],
        BODY,
        { gap: 3 },
      );
    }
  }

  plans(versions: readonly PlanVersion[]): void {
    this.layout.sectionHeading('Treatment plan, every version');
    if (versions.length === 0) return this.none('No treatment plan.');
    versions.forEach((version, index) => {
      if (index > 0) this.separator();
      this.plan(version);
    });
  }

  private plan(version: PlanVersion): void {
    const { layout } = this;
    const { content, agreement } = version;
    layout.keepSpace(90);
    layout.paragraph([{ text: `Version ${version.number} — ${this.moment(version.createdAt)}` }], { size: 10.5, weight: 600 }, { gap: 2 });
    layout.paragraph(
      [
        {
          text: agreement
            ? `${AGREEMENT_LABELS[agreement.method]} on ${this.longDate(agreement.date)}, recorded by ${agreement.recordedBy}.`
            : 'Draft, not yet agreed with the patient.',
        },
        ...(version.reason ? [{ text: ` Revised because: ${version.reason}` }] : []),
      ],
      MUTED,
      { gap: 5 },
    );
    const facts: Array<[string, string]> = [];
    if (content.diagnoses.length > 0)
      facts.push(['Diagnoses', content.diagnoses.map((diagnosis) => `${diagnosis.code} ${diagnosis.label}`).join('; ')]);
    for (const [term, value] of [
      ['Presenting problems', content.presentingProblems],
      ['Effect on daily life', content.dailyLifeEffect],
      ['Strengths', content.strengths],
    ] as const) {
      if (value.trim() !== '') facts.push([term, value]);
    }
    layout.facts(facts);
    if (content.goals.length > 0) {
      this.subheading('Goals');
      content.goals.forEach((goal, index) => {
        layout.keepSpace(30);
        layout.paragraph(
          [
            { text: `${index + 1}.  ` },
            { text: `“${goal.patientWords}”`, style: { weight: 600 } },
            ...(goal.formulation ? [{ text: ` — ${goal.formulation}` }] : []),
          ],
          BODY,
          { gap: 2 },
        );
        for (const objective of goal.objectives) {
          layout.paragraph(
            [
              { text: '–  ' },
              { text: objective.description },
              ...(objective.measure ? [{ text: ` (measured by ${objective.measure})` }] : []),
              ...(objective.targetDate ? [{ text: `, by ${this.date(objective.targetDate)}` }] : []),
              { text: ` — ${OBJECTIVE_STATUS_LABELS[objective.status]}`, style: { color: COLORS.muted } },
            ],
            BODY,
            { indent: 14, gap: 2 },
          );
        }
        layout.space(2);
      });
    }
    const interventions = [
      ...content.interventions.psychotherapy.map(
        (item) => `${item.modality}, ${item.frequency}, ${item.sessionMinutes} minutes${item.description ? `: ${item.description}` : ''}`,
      ),
      ...content.interventions.medications.map(
        (item) => `${item.name} ${item.dose}, ${item.frequency}${item.monitoring ? ` (monitoring: ${item.monitoring})` : ''}`,
      ),
      ...content.interventions.referrals.map((item) => `Referral to ${item.to}${item.reason ? `: ${item.reason}` : ''}`),
    ];
    if (interventions.length > 0) {
      this.subheading('Interventions');
      for (const text of interventions) layout.paragraph([{ text: '–  ' }, { text }], BODY, { indent: 4, gap: 2 });
      layout.space(2);
    }
    const safety = SAFETY_PLAN_FIELDS.filter((field) => content.safetyPlan[field.key].trim() !== '');
    if (safety.length > 0) {
      this.subheading('Safety plan');
      layout.facts(safety.map((field) => [field.label, content.safetyPlan[field.key]] as const));
    }
    layout.paragraph(
      [
        { text: `Review date ${content.reviewDate ? this.longDate(content.reviewDate) : 'not set'}` },
        ...(content.dischargeCriteria ? [{ text: `. Discharge criteria: ${content.dischargeCriteria}` }] : []),
      ],
      MUTED,
      { gap: 4 },
    );
  }

  feedback(record: PatientRecord): void {
    if (record.feedback.length === 0) return;
    this.layout.sectionHeading('Session feedback');
    this.layout.paragraph(
      [
        {
          text: 'How the patient rated each session from 0 (not at all) to 10 (completely): felt heard, worked on what they wanted, the way of working fits, the session overall; and what they wrote.',
        },
      ],
      MUTED,
      { gap: 5 },
    );
    this.layout.table(
      [
        { header: 'Session', share: 1.3 },
        { header: 'Heard', share: 0.7, align: 'right' },
        { header: 'Focus', share: 0.7, align: 'right' },
        { header: 'Approach', share: 0.9, align: 'right' },
        { header: 'Overall', share: 0.8, align: 'right' },
        { header: 'Mean', share: 0.7, align: 'right' },
        { header: 'In their words', share: 4.2 },
      ],
      record.feedback.map((feedback) => [
        this.formats.instantDate(feedback.sessionStart),
        String(feedback.heard),
        String(feedback.focus),
        String(feedback.approach),
        String(feedback.overall),
        feedback.score.toFixed(1),
        {
          parts: FEEDBACK_QUESTIONS.filter((question) => feedback[question.key].trim() !== '').flatMap((question, index): Part[] => [
            { text: `${index > 0 ? ' ' : ''}${question.question} `, style: { color: COLORS.muted } },
            { text: feedback[question.key] },
          ]),
        },
      ]),
    );
  }

  notes(notes: readonly Note[]): void {
    this.layout.sectionHeading(`Signed notes (${notes.length})`);
    if (notes.length === 0) return this.none('No signed notes.');
    notes.forEach((note, index) => {
      if (index > 0) this.separator();
      this.note(note);
    });
  }

  private note(note: Note): void {
    const { layout } = this;
    layout.keepSpace(80);
    layout.paragraph(
      [{ text: `${note.definition.label} note — ${this.longDate(note.serviceDate)}` }],
      { size: 10.5, weight: 600 },
      { gap: 1 },
    );
    if (note.session) {
      const start = new Date(note.session.start);
      layout.paragraph(
        [
          {
            text: `${this.formats.longDay(start)}, ${this.formats.timeRange(start, new Date(note.session.end))}, ${KIND_LABELS[note.session.kind]}`,
          },
        ],
        MUTED,
        { gap: 4 },
      );
    } else layout.space(3);
    const sections = note.definition.sections
      .map((section) => ({ ...section, filled: section.fields.filter((field) => (note.fields[field.key] ?? '').trim() !== '') }))
      .filter((section) => section.filled.length > 0);
    if (sections.length === 0) layout.paragraph([{ text: 'Nothing was written in this note.' }], MUTED, { gap: 4 });
    for (const section of sections) {
      layout.keepSpace(40);
      layout.paragraph([{ text: section.heading }], { size: 9, weight: 600, color: COLORS.accent }, { gap: 2 });
      const single = section.filled.length === 1 && section.filled[0]?.label === section.heading;
      for (const field of section.filled) {
        if (!single) {
          layout.keepSpace(28);
          layout.paragraph([{ text: field.label }], { size: 8.3, weight: 600, color: COLORS.muted }, { gap: 1 });
        }
        layout.paragraph([{ text: note.fields[field.key] ?? '' }], BODY, { gap: 4 });
      }
    }
    layout.paragraph(
      [
        { text: 'Signed by ' },
        { text: note.signedBy ?? '', style: { weight: 600, color: COLORS.text } },
        { text: note.signedAt ? `, ${this.moment(note.signedAt)}` : '' },
        { text: note.contentHash ? `  ·  SHA-256 ${note.contentHash}` : '', style: { size: 6.5 } },
      ],
      SMALL,
      { gap: 3 },
    );
    for (const addendum of note.addenda) {
      layout.keepSpace(34);
      layout.space(3);
      const top = layout.y;
      layout.paragraph(
        [
          { text: 'Addendum', style: { weight: 600, color: COLORS.accent } },
          { text: `, ${this.moment(addendum.createdAt)}, signed by ` },
          { text: addendum.signedBy, style: { weight: 600, color: COLORS.text } },
        ],
        { size: 8.3, color: COLORS.muted },
        { indent: 10, gap: 1 },
      );
      layout.paragraph([{ text: addendum.text }], BODY, { indent: 10, gap: 2 });
      // A bar beside the addendum while it stays on one page; one carried over keeps its indent alone.
      if (layout.y > top)
        layout.doc
          .save()
          .rect(layout.left, top, 2, layout.y - top - 2)
          .fill('#b9d3d5')
          .restore();
    }
  }

  private subheading(text: string): void {
    this.layout.keepSpace(36);
    this.layout.paragraph([{ text }], { size: 9, weight: 600, color: COLORS.accent }, { gap: 3 });
  }

  private separator(): void {
    const { layout } = this;
    layout.space(6);
    if (layout.y > layout.margins.top + 2) {
      layout.rule(layout.y, '#e6e6e6', 0.5);
      layout.space(8);
    }
  }

  closing(): void {
    const { layout } = this;
    layout.keepSpace(50);
    layout.space(14);
    layout.rule(layout.y, COLORS.rule, 0.5);
    layout.space(6);
    layout.paragraph(
      [
        { text: 'Confidential. ', style: { weight: 600, color: COLORS.text } },
        {
          text: 'This document contains personal health information. It is intended only for the person or service it was given to and must not be passed on without the patient’s consent.',
        },
      ],
      MUTED,
    );
  }
}

function rangeText(low: number | null, high: number | null): string {
  if (low !== null && high !== null) return `${low}–${high}`;
  if (low !== null) return `${low} or more`;
  if (high !== null) return `up to ${high}`;
  return '—';
}
