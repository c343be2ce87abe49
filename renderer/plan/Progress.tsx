import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { localToday } from '../../shared/dates';
import { progressUpdateInputSchema, type Goal, type Plan, type ProgressUpdate } from '../../shared/plan';
import { asAppError } from '../bridge/client';
import { queryKey, useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { ratingText } from './format';

/** Shown at first; the rest one click away, so a goal with two years of updates opens at once. */
const LATEST_SHOWN = 5;
const RATINGS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export function progressOf(plan: Pick<Plan, 'progress'>, goalId: string): ProgressUpdate[] {
  return plan.progress.filter((update) => update.goalId === goalId);
}

export function ProgressList({ plan, updates, label }: { plan: Plan; updates: ProgressUpdate[]; label: string }) {
  const [all, setAll] = useState(false);
  const newestFirst = [...updates].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, LATEST_SHOWN);
  return (
    <>
      <ol className="plan-updates" aria-label={label}>
        {shown.map((update) => (
          <li key={update.id} className="plan-update">
            <p className="plan-update__line">
              <span className="plan-update__date">{formatCalendarDate(update.date)}</span>
              <span className="plan-update__rating">{ratingText(update.rating)}</span>
              {update.noteId ? (
                <Link className="plan-update__source" to={`/patients/${plan.patientId}/notes/${update.noteId}`}>
                  From the session note
                </Link>
              ) : null}
            </p>
            {update.working ? (
              <p className="plan-update__text">
                <span className="plan-update__label">Working:</span> <bdi>{update.working}</bdi>
              </p>
            ) : null}
            {update.notWorking ? (
              <p className="plan-update__text">
                <span className="plan-update__label">Not working:</span> <bdi>{update.notWorking}</bdi>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {newestFirst.length > LATEST_SHOWN ? (
        <button type="button" className="button button--link" onClick={() => setAll((value) => !value)}>
          {all ? 'Show the latest only' : `Show all ${newestFirst.length} updates`}
        </button>
      ) : null}
    </>
  );
}

type ProgressField = 'date' | 'rating' | 'working' | 'notWorking' | 'form';

/**
 * A progress update on one goal: the date, the patient's rating from 0 to 10, what is working and
 * what is not. From a session note it carries the note's id, and its date is the note's date of service.
 */
export function ProgressForm({
  plan,
  goal,
  noteId,
  fixedDate,
  title,
  onDone,
}: {
  plan: Plan;
  goal: Goal;
  noteId: string | null;
  /** The note's date of service, when written from a note. */
  fixedDate?: string;
  title: string;
  /** `saved` is false when the person cancelled. */
  onDone: (saved: boolean) => void;
}) {
  const ids = useId();
  const client = useQueryClient();
  const add = useChannelMutation('plans:addProgress');
  const [date, setDate] = useState(fixedDate ?? localToday());
  const [rating, setRating] = useState<number | null>(null);
  const [working, setWorking] = useState('');
  const [notWorking, setNotWorking] = useState('');
  const [errors, setErrors] = useState<Partial<Record<ProgressField, string>>>({});
  const when = fixedDate ?? date;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<ProgressField, string>> = {};
    if (rating === null) found.rating = 'Choose a rating from 0 to 10.';
    const parsed = progressUpdateInputSchema.safeParse({ goalId: goal.id, date: when, rating: rating ?? 0, working, notWorking, noteId });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]) as ProgressField;
        found[key] ??= key === 'date' && when === '' ? 'Enter the date of the update.' : issue.message;
      }
    }
    setErrors(found);
    if (!parsed.success || rating === null) return;
    try {
      const saved = await add.mutateAsync({ planId: plan.planId, update: parsed.data });
      // Shown at once in every view of this plan; the refetch that follows confirms it.
      client.setQueryData<Plan | null>(queryKey('plans:forPatient', { patientId: plan.patientId }), (old) =>
        old && !old.progress.some((update) => update.id === saved.id)
          ? {
              ...old,
              progress: [...old.progress, saved].sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt)),
            }
          : old,
      );
      onDone(true);
    } catch (caught) {
      const error = asAppError(caught);
      const issue = error.issues?.find((i) => i.path.startsWith('update.'));
      if (issue) setErrors({ [issue.path.slice('update.'.length) as ProgressField]: issue.message });
      else setErrors({ form: explain(error) });
    }
  }

  return (
    <form className="record-form record-form--inline plan-progress-form" onSubmit={submit} noValidate aria-label={title}>
      {fixedDate === undefined ? (
        <TextField
          label="Date"
          type="date"
          className="input--date"
          min="1900-01-01"
          max={localToday()}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={errors.date}
        />
      ) : errors.date ? (
        <p className="field__error">{errors.date}</p>
      ) : null}
      <fieldset
        className={`choice-group plan-rating${errors.rating ? ' field--invalid' : ''}`}
        aria-describedby={errors.rating ? `${ids}-rating-error` : undefined}
      >
        <legend className="field__label">
          Rating <span className="field__optional">— 0 no progress at all, 10 the goal reached</span>
        </legend>
        <div className="plan-rating__options">
          {RATINGS.map((value) => (
            <label key={value} className="plan-rating__option">
              <input
                type="radio"
                name={`${ids}-rating`}
                value={value}
                checked={rating === value}
                onChange={() => setRating(value)}
                aria-label={`${value} out of 10`}
              />
              <span aria-hidden="true">{value}</span>
            </label>
          ))}
        </div>
        {errors.rating ? (
          <p className="field__error" id={`${ids}-rating-error`}>
            {errors.rating}
          </p>
        ) : null}
      </fieldset>
      <div className="record-form__row">
        <TextAreaField
          label="What is working"
          optional
          rows={2}
          spellCheck
          value={working}
          onChange={(e) => setWorking(e.target.value)}
          error={errors.working}
        />
        <TextAreaField
          label="What is not working"
          optional
          rows={2}
          spellCheck
          value={notWorking}
          onChange={(e) => setNotWorking(e.target.value)}
          error={errors.notWorking}
        />
      </div>
      {errors.form ? <Notice tone="error">{errors.form}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={() => onDone(false)} disabled={add.isPending}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add update'}
        </button>
      </div>
    </form>
  );
}
