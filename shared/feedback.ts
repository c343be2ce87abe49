import { z } from 'zod';
import { appointmentSchema, instantSchema, occurrenceRefSchema } from './appointment';
import { calendarDateSchema, timestampSchema } from './dates';
import { instrumentSchema, measureAnswersSchema } from './measures';
import { patientIdSchema } from './patient';

/*
 * Session feedback: the patient's own view of each session, in Alliance's own words (not the
 * licensed Session Rating Scale or Working Alliance Inventory). Four ratings from 0 to 10 and three
 * open questions. The patient fills it in on the laptop in patient mode, or the clinician enters the
 * answers afterwards, marked as such.
 */

export const FEEDBACK_RATINGS = [
  { key: 'heard', question: 'Today I felt heard, understood and respected.', low: 'Not at all', high: 'Completely' },
  { key: 'focus', question: 'We worked on what I wanted to work on.', low: 'Not at all', high: 'Completely' },
  { key: 'approach', question: 'The way we work together fits me.', low: 'Not at all', high: 'Completely' },
  { key: 'overall', question: 'Overall, today’s session was right for me.', low: 'Not at all', high: 'Completely' },
] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number]['key'];

export const FEEDBACK_QUESTIONS = [
  { key: 'helpful', question: 'What was helpful today?' },
  { key: 'notHelpful', question: 'What was not helpful, or could have gone better?' },
  { key: 'unproductiveTopic', question: 'Was there a topic that felt unproductive, or that you would rather leave for now?' },
] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number]['key'];

const rating = z.number().int('A whole number from 0 to 10').min(0, 'From 0 to 10').max(10, 'From 0 to 10');
const openAnswer = z.string().trim().max(2000, 'At most 2,000 characters');

export const feedbackAnswersSchema = z.strictObject({
  heard: rating,
  focus: rating,
  approach: rating,
  overall: rating,
  helpful: openAnswer,
  notHelpful: openAnswer,
  unproductiveTopic: openAnswer,
});
export type FeedbackAnswers = z.infer<typeof feedbackAnswersSchema>;

/** Who entered the answers: the patient in patient mode, or the clinician from what the patient said or wrote. */
export const FEEDBACK_SOURCES = ['patient', 'clinician'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

export const feedbackSchema = feedbackAnswersSchema.extend({
  id: z.uuid(),
  patientId: patientIdSchema,
  appointmentId: z.uuid(),
  sessionStart: instantSchema,
  source: z.enum(FEEDBACK_SOURCES),
  /** The mean of the four ratings, one decimal: the number charts and the drop rule use. */
  score: z.number(),
  createdAt: timestampSchema,
  /** When the clinician raised it with the patient: a progress update or a plan revision cited it. */
  discussedAt: timestampSchema.nullable(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export function feedbackScore(answers: Pick<FeedbackAnswers, FeedbackRating>): number {
  return Math.round(((answers.heard + answers.focus + answers.approach + answers.overall) / 4) * 10) / 10;
}

/** The preferences the drop rule uses. */
export type FeedbackAlertRule = { below: number; dropBy: number };
/** A drop from the patient's own average needs this many earlier sessions to mean anything. */
export const MIN_SESSIONS_FOR_AVERAGE = 3;

export type FeedbackDrop = { reason: 'below-threshold' | 'drop-from-average'; score: number; average: number | null };

/**
 * Whether the latest feedback should be raised at the next session: its score is below the
 * threshold, or it fell by at least `dropBy` from the average of the patient's earlier feedback
 * (once there are three earlier sessions to average).
 */
export function feedbackDrop(earlierScores: readonly number[], latest: number, rule: FeedbackAlertRule): FeedbackDrop | null {
  const average = earlierScores.length >= MIN_SESSIONS_FOR_AVERAGE ? earlierScores.reduce((s, x) => s + x, 0) / earlierScores.length : null;
  const rounded = average === null ? null : Math.round(average * 10) / 10;
  if (latest < rule.below) return { reason: 'below-threshold', score: latest, average: rounded };
  if (average !== null && average - latest >= rule.dropBy - 1e-9) return { reason: 'drop-from-average', score: latest, average: rounded };
  return null;
}

/** What the clinician did about an item-9 answer, recorded when acknowledging it. */
export const ACKNOWLEDGEMENT_ACTIONS = [
  { key: 'discussed-in-session', label: 'Discussed in session' },
  { key: 'safety-plan-reviewed', label: 'Safety plan reviewed' },
  { key: 'contacted-patient', label: 'Contacted the patient' },
  { key: 'urgent-assessment', label: 'Urgent assessment arranged' },
] as const;
export type AcknowledgementAction = (typeof ACKNOWLEDGEMENT_ACTIONS)[number]['key'];
const acknowledgementActionSchema = z.enum(
  ACKNOWLEDGEMENT_ACTIONS.map((a) => a.key) as [AcknowledgementAction, ...AcknowledgementAction[]],
);

export const ACKNOWLEDGEMENT_LIMITS = { note: 1000 } as const;
export const ACKNOWLEDGEMENT_MESSAGES = {
  nothing: 'Choose what was done, or write it in the note.',
  note: `At most ${ACKNOWLEDGEMENT_LIMITS.note.toLocaleString('en')} characters`,
} as const;

/** What was done, as the clinician records it: at least one of the choices, or a note. */
export const acknowledgementSchema = z
  .strictObject({
    actions: z.array(acknowledgementActionSchema).max(ACKNOWLEDGEMENT_ACTIONS.length),
    note: z.string().trim().max(ACKNOWLEDGEMENT_LIMITS.note, ACKNOWLEDGEMENT_MESSAGES.note),
  })
  .refine((a) => new Set(a.actions).size === a.actions.length, { message: 'Each action once', path: ['actions'] })
  .refine((a) => a.actions.length > 0 || a.note !== '', { message: ACKNOWLEDGEMENT_MESSAGES.nothing, path: ['actions'] });
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

export const measureSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  appointmentId: z.uuid().nullable(),
  instrument: instrumentSchema,
  answers: z.array(z.number().int()),
  difficulty: z.number().int().nullable(),
  score: z.number().int(),
  band: z.string(),
  /** PHQ-9 item 9 answered above "Not at all". */
  selfHarm: z.boolean(),
  source: z.enum(FEEDBACK_SOURCES),
  date: calendarDateSchema,
  createdAt: timestampSchema,
  /** When the clinician saw the item-9 notice and acted on it. */
  acknowledgedAt: timestampSchema.nullable(),
  /** What was done, as recorded with the acknowledgement; null before it, and for one acknowledged before this was asked. */
  acknowledgement: z.object({ actions: z.array(acknowledgementActionSchema), note: z.string() }).nullable(),
});
export type Measure = z.infer<typeof measureSchema>;

/**
 * What the patient may be handed in patient mode: session feedback, every patient-rated instrument
 * (shared/measures PATIENT_INSTRUMENTS), and 'goals', their own rating of their plan's goals (shared/goal-ratings.ts).
 */
export const PATIENT_FORMS = ['feedback', 'phq9', 'gad7', 'pcl5', 'auditc', 'audit', 'goals'] as const;
export const patientFormSchema = z.enum(PATIENT_FORMS);
export type PatientForm = z.infer<typeof patientFormSchema>;

export function isPatientForm(value: string): value is PatientForm {
  return (PATIENT_FORMS as readonly string[]).includes(value);
}

/** What the window may know while the patient holds the laptop: which forms, which are done, and nothing of any chart. */
export const patientModeStatusSchema = z.object({
  active: z.boolean(),
  forms: z.array(patientFormSchema),
  completed: z.array(patientFormSchema),
});
export type PatientModeStatus = z.infer<typeof patientModeStatusSchema>;

/** A PHQ-9 item 9 answered above "Not at all": shown to the clinician, never to the patient. */
export const selfHarmAlertSchema = z.object({
  measureId: z.uuid(),
  patientId: patientIdSchema,
  patientName: z.string(),
  date: calendarDateSchema,
  /** The answer given to item 9, as worded on the form. */
  answer: z.string(),
  score: z.number().int(),
});
export type SelfHarmAlert = z.infer<typeof selfHarmAlertSchema>;

export const feedbackEntrySchema = z.strictObject({ ref: occurrenceRefSchema, answers: feedbackAnswersSchema });
export const measureEntrySchema = z.strictObject({ ref: occurrenceRefSchema.nullable(), measure: measureAnswersSchema });

/** One patient's feedback and measures over time, for the charts on the chart and the plan. */
export const trendsSchema = z.object({
  feedback: z.array(feedbackSchema),
  measures: z.array(measureSchema),
  /** The latest feedback, if it is to be raised at the next session, and why. */
  drop: z
    .object({
      feedbackId: z.uuid(),
      reason: z.enum(['below-threshold', 'drop-from-average']),
      score: z.number(),
      average: z.number().nullable(),
      /** The session it is to be raised at: the first after the one the feedback was about that is not over yet. */
      raiseAt: appointmentSchema.nullable(),
    })
    .nullable(),
  /** Item-9 answers above "Not at all" not yet acknowledged. */
  selfHarmAlerts: z.array(selfHarmAlertSchema),
});
export type Trends = z.infer<typeof trendsSchema>;

export const practiceFeedbackSchema = z.object({
  months: z.array(z.object({ month: z.string(), sessionsKept: z.number().int(), feedbackGiven: z.number().int() })),
  /** Patients whose latest feedback fell, with the session to raise it at (the next after the one it was about) if one is booked. */
  falling: z.array(
    z.object({
      patientId: patientIdSchema,
      patientName: z.string(),
      feedbackId: z.uuid(),
      sessionStart: instantSchema,
      reason: z.enum(['below-threshold', 'drop-from-average']),
      score: z.number(),
      average: z.number().nullable(),
      nextSession: appointmentSchema.nullable(),
    }),
  ),
  /** Every PHQ-9 item-9 answer above "Not at all" not yet acknowledged, across the practice and whatever the range, newest first. */
  selfHarm: z.array(selfHarmAlertSchema),
});
export type PracticeFeedback = z.infer<typeof practiceFeedbackSchema>;
