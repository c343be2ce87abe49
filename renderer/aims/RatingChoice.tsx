import { useId, type ReactNode } from 'react';

type RatingChoiceProps = {
  legend: ReactNode;
  /** What each answer says, in order: the value is its index (0–4), or the booleans of a yes/no question. */
  anchors: readonly string[];
  value: number | undefined;
  onChange: (value: number) => void;
  error?: string | undefined;
  /** Shown before each anchor: "0", "1"… for ratings; none for yes/no. */
  numbered?: boolean;
};

/**
 * One AIMS item as a row of radio tiles, each with its number and the form's anchor words. Native
 * radios, so the arrow keys move along the row and a screen reader hears the item with each answer.
 */
export function RatingChoice({ legend, anchors, value, onChange, error, numbered = true }: RatingChoiceProps) {
  const id = useId();
  return (
    <fieldset
      className={`aims-item${error ? ' aims-item--invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="aims-item__legend">{legend}</legend>
      <div className={`aims-item__answers aims-item__answers--${anchors.length}`}>
        {anchors.map((anchor, index) => (
          <label key={anchor} className="aims-answer">
            <input
              type="radio"
              className="aims-answer__input"
              name={id}
              value={index}
              checked={value === index}
              onChange={() => onChange(index)}
            />
            <span className="aims-answer__face">
              {numbered ? (
                <>
                  <span className="aims-answer__number">{index}</span>{' '}
                </>
              ) : null}
              <span className="aims-answer__words">{anchor}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
