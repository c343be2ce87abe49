/**
 * The record PDF's writer on a thread of its own, bundled to `record-pdf-writer.cjs` beside the database
 * worker's: PDFKit sets the busiest chart's 300-odd pages in about a second and a half, and the database
 * worker, which reads the record and hands it here, keeps answering the window meanwhile. The worker
 * starts this thread at the first export (PDFKit, fontkit and the fonts are loaded then, not at each
 * unlock) and ends it when the vault locks, so no record stays in its memory.
 */
import { parentPort } from 'node:worker_threads';
import type { AppErrorShape } from '../../../shared/errors';
import { writeRecordPdf, type RecordPdfInput, type RecordPdfSummary } from './record-pdf';

/** One PDF to write: the record as the worker read it. Plain data, cloned across. */
export type RecordPdfRequest = { id: number; input: RecordPdfInput };
/** The PDF in base64 (the form it crosses to the window in), or why it could not be written, in the app's words. */
export type RecordPdfAnswer = { id: number } & ({ ok: true; written: RecordPdfSummary } | { ok: false; error: AppErrorShape });

const port = parentPort;
if (!port) throw new Error('The record PDF is written in a thread of its own.');

port.on('message', ({ id, input }: RecordPdfRequest) => {
  let answer: RecordPdfAnswer;
  try {
    const { pdf, pages } = writeRecordPdf(input);
    answer = { id, ok: true, written: { pdf: pdf.toString('base64'), pages } };
  } catch {
    // PDFKit's own messages may quote the record's text: none of it crosses.
    answer = { id, ok: false, error: { code: 'INTERNAL', message: 'The PDF could not be written.' } };
  }
  port.postMessage(answer);
});
