import { useEffect, useId, useState } from 'react';
import { START_VIEWS, type Preferences } from '../../shared/preferences';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

const LABELS: Record<Preferences['startView'], string> = {
  today: 'Today',
  last: 'Where I left off',
};

const HINTS: Record<Preferences['startView'], string> = {
  today: 'The day’s sessions and the work still open',
  last: 'The view you used last: Today, the calendar, the patient list or Settings',
};

/** What unlocking opens. */
export function StartViewPreference({ startView }: { startView: Preferences['startView'] }) {
  const update = useChannelMutation('preferences:update');
  const idPrefix = useId();
  const [selected, setSelected] = useState(startView);
  useEffect(() => setSelected(startView), [startView]);

  async function choose(next: Preferences['startView']) {
    setSelected(next);
    try {
      await update.mutateAsync({ startView: next });
    } catch {
      // Said below from the mutation's state; the choice goes back to what is saved.
      setSelected(startView);
    }
  }

  return (
    <section className="card" aria-labelledby={`${idPrefix}-title`}>
      <h2 className="card__title" id={`${idPrefix}-title`}>
        After unlocking
      </h2>
      <fieldset className="choice-group">
        <legend className="field__label">Open</legend>
        <div className="choice-group__options">
          {START_VIEWS.map((option) => (
            <label key={option} className="choice">
              <input
                type="radio"
                name="start-view"
                value={option}
                checked={selected === option}
                onChange={() => void choose(option)}
                aria-labelledby={`${idPrefix}-${option}`}
                aria-describedby={`${idPrefix}-${option}-hint`}
              />
              <span className="choice__text">
                <span className="choice__label" id={`${idPrefix}-${option}`}>
                  {LABELS[option]}
                </span>
                <span className="choice__hint" id={`${idPrefix}-${option}-hint`}>
                  {HINTS[option]}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {update.error ? <Notice tone="error">{explain(update.error)}</Notice> : null}
    </section>
  );
}
