import type { Feedback, FeedbackRating, FeedbackSource, Trends } from '../../shared/feedback';
import { dateInputValue, formatCalendarDate, formatLongCalendarDate } from '../format/dates';

/** The four ratings named short, for chart legends and tables; the questions themselves come from shared/feedback. */
export const RATING_SHORT: Record<FeedbackRating, string> = {
  heard: 'Heard and respected',
  focus: 'Worked on what they wanted',
  approach: 'Approach fits',
  overall: 'Session overall',
};

export const SOURCE_LABELS: Record<FeedbackSource, string> = {
  patient: 'Given by the patient',
  clinician: 'Entered by the clinician',
};

/** 8.8, 9, 5.5: one decimal at most, as the score is kept. */
export function formatScore(score: number): string {
  return score.toLocaleString(undefined, { maximumFractionDigits: 1 });
}

/** The local day a session began, as YYYY-MM-DD. */
export function sessionDay(instant: string): string {
  return dateInputValue(new Date(instant));
}

export function formatSessionDate(instant: string): string {
  return formatCalendarDate(sessionDay(instant));
}

export function formatLongSessionDate(instant: string): string {
  return formatLongCalendarDate(sessionDay(instant));
}

export type Drop = NonNullable<Trends['drop']>;

/** Why the ratings are to be raised: "5.5 of 10, below 6" or "6 of 10, 3 points below their average of 9". */
export function dropReason(drop: Pick<Drop, 'reason' | 'score' | 'average'>, alertBelow: number | null): string {
  if (drop.reason === 'below-threshold') {
    return alertBelow === null ? `${formatScore(drop.score)} of 10` : `${formatScore(drop.score)} of 10, below ${formatScore(alertBelow)}`;
  }
  const average = drop.average ?? drop.score;
  const fell = Math.round((average - drop.score) * 10) / 10;
  return `${formatScore(drop.score)} of 10, ${formatScore(fell)} ${fell === 1 ? 'point' : 'points'} below their average of ${formatScore(average)}`;
}

/** The words the patient wrote, quoted for a plan's reason or a progress update, cut to fit. */
export function quoteFeedback(feedback: Pick<Feedback, 'helpful' | 'notHelpful' | 'unproductiveTopic'>, max: number): string {
  const parts = [
    feedback.notHelpful ? `Not helpful: “${feedback.notHelpful}”` : null,
    feedback.unproductiveTopic ? `Unproductive topic: “${feedback.unproductiveTopic}”` : null,
    feedback.helpful ? `Helpful: “${feedback.helpful}”` : null,
  ].filter((part): part is string => part !== null);
  const text = parts.join(' ').replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/**
 * The sentence a plan revision or progress update starts from, citing the feedback: editable, and
 * at most `max` characters (the plan's reason takes 1,000).
 */
export function citation(
  feedback: Feedback,
  drop: Pick<Drop, 'reason' | 'score' | 'average'> | null,
  alertBelow: number | null,
  max: number,
): string {
  const head = `Session feedback of ${formatLongSessionDate(feedback.sessionStart)}: ${
    drop ? dropReason(drop, alertBelow) : `${formatScore(feedback.score)} of 10`
  }.`;
  const quote = quoteFeedback(feedback, Math.max(0, max - head.length - 1));
  return quote ? `${head} ${quote}` : head;
}
