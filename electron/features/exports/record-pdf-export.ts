/**
 * A patient's record as a PDF: read here in the database worker (reading it is opening the chart, in the
 * audit log), written on the writer's own thread (./record-pdf-writer.ts, bundled to `record-pdf-writer.cjs`
 * beside the worker's). Setting the busiest chart's pages takes PDFKit about a second and a half; written
 * here, it held every call of the window's behind it. The thread is started at the first export (PDFKit,
 * fontkit and the fonts are loaded then, not at each unlock) and ended when the vault locks.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { Repositories } from '../../database/connection';
import { readRecord } from './record';
import type { RecordPdfInput, RecordPdfParams, RecordPdfSummary } from './record-pdf';
import type { RecordPdfAnswer, RecordPdfRequest } from './record-pdf-writer';

export const RECORD_PDF_WRITER_BUNDLE = 'record-pdf-writer.cjs';

type Pending = { resolve: (written: RecordPdfSummary) => void; reject: (error: AppError) => void };

let writer: { thread: Worker; pending: Map<number, Pending> } | undefined;
let nextId = 0;

function failAll(pending: Map<number, Pending>, error: AppError): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

function writerThread(): NonNullable<typeof writer> {
  if (writer) return writer;
  // A path known only when the worker runs: the bundle beside the worker's own.
  const thread = new Worker(path.join(__dirname, RECORD_PDF_WRITER_BUNDLE));
  // It never keeps the worker's process alive by itself.
  thread.unref();
  const pending = new Map<number, Pending>();
  const started = { thread, pending };
  writer = started;
  thread.on('message', (answer: RecordPdfAnswer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiting?.resolve(answer.written);
    else waiting?.reject(AppError.fromShape(answer.error));
  });
  thread.once('error', () => undefined);
  thread.once('exit', () => {
    if (writer === started) writer = undefined;
    failAll(pending, new AppError('INTERNAL', 'The PDF could not be written.'));
  });
  return started;
}

function write(input: RecordPdfInput): Promise<RecordPdfSummary> {
  const { thread, pending } = writerThread();
  nextId += 1;
  const id = nextId;
  return new Promise<RecordPdfSummary>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.postMessage({ id, input } satisfies RecordPdfRequest);
  });
}

export async function exportRecordPdf(params: RecordPdfParams, repositories: Repositories): Promise<RecordPdfSummary> {
  const record = readRecord(repositories, params.patientId, params.now);
  const aims = repositories.aims.list(params.patientId);
  repositories.audit.touch(params.now, {
    action: 'chart.open',
    recordType: 'patient',
    recordId: params.patientId,
    patientId: params.patientId,
  });
  return write({ record, aims, letterhead: params.letterhead, locale: params.locale, paper: params.paper });
}

/** Ends the writer's thread, and any PDF being written, when the vault locks: nothing of a record outlives the lock. */
export async function stopRecordPdfWriter(): Promise<void> {
  const running = writer;
  if (!running) return;
  writer = undefined;
  failAll(running.pending, new AppError('VAULT_LOCKED', 'The vault was locked before the PDF was written.'));
  await running.thread.terminate();
}
