import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { SearchResult, Snippet } from '../../shared/search';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { safetyPlanPath } from '../components/safetyPlan';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';

const MATCH_LABELS: Record<SearchResult['matchedOn'], string> = {
  name: 'Name',
  'preferred name': 'Preferred name',
  'chart number': 'Chart number',
  'date of birth': 'Date of birth',
  phone: 'Phone',
  plan: 'In the treatment plan',
  'safety plan': 'In the safety plan',
  note: 'In a note',
};

function resultKey(result: SearchResult): string {
  return result.note ? `${result.patientId}:${result.note.noteId}` : result.patientId;
}

/** A note opens the note; a plan hit the plan, landing on its safety plan (components/safetyPlan) when the words are there. */
function resultPath(result: SearchResult): string {
  if (result.note) return `/patients/${result.patientId}/notes/${result.note.noteId}`;
  if (result.plan) return result.plan.section === 'safety-plan' ? safetyPlanPath(result.patientId) : `/patients/${result.patientId}/plan`;
  return `/patients/${result.patientId}`;
}

/** A note's words around the match: each part is text, the matched ones marked. Never HTML. */
function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <span className="palette__snippet">
      <bdi>{snippet.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}</bdi>
    </span>
  );
}

/**
 * Ctrl/Cmd+K: find a patient by name, preferred name, chart number, date of birth, phone or words
 * in their treatment plan, safety plan or notes, from anywhere in the unlocked window. What is typed lives in this dialog only,
 * never in the address, a preference or the title.
 */
export function SearchPalette({ onClose }: { onClose: () => void }) {
  const ids = useId();
  const listId = `${ids}-list`;
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = text.trim();
  const results = useChannelQuery('search:query', { text: query, limit: 12 }, { enabled: query !== '', keepPrevious: true });
  const shown = query === '' ? [] : (results.data ?? []);

  useEffect(() => {
    const element = dialog.current;
    opener.current = document.activeElement;
    if (element && !element.open) element.showModal();
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);

  // A new answer starts at its first result.
  useEffect(() => setActive(0), [results.data]);

  function open(result: SearchResult) {
    onClose();
    void navigate(resultPath(result));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, shown.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const result = shown[active];
      if (result) open(result);
    }
  }

  const expanded = shown.length > 0;
  const status =
    query === ''
      ? ''
      : results.isFetching && !results.data
        ? 'Searching…'
        : shown.length === 0
          ? `Nothing found for “${query}”.`
          : shown.length === 1
            ? '1 result.'
            : `${shown.length} results.`;

  return (
    <dialog
      ref={dialog}
      className="palette"
      aria-label="Find a patient"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === dialog.current) onClose();
      }}
    >
      <div className="palette__box">
        <div className="palette__search">
          <svg className="palette__icon" width="18" height="18" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <input
            className="palette__input"
            role="combobox"
            aria-label="Find a patient"
            aria-describedby={`${ids}-hint`}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded ? `${ids}-option-${active}` : undefined}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            placeholder="Name, chart number, date of birth, phone or words in a plan or note"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <kbd className="palette__kbd">Esc</kbd>
        </div>
        <p className="visually-hidden" id={`${ids}-hint`}>
          Results appear as you type. Use the up and down arrows to choose, Enter to open, Escape to close.
        </p>
        {results.error ? (
          <div className="palette__message">
            <Notice tone="error">{explain(results.error)}</Notice>
          </div>
        ) : null}
        <ul className="palette__list" id={listId} role="listbox" aria-label="Patients found" hidden={!expanded}>
          {shown.map((result, index) => (
            <li
              key={resultKey(result)}
              id={`${ids}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={`palette__option${index === active ? ' palette__option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => open(result)}
              onMouseMove={() => setActive(index)}
            >
              <span className="palette__line">
                <span className="palette__name">
                  <bdi>{result.name}</bdi>
                </span>
                {result.archived ? <span className="badge badge--muted">Archived</span> : null}
                <span className="palette__match">{MATCH_LABELS[result.matchedOn]}</span>
              </span>
              <span className="palette__meta">
                Chart no. {result.chartNumber} · born {formatCalendarDate(result.dateOfBirth)}
                {result.note ? ` · note of ${formatCalendarDate(result.note.serviceDate)}` : ''}
              </span>
              {result.note ? <SnippetText snippet={result.note.snippet} /> : null}
              {result.plan ? <SnippetText snippet={result.plan.snippet} /> : null}
            </li>
          ))}
        </ul>
        <p className={`palette__status${query === '' ? ' palette__status--hint' : ''}`} role="status">
          {query === ''
            ? 'Find a patient by name, preferred name, chart number, date of birth, phone, or words in their plan, safety plan or notes.'
            : status}
        </p>
      </div>
    </dialog>
  );
}
