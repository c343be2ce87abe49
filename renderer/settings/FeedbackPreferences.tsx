import { useEffect, useState, type FormEvent } from 'react';
import { MIN_SESSIONS_FOR_AVERAGE } from '../../shared/feedback';
import { MIN_SESSIONS_FOR_MEDIAN, RUPTURE_PROMPT } from '../../shared/outcomes-ruptures';
import { preferencesUpdateSchema, type Preferences } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

type Field = 'feedbackAlertBelow' | 'feedbackDropBy' | 'ruptureBelowMedianBy';

/** "6", "6.5": a number as typed, or NaN. Commas are taken as decimal points. */
function number(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * When a session's feedback is raised at the next session: its score (the mean of the four ratings,
 * 0–10) falls below a threshold, or by a number of points below the patient's own average.
 */
export function FeedbackPreferences({ preferences }: { preferences: Preferences }) {
  const update = useChannelMutation('preferences:update');
  const [below, setBelow] = useState(String(preferences.feedbackAlertBelow));
  const [dropBy, setDropBy] = useState(String(preferences.feedbackDropBy));
  const [belowMedian, setBelowMedian] = useState(String(preferences.ruptureBelowMedianBy));
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    setBelow(String(preferences.feedbackAlertBelow));
    setDropBy(String(preferences.feedbackDropBy));
    setBelowMedian(String(preferences.ruptureBelowMedianBy));
  }, [preferences.feedbackAlertBelow, preferences.feedbackDropBy, preferences.ruptureBelowMedianBy]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    const belowParsed = preferencesUpdateSchema.shape.feedbackAlertBelow.safeParse(number(below));
    const dropParsed = preferencesUpdateSchema.shape.feedbackDropBy.safeParse(number(dropBy));
    const medianParsed = preferencesUpdateSchema.shape.ruptureBelowMedianBy.safeParse(number(belowMedian));
    const found: Partial<Record<Field, string>> = {};
    if (!medianParsed.success || medianParsed.data === undefined) found.ruptureBelowMedianBy = 'Enter from 0.5 to 10 points, such as 1.5.';
    if (!belowParsed.success || belowParsed.data === undefined) found.feedbackAlertBelow = 'Enter a score from 0 to 10, such as 6 or 6.5.';
    if (!dropParsed.success || dropParsed.data === undefined) found.feedbackDropBy = 'Enter from 0.5 to 10 points, such as 2.';
    setProblems(found);
    if (Object.keys(found).length > 0 || belowParsed.data === undefined || dropParsed.data === undefined || medianParsed.data === undefined)
      return;
    try {
      await update.mutateAsync({
        feedbackAlertBelow: belowParsed.data,
        feedbackDropBy: dropParsed.data,
        ruptureBelowMedianBy: medianParsed.data,
      });
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby="feedback-preferences-title">
      <h2 className="card__title" id="feedback-preferences-title">
        Session feedback
      </h2>
      <p className="card__text">
        A session’s feedback is raised at the patient’s next session, flagged on the calendar and the chart, when its score (the mean of the
        four ratings, from 0 to 10) is below the first number, or at least the second number of points below the patient’s own average once
        there are {MIN_SESSIONS_FOR_AVERAGE} earlier sessions to average.
      </p>
      <form className="stack" onSubmit={submit} noValidate aria-label="Session feedback">
        <TextField
          label="Raise feedback when its score is below"
          hint="From 0 to 10."
          type="number"
          inputMode="decimal"
          min={0}
          max={10}
          step={0.5}
          className="input--short"
          value={below}
          onChange={(event) => {
            setBelow(event.target.value);
            setSaved(false);
          }}
          error={problems.feedbackAlertBelow}
        />
        <TextField
          label="…or when it is this many points below the patient’s own average"
          hint="From 0.5 to 10 points."
          type="number"
          inputMode="decimal"
          min={0.5}
          max={10}
          step={0.5}
          className="input--short"
          value={dropBy}
          onChange={(event) => {
            setDropBy(event.target.value);
            setSaved(false);
          }}
          error={problems.feedbackDropBy}
        />
        <TextField
          label={`“${RUPTURE_PROMPT}” when a session is this many points below the patient’s usual`}
          hint={`The median of their earlier sessions, once there are ${MIN_SESSIONS_FOR_MEDIAN}. From 0.5 to 10 points; a fall of 1 point counts while PHQ-9 or GAD-7 is not improving.`}
          type="number"
          inputMode="decimal"
          min={0.5}
          max={10}
          step={0.5}
          className="input--short"
          value={belowMedian}
          onChange={(event) => {
            setBelowMedian(event.target.value);
            setSaved(false);
          }}
          error={problems.ruptureBelowMedianBy}
        />
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={update.isPending}>
            Save feedback settings
          </button>
        </div>
      </form>
      {saved ? (
        <Notice tone="success">
          Saved. Feedback below {below.trim()}, or {dropBy.trim()} points below the patient’s average, is raised at the next session.
        </Notice>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
    </section>
  );
}
