import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  FEEDBACK_QUESTIONS,
  FEEDBACK_RATINGS,
  feedbackAnswersSchema,
  type FeedbackAnswers,
  type FeedbackQuestion,
  type FeedbackRating,
} from '../../shared/feedback';
import { asAppError } from '../bridge/client';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';
import { RatingScale } from './RatingScale';

type Ratings = Record<FeedbackRating, number | null>;
type Texts = Record<FeedbackQuestion, string>;

const NO_RATINGS: Ratings = { heard: null, focus: null, approach: null, overall: null };
const NO_TEXTS: Texts = { helpful: '', notHelpful: '', unproductiveTopic: '' };

type FeedbackFormProps = {
  /** Large for the patient in patient mode; compact for the clinician entering what the patient said. */
  size: 'large' | 'compact';
  submitLabel: string;
  busyLabel: string;
  onSubmit: (answers: FeedbackAnswers) => Promise<void>;
  /** Shown beside the submit button, e.g. Cancel in a dialog. */
  secondary?: ReactNode;
  /** Words for a failure the parent explains better than the code does. */
  explainFailure?: (error: ReturnType<typeof asAppError>) => string | null;
};

/**
 * The session feedback form in Alliance's own words: four ratings from 0 to 10, then three open
 * questions that may be left empty. The questions are rendered from shared/feedback, never retyped.
 */
export function FeedbackForm({ size, submitLabel, busyLabel, onSubmit, secondary, explainFailure }: FeedbackFormProps) {
  const [ratings, setRatings] = useState<Ratings>(NO_RATINGS);
  const [texts, setTexts] = useState<Texts>(NO_TEXTS);
  const [missing, setMissing] = useState<ReadonlySet<FeedbackRating>>(new Set());
  const [textErrors, setTextErrors] = useState<Partial<Record<FeedbackQuestion, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const unanswered = FEEDBACK_RATINGS.filter((r) => ratings[r.key] === null).map((r) => r.key);
    setMissing(new Set(unanswered));
    const parsed = feedbackAnswersSchema.safeParse({ ...ratings, ...texts });
    const found: Partial<Record<FeedbackQuestion, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (FEEDBACK_QUESTIONS.some((q) => q.key === key)) found[key as FeedbackQuestion] = issue.message;
      }
    }
    setTextErrors(found);
    if (unanswered.length > 0 || !parsed.success) {
      // Take the person to the first question still open, so nothing is hunted for.
      const index = unanswered.length > 0 ? FEEDBACK_RATINGS.findIndex((r) => r.key === unanswered[0]) : -1;
      const target =
        index >= 0
          ? form.current?.querySelectorAll<HTMLElement>('.rating')[index]?.querySelector<HTMLInputElement>('input')
          : form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      target?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (caught) {
      const error = asAppError(caught);
      setFailure(explainFailure?.(error) ?? explain(error));
      setBusy(false);
      return;
    }
    setBusy(false);
  }

  return (
    <form ref={form} className={`feedback-form feedback-form--${size}`} onSubmit={submit} noValidate aria-label="Session feedback">
      <div className="feedback-form__ratings">
        {FEEDBACK_RATINGS.map((rating, index) => (
          <RatingScale
            key={rating.key}
            size={size}
            number={`${index + 1}.`}
            question={rating.question}
            low={rating.low}
            high={rating.high}
            value={ratings[rating.key]}
            onChange={(value) => {
              setRatings((r) => ({ ...r, [rating.key]: value }));
              setMissing((m) => {
                const next = new Set(m);
                next.delete(rating.key);
                return next;
              });
            }}
            error={missing.has(rating.key) ? 'Choose a number from 0 to 10.' : undefined}
          />
        ))}
      </div>
      <div className="feedback-form__questions">
        {FEEDBACK_QUESTIONS.map((question, index) => (
          <TextAreaField
            key={question.key}
            label={`${FEEDBACK_RATINGS.length + index + 1}. ${question.question}`}
            optional
            rows={size === 'large' ? 4 : 2}
            maxLength={2000}
            className={size === 'large' ? 'feedback-form__text' : undefined}
            value={texts[question.key]}
            onChange={(event) => setTexts((t) => ({ ...t, [question.key]: event.target.value }))}
            error={textErrors[question.key]}
          />
        ))}
      </div>
      {missing.size > 0 ? (
        <Notice tone="error">
          {missing.size === 1
            ? 'One question still needs a number from 0 to 10.'
            : `${missing.size} questions still need a number from 0 to 10.`}
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
