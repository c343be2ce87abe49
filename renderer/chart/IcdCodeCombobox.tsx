import { useId, useMemo, useState } from 'react';
import { searchIcdCodes, type IcdCode } from '../../shared/icd10cm';
import { useCombobox } from '../components/useCombobox';

const SHOWN = 12;

type IcdCodeComboboxProps = {
  value: IcdCode | null;
  onChange: (code: IcdCode | null) => void;
  error?: string | undefined;
  autoFocus?: boolean;
};

/**
 * ICD-10-CM type-ahead over the codes Alliance ships, searched in the window (no call across the
 * bridge): a code or its start ("F41", "f411") or words ("major depr recurrent", "ptsd"). Only
 * billable codes are offered. An ARIA 1.2 combobox: arrows move, Enter chooses, Escape closes.
 */
export function IcdCodeCombobox({ value, onChange, error, autoFocus = false }: IcdCodeComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(value ? `${value.code} ${value.description}` : '');
  const suggestions = useMemo(() => (value ? [] : searchIcdCodes(text, { limit: SHOWN })), [text, value]);

  const { open, setOpen, active, setActive, expanded, take, onKeyDown } = useCombobox(suggestions, (code: IcdCode) => {
    setText(`${code.code} ${code.description}`);
    onChange(code);
  });

  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(' ');

  return (
    <div className={`field combobox${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        Diagnosis
      </label>
      <p className="field__hint" id={hintId}>
        {value ? `ICD-10-CM ${value.code}` : 'Type an ICD-10-CM code or words from its name, for example F33.1 or “recurrent depression”.'}
      </p>
      <input
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? `${id}-option-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
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
      <ul className="combobox__list icd-list" id={listId} role="listbox" aria-label="ICD-10-CM codes" hidden={!expanded}>
        {suggestions.map((code, index) => (
          <li
            key={code.code}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={`combobox__option icd-list__option${index === active ? ' combobox__option--active' : ''}`}
            onMouseDown={(event) => {
              event.preventDefault();
              take(code);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span className="icd-list__code">{code.code}</span>
            <span className="icd-list__description">{code.description}</span>
          </li>
        ))}
      </ul>
      {open && !value && text.trim() !== '' && suggestions.length === 0 ? (
        <p className="field__hint" role="status">
          No billable ICD-10-CM code matches “{text.trim()}”. A category such as F33 needs its more specific code.
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
