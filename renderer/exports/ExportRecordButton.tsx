import { useState } from 'react';
import { RECORD_PARTS } from '../../shared/consents';
import { PLAINTEXT_WARNING, type RecordExportFormat } from '../../shared/export';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { DisclosureStep, useDisclosure } from '../consents';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { APP_LOCALE } from '../format/locale';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
export const FHIR_FILE_NAME = 'Alliance record (FHIR).json';
export const PDF_FILE_NAME = 'Alliance record.pdf';

type SavedFormat = Exclude<RecordExportFormat, 'printer'>;
type SaveState =
  | { kind: 'idle' }
  | { kind: 'busy'; format: SavedFormat }
  | { kind: 'saved'; format: SavedFormat; pages: number | null }
  | { kind: 'failed'; message: string };

const SAVED_MESSAGES: Record<SavedFormat, (pages: number | null) => string> = {
  fhir: () => 'The FHIR file was saved.',
  pdf: (pages) => `The PDF was saved${pages === null ? '' : ` (${pages} ${pages === 1 ? 'page' : 'pages'})`}.`,
};

/**
 * "Export record…" in the chart's header: a patient's copy of their record, as a PDF or a FHIR
 * file, each written by the worker and saved where the person chooses. The dialog says first,
 * plainly, that what leaves the vault is not encrypted.
 */
export function ExportRecordButton({ patientId }: { patientId: string }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const recorded = useChannelMutation('exports:patientExported');
  // The whole record: every part a consent may cover.
  const disclosure = useDisclosure({ patientId, parts: RECORD_PARTS });

  /**
   * Writes the file in the worker, asks where to save it, and records the copy only once it is saved:
   * for anyone but the patient, only when the disclosure's basis holds, and recorded as a disclosure.
   */
  async function save(format: SavedFormat) {
    setState({ kind: 'idle' });
    await disclosure.guard(format === 'pdf' ? 'record-pdf' : 'record-fhir', () => write(format));
  }

  async function write(format: SavedFormat) {
    setState({ kind: 'busy', format });
    try {
      let pages: number | null = null;
      let outcome: 'saved' | 'cancelled';
      if (format === 'pdf') {
        const written = await call('exports:patientPdf', { patientId, locale: APP_LOCALE });
        pages = written.pages;
        ({ outcome } = await call('files:save', { suggestedFileName: PDF_FILE_NAME, content: written.pdf, mimeType: 'application/pdf' }));
      } else {
        const { json } = await call('exports:patientBundle', { patientId });
        ({ outcome } = await call('files:save', { suggestedFileName: FHIR_FILE_NAME, content: json, mimeType: 'application/fhir+json' }));
      }
      if (outcome === 'cancelled') {
        setState({ kind: 'idle' });
        return;
      }
      await recorded.mutateAsync({ patientId, format });
      await disclosure.record(format === 'pdf' ? 'record-pdf' : 'record-fhir');
      setState({ kind: 'saved', format, pages });
    } catch (caught) {
      setState({ kind: 'failed', message: explain(asAppError(caught)) });
    }
  }

  function close() {
    setOpen(false);
    setState({ kind: 'idle' });
    disclosure.reset();
  }

  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        Export record…
      </button>
      <Modal
        open={open}
        onClose={close}
        title="Export this record"
        footer={
          <>
            <button type="button" className="button button--secondary" onClick={close}>
              {state.kind === 'saved' ? 'Done' : 'Cancel'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void save('fhir')} disabled={state.kind === 'busy'}>
              {state.kind === 'busy' && state.format === 'fhir' ? 'Preparing the FHIR file…' : 'Save FHIR file'}
            </button>
            <button type="button" className="button button--primary" onClick={() => void save('pdf')} disabled={state.kind === 'busy'}>
              {state.kind === 'busy' && state.format === 'pdf' ? 'Writing the PDF…' : 'Save PDF'}
            </button>
          </>
        }
      >
        <div className="export-dialog">
          <DisclosureStep disclosure={disclosure} />
          <p>
            A complete copy of the record: details, diagnoses with their ICD-10-CM codes, medication history, allergies, every signed note
            with its addenda, every version of the treatment plan, the outcome measures with their charts, results and vital signs, and AIMS
            examinations.
          </p>
          <Notice tone="warning" title="Not encrypted">
            {PLAINTEXT_WARNING}
          </Notice>
          <ul className="export-dialog__choices">
            <li>
              <strong>PDF</strong>: the record as a document to read or print, each page naming the patient. A long record takes a few
              seconds.
            </li>
            <li>
              <strong>FHIR file</strong>: the same record as a FHIR R4 Bundle (JSON), which other health record systems can read.
            </li>
          </ul>
          <p className="muted">
            Each copy you save is recorded in the chart’s history; a copy for anyone but the patient, in the accounting of disclosures too.
          </p>
          {state.kind === 'busy' ? (
            <p className="muted" role="status">
              {state.format === 'pdf' ? 'Writing the PDF…' : 'Preparing the FHIR file…'}
            </p>
          ) : null}
          {state.kind === 'saved' ? <Notice tone="success">{SAVED_MESSAGES[state.format](state.pages)}</Notice> : null}
          {state.kind === 'failed' ? <Notice tone="error">{state.message}</Notice> : null}
        </div>
      </Modal>
    </>
  );
}
