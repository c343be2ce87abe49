import { z } from 'zod';
import { occurrenceRefSchema } from './appointment';
import { calendarDateSchema, timestampSchema } from './dates';
import { patientIdSchema } from './patient';

/*
 * The patient's own ratings of their goals: for each goal of the plan in force, in the patient's own
 * words, "How close am I to: ‘…’?" from 0 (not close at all) to 10 (I am there). The plan sets how
 * often they are asked; each rating is kept with the plan version and the goal it rates, and the
 * session it was given at, if any. Entered by the patient in patient mode, or by the clinician from
 * what the patient said or wrote on paper.
 */

export const GOAL_RATING_INTERVALS = ['every-session', '2-weeks', '4-weeks'] as const;
export const goalRatingIntervalSchema = z.enum(GOAL_RATING_INTERVALS);
export type GoalRatingInterval = z.infer<typeof goalRatingIntervalSchema>;
/** Measurement-based care asks about monthly, as the PHQ-9 and GAD-7 are. */
export const DEFAULT_GOAL_RATING_INTERVAL: GoalRatingInterval = '4-weeks';
export const GOAL_RATING_INTERVAL_LABELS: Record<GoalRatingInterval, string> = {
  'every-session': 'Every session',
  '2-weeks': 'Every 2 weeks',
  '4-weeks': 'Every 4 weeks',
};
/** Days after a rating until the next is due; every session is due at each session not yet rated. */
const INTERVAL_DAYS: Record<GoalRatingInterval, number> = { 'every-session': 0, '2-weeks': 14, '4-weeks': 28 };

/** The question, in the patient's own voice, and the scale's anchored ends. */
export const GOAL_RATING_SCALE = {
  question: { before: 'How close am I to: ‘', after: '’?' },
  low: 'Not close at all',
  high: 'I am there',
} as const;

const GOAL_RATING_MESSAGE = 'A whole number from 0 to 10';
export const goalRatingValueSchema = z
  .number({ error: GOAL_RATING_MESSAGE })
  .int(GOAL_RATING_MESSAGE)
  .min(0, 'From 0 to 10')
  .max(10, 'From 0 to 10');

export const GOAL_RATING_SOURCES = ['patient', 'clinician'] as const;

/** One goal's rating, as the patient gave it. */
export const goalRatingAnswerSchema = z.strictObject({ goalId: z.uuid(), rating: goalRatingValueSchema });
export const goalRatingAnswersSchema = z
  .array(goalRatingAnswerSchema)
  .min(1, 'Rate at least one goal')
  .max(10)
  .refine((answers) => new Set(answers.map((a) => a.goalId)).size === answers.length, 'Each goal once');
export type GoalRatingAnswer = z.infer<typeof goalRatingAnswerSchema>;

/** What the clinician enters from paper or from what the patient said: at a session, or dated on its own. */
export const goalRatingEntrySchema = z.strictObject({
  patientId: patientIdSchema,
  ref: occurrenceRefSchema.nullable(),
  /** The day the patient rated them, for ratings not given at a session; ignored for a session's. */
  date: calendarDateSchema.nullable(),
  ratings: goalRatingAnswersSchema,
});
export type GoalRatingEntry = z.infer<typeof goalRatingEntrySchema>;

export const goalRatingSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  planId: z.uuid(),
  /** The version of the plan in force when it was given. */
  planVersionId: z.uuid(),
  goalId: z.uuid(),
  rating: z.number().int().min(0).max(10),
  /** The day of the session, or the day it was given. */
  date: calendarDateSchema,
  appointmentId: z.uuid().nullable(),
  source: z.enum(GOAL_RATING_SOURCES),
  createdAt: timestampSchema,
});
export type GoalRating = z.infer<typeof goalRatingSchema>;

/** What the patient is asked, for the plan in force: each goal in their own words. */
export const goalsToRateSchema = z.object({
  planVersionId: z.uuid(),
  interval: goalRatingIntervalSchema,
  goals: z.array(
    z.object({
      goalId: z.uuid(),
      patientWords: z.string(),
      /** The last rating of this goal, if any. */
      last: z.object({ rating: z.number().int(), date: calendarDateSchema }).nullable(),
    }),
  ),
  /** At least one goal is due by the plan's interval (never rated, or rated longer ago than it). */
  due: z.boolean(),
});
export type GoalsToRate = z.infer<typeof goalsToRateSchema>;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether a goal is due to be rated on `today`: never rated; every session, and not yet rated at this
 * session (`ratedAtThisSession`); or rated the interval's days or more before today.
 */
export function goalRatingDue(interval: GoalRatingInterval, lastDate: string | null, today: string, ratedAtThisSession = false): boolean {
  if (lastDate === null) return true;
  if (interval === 'every-session') return !ratedAtThisSession;
  return daysBetween(lastDate, today) >= INTERVAL_DAYS[interval];
}
