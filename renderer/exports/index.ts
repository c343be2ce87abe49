/**
 * Exports: a patient's copy of their record (a PDF the worker writes, and a FHIR file), from the
 * chart's button, and the whole practice from Settings.
 */
export { ExportRecordButton } from './ExportRecordButton';
export { PracticeExport } from './PracticeExport';
