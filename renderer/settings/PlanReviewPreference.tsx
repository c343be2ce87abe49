import { useEffect, useId, useState, type FormEvent } from 'react';
import { preferencesUpdateSchema } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

/** The review date a new treatment plan starts with, this many days after it is begun; each plan's own date stays editable in it. */
export function PlanReviewPreference({ days }: { days: number }) {
  const ids = useId();
  const update = useChannelMutation('preferences:update');
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<number | null>(null);

  useEffect(() => setValue(String(days)), [days]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const parsed = preferencesUpdateSchema.shape.planReviewDays.safeParse(value.trim() === '' ? Number.NaN : Number(value));
    if (!parsed.success || parsed.data === undefined) {
      setError(value.trim() === '' || !parsed.error ? 'Enter a number of days.' : parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    try {
      await update.mutateAsync({ planReviewDays: parsed.data });
      setSaved(parsed.data);
    } catch (caught) {
      setError(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 className="card__title" id={`${ids}-title`}>
        Treatment plan review
      </h2>
      <p className="card__text">
        A new treatment plan is due for review with the patient this many days after it is begun; Today says when one is due. A plan’s own
        review date can be changed in the plan, and plans already begun keep theirs.
      </p>
      <form onSubmit={submit} noValidate aria-label="Treatment plan review">
        <TextField
          label="Days after a plan is begun"
          hint="From 7 to 365 days."
          type="number"
          inputMode="numeric"
          min={7}
          max={365}
          step={1}
          className="input--short"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(null);
          }}
          error={error}
          after={
            <button type="submit" className="button button--secondary" disabled={update.isPending}>
              Save
            </button>
          }
        />
      </form>
      {saved !== null ? <Notice tone="success">Saved. A plan begun from now on is due for review {saved} days after.</Notice> : null}
    </section>
  );
}
