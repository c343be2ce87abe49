/**
 * Exports: a patient's copy of their record (the printable copy as a route, the FHIR file from the
 * chart's button) and the whole practice from Settings.
 */
import { lazyNamed } from '../components/lazyNamed';

export const PrintRecordPage = lazyNamed(() => import('./PrintRecordPage'), 'PrintRecordPage');

export { ExportRecordButton } from './ExportRecordButton';
export { PracticeExport } from './PracticeExport';
