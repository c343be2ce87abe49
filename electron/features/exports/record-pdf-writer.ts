/** The entry of `record-pdf-writer.cjs`, the record PDF's writer, which the database worker loads at its first export (record-pdf-export.ts). */
export { writeRecordPdf } from './record-pdf';
