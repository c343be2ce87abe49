import { z } from 'zod';
import { goalRatingSchema } from './goal-ratings';
import type { Instrument } from './measures';
import { timestampSchema } from './dates';
import { diagnosisSchema } from './diagnosis';
import { feedbackSchema, measureSchema } from './feedback';
import { allergyStatusSchema, medicationEventSchema } from './medication';
import { noteSchema } from './note';
import { patientSchema } from './patient';
import { planVersionSchema, progressUpdateSchema } from './plan';
import { resultSchema } from './results';

/*
 * Exports: a patient's copy of their record (a PDF and a FHIR R4 Bundle) and the whole practice as
 * FHIR NDJSON and CSV. They are the only plaintext that leaves the vault, always at the person's
 * request, and each is an entry in the audit log.
 */

/** Everything a patient's copy of their record holds, oldest first within each part. */
export const patientRecordSchema = z.object({
  patient: patientSchema,
  /** Every diagnosis, those entered in error included (the PDF leaves them out; FHIR marks them). */
  diagnoses: z.array(diagnosisSchema),
  /** Every medication entry: starts, changes, stops. */
  medications: z.array(medicationEventSchema),
  allergies: allergyStatusSchema,
  /** Signed notes only, with their addenda: a draft is not yet part of the record. */
  notes: z.array(noteSchema),
  /** Every version of the treatment plan, the first first. */
  planVersions: z.array(planVersionSchema),
  progress: z.array(progressUpdateSchema),
  /** The patient's own ratings of their goals, oldest first. */
  goalRatings: z.array(goalRatingSchema),
  measures: z.array(measureSchema),
  /** Every result and vital sign, those entered in error included (FHIR marks them). */
  results: z.array(resultSchema),
  /** The patient's own ratings of their sessions, by session. */
  feedback: z.array(feedbackSchema),
  /** When the copy was made. */
  exportedAt: timestampSchema,
});
export type PatientRecord = z.infer<typeof patientRecordSchema>;

/** How a copy of one record left the vault, for its audit entry. */
export const RECORD_EXPORT_FORMATS = ['pdf', 'printer', 'fhir'] as const;
export type RecordExportFormat = (typeof RECORD_EXPORT_FORMATS)[number];

/** What the person reads before any export: said once, shown in both dialogs. */
export const PLAINTEXT_WARNING =
  'The exported files are not encrypted. Anyone who has them can read them: keep them on a disk only you use, and delete them when they are no longer needed.';

/** The steps of a practice export, in order, as the progress bar names them. */
export const PRACTICE_EXPORT_STEPS = ['starting', 'charts', 'audit', 'finishing'] as const;
export type PracticeExportStep = (typeof PRACTICE_EXPORT_STEPS)[number];
export const PRACTICE_EXPORT_STEP_LABELS: Record<PracticeExportStep, string> = {
  starting: 'Starting',
  charts: 'Writing the charts',
  audit: 'Writing the audit log',
  finishing: 'Finishing',
};

/** A practice export under way, as the window polls it; null when none runs. */
export const practiceExportProgressSchema = z
  .object({
    step: z.enum(PRACTICE_EXPORT_STEPS),
    /** Charts written so far, of all of them. */
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  })
  .nullable();
export type PracticeExportProgress = z.infer<typeof practiceExportProgressSchema>;

export const exportedFileSchema = z.object({ name: z.string(), rows: z.number().int().nonnegative() });

/** What a finished practice export wrote: the new folder's name and each file with its count of resources or rows. */
export const practiceExportResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('cancelled') }),
  z.object({
    outcome: z.literal('exported'),
    /** The dated folder made inside the chosen one; never a path the window could reuse. */
    folderName: z.string(),
    patients: z.number().int().nonnegative(),
    files: z.array(exportedFileSchema),
  }),
]);
export type PracticeExportResult = z.infer<typeof practiceExportResultSchema>;

/** The FHIR R4 resource types written to NDJSON, one file each, in this order. */
export const PRACTICE_RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'Condition',
  'MedicationStatement',
  'MedicationRequest',
  'AllergyIntolerance',
  'Appointment',
  'Encounter',
  'DocumentReference',
  'Provenance',
  'CarePlan',
  'Goal',
  'QuestionnaireResponse',
  'Observation',
  'Consent',
  'ChargeItem',
  'DetectedIssue',
  'AuditEvent',
] as const;
export type PracticeResourceType = (typeof PRACTICE_RESOURCE_TYPES)[number];

/** The CSV tables written beside the NDJSON, for a spreadsheet. */
export const PRACTICE_CSV_TABLES = [
  'patients',
  'diagnoses',
  'medications',
  'appointments',
  'notes',
  'plan-goals',
  'measures',
  'session-feedback',
  'results',
  'aims',
  'titration-steps',
  'letters',
  'consents',
  'disclosures',
  'charges',
  'payments',
] as const;
export type PracticeCsvTable = (typeof PRACTICE_CSV_TABLES)[number];

/** The codes a receiving system matches on. */
export const FHIR_SYSTEMS = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  /** CPT® codes, written as the code alone. */
  cpt: 'http://www.ama-assn.org/go/cpt',
  loinc: 'http://loinc.org',
  /** The session feedback questionnaire, which has no LOINC code of its own. */
  sessionFeedback: 'urn:alliance:questionnaire:session-feedback',
  /** The AIMS (Abnormal Involuntary Movement Scale): no LOINC code is used for it, so the app names it. */
  aims: 'urn:alliance:questionnaire:aims',
  /** The AIMS ratings 0–4, with the form's anchor words. */
  aimsRating: 'urn:alliance:aims-rating',
  /** An outcome measure with no LOINC code Alliance can vouch for (PCL-5, CGI), named by its key in shared/measures. */
  instrument: 'urn:alliance:instrument',
  /** This vault's own ids. */
  allianceId: 'urn:alliance:id',
  chartNumber: 'urn:alliance:chart-number',
  /** Alliance's own code for each analyte of the results catalogue (shared/results.ts). */
  analyte: 'urn:alliance:analyte',
  /** The parts of the record a consent covers (shared/consents.ts RECORD_PARTS). */
  recordPart: 'urn:alliance:record-part',
  /** The flags measurement-based care raises (not on track, reliable deterioration, rupture), by shared/outcomes' kinds. */
  outcomeFlag: 'urn:alliance:outcome-flag',
} as const;

/** One instrument's LOINC codes: its panel (where Alliance can vouch for one) and its total score. */
export type MeasureLoinc = { panel: string | null; panelDisplay: string | null; total: string; totalDisplay: string };

/**
 * LOINC: the questionnaire panels and their total scores, only where the code was verified (sources in
 * shared/data/README.md, "Outcome measures"). The PCL-5 and the CGI have none here: no code could be
 * checked against a LOINC source, so their Observations carry Alliance's own code and words only.
 */
export const MEASURE_LOINC: Readonly<Partial<Record<Instrument, MeasureLoinc>>> = {
  phq9: {
    panel: '44249-1',
    panelDisplay: 'PHQ-9 quick depression assessment panel',
    total: '44261-6',
    totalDisplay: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
  },
  gad7: {
    panel: '69737-5',
    panelDisplay: 'Generalized anxiety disorder 7 item (GAD-7)',
    total: '70274-6',
    totalDisplay: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  },
  auditc: { panel: null, panelDisplay: null, total: '75626-2', totalDisplay: 'Total score [AUDIT-C]' },
  audit: { panel: null, panelDisplay: null, total: '75624-7', totalDisplay: 'Total score [AUDIT]' },
};
