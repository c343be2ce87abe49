import type { Strength } from './passphraseJudge';

/**
 * Shows how hard the passphrase is to guess, judged by the same assessPassphrase the main
 * process uses, so the meter never accepts what the vault will refuse.
 */
export function StrengthMeter({ assessment }: { assessment: Strength | null }) {
  if (!assessment) {
    return (
      <div className="meter meter--empty" aria-hidden="true">
        <div className="meter__track">
          {[0, 1, 2, 3, 4].map((step) => (
            <span key={step} className="meter__step" />
          ))}
        </div>
      </div>
    );
  }
  const { label } = assessment;
  return (
    <div className={`meter meter--score-${assessment.score}`}>
      <div className="meter__row">
        <div
          className="meter__track"
          role="meter"
          aria-label="Passphrase strength"
          aria-valuemin={0}
          aria-valuemax={4}
          aria-valuenow={assessment.score}
          aria-valuetext={label}
        >
          {[0, 1, 2, 3, 4].map((step) => (
            <span key={step} className={`meter__step${step <= assessment.score ? ' meter__step--on' : ''}`} />
          ))}
        </div>
        <span className="meter__label">{label}</span>
      </div>
      {assessment.crackTime ? (
        <p className="meter__crack-time">
          Time to guess it with a fast computer: <strong>{assessment.crackTime}</strong>
        </p>
      ) : null}
      {!assessment.acceptable && assessment.reason ? <p className="meter__reason">{assessment.reason}</p> : null}
      {assessment.suggestions.length > 0 ? (
        <ul className="meter__suggestions">
          {assessment.suggestions.map((suggestion) => (
            <li key={suggestion}>{suggestion}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
