import { useState } from 'react';
import { asAppError, call } from '../bridge/client';
import { explain } from '../errors/explain';
import { Notice } from './Notice';

type PrintState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

/**
 * Prints the window (its print stylesheet decides what) to a PDF or the printer, then records the
 * printing in the chart's history. A cancelled dialog records nothing. `what` names the document
 * in the message that follows ("The note was saved as a PDF.").
 */
export function usePrintWindow({
  fileName,
  what,
  recordPrinted,
}: {
  fileName: string;
  what: string;
  /** Told whether it went to a PDF or the printer, for the audit entry. */
  recordPrinted: (outcome: 'saved' | 'printed') => Promise<unknown>;
}) {
  const [state, setState] = useState<PrintState>({ kind: 'idle' });

  async function print(target: 'pdf' | 'printer') {
    setState({ kind: 'busy' });
    try {
      const { outcome } = await call('print:window', { target, suggestedFileName: fileName });
      if (outcome === 'cancelled') {
        setState({ kind: 'idle' });
        return;
      }
      await recordPrinted(outcome);
      setState({ kind: 'done', message: outcome === 'saved' ? `${what} was saved as a PDF.` : `${what} was sent to the printer.` });
    } catch (caught) {
      setState({ kind: 'failed', message: explain(asAppError(caught)) });
    }
  }

  return { state, print };
}

/** "Save as PDF" and "Print", held while a print is on its way. */
export function PrintButtons({ state, print }: ReturnType<typeof usePrintWindow>) {
  return (
    <div className="print-page__actions">
      <button type="button" className="button button--secondary" onClick={() => void print('pdf')} disabled={state.kind === 'busy'}>
        Save as PDF
      </button>
      <button type="button" className="button button--primary" onClick={() => void print('printer')} disabled={state.kind === 'busy'}>
        Print
      </button>
    </div>
  );
}

/** What became of the last print, on screen only. */
export function PrintOutcome({ state }: Pick<ReturnType<typeof usePrintWindow>, 'state'>) {
  if (state.kind === 'done') return <Notice tone="success">{state.message}</Notice>;
  if (state.kind === 'failed') return <Notice tone="error">{state.message}</Notice>;
  return null;
}
