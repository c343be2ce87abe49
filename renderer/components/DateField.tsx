import { TextField } from './TextField';

/** A date input that says what is missing in words, and never loses what was typed. */
export function DateField({
  label,
  hint,
  value,
  onChange,
  error,
  whenEmpty = 'Enter a date.',
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  whenEmpty?: string;
}) {
  return (
    <TextField
      label={label}
      hint={hint}
      type="date"
      min="1900-01-01"
      max="2999-12-31"
      className="input--date"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error ? (value === '' ? whenEmpty : error) : undefined}
    />
  );
}
