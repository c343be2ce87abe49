import { useState } from 'react';
import { usePassphraseJudge } from './passphraseJudge';

type Problems = { passphrase?: string; confirmation?: string };

export type NewPassphrase = ReturnType<typeof useNewPassphrase>;

/**
 * A new passphrase typed twice, judged by the same assessPassphrase the vault uses. Set-up,
 * recovery and settings share it so the three screens refuse exactly the same passphrases.
 */
export function useNewPassphrase({ whenEmpty }: { whenEmpty: string }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const judge = usePassphraseJudge();

  return {
    passphrase,
    confirmation,
    problems,
    changePassphrase(value: string): void {
      setPassphrase(value);
      setProblems(({ passphrase: _cleared, ...rest }) => rest);
    },
    changeConfirmation(value: string): void {
      setConfirmation(value);
      setProblems(({ confirmation: _cleared, ...rest }) => rest);
    },
    /** Says beside the fields what is wrong; true when the passphrase may be sent. */
    check({ differentFrom }: { differentFrom?: string } = {}): boolean {
      const found: Problems = {};
      if (passphrase === '') found.passphrase = whenEmpty;
      // Before the judge has loaded (a moment after the screen opens) the main process's own judgement answers.
      else if (judge && !judge.assessPassphrase(passphrase).acceptable)
        found.passphrase = 'This passphrase is not strong enough yet; see why below.';
      else if (passphrase === differentFrom) found.passphrase = 'The new passphrase is the same as the current one.';
      if (passphrase !== '' && confirmation !== passphrase) found.confirmation = 'The two passphrases are not the same.';
      setProblems(found);
      return !found.passphrase && !found.confirmation;
    },
    /** The main process judges the passphrase again and may still refuse it; say why beside the field. */
    refuse(message: string): void {
      setProblems({ passphrase: message });
    },
    clear(): void {
      setPassphrase('');
      setConfirmation('');
      setProblems({});
    },
  };
}
