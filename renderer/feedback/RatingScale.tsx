import { useId, type ReactNode } from 'react';

const POINTS = Array.from({ length: 11 }, (_, i) => i);

type RatingScaleProps = {
  /** The question, as the group's legend (a goal's words inside it bidi-isolated). */
  question: ReactNode;
  /** "1." before the question, where the form numbers them. */
  number?: string;
  low: string;
  high: string;
  value: number | null;
  onChange: (value: number) => void;
  error?: string | undefined;
  /** Large for the patient's hands on a touch screen; compact for the clinician entering answers. */
  size: 'large' | 'compact';
};

/**
 * A rating from 0 to 10 as a row of eleven radio buttons with the words at each end. Native radios:
 * the arrow keys move along the row and a screen reader hears the question with each number.
 */
export function RatingScale({ question, number, low, high, value, onChange, error, size }: RatingScaleProps) {
  const id = useId();
  return (
    <fieldset className={`rating rating--${size}${error ? ' rating--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="rating__question">
        {number ? <span className="rating__number">{number} </span> : null}
        {question}
      </legend>
      <div className="rating__row">
        {POINTS.map((point) => (
          <label key={point} className="rating__option">
            <input
              type="radio"
              className="rating__input"
              name={id}
              value={point}
              checked={value === point}
              onChange={() => onChange(point)}
            />
            <span className="rating__face" aria-hidden="true">
              {point}
            </span>
            <span className="visually-hidden">
              {point}
              {point === 0 ? `, ${low}` : point === 10 ? `, ${high}` : ''}
            </span>
          </label>
        ))}
      </div>
      <div className="rating__ends" aria-hidden="true">
        <span>0 = {low}</span>
        <span>10 = {high}</span>
      </div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
