import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { GOAL_RATING_SCALE, goalRatingAnswersSchema, type GoalRatingAnswer } from '../../shared/goal-ratings';
import { asAppError } from '../bridge/client';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { RatingScale } from './RatingScale';

type GoalRatingFormProps = {
  /** Each goal of the plan in force, in the patient's own words. */
  goals: readonly { goalId: string; patientWords: string }[];
  /** Large for the patient in patient mode; compact for the clinician entering what the patient said. */
  size: 'large' | 'compact';
  submitLabel: string;
  busyLabel: string;
  onSubmit: (ratings: GoalRatingAnswer[]) => Promise<void>;
  secondary?: ReactNode;
};

/** "How close am I to: ‘I want to feel like myself again’?", the goal's words bidi-isolated. */
export function GoalQuestion({ words }: { words: string }) {
  return (
    <>
      {GOAL_RATING_SCALE.question.before}
      <bdi className="goal-rating__words">{words}</bdi>
      {GOAL_RATING_SCALE.question.after}
    </>
  );
}

/** The patient's rating of each of their goals, 0 to 10, every goal answered. */
export function GoalRatingForm({ goals, size, submitLabel, busyLabel, onSubmit, secondary }: GoalRatingFormProps) {
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const unanswered = goals.filter((goal) => ratings[goal.goalId] === undefined).map((goal) => goal.goalId);
    setMissing(new Set(unanswered));
    if (unanswered.length > 0) {
      const index = goals.findIndex((goal) => goal.goalId === unanswered[0]);
      form.current?.querySelectorAll<HTMLElement>('.rating')[index]?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    const parsed = goalRatingAnswersSchema.safeParse(goals.map((goal) => ({ goalId: goal.goalId, rating: ratings[goal.goalId] })));
    if (!parsed.success) {
      setFailure(parsed.error.issues[0]?.message ?? 'Check the ratings.');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
      setBusy(false);
      return;
    }
    setBusy(false);
  }

  return (
    <form ref={form} className={`feedback-form feedback-form--${size}`} onSubmit={submit} noValidate aria-label="Your goals">
      <div className="feedback-form__ratings">
        {goals.map((goal, index) => (
          <RatingScale
            key={goal.goalId}
            size={size}
            number={goals.length > 1 ? `${index + 1}.` : undefined}
            question={<GoalQuestion words={goal.patientWords} />}
            low={GOAL_RATING_SCALE.low}
            high={GOAL_RATING_SCALE.high}
            value={ratings[goal.goalId] ?? null}
            onChange={(value) => {
              setRatings((r) => ({ ...r, [goal.goalId]: value }));
              setMissing((m) => {
                const next = new Set(m);
                next.delete(goal.goalId);
                return next;
              });
            }}
            error={missing.has(goal.goalId) ? 'Choose a number from 0 to 10.' : undefined}
          />
        ))}
      </div>
      {missing.size > 0 ? (
        <Notice tone="error">
          {missing.size === 1 ? 'One goal still needs a number from 0 to 10.' : `${missing.size} goals still need a number from 0 to 10.`}
        </Notice>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="feedback-form__actions">
        {secondary}
        <button type="submit" className={`button button--primary${size === 'large' ? ' button--huge' : ''}`} disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
