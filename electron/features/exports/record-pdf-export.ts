/**
 * A patient's record as a PDF, in the database worker: read, written, and its reading recorded as a chart open.
 * The writer (PDFKit, fontkit and the fonts, more than half of the worker's code) is a bundle of its own,
 * `record-pdf-writer.cjs` beside the worker's, loaded at the first export rather than at every start of the
 * worker: each unlock starts one.
 */
import path from 'node:path';
import type { Repositories } from '../../database/connection';
import { readRecord } from './record';
import type { RecordPdfParams, RecordPdfSummary, writeRecordPdf } from './record-pdf';

export const RECORD_PDF_WRITER_BUNDLE = 'record-pdf-writer.cjs';

let writer: typeof writeRecordPdf | undefined;

function recordPdfWriter(): typeof writeRecordPdf {
  // A path known only when the worker runs, so the bundler leaves this require to Node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  writer ??= (require(path.join(__dirname, RECORD_PDF_WRITER_BUNDLE)) as { writeRecordPdf: typeof writeRecordPdf }).writeRecordPdf;
  return writer;
}

export function exportRecordPdf(params: RecordPdfParams, repositories: Repositories): RecordPdfSummary {
  const record = readRecord(repositories, params.patientId, params.now);
  const aims = repositories.aims.list(params.patientId);
  const { pdf, pages } = recordPdfWriter()({ record, aims, letterhead: params.letterhead, locale: params.locale, paper: params.paper });
  repositories.audit.touch(params.now, {
    action: 'chart.open',
    recordType: 'patient',
    recordId: params.patientId,
    patientId: params.patientId,
  });
  return { pdf: pdf.toString('base64'), pages };
}
