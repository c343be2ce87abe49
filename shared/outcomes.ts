import { z } from 'zod';
import { appointmentSchema } from './appointment';
import { calendarDateSchema, timestampSchema } from './dates';
import { instrumentSchema } from './measures';
import { ruptureSchema } from './outcomes-ruptures';
import { patientIdSchema } from './patient';

/*
 * The clinical reading of PHQ-9 and GAD-7 scores over time: each score against the patient's
 * baseline with published rules (reliable change, caseness, recovery, response, remission), the
 * expected course where published data give one, and the flags that follow (not on track, reliable
 * deterioration). The rules and the course are data, each with its source; the functions below only
 * apply them. Source notes with their quotes: shared/data/README.md, "Outcome rules".
 *
 * Baseline: the patient's first score on that instrument. There is no episode restart: a patient who
 * comes back years later is still read against their first score, and the chart says so.
 */

/** The instruments read for change. Others (added elsewhere) have no change rules here. */
export const OUTCOME_INSTRUMENTS = ['phq9', 'gad7'] as const;
export type OutcomeInstrument = (typeof OUTCOME_INSTRUMENTS)[number];
export const outcomeInstrumentSchema = z.enum(OUTCOME_INSTRUMENTS);
export function isOutcomeInstrument(instrument: string): instrument is OutcomeInstrument {
  return (OUTCOME_INSTRUMENTS as readonly string[]).includes(instrument);
}

export type OutcomeSource = { short: string; citation: string; url: string };

export const OUTCOME_SOURCES = {
  iapt: {
    short: 'NHS Talking Therapies (IAPT) Manual',
    citation:
      'NHS England. The NHS Talking Therapies for anxiety and depression Manual (formerly the IAPT Manual): reliable improvement, reliable deterioration, caseness and recovery on the PHQ-9 and GAD-7.',
    url: 'https://inclinicaltrials.com/major-depressive-disorder/NCT05134103/details',
  },
  jacobsonTruax: {
    short: 'Jacobson & Truax 1991',
    citation:
      'Jacobson NS, Truax P. Clinical significance: a statistical approach to defining meaningful change in psychotherapy research. J Consult Clin Psychol. 1991;59(1):12–19.',
    url: 'https://doi.org/10.1037/0022-006X.59.1.12',
  },
  kroenke2001: {
    short: 'Kroenke et al. 2001',
    citation:
      'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med. 2001;16(9):606–613.',
    url: 'https://doi.org/10.1046/j.1525-1497.2001.016009606.x',
  },
  spitzer2006: {
    short: 'Spitzer et al. 2006',
    citation:
      'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097.',
    url: 'https://doi.org/10.1001/archinte.166.10.1092',
  },
  kroenke2007: {
    short: 'Kroenke et al. 2007',
    citation:
      'Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary care: prevalence, impairment, comorbidity, and detection. Ann Intern Med. 2007;146(5):317–325 (a GAD-7 of 8 or more as the cut point for probable anxiety disorder).',
    url: 'https://doi.org/10.7326/0003-4819-146-5-200703060-00004',
  },
  successMetrics: {
    short: 'Psychiatric Services 2020',
    citation:
      'Defining success in measurement-based care for depression: a comparison of common metrics. Psychiatr Serv. 2020 (5,554 psychotherapy episodes; response ≥ 50 % reduction in PHQ-9, remission PHQ-9 < 5).',
    url: 'https://doi.org/10.1176/appi.ps.201900295',
  },
  schueller2015: {
    short: 'Schueller et al. 2015',
    citation:
      'Schueller SM, Kwasny MJ, Dear BF, Titov N, Mohr DC. Cut points on the Patient Health Questionnaire (PHQ-9) that predict response to cognitive-behavioral treatments for depression. Gen Hosp Psychiatry. 2015;37(5):470–475.',
    url: 'https://www.scholars.northwestern.edu/en/publications/cut-points-on-the-patient-health-questionnaire-phq-9-that-predict',
  },
} as const satisfies Record<string, OutcomeSource>;
export type OutcomeSourceKey = keyof typeof OUTCOME_SOURCES;

export type OutcomeRule = {
  name: string;
  /** A change of at least this many points, either way, is reliable (Jacobson & Truax's reliable change, as the programme sets it). */
  reliableChange: number;
  /** A score at or above this is a case. */
  caseness: number;
  /** A score below this is remission; null where no rule is used. */
  remissionBelow: number | null;
  /** Response: the score fell by at least this fraction of the baseline. */
  responseFraction: number;
  sources: {
    reliableChange: OutcomeSourceKey[];
    caseness: OutcomeSourceKey[];
    response: OutcomeSourceKey[];
    remission: OutcomeSourceKey[];
  };
};

export const OUTCOME_RULES: Record<OutcomeInstrument, OutcomeRule> = {
  phq9: {
    name: 'PHQ-9',
    reliableChange: 6,
    caseness: 10,
    remissionBelow: 5,
    responseFraction: 0.5,
    sources: {
      reliableChange: ['iapt', 'jacobsonTruax'],
      caseness: ['iapt', 'kroenke2001'],
      response: ['successMetrics'],
      remission: ['kroenke2001', 'successMetrics'],
    },
  },
  gad7: {
    name: 'GAD-7',
    reliableChange: 4,
    caseness: 8,
    remissionBelow: null,
    responseFraction: 0.5,
    sources: {
      reliableChange: ['iapt', 'jacobsonTruax'],
      caseness: ['iapt', 'kroenke2007', 'spitzer2006'],
      response: ['successMetrics'],
      remission: [],
    },
  },
};

/** Where a published expected course applies: from `fromWeek` (weeks since the baseline), a score at or above `notOnTrackFrom` is off course. */
export type CourseCheckpoint = { fromWeek: number; notOnTrackFrom: number };

export type ExpectedCourse =
  | {
      kind: 'published';
      /** Only for patients whose baseline is at or above this: the population the figures come from. */
      baselineAtLeast: number;
      checkpoints: readonly CourseCheckpoint[];
      /** No band after this week: the published treatments lasted no longer. */
      untilWeek: number;
      source: OutcomeSourceKey;
      description: string;
    }
  | { kind: 'none'; reason: string };

/**
 * The expected course, from published data only. A band runs below the published cut point from
 * its week until the next cut point (the earlier, higher cut point still applies until the next one
 * is reached, the lenient reading); the patient is off course at or above it.
 */
export const EXPECTED_COURSE: Record<OutcomeInstrument, ExpectedCourse> = {
  phq9: {
    kind: 'published',
    baselineAtLeast: 10,
    checkpoints: [
      { fromWeek: 4, notOnTrackFrom: 17 },
      { fromWeek: 9, notOnTrackFrom: 13 },
      { fromWeek: 14, notOnTrackFrom: 9 },
    ],
    untilWeek: 18,
    source: 'schueller2015',
    description:
      'PHQ-9 cut points that predicted no response by the end of cognitive-behavioural treatment (487 adults with depression, treatments of 8 and 18 weeks): 17 or more at week 4, 13 or more at week 9, 9 or more at week 14.',
  },
  gad7: {
    kind: 'none',
    reason:
      'No published expected-course data for the GAD-7 were found (no cut points or recovery curves by week or session that could be cited), so no band is drawn and “not on track” is not judged; a reliable deterioration (4 points or more, NHS Talking Therapies) is still flagged.',
  },
};

/** Late responders are not flagged before this measurement (the baseline is the 1st). */
export const NOT_ON_TRACK_FROM_MEASUREMENT = 4;

const DAY_MS = 86_400_000;
/** Whole days from one calendar date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export type ScoreReading = {
  /** Points from the baseline: negative is better. */
  change: number;
  reliableImprovement: boolean;
  reliableDeterioration: boolean;
  caseness: boolean;
  /** From caseness at baseline to below it, with a reliable improvement. */
  recovery: boolean;
  response: boolean;
  /** Null where the instrument has no remission rule. */
  remission: boolean | null;
};

/** One score read against the baseline. */
export function readScore(instrument: OutcomeInstrument, baseline: number, score: number): ScoreReading {
  const rule = OUTCOME_RULES[instrument];
  const change = score - baseline;
  const reliableImprovement = change <= -rule.reliableChange;
  const caseness = score >= rule.caseness;
  return {
    change,
    reliableImprovement,
    reliableDeterioration: change >= rule.reliableChange,
    caseness,
    recovery: baseline >= rule.caseness && !caseness && reliableImprovement,
    response: baseline > 0 && baseline - score >= rule.responseFraction * baseline,
    remission: rule.remissionBelow === null ? null : score < rule.remissionBelow,
  };
}

/** The course checkpoint that applies to a measurement `week`s after a baseline of `baseline`, if any. */
export function courseCheckpoint(instrument: OutcomeInstrument, baseline: number, week: number): CourseCheckpoint | null {
  const course = EXPECTED_COURSE[instrument];
  if (course.kind !== 'published' || baseline < course.baselineAtLeast || week > course.untilWeek) return null;
  let applies: CourseCheckpoint | null = null;
  for (const checkpoint of course.checkpoints) if (week >= checkpoint.fromWeek) applies = checkpoint;
  return applies;
}

/** Why no band is shown for this patient and instrument, or null when one is. */
export function noBandReason(instrument: OutcomeInstrument, baseline: number): string | null {
  const course = EXPECTED_COURSE[instrument];
  if (course.kind === 'none') return course.reason;
  if (baseline < course.baselineAtLeast) {
    return `No published expected-course data for the ${OUTCOME_RULES[instrument].name} at this severity: the published cut points (${OUTCOME_SOURCES[course.source].short}) are for patients starting at ${course.baselineAtLeast} or more, and this baseline is ${baseline}. A reliable deterioration is still flagged.`;
  }
  return null;
}

export type CourseStatus = 'on-track' | 'not-on-track' | 'too-early' | 'no-band';

export type ReadPoint = {
  measureId: string;
  date: string;
  score: number;
  /** Weeks since the baseline, whole. */
  week: number;
  /** 1 for the baseline. */
  number: number;
  reading: ScoreReading;
  /** The band's top at this point: scores at or above `notOnTrackFrom` are off course; null where no band applies. */
  checkpoint: CourseCheckpoint | null;
  course: CourseStatus;
};

export type InstrumentOutcome = {
  instrument: OutcomeInstrument;
  baseline: { measureId: string; date: string; score: number };
  points: ReadPoint[];
  latest: ReadPoint;
  /** The first date of the run of scores, up to the latest, that share the latest's reliable change (or its recovery). */
  since: { improvement: string | null; deterioration: string | null; recovery: string | null };
  /** Why no band is drawn for this patient, or null. */
  noBand: string | null;
};

export type ScoredMeasure = { id: string; date: string; score: number };

/**
 * The reading of one instrument's scores, oldest first (by date, then as entered). Not on track
 * needs a band at that point and at least NOT_ON_TRACK_FROM_MEASUREMENT scores: never earlier.
 */
export function readInstrument(instrument: OutcomeInstrument, measures: readonly ScoredMeasure[]): InstrumentOutcome | null {
  const first = measures[0];
  if (!first) return null;
  const noBand = noBandReason(instrument, first.score);
  const course = EXPECTED_COURSE[instrument];
  const untilWeek = course.kind === 'published' ? course.untilWeek : 0;
  const points: ReadPoint[] = measures.map((m, index) => {
    const week = Math.floor(daysBetween(first.date, m.date) / 7);
    const checkpoint = index === 0 ? null : courseCheckpoint(instrument, first.score, week);
    let status: CourseStatus;
    if (noBand !== null || (index > 0 && week > untilWeek)) status = 'no-band';
    else if (index + 1 < NOT_ON_TRACK_FROM_MEASUREMENT || checkpoint === null) status = 'too-early';
    else status = m.score >= checkpoint.notOnTrackFrom ? 'not-on-track' : 'on-track';
    return {
      measureId: m.id,
      date: m.date,
      score: m.score,
      week,
      number: index + 1,
      reading: readScore(instrument, first.score, m.score),
      checkpoint,
      course: status,
    };
  });
  const latest = points.at(-1)!;
  const runStart = (holds: (p: ReadPoint) => boolean): string | null => {
    if (!holds(latest)) return null;
    let start = points.length - 1;
    while (start > 1 && holds(points[start - 1]!)) start -= 1;
    return points[start]!.date;
  };
  return {
    instrument,
    baseline: { measureId: first.id, date: first.date, score: first.score },
    points,
    latest,
    since: {
      improvement: runStart((p) => p.reading.reliableImprovement),
      deterioration: runStart((p) => p.reading.reliableDeterioration),
      recovery: runStart((p) => p.reading.recovery),
    },
    noBand,
  };
}

/** What a flag is about; 'rupture' is the alliance's, raised from session feedback. */
export const OUTCOME_FLAG_KINDS = ['not-on-track', 'reliable-deterioration', 'rupture'] as const;
export const outcomeFlagKindSchema = z.enum(OUTCOME_FLAG_KINDS);
export type OutcomeFlagKind = z.infer<typeof outcomeFlagKindSchema>;
export const OUTCOME_FLAG_LABELS: Record<OutcomeFlagKind, string> = {
  'not-on-track': 'Not on track',
  'reliable-deterioration': 'Reliable deterioration',
  rupture: 'Rupture in the alliance',
};
/** The prompt every measure flag carries. */
export const OUTCOME_FLAG_PROMPT = 'Review the plan together.';

/** The measure flags raised by an instrument's latest score (at most one of each kind). */
export function flagsOf(
  outcome: InstrumentOutcome,
): { kind: 'not-on-track' | 'reliable-deterioration'; measureId: string; date: string }[] {
  const { latest } = outcome;
  const flags: { kind: 'not-on-track' | 'reliable-deterioration'; measureId: string; date: string }[] = [];
  if (latest.course === 'not-on-track') flags.push({ kind: 'not-on-track', measureId: latest.measureId, date: latest.date });
  if (latest.number > 1 && latest.reading.reliableDeterioration) {
    flags.push({ kind: 'reliable-deterioration', measureId: latest.measureId, date: latest.date });
  }
  return flags;
}

export const FLAG_ACKNOWLEDGEMENT_LIMITS = { note: 2000 } as const;
export const FLAG_ACKNOWLEDGEMENT_MESSAGES = {
  note: 'Say what was discussed and agreed.',
  noteLong: `At most ${FLAG_ACKNOWLEDGEMENT_LIMITS.note.toLocaleString('en')} characters`,
} as const;

const acknowledgementNoteSchema = z
  .string()
  .trim()
  .min(1, FLAG_ACKNOWLEDGEMENT_MESSAGES.note)
  .max(FLAG_ACKNOWLEDGEMENT_LIMITS.note, FLAG_ACKNOWLEDGEMENT_MESSAGES.noteLong);
/** The plan revision it led to, if the psychiatrist cites one. */
const citedPlanVersionSchema = z.uuid().nullable();

/**
 * A flag raised with the patient: a measure flag names the score that raised it, a rupture the
 * session feedback that showed it. Either says what was discussed and agreed.
 */
export const flagAcknowledgementInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    patientId: patientIdSchema,
    kind: z.enum(['not-on-track', 'reliable-deterioration']),
    measureId: z.uuid(),
    note: acknowledgementNoteSchema,
    planVersionId: citedPlanVersionSchema,
  }),
  z.strictObject({
    patientId: patientIdSchema,
    kind: z.literal('rupture'),
    feedbackId: z.uuid(),
    note: acknowledgementNoteSchema,
    planVersionId: citedPlanVersionSchema,
  }),
]);
export type FlagAcknowledgementInput = z.infer<typeof flagAcknowledgementInputSchema>;

export const flagAcknowledgementSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  kind: outcomeFlagKindSchema,
  measureId: z.uuid().nullable(),
  feedbackId: z.uuid().nullable(),
  note: z.string(),
  planVersionId: z.uuid().nullable(),
  /** The cited revision's number, for the words "plan version 3". */
  planVersionNumber: z.number().int().nullable(),
  createdAt: timestampSchema,
});
export type FlagAcknowledgement = z.infer<typeof flagAcknowledgementSchema>;

const courseCheckpointSchema = z.object({ fromWeek: z.number().int(), notOnTrackFrom: z.number().int() });
const readPointSchema = z.object({
  measureId: z.uuid(),
  date: calendarDateSchema,
  score: z.number().int(),
  week: z.number().int(),
  number: z.number().int(),
  reading: z.object({
    change: z.number().int(),
    reliableImprovement: z.boolean(),
    reliableDeterioration: z.boolean(),
    caseness: z.boolean(),
    recovery: z.boolean(),
    response: z.boolean(),
    remission: z.boolean().nullable(),
  }),
  checkpoint: courseCheckpointSchema.nullable(),
  course: z.enum(['on-track', 'not-on-track', 'too-early', 'no-band']),
});

export const outcomeFlagSchema = z.object({
  kind: z.enum(['not-on-track', 'reliable-deterioration']),
  instrument: outcomeInstrumentSchema,
  measureId: z.uuid(),
  date: calendarDateSchema,
  score: z.number().int(),
  baseline: z.number().int(),
  /** The session it is raised at: the first after the measure's that is not over yet. */
  raiseAt: appointmentSchema.nullable(),
});
export type OutcomeFlag = z.infer<typeof outcomeFlagSchema>;

export const patientOutcomesSchema = z.object({
  instruments: z.array(
    z.object({
      instrument: outcomeInstrumentSchema,
      baseline: z.object({ measureId: z.uuid(), date: calendarDateSchema, score: z.number().int() }),
      points: z.array(readPointSchema),
      latest: readPointSchema,
      since: z.object({
        improvement: calendarDateSchema.nullable(),
        deterioration: calendarDateSchema.nullable(),
        recovery: calendarDateSchema.nullable(),
      }),
      noBand: z.string().nullable(),
    }),
  ),
  /** Raised by the latest scores and not yet acknowledged. */
  openFlags: z.array(outcomeFlagSchema),
  /** The rupture in the alliance the latest session rating shows, not yet discussed, or null. */
  rupture: ruptureSchema.nullable(),
  /** Every acknowledgement, newest first. */
  acknowledgements: z.array(flagAcknowledgementSchema),
});
export type PatientOutcomes = z.infer<typeof patientOutcomesSchema>;

/** A measure a patient's schedule says is past due: since `dueOn`, the day after its interval ran out. */
export const overdueMeasureSchema = z.object({
  patientId: patientIdSchema,
  patientName: z.string(),
  instrument: instrumentSchema,
  everyDays: z.number().int(),
  /** Null: set on the schedule and never answered since. */
  lastDate: calendarDateSchema.nullable(),
  dueOn: calendarDateSchema,
});
export type OverdueMeasure = z.infer<typeof overdueMeasureSchema>;

export const practiceOutcomesSchema = z.object({
  /** Per quarter and instrument: patients with a baseline in caseness and a later score in the quarter, and how many of them improved reliably or recovered by their last score in it. */
  quarters: z.array(
    z.object({
      quarter: z.string(),
      instrument: outcomeInstrumentSchema,
      patients: z.number().int(),
      reliableImprovement: z.number().int(),
      recovery: z.number().int(),
    }),
  ),
  /** Open flags whose score falls in the range, by kind, with the patient's name and next session. */
  notOnTrack: z.array(outcomeFlagSchema.extend({ patientId: patientIdSchema, patientName: z.string() })),
  deteriorations: z.array(outcomeFlagSchema.extend({ patientId: patientIdSchema, patientName: z.string() })),
  /** Ruptures not yet discussed (no acknowledgement, and the feedback not cited by the plan), from sessions in the range. */
  ruptures: z.array(ruptureSchema.extend({ patientName: z.string() })),
  /** Measures past their due day as of today, oldest first, for patients measured or given a schedule in the range. Archived patients are left out. */
  overdue: z.array(overdueMeasureSchema),
});
export type PracticeOutcomes = z.infer<typeof practiceOutcomesSchema>;

/** The quarter of a calendar date: "2026-Q1". */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The reading in words, as the chart says it: "Reliable improvement since 3 Mar 2026; not yet in
 * remission". `formatDate` writes a calendar date the way the window does.
 */
export function describeOutcome(
  outcome: Pick<InstrumentOutcome, 'instrument' | 'latest' | 'since'>,
  formatDate: (date: string) => string,
): string {
  const rule = OUTCOME_RULES[outcome.instrument];
  const { latest, since } = outcome;
  if (latest.number === 1) return 'Baseline only: no change to read yet.';
  const parts: string[] = [];
  if (since.recovery !== null) parts.push(`Recovered since ${formatDate(since.recovery)}`);
  else if (since.improvement !== null) parts.push(`Reliable improvement since ${formatDate(since.improvement)}`);
  else if (since.deterioration !== null) parts.push(`Reliable deterioration since ${formatDate(since.deterioration)}`);
  else parts.push(`No reliable change since the baseline (${latest.reading.change > 0 ? '+' : ''}${latest.reading.change})`);
  if (latest.reading.remission === true) parts.push(`in remission (below ${rule.remissionBelow})`);
  else {
    if (latest.reading.response) parts.push('responding (50 % or more below the baseline)');
    if (latest.reading.remission === false) parts.push('not yet in remission');
    else
      parts.push(
        latest.reading.caseness
          ? `still at or above the caseness threshold (${rule.caseness})`
          : `below the caseness threshold (${rule.caseness})`,
      );
  }
  return `${parts.join('; ')}.`;
}

/** What the acknowledgement form asks: the note, and the plan version it led to (none: null). */
export const flagAcknowledgementFormSchema = z.strictObject({ note: acknowledgementNoteSchema, planVersionId: citedPlanVersionSchema });
export type FlagAcknowledgementForm = z.infer<typeof flagAcknowledgementFormSchema>;
