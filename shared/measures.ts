import { z } from 'zod';

/*
 * The outcome measures Alliance ships, word for word as their authors published them, each with its
 * credit and its licence. Only instruments whose licence lets the practice reproduce them are here;
 * restricted ones (the ORS/SRS, the Y-BOCS, the MADRS, among others) are never shipped, and the app
 * has no editor for a practice's own measures. The wording must not be altered, so it lives here once
 * and every screen, printout and export takes it from here. Where each text was taken from, and how
 * it was checked, is in shared/data/README.md ("Outcome measures").
 */

export const INSTRUMENTS = ['phq9', 'gad7', 'pcl5', 'auditc', 'audit', 'cgis', 'cgii'] as const;
export const instrumentSchema = z.enum(INSTRUMENTS);
export type Instrument = z.infer<typeof instrumentSchema>;

/** Who fills it in: the patient (in patient mode, or on paper entered by the clinician), or the clinician alone. */
export type Rater = 'patient' | 'clinician';

export const FREQUENCY_ANSWERS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;
export const DIFFICULTY_ANSWERS = ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'] as const;

/** The PHQ-9's and GAD-7's credit, as the forms print it. */
export const INSTRUMENT_CREDIT =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

/** One answer as the form prints it, and the points it scores (0–3 for the PHQ-9, 0/2/4 for AUDIT items 9 and 10, 1–7 for the CGI). */
export type AnswerOption = { label: string; points: number };

/** A band of totals; `chartLabel` is a shorter name for the chart's margin where the label is long (the CGI's). */
export type Band = { from: number; to: number; label: string; chartLabel?: string };

/** Whether the practice may reproduce it, in a word the list can show, and the licence in full. */
export type Licence = {
  status: 'public-domain' | 'no-permission-required' | 'free-non-commercial';
  text: string;
};

export const LICENCE_STATUS_LABELS: Record<Licence['status'], string> = {
  'public-domain': 'Public domain',
  'no-permission-required': 'Free to reproduce, no permission required',
  'free-non-commercial': 'Free to reproduce, not for sale',
};

export type InstrumentDefinition = {
  instrument: Instrument;
  name: string;
  title: string;
  rater: Rater;
  stem: string;
  items: readonly string[];
  /** The answers of each item, in the form's order. */
  answers: readonly (readonly AnswerOption[])[];
  /** The PHQ-9's and GAD-7's closing question, left unscored; null for the others. */
  difficulty: string | null;
  bands: readonly Band[];
  /** Where the bands or cut-offs come from. */
  bandsSource: string;
  minScore: number;
  maxScore: number;
  credit: string;
  licence: Licence;
};

const points = (labels: readonly string[], values: readonly number[] = labels.map((_, i) => i)): AnswerOption[] =>
  labels.map((label, i) => ({ label, points: values[i] ?? i }));

const FREQUENCY = points(FREQUENCY_ANSWERS);
const PCL5_ANSWERS = points(['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely']);
const AUDIT_Q1 = points(['Never', 'Monthly or less', '2 to 4 times a month', '2 to 3 times a week', '4 or more times a week']);
const AUDIT_Q2 = points(['1 or 2', '3 or 4', '5 or 6', '7, 8, or 9', '10 or more']);
const AUDIT_Q3_TO_8 = points(['Never', 'Less than monthly', 'Monthly', 'Weekly', 'Daily or almost daily']);
const AUDIT_Q9_10 = points(['No', 'Yes, but not in the last year', 'Yes, during the last year'], [0, 2, 4]);
const CGI_SEVERITY = points(
  [
    'Normal, not at all ill',
    'Borderline mentally ill',
    'Mildly ill',
    'Moderately ill',
    'Markedly ill',
    'Severely ill',
    'Among the most extremely ill patients',
  ],
  [1, 2, 3, 4, 5, 6, 7],
);
const CGI_IMPROVEMENT = points(
  ['Very much improved', 'Much improved', 'Minimally improved', 'No change', 'Minimally worse', 'Much worse', 'Very much worse'],
  [1, 2, 3, 4, 5, 6, 7],
);

/** The WHO AUDIT's questions (Babor et al. 2001, Box 4); the AUDIT-C is its first three. */
const AUDIT_ITEMS = [
  'How often do you have a drink containing alcohol?',
  'How many drinks containing alcohol do you have on a typical day when you are drinking?',
  'How often do you have six or more drinks on one occasion?',
  'How often during the last year have you found that you were not able to stop drinking once you had started?',
  'How often during the last year have you failed to do what was normally expected from you because of drinking?',
  'How often during the last year have you needed a first drink in the morning to get yourself going after a heavy drinking session?',
  'How often during the last year have you had a feeling of guilt or remorse after drinking?',
  'How often during the last year have you been unable to remember what happened the night before because you had been drinking?',
  'Have you or someone else been injured as a result of your drinking?',
  'Has a relative or friend or a doctor or another health worker been concerned about your drinking or suggested you cut down?',
] as const;
const AUDIT_ANSWERS = [AUDIT_Q1, AUDIT_Q2, ...Array.from({ length: 6 }, () => AUDIT_Q3_TO_8), AUDIT_Q9_10, AUDIT_Q9_10];
/** Alliance's own words for the patient holding the laptop; the questions and answers are the WHO's. */
const AUDIT_STEM = 'These questions are about your use of alcoholic beverages during the past year.';
const AUDIT_CREDIT =
  'The Alcohol Use Disorders Identification Test. Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: Guidelines for Use in Primary Care, 2nd edition. World Health Organization, 2001 (WHO/MSD/MSB/01.6a).';

const PCL5_ITEMS = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being “superalert” or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
] as const;

const GUY_1976 =
  'Guy W. ECDEU Assessment Manual for Psychopharmacology, pp. 217–222. US Department of Health, Education and Welfare, 1976.';
const CGI_LICENCE: Licence = {
  status: 'public-domain',
  text: 'Published by the US National Institute of Mental Health (ECDEU, Guy 1976).',
};
const PFIZER_LICENCE: Licence = {
  status: 'no-permission-required',
  text: 'No permission required to reproduce, translate, display or distribute (Pfizer).',
};
const each = (options: readonly AnswerOption[], short: readonly string[]): Band[] =>
  options.map((o, i) => ({ from: o.points, to: o.points, label: o.label, chartLabel: `${o.points} ${short[i] ?? o.label}` }));

export const INSTRUMENT_DEFINITIONS: Record<Instrument, InstrumentDefinition> = {
  phq9: {
    instrument: 'phq9',
    name: 'PHQ-9',
    title: 'Patient Health Questionnaire (PHQ-9)',
    rater: 'patient',
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
    answers: Array.from({ length: 9 }, () => FREQUENCY),
    difficulty:
      'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
    bands: [
      { from: 0, to: 4, label: 'Minimal' },
      { from: 5, to: 9, label: 'Mild' },
      { from: 10, to: 14, label: 'Moderate' },
      { from: 15, to: 19, label: 'Moderately severe' },
      { from: 20, to: 27, label: 'Severe' },
    ],
    bandsSource: 'Kroenke K, Spitzer RL, Williams JB. The PHQ-9. J Gen Intern Med 2001;16:606–613.',
    minScore: 0,
    maxScore: 27,
    credit: INSTRUMENT_CREDIT,
    licence: PFIZER_LICENCE,
  },
  gad7: {
    instrument: 'gad7',
    name: 'GAD-7',
    title: 'Generalized Anxiety Disorder (GAD-7)',
    rater: 'patient',
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
    answers: Array.from({ length: 7 }, () => FREQUENCY),
    difficulty:
      'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?',
    bands: [
      { from: 0, to: 4, label: 'Minimal' },
      { from: 5, to: 9, label: 'Mild' },
      { from: 10, to: 14, label: 'Moderate' },
      { from: 15, to: 21, label: 'Severe' },
    ],
    bandsSource:
      'Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097.',
    minScore: 0,
    maxScore: 21,
    credit: INSTRUMENT_CREDIT,
    licence: PFIZER_LICENCE,
  },
  pcl5: {
    instrument: 'pcl5',
    name: 'PCL-5',
    title: 'PTSD Checklist for DSM-5 (PCL-5)',
    rater: 'patient',
    // The form's instruction and its column heading, as printed; "circle a number" is left out, as the screen has no numbers to circle.
    stem: 'Below is a list of problems that people sometimes have in response to a very stressful experience. In the past month, how much were you bothered by:',
    items: PCL5_ITEMS,
    answers: PCL5_ITEMS.map(() => PCL5_ANSWERS),
    difficulty: null,
    bands: [
      { from: 0, to: 30, label: 'Below cut-off' },
      { from: 31, to: 33, label: 'At cut-off (31–33)' },
      { from: 34, to: 80, label: 'Above cut-off' },
    ],
    bandsSource:
      'US National Center for PTSD, “Using the PTSD Checklist for DSM-5 (PCL-5)”: a provisional cut-off of 31–33 indicates probable PTSD; a diagnosis needs a clinical interview. Bovin MJ et al. Psychol Assess 2016;28:1379–1391.',
    minScore: 0,
    maxScore: 80,
    credit: 'PCL-5 (8/14/2013). Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. National Center for PTSD.',
    licence: { status: 'public-domain', text: 'A work of the US Department of Veterans Affairs, National Center for PTSD.' },
  },
  auditc: {
    instrument: 'auditc',
    name: 'AUDIT-C',
    title: 'AUDIT Alcohol Consumption Questions (AUDIT-C)',
    rater: 'patient',
    stem: AUDIT_STEM,
    items: AUDIT_ITEMS.slice(0, 3),
    answers: AUDIT_ANSWERS.slice(0, 3),
    difficulty: null,
    bands: [
      { from: 0, to: 2, label: 'Below cut-offs' },
      { from: 3, to: 3, label: 'Positive (women)' },
      { from: 4, to: 12, label: 'Positive' },
    ],
    bandsSource:
      'Positive screen at 4 or more for men, 3 or more for women: Bradley KA et al. AUDIT-C as a brief screen for alcohol misuse in primary care. Alcohol Clin Exp Res 2007;31:1208–1217 (US Department of Veterans Affairs).',
    minScore: 0,
    maxScore: 12,
    credit: `The first three questions of the AUDIT (Bush K et al. Arch Intern Med 1998;158:1789–1795). ${AUDIT_CREDIT}`,
    licence: {
      status: 'public-domain',
      text: 'US Department of Veterans Affairs and SAMHSA: “AUDIT-C is available for use in the public domain”.',
    },
  },
  audit: {
    instrument: 'audit',
    name: 'AUDIT',
    title: 'Alcohol Use Disorders Identification Test (AUDIT)',
    rater: 'patient',
    stem: AUDIT_STEM,
    items: AUDIT_ITEMS,
    answers: AUDIT_ANSWERS,
    difficulty: null,
    bands: [
      { from: 0, to: 7, label: 'Zone I: education' },
      { from: 8, to: 15, label: 'Zone II: advice' },
      { from: 16, to: 19, label: 'Zone III: counselling' },
      { from: 20, to: 40, label: 'Zone IV: referral' },
    ],
    bandsSource:
      'WHO AUDIT manual (Babor et al. 2001), Table 6: Zone I (0–7) alcohol education; Zone II (8–15) simple advice; Zone III (16–19) simple advice plus brief counselling and continued monitoring; Zone IV (20–40) referral to a specialist for diagnostic evaluation and treatment.',
    minScore: 0,
    maxScore: 40,
    credit: AUDIT_CREDIT,
    licence: {
      status: 'free-non-commercial',
      text: '© World Health Organization 2001: “may be freely reviewed, abstracted, reproduced and translated, in part or in whole, but not for sale or for use in conjunction with commercial purposes”. Alliance is free software and sells nothing.',
    },
  },
  cgis: {
    instrument: 'cgis',
    name: 'CGI-S',
    title: 'Clinical Global Impression – Severity of illness (CGI-S)',
    rater: 'clinician',
    stem: 'Severity of illness',
    items: ['Considering your total clinical experience with this particular population, how mentally ill is the patient at this time?'],
    answers: [CGI_SEVERITY],
    difficulty: null,
    bands: each(CGI_SEVERITY, ['Normal', 'Borderline', 'Mildly ill', 'Moderately ill', 'Markedly ill', 'Severely ill', 'Extremely ill']),
    bandsSource: GUY_1976,
    minScore: 1,
    maxScore: 7,
    credit: `Clinical Global Impressions (CGI). ${GUY_1976}`,
    licence: CGI_LICENCE,
  },
  cgii: {
    instrument: 'cgii',
    name: 'CGI-I',
    title: 'Clinical Global Impression – Global improvement (CGI-I)',
    rater: 'clinician',
    stem: 'Global improvement: rate total improvement whether or not, in your judgment, it is due entirely to drug treatment.',
    items: ['Compared to his condition at admission to the project, how much has he changed?'],
    answers: [CGI_IMPROVEMENT],
    difficulty: null,
    bands: each(CGI_IMPROVEMENT, [
      'Very much better',
      'Much better',
      'A little better',
      'No change',
      'A little worse',
      'Much worse',
      'Very much worse',
    ]),
    bandsSource: GUY_1976,
    minScore: 1,
    maxScore: 7,
    credit: `Clinical Global Impressions (CGI). ${GUY_1976}`,
    licence: CGI_LICENCE,
  },
};

/** The instruments the patient may be handed in patient mode. */
export const PATIENT_INSTRUMENTS = INSTRUMENTS.filter((i) => INSTRUMENT_DEFINITIONS[i].rater === 'patient');

/** PHQ-9's ninth item: any answer above "Not at all" is raised with the clinician at once. */
export const PHQ9_SELF_HARM_ITEM = 9;

const answer = z.number().int().min(0, 'Choose one of the answers').max(7, 'Choose one of the answers');
const difficultyAnswer = z.number().int().min(0, 'Choose one of the answers').max(3, 'Choose one of the answers');

function answersValid(instrument: Instrument, answers: readonly number[]): boolean {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  return (
    answers.length === definition.items.length &&
    answers.every((a, i) => Number.isInteger(a) && (definition.answers[i] ?? []).some((option) => option.points === a))
  );
}

/**
 * The answers as given: one per item, in order, each the points the form prints beside the answer
 * chosen; the PHQ-9's and GAD-7's difficulty question may be left out, and the others have none.
 */
export const measureAnswersSchema = z
  .strictObject({
    instrument: instrumentSchema,
    answers: z.array(answer),
    difficulty: difficultyAnswer.nullable(),
  })
  .refine((m) => m.answers.length === INSTRUMENT_DEFINITIONS[m.instrument].items.length, {
    message: 'Answer every question',
    path: ['answers'],
  })
  .refine((m) => answersValid(m.instrument, m.answers), { message: 'Choose one of the answers to each question', path: ['answers'] })
  .refine((m) => m.difficulty === null || INSTRUMENT_DEFINITIONS[m.instrument].difficulty !== null, {
    message: 'This measure has no difficulty question',
    path: ['difficulty'],
  });
export type MeasureAnswers = z.infer<typeof measureAnswersSchema>;

export type MeasureScore = { score: number; band: string; maxScore: number; selfHarm: boolean };

export function bandOf(instrument: Instrument, score: number): string {
  const band = INSTRUMENT_DEFINITIONS[instrument].bands.find((b) => score >= b.from && score <= b.to);
  if (!band) throw new Error(`${score} is outside the ${INSTRUMENT_DEFINITIONS[instrument].name}'s range`);
  return band.label;
}

/** The label of the answer scoring `points` on item `index` (0-based), as the form prints it. */
export function answerLabel(instrument: Instrument, index: number, points: number): string {
  return INSTRUMENT_DEFINITIONS[instrument].answers[index]?.find((o) => o.points === points)?.label ?? String(points);
}

/** The total, its band, and (PHQ-9) whether item 9 was answered above "Not at all". */
export function scoreMeasure({ instrument, answers }: Pick<MeasureAnswers, 'instrument' | 'answers'>): MeasureScore {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  if (!answersValid(instrument, answers)) {
    throw new Error(`A ${definition.name} has ${definition.items.length} answers, each one the form offers.`);
  }
  const score = answers.reduce((sum, a) => sum + a, 0);
  return {
    score,
    band: bandOf(instrument, score),
    maxScore: definition.maxScore,
    selfHarm: instrument === 'phq9' && (answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0) > 0,
  };
}
