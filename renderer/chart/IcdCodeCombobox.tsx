import { useMemo, useState } from 'react';
import { searchIcdCodes, type IcdCode } from '../../shared/icd10cm';
import { ComboBox } from '../components/ComboBox';

const SHOWN = 12;

type IcdCodeComboboxProps = {
  value: IcdCode | null;
  onChange: (code: IcdCode | null) => void;
  error?: string | undefined;
  autoFocus?: boolean;
};

function codeText(code: IcdCode): string {
  return `${code.code} ${code.description}`;
}

/**
 * ICD-10-CM type-ahead over the codes Alliance ships, searched in the window (no call across the
 * bridge): a code or its start ("F41", "f411") or words ("major depr recurrent", "ptsd"). Only
 * billable codes are offered.
 */
export function IcdCodeCombobox({ value, onChange, error, autoFocus = false }: IcdCodeComboboxProps) {
  const [text, setText] = useState(value ? codeText(value) : '');
  const suggestions = useMemo(() => (value ? [] : searchIcdCodes(text, { limit: SHOWN })), [text, value]);

  return (
    <ComboBox
      label="Diagnosis"
      hint={
        value ? `ICD-10-CM ${value.code}` : 'Type an ICD-10-CM code or words from its name, for example F33.1 or “recurrent depression”.'
      }
      error={error}
      text={text}
      onTextChange={(next) => {
        setText(next);
        if (value !== null && next !== text) onChange(null);
      }}
      suggestions={suggestions}
      keyOf={(code) => code.code}
      textOf={codeText}
      renderOption={(code) => (
        <>
          <span className="icd-list__code">{code.code}</span>
          <span className="icd-list__description">{code.description}</span>
        </>
      )}
      chosen={value?.code ?? null}
      onChoose={onChange}
      listLabel="ICD-10-CM codes"
      noMatch={
        value ? undefined : `No billable ICD-10-CM code matches “${text.trim()}”. A category such as F33 needs its more specific code.`
      }
      autoFocus={autoFocus}
      listClassName="icd-list"
      optionClassName="icd-list__option"
    />
  );
}
