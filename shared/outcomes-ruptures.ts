import { z } from 'zod';
import { appointmentSchema, instantSchema } from './appointment';
import { INSTRUMENT_DEFINITIONS, instrumentSchema, type Instrument } from './measures';
import { patientIdSchema } from './patient';

/*
 * Ruptures in the working alliance, read from the patient's own session ratings. Many patients rate
 * every session near the top, so a fixed threshold misses a fall from their own usual: the latest
 * session's score is read against the running median of the patient's earlier sessions (the median,
 * not the mean, so one bad day does not move the usual). Two signals, each raised at the next session
 * as "Talk about how the work together is going":
 *   1. the score fell at least the set amount (a preference, default 1.5 points) below the median;
 *   2. it fell at least COMBINED_ALLIANCE_FALL below it while the PHQ-9 or GAD-7 is flat or rising
 *      (the latest score no more than SYMPTOMS_FLAT_POINTS below the one before): a smaller fall
 *      matters when the work is not helping either.
 * The flag ends when the feedback is discussed: a progress update or plan revision cites it, as for
 * the feedback alert (session_feedback.discussed_at).
 */

/** The preference: how far below the patient's own median a session's score must fall. */
export type RuptureRule = { belowMedianBy: number };
/** A median of fewer earlier sessions says too little about the patient's usual. */
export const MIN_SESSIONS_FOR_MEDIAN = 3;
/** The smaller fall that counts when symptoms are not improving. */
export const COMBINED_ALLIANCE_FALL = 1;
/** A symptom score at most this many points below the previous one is "flat". */
export const SYMPTOMS_FLAT_POINTS = 1;
/** The instruments whose course is read beside the ratings. */
const SYMPTOM_INSTRUMENTS: readonly Instrument[] = ['phq9', 'gad7'];

export const RUPTURE_PROMPT = 'Talk about how the work together is going';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const symptomCourseSchema = z.object({ instrument: instrumentSchema, previous: z.number().int(), latest: z.number().int() });
export type SymptomCourse = z.infer<typeof symptomCourseSchema>;

export type RuptureSignal = {
  kind: 'below-median' | 'with-symptoms';
  score: number;
  /** The median of the earlier sessions' scores, one decimal. */
  median: number;
  /** How many earlier sessions the median is of. */
  sessions: number;
  /** For the combined signal: the symptom scores that did not improve. */
  symptoms: SymptomCourse[];
};

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Whether the latest session's score (the last of `scores`, oldest first) is a rupture to raise.
 * `measures`: the patient's PHQ-9 and GAD-7 totals up to that session, oldest first.
 */
export function ruptureSignal(
  scores: readonly number[],
  measures: readonly { instrument: Instrument; score: number }[],
  rule: RuptureRule,
): RuptureSignal | null {
  const latest = scores.at(-1);
  const earlier = scores.slice(0, -1);
  if (latest === undefined || earlier.length < MIN_SESSIONS_FOR_MEDIAN) return null;
  const usual = median(earlier);
  const fall = usual - latest;
  const base = { score: latest, median: round(usual), sessions: earlier.length };
  if (fall >= rule.belowMedianBy - 1e-9) return { kind: 'below-median', ...base, symptoms: [] };
  if (fall < COMBINED_ALLIANCE_FALL - 1e-9) return null;
  const symptoms = SYMPTOM_INSTRUMENTS.flatMap((instrument) => {
    const own = measures.filter((m) => m.instrument === instrument);
    const [previous, last] = own.slice(-2);
    if (own.length < 2 || !previous || !last) return [];
    return last.score - previous.score >= -SYMPTOMS_FLAT_POINTS ? [{ instrument, previous: previous.score, latest: last.score }] : [];
  });
  return symptoms.length > 0 ? { kind: 'with-symptoms', ...base, symptoms } : null;
}

export const ruptureSchema = z.object({
  patientId: patientIdSchema,
  feedbackId: z.uuid(),
  /** The session the fall was in. */
  sessionStart: instantSchema,
  kind: z.enum(['below-median', 'with-symptoms']),
  score: z.number(),
  median: z.number(),
  sessions: z.number().int(),
  symptoms: z.array(symptomCourseSchema),
  /** The session it is raised at: the first after the one the feedback was about that is not over yet. */
  raiseAt: appointmentSchema.nullable(),
});
export type Rupture = z.infer<typeof ruptureSchema>;

const one = (value: number) => value.toFixed(1);

/** The why, with the numbers: what the clinician reads beside the prompt. */
export function describeRupture(rupture: Pick<Rupture, 'kind' | 'score' | 'median' | 'sessions' | 'symptoms'>): string {
  const usual = `Last session rated ${one(rupture.score)} of 10, against this patient’s usual ${one(rupture.median)} (the median of ${rupture.sessions} earlier sessions)`;
  if (rupture.kind === 'below-median') return `${usual}: ${one(rupture.median - rupture.score)} points below it.`;
  const course = rupture.symptoms
    .map(
      (s) =>
        `${INSTRUMENT_DEFINITIONS[s.instrument].name} ${s.latest === s.previous ? 'unchanged at' : `from ${s.previous} to`} ${s.latest}`,
    )
    .join(', ');
  return `${usual}, while symptoms are not improving: ${course}.`;
}
