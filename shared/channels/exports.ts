import { z } from 'zod';
import { channel, empty } from '../channel';
import { practiceExportProgressSchema, practiceExportResultSchema, RECORD_EXPORT_FORMATS } from '../export';
import { patientIdSchema } from '../patient';
import { SAVED_FILE_MAX_CHARACTERS } from './files';

/* A patient's copy of their record (PDF and FHIR), and the whole practice as FHIR NDJSON and CSV. */

export const exportsChannels = {
  /**
   * The whole record as a PDF (base64), written by the worker: demographics, diagnoses, medications,
   * allergies, measures with their charts, results, AIMS, plan versions, session feedback and signed
   * notes with their addenda, every page naming the patient. The window saves it with files:save.
   * `locale` is the window's language, so the dates read as on screen.
   */
  'exports:patientPdf': channel({
    input: z.strictObject({
      patientId: patientIdSchema,
      locale: z
        .string()
        .max(35)
        .regex(/^[A-Za-z0-9-]+$/)
        .optional(),
    }),
    output: z.object({ pdf: z.string().max(SAVED_FILE_MAX_CHARACTERS), pages: z.number().int().positive() }),
    needsVault: true,
    runs: 'main',
  }),
  /** The same record as a FHIR R4 Bundle (type "document"), as JSON text the window saves with files:save. */
  'exports:patientBundle': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.object({ json: z.string().max(SAVED_FILE_MAX_CHARACTERS) }),
    needsVault: true,
  }),
  /** A copy of the record was saved or printed: the audit log says how. A cancelled dialog records nothing. */
  'exports:patientExported': channel({
    input: z.strictObject({ patientId: patientIdSchema, format: z.enum(RECORD_EXPORT_FORMATS) }),
    output: z.object({ recorded: z.literal(true) }),
    needsVault: true,
    changes: ['audit'],
  }),
  /**
   * Asks for a folder (the system's dialog), then writes the whole practice into a new dated folder
   * inside it: FHIR R4 NDJSON, CSV tables and a README. The worker does the work; the window polls
   * exports:practiceProgress meanwhile.
   */
  'exports:practice': channel({
    input: empty,
    output: practiceExportResultSchema,
    needsVault: true,
    runs: 'main',
    changes: ['audit'],
  }),
  /** How far the practice export is; null when none runs. */
  'exports:practiceProgress': channel({ input: empty, output: practiceExportProgressSchema, needsVault: true }),
};
