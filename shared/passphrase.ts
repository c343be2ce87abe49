import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { MAX_PASSPHRASE_LENGTH } from './vault';

export { MAX_PASSPHRASE_LENGTH };

/** The least zxcvbn score (0-4) a vault passphrase may have: "safely unguessable". */
export const MIN_PASSPHRASE_SCORE = 3;
export const MIN_PASSPHRASE_LENGTH = 12;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return factory;
}

export type PassphraseAssessment = {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is refused, in words a person can act on; empty when acceptable. */
  reason: string;
  suggestions: string[];
  crackTime: string;
};

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
export function strengthLabel(score: PassphraseAssessment['score']): string {
  return LABELS[score];
}

/** One judgement of a passphrase, used by the set-up form's meter and again by the main process. */
export function assessPassphrase(passphrase: string, userInputs: string[] = ['alliance']): PassphraseAssessment {
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    return { score: 0, acceptable: false, reason: `Use at most ${MAX_PASSPHRASE_LENGTH} characters.`, suggestions: [], crackTime: '' };
  }
  const result = estimator().check(passphrase, userInputs);
  const score = result.score;
  const crackTime = result.crackTimes.offlineSlowHashingXPerSecond.display;
  const suggestions = result.feedback.suggestions;
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return {
      score,
      acceptable: false,
      reason: `Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.`,
      suggestions,
      crackTime,
    };
  }
  if (score < MIN_PASSPHRASE_SCORE) {
    const warning = result.feedback.warning ? `${result.feedback.warning}.`.replace(/\.\.$/, '.') : 'This passphrase is too easy to guess.';
    return { score, acceptable: false, reason: warning, suggestions, crackTime };
  }
  return { score, acceptable: true, reason: '', suggestions, crackTime };
}
