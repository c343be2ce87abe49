import { useState } from 'react';
import {
  PLAINTEXT_WARNING,
  PRACTICE_EXPORT_STEP_LABELS,
  type PracticeExportProgress,
  type PracticeExportResult,
} from '../../shared/export';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Notice } from '../components/Notice';
import { usePolledProgress } from '../components/usePolledProgress';
import { explain } from '../errors/explain';

/** How often the progress bar asks the worker how far it is. */
const PROGRESS_POLL_MS = 400;

type Exported = Extract<PracticeExportResult, { outcome: 'exported' }>;

/** How far a running export is, asked of the worker. */
const askExportProgress = (): Promise<PracticeExportProgress> => call('exports:practiceProgress', {});

/**
 * Settings › Your records: the whole practice as open files, to leave Alliance or keep a readable
 * copy. Asks for a folder (the system's dialog), after saying plainly that the files are not
 * encrypted; the worker writes them while a progress bar shows how far it is. The window stays
 * usable, and locking stops the export.
 */
export function PracticeExport() {
  const exportPractice = useChannelMutation('exports:practice');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<Exported | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const progress = usePolledProgress(exportPractice.isPending, askExportProgress, PROGRESS_POLL_MS);

  async function start() {
    setConfirming(false);
    setDone(null);
    setFailure(null);
    try {
      const result = await exportPractice.mutateAsync({});
      if (result.outcome === 'exported') setDone(result);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <section className="card" aria-labelledby="practice-export-title">
      <h2 className="card__title" id="practice-export-title">
        Your records
      </h2>
      <p className="card__text">
        Export every chart as open files you can take to another system or keep: FHIR R4 (one NDJSON file per kind of record), CSV tables a
        spreadsheet opens, and a README that says what is where. They go into a new dated folder inside the folder you choose.
      </p>
      <button type="button" className="button button--secondary" onClick={() => setConfirming(true)} disabled={exportPractice.isPending}>
        Export the whole practice…
      </button>

      {exportPractice.isPending ? (
        <div className="export-progress" role="status" aria-live="polite">
          <p className="export-progress__label">
            {progress
              ? `${PRACTICE_EXPORT_STEP_LABELS[progress.step]}: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} charts`
              : 'Waiting for a folder…'}
          </p>
          <progress className="export-progress__bar" max={100} value={percent} aria-label="Export progress">
            {percent}%
          </progress>
          <p className="muted">You can go on working meanwhile. Locking Alliance stops the export and removes its unfinished folder.</p>
        </div>
      ) : null}

      {done ? (
        <Notice tone="success" title="The practice was exported">
          {done.patients.toLocaleString()} {done.patients === 1 ? 'chart' : 'charts'} written to the folder “<bdi>{done.folderName}</bdi>”,
          in {done.files.length} files. The README.txt in it says what each file holds. They are not encrypted: keep them safe.
        </Notice>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}

      <ConfirmDialog
        open={confirming}
        title="Export the whole practice"
        confirmLabel="Choose a folder"
        onConfirm={() => void start()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Every chart is written out: details, diagnoses, medications, allergies, sessions, signed notes, plans, measures and the audit log.
        </p>
        <Notice tone="warning" title="Not encrypted">
          {PLAINTEXT_WARNING}
        </Notice>
      </ConfirmDialog>
    </section>
  );
}
