import { useDeferredValue, useMemo } from 'react';
import { assessPassphrase, type PassphraseAssessment } from '../../shared/passphrase';

/** Judged on a deferred copy so typing stays quick while zxcvbn works through its dictionaries. */
export function usePassphraseAssessment(passphrase: string): PassphraseAssessment | null {
  const deferred = useDeferredValue(passphrase);
  return useMemo(() => (deferred === '' ? null : assessPassphrase(deferred)), [deferred]);
}
