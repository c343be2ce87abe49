import { useEffect, useMemo, useState } from 'react';
import { displayName, type PatientSummary } from '../../shared/patient';
import { useChannelQuery } from '../bridge/queries';
import { ComboBox } from '../components/ComboBox';

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

/** Type-ahead over the patient list: part of a name or a chart number, then the patient. */
export function PatientCombobox({ value, onChange, error, initialName }: PatientComboboxProps) {
  const patients = useChannelQuery('patients:list', { includeArchived: false });
  const chosen = useMemo(() => patients.data?.find((p) => p.id === value) ?? null, [patients.data, value]);
  const [text, setText] = useState(() => initialName ?? '');

  // A patient chosen before the list arrived (e.g. from their own page) gets its name once it does.
  useEffect(() => {
    if (chosen && text === '') setText(displayName(chosen));
  }, [chosen, text]);

  const suggestions = useMemo(() => {
    const words = text
      .toLocaleLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean);
    return (patients.data ?? []).filter((p) => matches(p, words)).slice(0, MAX_SHOWN);
  }, [patients.data, text]);

  return (
    <ComboBox
      label="Patient"
      hint={chosen ? `Chart no. ${chosen.chartNumber}` : 'Type part of a name or a chart number.'}
      error={error}
      text={text}
      onTextChange={(next) => {
        setText(next);
        if (value !== null && next !== text) onChange(null);
      }}
      suggestions={suggestions}
      keyOf={(patient) => patient.id}
      textOf={displayName}
      renderOption={(patient) => (
        <>
          <span className="combobox__name">
            <bdi>{displayName(patient)}</bdi>
          </span>
          <span className="combobox__meta">Chart no. {patient.chartNumber}</span>
        </>
      )}
      chosen={value}
      onChoose={(patient) => onChange(patient.id)}
      listLabel="Suggestions"
      noMatch={patients.data ? `No patient matches “${text.trim()}”.` : undefined}
      openOnFocus
    />
  );
}
