import type { ReactNode } from 'react';
import { explain } from '../errors/explain';
import { formatClockTime } from '../format/times';
import type { SaveState } from './useAutosave';

/**
 * Where a self-saving draft says how its saving goes, spoken to screen readers as it changes. What
 * could not be saved says why in the person's terms, with a way to try again where that can help.
 */
export function SaveStatus({
  state,
  closedText,
  onRetry,
  children,
}: {
  state: SaveState;
  closedText: string;
  onRetry: () => void;
  children?: ReactNode;
}) {
  let text: string;
  switch (state.kind) {
    case 'saved':
      text = `Saved ${formatClockTime(state.at)}`;
      break;
    case 'unsaved':
      text = 'Unsaved changes';
      break;
    case 'saving':
      text = 'Saving…';
      break;
    case 'held':
      text = `Not saved: ${state.message}`;
      break;
    case 'failed':
      // A field too long, say: its own message says which and what to do.
      text = `Not saved. ${state.error.code === 'INVALID_INPUT' ? (state.error.issues?.[0]?.message ?? (state.error.message || explain(state.error))) : explain(state.error)}`;
      break;
    case 'conflict':
      text = 'Not saved: changed in another window';
      break;
    case 'closed':
      text = closedText;
      break;
  }
  return (
    <p className={`save-status save-status--${state.kind === 'held' ? 'failed' : state.kind}`} role="status">
      <span className="save-status__dot" aria-hidden="true" />
      {text}
      {children}
      {state.kind === 'failed' ? (
        <button type="button" className="button button--link save-status__retry" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </p>
  );
}
