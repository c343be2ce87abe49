import { useState } from 'react';
import { TextField } from '../components/TextField';
import { usePassphraseAssessment } from './passphraseJudge';
import { StrengthMeter } from './StrengthMeter';
import type { NewPassphrase } from './useNewPassphrase';

type NewPassphraseFieldsProps = {
  newPassphrase: NewPassphrase;
  label: string;
  confirmLabel: string;
  /** Offers "Show what I type" under the fields. */
  revealable?: boolean;
  autoFocus?: boolean;
};

/** The new passphrase, how hard it is to guess, and the same passphrase again. */
export function NewPassphraseFields({
  newPassphrase,
  label,
  confirmLabel,
  revealable = false,
  autoFocus = false,
}: NewPassphraseFieldsProps) {
  const assessment = usePassphraseAssessment(newPassphrase.passphrase);
  const [reveal, setReveal] = useState(false);
  const type = reveal ? 'text' : 'password';
  return (
    <>
      <TextField
        label={label}
        type={type}
        autoComplete="new-password"
        autoFocus={autoFocus}
        spellCheck={false}
        value={newPassphrase.passphrase}
        onChange={(event) => newPassphrase.changePassphrase(event.target.value)}
        error={newPassphrase.problems.passphrase}
      />
      <StrengthMeter assessment={assessment} />
      <TextField
        label={confirmLabel}
        type={type}
        autoComplete="new-password"
        spellCheck={false}
        value={newPassphrase.confirmation}
        onChange={(event) => newPassphrase.changeConfirmation(event.target.value)}
        error={newPassphrase.problems.confirmation}
      />
      {revealable ? (
        <label className="checkbox">
          <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.target.checked)} />
          <span>Show what I type</span>
        </label>
      ) : null}
    </>
  );
}
