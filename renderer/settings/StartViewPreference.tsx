import { useEffect, useId, useState } from 'react';
import { START_VIEWS, type Preferences } from '../../shared/preferences';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { ChoiceGroup } from './ChoiceGroup';
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
      <ChoiceGroup
        legend="Open"
        name="start-view"
        options={START_VIEWS}
        labels={LABELS}
        hints={HINTS}
        selected={selected}
        onChoose={(option) => void choose(option)}
      />
      {update.error ? <Notice tone="error">{explain(update.error)}</Notice> : null}
    </section>
  );
}
