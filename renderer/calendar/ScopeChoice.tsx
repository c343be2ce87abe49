import { useId } from 'react';
import { EDIT_SCOPES, type EditScope } from '../../shared/appointment';

export const SCOPE_LABELS: Record<EditScope, string> = {
  this: 'This session',
  following: 'This and following sessions',
  series: 'All sessions in the series',
};

const SCOPE_HINTS: Record<EditScope, string> = {
  this: 'The rest of the series stays as it is.',
  following: 'Sessions before this one stay as they are.',
  series: 'Past sessions keep their attendance and notes.',
};

/** The question every change to a repeating session asks: which of its sessions does it touch? */
export function ScopeChoice({ value, onChange, legend }: { value: EditScope; onChange: (scope: EditScope) => void; legend: string }) {
  const id = useId();
  return (
    <fieldset className="choice-group scope">
      <legend className="field__label">{legend}</legend>
      <div className="scope__options">
        {EDIT_SCOPES.map((scope) => (
          <label key={scope} className="choice">
            <input
              type="radio"
              name={`${id}-scope`}
              value={scope}
              checked={value === scope}
              onChange={() => onChange(scope)}
              aria-labelledby={`${id}-${scope}`}
              aria-describedby={`${id}-${scope}-hint`}
            />
            <span className="choice__text">
              <span className="choice__label" id={`${id}-${scope}`}>
                {SCOPE_LABELS[scope]}
              </span>
              <span className="choice__hint" id={`${id}-${scope}-hint`}>
                {SCOPE_HINTS[scope]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
