import { SaveStatus } from '../../components/SaveStatus';
import type { PlanSaveState } from '../usePlanDraft';

/** How the draft's saving goes, and the way on to the patient's agreement. */
export function SaveBar({
  state,
  omitted,
  onRetry,
  onRecordAgreement,
}: {
  state: PlanSaveState;
  omitted: number;
  onRetry: () => void;
  onRecordAgreement: () => void;
}) {
  return (
    <footer className="note-editor__bar plan-editor__bar">
      <SaveStatus state={state} closedText="This plan is no longer a draft" onRetry={onRetry}>
        <OmittedItems count={omitted} state={state} />
      </SaveStatus>
      <span className="note-editor__bar-gap" />
      <button type="button" className="button button--primary" onClick={onRecordAgreement}>
        Record the patient’s agreement…
      </button>
    </footer>
  );
}

/** New items left out of the save until they are complete: said beside a save that went through. */
function OmittedItems({ count, state }: { count: number; state: PlanSaveState }) {
  if (count === 0 || (state.kind !== 'saved' && state.kind !== 'saving')) return null;
  return (
    <span className="save-status__extra"> · {count === 1 ? 'one new item is' : `${count} new items are`} not saved until corrected</span>
  );
}
