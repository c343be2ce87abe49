import { useEffect, useId, useMemo, useState } from 'react';
import { displayName, type PatientSummary } from '../../shared/patient';
import { useChannelQuery } from '../bridge/queries';
import { useCombobox } from '../components/useCombobox';

const MAX_SHOWN = 8;

function matches(patient: PatientSummary, words: string[]): boolean {
  const haystack = `${displayName(patient)} ${patient.chartNumber}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

type PatientComboboxProps = {
  value: string | null;
  onChange: (patientId: string | null) => void;
  error?: string | undefined;
  /** Shown before the list loads or when the chosen patient is archived and so not listed. */
  initialName?: string;
};

/**
 * Type-ahead over the patient list, as an ARIA 1.2 combobox: the text box keeps focus, arrows
 * move through the suggestions, Enter chooses, Escape closes the list.
 */
export function PatientCombobox({ value, onChange, error, initialName }: PatientComboboxProps) {
  const patients = useChannelQuery('patients:list', { includeArchived: false });
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const chosen = useMemo(() => patients.data?.find((p) => p.id === value) ?? null, [patients.data, value]);
  const [text, setText] = useState(() => initialName ?? '');

  // A patient chosen before the list arrived (e.g. from their own page) gets its name once it does.
  useEffect(() => {
    if (chosen && text === '') setText(displayName(chosen));
  }, [chosen, text]);

  const suggestions = useMemo(() => {
    const words = text.toLocaleLowerCase().split(/[\s,]+/).filter(Boolean);
    return (patients.data ?? []).filter((p) => matches(p, words)).slice(0, MAX_SHOWN);
  }, [patients.data, text]);

  const { open, setOpen, active, setActive, expanded, take, onKeyDown } = useCombobox(suggestions, (patient: PatientSummary) => {
    setText(displayName(patient));
    onChange(patient.id);
  });

  const activeId = expanded ? `${id}-option-${active}` : undefined;
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(' ');

  return (
    <div className={`field combobox${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        Patient
      </label>
      <p className="field__hint" id={hintId}>
        {chosen ? `Chart no. ${chosen.chartNumber}` : 'Type part of a name or a chart number.'}
      </p>
      <input
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          if (value !== null) onChange(null);
        }}
        onFocus={() => {
          if (value === null) setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul className="combobox__list" id={listId} role="listbox" aria-label="Suggestions" hidden={!expanded}>
        {suggestions.map((patient, index) => (
          <li
            key={patient.id}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={`combobox__option${index === active ? ' combobox__option--active' : ''}`}
            // Chosen on mousedown so the text box's blur does not close the list first.
            onMouseDown={(event) => {
              event.preventDefault();
              take(patient);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span className="combobox__name">{displayName(patient)}</span>
            <span className="combobox__meta">Chart no. {patient.chartNumber}</span>
          </li>
        ))}
      </ul>
      {open && text.trim() !== '' && suggestions.length === 0 && patients.data ? (
        <p className="field__hint" role="status">
          No patient matches “{text.trim()}”.
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
