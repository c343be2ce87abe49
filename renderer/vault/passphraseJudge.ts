import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { PassphraseAssessment } from '../../shared/passphrase';

/**
 * The same assessPassphrase the main process uses, loaded when a screen first asks for a new
 * passphrase: zxcvbn's word lists are most of the renderer's weight and no other screen needs them.
 */
type Judge = typeof import('../../shared/passphrase');

let loaded: Judge | undefined;
let loading: Promise<Judge | undefined> | undefined;

function loadJudge(): Promise<Judge | undefined> {
  loading ??= import('../../shared/passphrase').then(
    (judge) => (loaded = judge),
    // A script that cannot be read from the app's own files: the meter stays empty, and the main
    // process, which judges every passphrase again, still refuses a weak one with its reason.
    () => undefined,
  );
  return loading;
}

/** The judge, once its script has loaded; undefined until then. */
export function usePassphraseJudge(): Judge | undefined {
  const [judge, setJudge] = useState(loaded);
  useEffect(() => {
    if (judge) return;
    let current = true;
    void loadJudge().then((ready) => {
      if (current && ready) setJudge(ready);
    });
    return () => {
      current = false;
    };
  }, [judge]);
  return judge;
}

export type Strength = PassphraseAssessment & { label: string };

/** Judged on a deferred copy so typing stays quick while zxcvbn works through its dictionaries. */
export function usePassphraseAssessment(passphrase: string): Strength | null {
  const judge = usePassphraseJudge();
  const deferred = useDeferredValue(passphrase);
  return useMemo(() => {
    if (deferred === '' || !judge) return null;
    const assessment = judge.assessPassphrase(deferred);
    return { ...assessment, label: judge.strengthLabel(assessment.score) };
  }, [deferred, judge]);
}
