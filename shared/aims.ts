import { z } from 'zod';
import { calendarDateSchema, timestampSchema } from './dates';
import { patientIdSchema } from './patient';
import { signatureSchema } from './note';

/*
 * The Abnormal Involuntary Movement Scale (AIMS), as published by the National Institute of Mental
 * Health in the ECDEU Assessment Manual for Psychopharmacology (Guy, 1976): public domain. The words
 * below are the form's, so the examination reads the same here as on paper.
 */

export const AIMS_CREDIT =
  'Abnormal Involuntary Movement Scale (AIMS). Guy W. ECDEU Assessment Manual for Psychopharmacology. US Department of Health, Education and Welfare, 1976. Public domain.';

export const AIMS_INSTRUCTIONS =
  'Complete the examination procedure before making ratings. Movement ratings: rate the highest severity observed. Rate movements that occur upon activation one less than those observed spontaneously.';

/** The examination procedure as the form gives it. The starred steps activate movements. */
export const AIMS_PROCEDURE = {
  before:
    'Either before or after completing the examination procedure, observe the patient unobtrusively at rest (e.g., in the waiting room). The chair used in this examination should be a hard, firm one without arms.',
  steps: [
    {
      text: 'Ask the patient whether there is anything in his/her mouth (i.e., gum, candy, etc.) and, if there is, to remove it.',
      activated: false,
    },
    {
      text: 'Ask the patient about the current condition of his/her teeth. Ask if he/she wears dentures. Do teeth or dentures bother the patient now?',
      activated: false,
    },
    {
      text: 'Ask the patient whether he/she notices any movements in mouth, face, hands or feet. If yes, ask to describe them and to what extent they currently bother the patient or interfere with his/her activities.',
      activated: false,
    },
    {
      text: 'Have the patient sit in the chair with hands on knees, legs slightly apart and feet flat on the floor. (Look at the entire body for movements while in this position.)',
      activated: false,
    },
    {
      text: 'Ask the patient to sit with hands hanging unsupported: if male, between the legs; if female and wearing a dress, hanging over the knees. (Observe hands and other body areas.)',
      activated: false,
    },
    { text: 'Ask the patient to open the mouth. (Observe the tongue at rest within the mouth.) Do this twice.', activated: false },
    { text: 'Ask the patient to protrude the tongue. (Observe abnormalities of tongue movement.) Do this twice.', activated: false },
    {
      text: 'Ask the patient to tap thumb with each finger as rapidly as possible for 10–15 seconds; separately with the right hand, then with the left hand. (Observe facial and leg movements.)',
      activated: true,
    },
    { text: 'Flex and extend the patient’s left and right arms, one at a time. (Note any rigidity.)', activated: false },
    { text: 'Ask the patient to stand up. (Observe in profile. Observe all body areas again, hips included.)', activated: false },
    {
      text: 'Ask the patient to extend both arms outstretched in front with palms down. (Observe trunk, legs and mouth.)',
      activated: true,
    },
    {
      text: 'Have the patient walk a few paces, turn and walk back to the chair. (Observe hands and gait.) Do this twice.',
      activated: false,
    },
  ],
} as const;

/** The anchors of items 1–9: 0 none … 4 severe. */
export const AIMS_SEVERITY_ANCHORS = ['None', 'Minimal, may be extreme normal', 'Mild', 'Moderate', 'Severe'] as const;
/** Item 8 and 9 read "None, normal" at 0. */
export const AIMS_GLOBAL_ANCHORS = ['None, normal', 'Minimal', 'Mild', 'Moderate', 'Severe'] as const;
export const AIMS_AWARENESS_ANCHORS = [
  'No awareness',
  'Aware, no distress',
  'Aware, mild distress',
  'Aware, moderate distress',
  'Aware, severe distress',
] as const;

export const AIMS_MOVEMENT_GROUPS = [
  { heading: 'Facial and oral movements', items: [0, 1, 2, 3] },
  { heading: 'Extremity movements', items: [4, 5] },
  { heading: 'Trunk movements', items: [6] },
] as const;

/** Items 1–7, each rated 0–4: the body areas the total adds up. */
export const AIMS_MOVEMENT_ITEMS = [
  {
    number: 1,
    area: 'Muscles of facial expression',
    detail: 'e.g., movements of forehead, eyebrows, periorbital area, cheeks; include frowning, blinking, smiling, grimacing',
  },
  { number: 2, area: 'Lips and perioral area', detail: 'e.g., puckering, pouting, smacking' },
  { number: 3, area: 'Jaw', detail: 'e.g., biting, clenching, chewing, mouth opening, lateral movement' },
  { number: 4, area: 'Tongue', detail: 'Rate only increase in movement both in and out of mouth, NOT inability to sustain movement' },
  {
    number: 5,
    area: 'Upper (arms, wrists, hands, fingers)',
    detail:
      'Include choreic movements (i.e., rapid, objectively purposeless, irregular, spontaneous) and athetoid movements (i.e., slow, irregular, complex, serpentine). Do NOT include tremor (i.e., repetitive, regular, rhythmic)',
  },
  {
    number: 6,
    area: 'Lower (legs, knees, ankles, toes)',
    detail: 'e.g., lateral knee movement, foot tapping, heel dropping, foot squirming, inversion and eversion of foot',
  },
  { number: 7, area: 'Neck, shoulders, hips', detail: 'e.g., rocking, twisting, squirming, pelvic gyrations' },
] as const;

export const AIMS_GLOBAL_ITEMS = {
  severity: { number: 8, question: 'Severity of abnormal movements overall', anchors: AIMS_GLOBAL_ANCHORS },
  incapacitation: { number: 9, question: 'Incapacitation due to abnormal movements', anchors: AIMS_GLOBAL_ANCHORS },
  awareness: {
    number: 10,
    question: 'Patient’s awareness of abnormal movements (rate only the patient’s report)',
    anchors: AIMS_AWARENESS_ANCHORS,
  },
} as const;

export const AIMS_DENTAL_ITEMS = {
  dentalProblems: { number: 11, question: 'Current problems with teeth and/or dentures?' },
  wearsDentures: { number: 12, question: 'Does the patient usually wear dentures?' },
} as const;

export const AIMS_LIMITS = { note: 2000, maxTotal: 28 } as const;

export const AIMS_MESSAGES = {
  rating: 'Choose a rating from 0 to 4',
  yesNo: 'Answer yes or no',
  date: 'Enter the date of the examination',
  future: 'The examination cannot be dated after today',
  note: `At most ${AIMS_LIMITS.note.toLocaleString('en')} characters`,
} as const;

/** A required rating 0–4; a missing one says so in words rather than zod's default. */
const ratingSchema = z.number(AIMS_MESSAGES.rating).int(AIMS_MESSAGES.rating).min(0, AIMS_MESSAGES.rating).max(4, AIMS_MESSAGES.rating);
const yesNoSchema = z.boolean(AIMS_MESSAGES.yesNo);

export const aimsInputSchema = z.strictObject({
  examinedOn: z.string(AIMS_MESSAGES.date).min(1, AIMS_MESSAGES.date).pipe(calendarDateSchema),
  /** Items 1–7, in the form's order. */
  movements: z.tuple([ratingSchema, ratingSchema, ratingSchema, ratingSchema, ratingSchema, ratingSchema, ratingSchema]),
  severity: ratingSchema,
  incapacitation: ratingSchema,
  awareness: ratingSchema,
  dentalProblems: yesNoSchema,
  wearsDentures: yesNoSchema,
  note: z.string().trim().max(AIMS_LIMITS.note, AIMS_MESSAGES.note),
  examinedBy: signatureSchema,
});
export type AimsInput = z.infer<typeof aimsInputSchema>;
export type AimsRatings = { movements: readonly number[] };

export type AimsFlag = 'possible-td' | 'none';

/** The sum of items 1–7 (0–28); the global judgements and dental questions are not added in. */
export function aimsTotal({ movements }: AimsRatings): number {
  return movements.reduce((sum, rating) => sum + rating, 0);
}

/**
 * The Schooler–Kane screening threshold (Schooler & Kane, Arch Gen Psychiatry 1982) over items 1–7:
 * a rating of 2 (mild) or more in two or more areas, or 3 (moderate) or more in any one. It raises a
 * reassessment, never a diagnosis: the criteria also ask for months of antipsychotic exposure and for
 * other causes of the movements to be excluded, which a score cannot know.
 */
export function aimsFlag({ movements }: AimsRatings): AimsFlag {
  const mildOrMore = movements.filter((rating) => rating >= 2).length;
  const moderateOrMore = movements.some((rating) => rating >= 3);
  return moderateOrMore || mildOrMore >= 2 ? 'possible-td' : 'none';
}

export const AIMS_FLAG_LABEL = 'Possible TD — reassess';
export const AIMS_FLAG_EXPLANATION =
  'Screening threshold reached (Schooler–Kane: 2 or more in two areas, or 3 or more in one). Not a diagnosis: reassess, and consider other causes.';

const inErrorSchema = z.object({ at: timestampSchema, reason: z.string() }).nullable();

export const aimsExaminationSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  examinedOn: calendarDateSchema,
  movements: z.array(z.number().int().min(0).max(4)).length(7),
  severity: z.number().int().min(0).max(4),
  incapacitation: z.number().int().min(0).max(4),
  awareness: z.number().int().min(0).max(4),
  dentalProblems: z.boolean(),
  wearsDentures: z.boolean(),
  total: z.number().int().min(0).max(AIMS_LIMITS.maxTotal),
  flag: z.enum(['possible-td', 'none']),
  note: z.string(),
  examinedBy: z.string(),
  createdAt: timestampSchema,
  enteredInError: inErrorSchema,
});
export type AimsExamination = z.infer<typeof aimsExaminationSchema>;
