import { useId } from 'react';

/**
 * A preference chosen among a few options, each a radio with its label and a hint. The name is the
 * label alone; the hint is a description, so "Dark" never also matches "Light".
 */
export function ChoiceGroup<T extends string>({
  legend,
  name,
  options,
  labels,
  hints,
  selected,
  onChoose,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  hints: Record<T, string>;
  selected: T;
  onChoose: (option: T) => void;
}) {
  const idPrefix = useId();
  return (
    <fieldset className="choice-group">
      <legend className="field__label">{legend}</legend>
      <div className="choice-group__options">
        {options.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={name}
              value={option}
              checked={selected === option}
              onChange={() => onChoose(option)}
              aria-labelledby={`${idPrefix}-${option}`}
              aria-describedby={`${idPrefix}-${option}-hint`}
            />
            <span className="choice__text">
              <span className="choice__label" id={`${idPrefix}-${option}`}>
                {labels[option]}
              </span>
              <span className="choice__hint" id={`${idPrefix}-${option}-hint`}>
                {hints[option]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
