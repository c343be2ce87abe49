import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PLAINTEXT_WARNING } from '../../shared/export';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
export const FHIR_FILE_NAME = 'Alliance record (FHIR).json';

type SaveState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved' } | { kind: 'failed'; message: string };

/**
 * "Export record…" in the chart's header: a patient's copy of their record, as a PDF (the printable
 * copy) or a FHIR file. The dialog says first, plainly, that what leaves the vault is not encrypted.
 */
export function ExportRecordButton({ patientId }: { patientId: string }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const navigate = useNavigate();
  const recorded = useChannelMutation('exports:patientExported');

  async function saveFhir() {
    setState({ kind: 'busy' });
    try {
      const { json } = await call('exports:patientBundle', { patientId });
      const { outcome } = await call('files:save', { suggestedFileName: FHIR_FILE_NAME, content: json, mimeType: 'application/fhir+json' });
      if (outcome === 'cancelled') {
        setState({ kind: 'idle' });
        return;
      }
      await recorded.mutateAsync({ patientId, format: 'fhir' });
      setState({ kind: 'saved' });
    } catch (caught) {
      setState({ kind: 'failed', message: explain(asAppError(caught)) });
    }
  }

  function close() {
    setOpen(false);
    setState({ kind: 'idle' });
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
            <button type="button" className="button button--secondary" onClick={() => void saveFhir()} disabled={state.kind === 'busy'}>
              {state.kind === 'busy' ? 'Preparing the FHIR file…' : 'Save FHIR file'}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void navigate(`/print/record/${patientId}`)}
              disabled={state.kind === 'busy'}
            >
              Open the printable copy (PDF)
            </button>
          </>
        }
      >
        <div className="export-dialog">
          <p>
            A complete copy of the record: details, diagnoses with their ICD-10-CM codes, medication history, allergies, every signed note
            with its addenda, every version of the treatment plan, and the outcome measures.
          </p>
          <Notice tone="warning" title="Not encrypted">
            {PLAINTEXT_WARNING}
          </Notice>
          <ul className="export-dialog__choices">
            <li>
              <strong>Printable copy</strong>: opens the record as a document to save as a PDF or print.
            </li>
            <li>
              <strong>FHIR file</strong>: the same record as a FHIR R4 Bundle (JSON), which other health record systems can read.
            </li>
          </ul>
          <p className="muted">Each copy you save or print is recorded in the chart’s history.</p>
          {state.kind === 'saved' ? <Notice tone="success">The FHIR file was saved.</Notice> : null}
          {state.kind === 'failed' ? <Notice tone="error">{state.message}</Notice> : null}
        </div>
      </Modal>
    </>
  );
}
