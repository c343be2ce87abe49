import { useId } from 'react';
import type { GoalRating } from '../../shared/goal-ratings';
import { Sparkline } from '../components/Sparkline';
import { formatCalendarDate } from '../format/dates';

/** A goal's ratings by the patient, oldest first. */
export function ratingsOf(ratings: readonly GoalRating[], goalId: string): GoalRating[] {
  return ratings.filter((rating) => rating.goalId === goalId);
}

const SOURCE = { patient: 'by the patient', clinician: 'entered by the clinician' } as const;

/**
 * The patient's own ratings of a goal, beside the clinician's progress updates: a small line over time
 * and the ratings with their dates, latest first. `print` drops the colours and the list's limit.
 */
export function GoalRatings({ ratings, number, print = false }: { ratings: readonly GoalRating[]; number: number; print?: boolean }) {
  const id = useId();
  const latestFirst = [...ratings].reverse();
  // On paper a goal nobody has rated yet says nothing.
  if (print && ratings.length === 0) return null;
  const shown = print ? latestFirst : latestFirst.slice(0, 6);
  return (
    <div className="goal-ratings" role="region" aria-labelledby={id}>
      <h6 className="plan-goal__subtitle" id={id}>
        The patient’s own ratings of goal {number}
      </h6>
      {ratings.length === 0 ? (
        <p className="muted">Not rated by the patient yet.</p>
      ) : (
        <div className="goal-ratings__body">
          {ratings.length > 1 ? (
            <Sparkline
              points={ratings.map((r) => ({ date: r.date, value: r.rating }))}
              min={0}
              max={10}
              label={`How close the patient felt to goal ${number}, from 0 to 10, over time`}
            />
          ) : null}
          <ul className="goal-ratings__list" aria-label={`Ratings of goal ${number}, latest first`}>
            {shown.map((rating) => (
              <li key={rating.id} className="goal-ratings__item">
                <span className="goal-ratings__value">{rating.rating} of 10</span> on {formatCalendarDate(rating.date)}
                <span className="goal-ratings__source"> · {SOURCE[rating.source]}</span>
              </li>
            ))}
            {shown.length < latestFirst.length ? (
              <li className="goal-ratings__item muted">and {latestFirst.length - shown.length} earlier</li>
            ) : null}
          </ul>
        </div>
      )}
    </div>
  );
}
