import { z } from 'zod';

/*
 * The PHQ-9 and the GAD-7, word for word as their authors published them, with their credit. Both
 * may be reproduced without permission; the wording must not be altered, so it lives here once and
 * every screen and printout takes it from here.
 */

export const INSTRUMENTS = ['phq9', 'gad7'] as const;
export const instrumentSchema = z.enum(INSTRUMENTS);
export type Instrument = z.infer<typeof instrumentSchema>;

export const FREQUENCY_ANSWERS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;
export const DIFFICULTY_ANSWERS = ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'] as const;

export const INSTRUMENT_CREDIT =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

export type Band = { from: number; to: number; label: string };

export type InstrumentDefinition = {
  instrument: Instrument;
  name: string;
  title: string;
  stem: string;
  items: readonly string[];
  difficulty: string;
  bands: readonly Band[];
  maxScore: number;
};

export const INSTRUMENT_DEFINITIONS: Record<Instrument, InstrumentDefinition> = {
  phq9: {
    instrument: 'phq9',
    name: 'PHQ-9',
    title: 'Patient Health Questionnaire (PHQ-9)',
    stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    items: [
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    ],
    difficulty:
      'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
    bands: [
      { from: 0, to: 4, label: 'Minimal' },
      { from: 5, to: 9, label: 'Mild' },
      { from: 10, to: 14, label: 'Moderate' },
      { from: 15, to: 19, label: 'Moderately severe' },
      { from: 20, to: 27, label: 'Severe' },
    ],
    maxScore: 27,
  },
  gad7: {
    instrument: 'gad7',
    name: 'GAD-7',
    title: 'Generalized Anxiety Disorder (GAD-7)',
    stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    items: [
      'Feeling nervous, anxious or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid as if something awful might happen',
    ],
    difficulty:
      'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?',
    bands: [
      { from: 0, to: 4, label: 'Minimal' },
      { from: 5, to: 9, label: 'Mild' },
      { from: 10, to: 14, label: 'Moderate' },
      { from: 15, to: 21, label: 'Severe' },
    ],
    maxScore: 21,
  },
};

/** PHQ-9's ninth item: any answer above "Not at all" is raised with the clinician at once. */
export const PHQ9_SELF_HARM_ITEM = 9;

const answer = z.number().int().min(0, 'Choose one of the answers').max(3, 'Choose one of the answers');

/** The answers as given: one per item, 0–3, in order; the difficulty question may be left out. */
export const measureAnswersSchema = z
  .strictObject({
    instrument: instrumentSchema,
    answers: z.array(answer),
    difficulty: answer.nullable(),
  })
  .refine((m) => m.answers.length === INSTRUMENT_DEFINITIONS[m.instrument].items.length, {
    message: 'Answer every question',
    path: ['answers'],
  });
export type MeasureAnswers = z.infer<typeof measureAnswersSchema>;

export type MeasureScore = { score: number; band: string; maxScore: number; selfHarm: boolean };

export function bandOf(instrument: Instrument, score: number): string {
  const band = INSTRUMENT_DEFINITIONS[instrument].bands.find((b) => score >= b.from && score <= b.to);
  if (!band) throw new Error(`${score} is outside the ${INSTRUMENT_DEFINITIONS[instrument].name}'s range`);
  return band.label;
}

/** The total, its severity band, and (PHQ-9) whether item 9 was answered above "Not at all". */
export function scoreMeasure({ instrument, answers }: Pick<MeasureAnswers, 'instrument' | 'answers'>): MeasureScore {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  if (answers.length !== definition.items.length || answers.some((a) => !Number.isInteger(a) || a < 0 || a > 3)) {
    throw new Error(`A ${definition.name} has ${definition.items.length} answers from 0 to 3.`);
  }
  const score = answers.reduce((sum, a) => sum + a, 0);
  return {
    score,
    band: bandOf(instrument, score),
    maxScore: definition.maxScore,
    selfHarm: instrument === 'phq9' && (answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0) > 0,
  };
}
