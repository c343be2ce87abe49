import { useEffect, useMemo, useState } from 'react';
import type { IcdCode } from '../../shared/icd10cm';
import type { IcdMatch } from '../../shared/icd10cm-search';
import { ComboBox } from '../components/ComboBox';

const SHOWN = 12;

type Search = (query: string, options: { limit: number }) => IcdMatch[];

let loading: Promise<Search> | undefined;

/**
 * The search and its terms (inclusion terms, abbreviations) are a script of their own, loaded the
 * first time a diagnosis is being chosen: opening a chart does not pay for them.
 */
function loadSearch(): Promise<Search> {
  loading ??= import('../../shared/icd10cm-search').then(
    (module) => {
      module.prepareIcdSearch();
      return module.searchIcdCodes;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

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
 * bridge): a code or its start ("F41", "f411"), words of its name, its inclusion terms, or what
 * clinicians type ("recurrent depression", "MDD", "panic attacks"). Only billable codes are offered;
 * a code found through a term says which.
 */
export function IcdCodeCombobox({ value, onChange, error, autoFocus = false }: IcdCodeComboboxProps) {
  const [text, setText] = useState(value ? codeText(value) : '');
  const [search, setSearch] = useState<Search | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadSearch().then(
      (found) => {
        if (live) setSearch(() => found);
      },
      () => {
        if (live) setLoadFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const suggestions = useMemo(() => (value || !search ? [] : search(text, { limit: SHOWN })), [text, value, search]);

  return (
    <ComboBox
      label="Diagnosis"
      hint={
        value ? `ICD-10-CM ${value.code}` : 'Type an ICD-10-CM code or words from its name, for example F33.1 or “recurrent depression”.'
      }
      error={loadFailed ? 'The list of ICD-10-CM codes could not be loaded. Close this form and open it again.' : error}
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
          <span className="icd-list__text">
            <span className="icd-list__description">{code.description}</span>
            {code.matched ? (
              <span className="icd-list__matched">
                matches: <bdi>{code.matched}</bdi>
              </span>
            ) : null}
          </span>
        </>
      )}
      chosen={value?.code ?? null}
      onChoose={onChange}
      listLabel="ICD-10-CM codes"
      noMatch={
        value || !search
          ? undefined
          : `No billable ICD-10-CM code matches “${text.trim()}”. A category such as F33 needs its more specific code.`
      }
      autoFocus={autoFocus}
      listClassName="icd-list"
      optionClassName="icd-list__option"
    />
  );
}
