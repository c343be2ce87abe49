import { addDays } from 'date-fns';
import { useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../shared/errors';
import { asAppError, call } from '../bridge/client';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { dateInputValue } from '../format/dates';
import type { VisibleRange } from './localizer';

type Names = 'initials' | 'omit';

/**
 * A date range of sessions as an iCalendar file for the clinician's other calendar. Patients
 * appear as initials or not at all: the file leaves the vault, so it carries as little as it can.
 */
export function ExportDialog({ range, onClose }: { range: VisibleRange; onClose: () => void }) {
  const ids = useId();
  const [from, setFrom] = useState(dateInputValue(new Date(range.from)));
  // The range ends at midnight after its last day; the person thinks of that last day.
  const [to, setTo] = useState(dateInputValue(addDays(new Date(range.to), -1)));
  const [names, setNames] = useState<Names>('initials');
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcome(null);
    setFailure(null);
    const start = new Date(`${from}T00:00:00`);
    const lastDay = new Date(`${to}T00:00:00`);
    if (Number.isNaN(start.getTime()) || Number.isNaN(lastDay.getTime())) {
      setProblem('Choose both dates.');
      return;
    }
    if (lastDay < start) {
      setProblem('The last day must be on or after the first.');
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const exported = await call('calendar:exportIcs', {
        from: start.toISOString(),
        to: addDays(lastDay, 1).toISOString(),
        names,
        includeCancelled,
      });
      const saved = await call('files:save', {
        suggestedFileName: exported.fileName,
        content: exported.content,
        mimeType: 'text/calendar',
      });
      setOutcome(
        saved.outcome === 'saved'
          ? `Exported ${exported.eventCount === 1 ? '1 session' : `${exported.eventCount} sessions`}.`
          : 'Nothing was saved: the save was cancelled.',
      );
    } catch (caught) {
      setFailure(asAppError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title="Export to another calendar" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted">
          Saves an iCalendar (.ics) file that other calendar programs can import. It holds each session’s time, kind and place; never a full
          name and never the session’s note.
        </p>
        <div className="export__dates">
          <TextField label="From" type="date" className="input--date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label="To" type="date" className="input--date" value={to} onChange={(e) => setTo(e.target.value)} error={problem} />
        </div>
        <fieldset className="choice-group">
          <legend className="field__label">Patient names</legend>
          <div className="choice-group__options choice-group__options--two">
            {(
              [
                ['initials', 'Initials', 'Only the patient’s initials'],
                ['omit', 'Leave out', 'No patient name at all'],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`${ids}-names`}
                  value={value}
                  checked={names === value}
                  onChange={() => setNames(value)}
                  aria-labelledby={`${ids}-${value}`}
                  aria-describedby={`${ids}-${value}-hint`}
                />
                <span className="choice__text">
                  <span className="choice__label" id={`${ids}-${value}`}>
                    {label}
                  </span>
                  <span className="choice__hint" id={`${ids}-${value}-hint`}>
                    {hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={includeCancelled} onChange={(e) => setIncludeCancelled(e.target.checked)} />
          <span>Include cancelled sessions</span>
        </label>
        {failure ? <Notice tone="error">{explain(failure)}</Notice> : null}
        {outcome ? <Notice tone="success">{outcome}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {outcome ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Exporting…' : 'Export sessions'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
