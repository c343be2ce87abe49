import { z } from 'zod';
import { calendarDateSchema, localToday, timestampSchema } from './dates';
import { DEFAULT_GOAL_RATING_INTERVAL, GOAL_RATING_INTERVAL_LABELS, goalRatingIntervalSchema, goalRatingSchema } from './goal-ratings';
import { singleLineString } from './input-safety';
import { patientIdSchema } from './patient';

/*
 * The treatment plan agreed with the patient. A plan has versions: a draft is written and changed
 * freely until the patient's agreement is recorded (signed, verbal, or declined with a reason), which
 * makes that version final. To change a final plan it is revised: a new draft is copied forward and
 * the reason for the revision is kept. Earlier versions never change, so any two can be compared.
 *
 * Objectives move (in progress, met) while a version is in force: those changes are dated entries
 * of their own, not edits of the version. Goals, objectives and interventions keep their ids across
 * versions, so progress updates and comparisons follow them.
 */

export const OBJECTIVE_STATUSES = ['not-started', 'in-progress', 'met', 'revised', 'discontinued'] as const;
export const objectiveStatusSchema = z.enum(OBJECTIVE_STATUSES);
export type ObjectiveStatus = z.infer<typeof objectiveStatusSchema>;
export const OBJECTIVE_STATUS_LABELS: Record<ObjectiveStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  met: 'Met',
  revised: 'Revised',
  discontinued: 'Discontinued',
};

/**
 * The limits of a plan the draft editor shows as it is written (a disabled "Add" button, a number
 * field's range); the schemas below and the messages are built from them.
 */
export const PLAN_LIMITS = {
  diagnoses: 20,
  goals: 10,
  objectivesPerGoal: 12,
  psychotherapy: 10,
  medications: 20,
  referrals: 10,
  sessionMinutes: { min: 10, max: 240 },
} as const;

/** What the editor says beside a field, and the channel answers for the same value. */
export const PLAN_MESSAGES = {
  goals: `At most ${PLAN_LIMITS.goals} goals`,
  objectivesPerGoal: `At most ${PLAN_LIMITS.objectivesPerGoal} objectives for a goal`,
  sessionMinutes: `Whole minutes, from ${PLAN_LIMITS.sessionMinutes.min} to ${PLAN_LIMITS.sessionMinutes.max}.`,
  /** A date field the browser cannot read is empty: say what to enter, not its format. */
  targetDate: 'Enter the target date.',
  reviewDate: 'Enter the review date.',
} as const;

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}: at most ${max.toLocaleString('en')} characters`);
const required = (max: number, label: string) => text(max, label).min(1, `${label}: write something`);
/** A name or a short phrase (a dose, a frequency): one line, no tabs or control characters. */
const requiredLine = (max: number, label: string) =>
  singleLineString()
    .trim()
    .max(max, `${label}: at most ${max.toLocaleString('en')} characters`)
    .min(1, `${label}: write something`);
/** A date the plan needs, with what to say when it is left empty. */
const requiredDate = (whenEmpty: string) => z.string().min(1, whenEmpty).pipe(calendarDateSchema);
const itemId = z.uuid();

export const objectiveSchema = z.strictObject({
  id: itemId,
  /** What will be different, stated so it can be measured: "Sleeps 7 hours on 5 nights a week". */
  description: required(500, 'Objective'),
  /** How it is measured: "sleep diary", "PHQ-9 below 10". */
  measure: text(300, 'Measure'),
  targetDate: requiredDate(PLAN_MESSAGES.targetDate),
  status: objectiveStatusSchema,
});
export type Objective = z.infer<typeof objectiveSchema>;

export const goalSchema = z.strictObject({
  id: itemId,
  /** The patient's own words: what they hope to achieve. */
  patientWords: required(1000, 'The patient’s words'),
  /** The clinician's formulation of the same goal. */
  formulation: text(2000, 'Formulation'),
  objectives: z.array(objectiveSchema).max(PLAN_LIMITS.objectivesPerGoal, PLAN_MESSAGES.objectivesPerGoal),
});
export type Goal = z.infer<typeof goalSchema>;

export const psychotherapySchema = z.strictObject({
  id: itemId,
  /** "Cognitive behavioural therapy", "Interpersonal therapy". */
  modality: requiredLine(120, 'Modality'),
  /** "Weekly", "Every two weeks". */
  frequency: requiredLine(80, 'Frequency'),
  sessionMinutes: z
    .number({ error: PLAN_MESSAGES.sessionMinutes })
    .int(PLAN_MESSAGES.sessionMinutes)
    .min(PLAN_LIMITS.sessionMinutes.min, PLAN_MESSAGES.sessionMinutes)
    .max(PLAN_LIMITS.sessionMinutes.max, PLAN_MESSAGES.sessionMinutes),
  /** The approach as the psychiatrist explains it to the patient. */
  description: text(2000, 'Description'),
});
export type Psychotherapy = z.infer<typeof psychotherapySchema>;

export const planMedicationSchema = z.strictObject({
  id: itemId,
  /** The course on the chart's medication list this is, when there is one. */
  medicationId: z.uuid().nullable(),
  name: requiredLine(120, 'Medication'),
  dose: requiredLine(60, 'Dose'),
  frequency: requiredLine(80, 'Frequency'),
  /** "Lithium level and renal function every 3 months". */
  monitoring: text(500, 'Monitoring'),
});
export type PlanMedication = z.infer<typeof planMedicationSchema>;

export const referralSchema = z.strictObject({
  id: itemId,
  to: requiredLine(200, 'Referral to'),
  reason: text(500, 'Reason'),
});
export type Referral = z.infer<typeof referralSchema>;

export const SAFETY_PLAN_FIELDS = [
  { key: 'warningSigns', label: 'Warning signs', hint: 'Thoughts, images, moods or situations that come before a crisis' },
  { key: 'copingStrategies', label: 'Things I can do on my own', hint: 'To take my mind off my problems' },
  { key: 'peopleAndPlaces', label: 'People and places that help me feel better', hint: 'For distraction and company' },
  { key: 'peopleToAsk', label: 'People I can ask for help', hint: 'Names and phone numbers' },
  { key: 'professionals', label: 'Professionals and crisis lines', hint: 'The psychiatrist, an emergency department, a crisis line' },
  { key: 'meansSafety', label: 'Making my surroundings safer', hint: 'Medication, weapons and other means, and how they are kept safe' },
] as const;
export type SafetyPlanField = (typeof SAFETY_PLAN_FIELDS)[number]['key'];

export const safetyPlanSchema = z.strictObject({
  warningSigns: text(2000, 'Warning signs'),
  copingStrategies: text(2000, 'Coping strategies'),
  peopleAndPlaces: text(2000, 'People and places'),
  peopleToAsk: text(2000, 'People to ask for help'),
  professionals: text(2000, 'Professionals and crisis lines'),
  meansSafety: text(2000, 'Means safety'),
});
export type SafetyPlan = z.infer<typeof safetyPlanSchema>;

export const planDiagnosisSchema = z.strictObject({ diagnosisId: z.uuid(), code: z.string().max(10), label: z.string().max(300) });

/** Everything a version of the plan says. */
export const planContentSchema = z.strictObject({
  /** Chosen from the chart's diagnoses for this plan; code and label as they were then. */
  diagnoses: z.array(planDiagnosisSchema).max(PLAN_LIMITS.diagnoses),
  presentingProblems: text(4000, 'Presenting problems'),
  /** How the problems affect daily life: work, relationships, self-care. */
  dailyLifeEffect: text(4000, 'Effect on daily life'),
  strengths: text(2000, 'Strengths'),
  goals: z.array(goalSchema).max(PLAN_LIMITS.goals, PLAN_MESSAGES.goals),
  interventions: z.strictObject({
    psychotherapy: z.array(psychotherapySchema).max(PLAN_LIMITS.psychotherapy),
    medications: z.array(planMedicationSchema).max(PLAN_LIMITS.medications),
    referrals: z.array(referralSchema).max(PLAN_LIMITS.referrals),
  }),
  safetyPlan: safetyPlanSchema,
  reviewDate: requiredDate(PLAN_MESSAGES.reviewDate),
  dischargeCriteria: text(2000, 'Discharge criteria'),
  /** How often the patient rates their own goals (storedPlanContent reads an older version's as every 4 weeks). */
  goalRatingInterval: goalRatingIntervalSchema,
});
export type PlanContent = z.infer<typeof planContentSchema>;

/**
 * A version's content as stored, before the schema checks it: a version written before the plan set
 * how often the patient rates their goals reads as the default, every 4 weeks. Nothing else is filled.
 */
export function storedPlanContent(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'goalRatingInterval' in raw) return raw;
  return { ...raw, goalRatingInterval: DEFAULT_GOAL_RATING_INTERVAL };
}

/*
 * A draft is saved as it is typed, half-written items included, so a lock or a closed window never
 * loses an objective begun: a text may still be empty and a target date not yet chosen. The limits
 * (lengths, counts) hold all the same. The whole plan schema above is checked when the patient's
 * agreement is recorded (agreementProblems, and the worker's agree).
 */
const draftLine = (max: number, label: string) =>
  singleLineString()
    .trim()
    .max(max, `${label}: at most ${max.toLocaleString('en')} characters`);
const draftDate = z.union([z.literal(''), calendarDateSchema]);

const draftObjectiveSchema = objectiveSchema.extend({ description: text(500, 'Objective'), targetDate: draftDate });
const draftGoalSchema = goalSchema.extend({
  patientWords: text(1000, 'The patient’s words'),
  objectives: z.array(draftObjectiveSchema).max(PLAN_LIMITS.objectivesPerGoal, PLAN_MESSAGES.objectivesPerGoal),
});

export const planDraftContentSchema = planContentSchema.extend({
  goals: z.array(draftGoalSchema).max(PLAN_LIMITS.goals, PLAN_MESSAGES.goals),
  interventions: z.strictObject({
    psychotherapy: z
      .array(psychotherapySchema.extend({ modality: draftLine(120, 'Modality'), frequency: draftLine(80, 'Frequency') }))
      .max(PLAN_LIMITS.psychotherapy),
    medications: z
      .array(
        planMedicationSchema.extend({
          name: draftLine(120, 'Medication'),
          dose: draftLine(60, 'Dose'),
          frequency: draftLine(80, 'Frequency'),
        }),
      )
      .max(PLAN_LIMITS.medications),
    referrals: z.array(referralSchema.extend({ to: draftLine(200, 'Referral to') })).max(PLAN_LIMITS.referrals),
  }),
});

export const AGREEMENT_METHODS = ['signed', 'verbal', 'declined'] as const;
export const AGREEMENT_LABELS: Record<(typeof AGREEMENT_METHODS)[number], string> = {
  signed: 'Signed by the patient',
  verbal: 'Agreed verbally',
  declined: 'Declined by the patient',
};

/** How the patient agreed to this version. A declined plan is final too, with the patient's reason. */
export const agreementSchema = z
  .strictObject({
    date: calendarDateSchema,
    method: z.enum(AGREEMENT_METHODS),
    /** For a declined plan: why, ideally in the patient's words. */
    declineReason: text(1000, 'Reason'),
    /** Who recorded it: the clinician's name and credentials. */
    recordedBy: requiredLine(120, 'Recorded by'),
  })
  .refine((agreement) => agreement.method !== 'declined' || agreement.declineReason.length > 0, {
    message: 'Say why the patient declined',
    path: ['declineReason'],
  });
export type Agreement = z.infer<typeof agreementSchema>;

export const PLAN_VERSION_STATUSES = ['draft', 'final'] as const;

export const planVersionSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  patientId: patientIdSchema,
  number: z.number().int().positive(),
  status: z.enum(PLAN_VERSION_STATUSES),
  /** Why this revision was made; null for the first version. */
  reason: z.string().nullable(),
  /** The patient's feedback this revision answers, if it was begun from one. */
  feedbackId: z.uuid().nullable(),
  /** A draft's as typed; a final version's passed the whole plan schema when it was agreed. */
  content: planDraftContentSchema,
  agreement: agreementSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Optimistic concurrency of a draft. */
  version: z.number().int().positive(),
});
export type PlanVersion = z.infer<typeof planVersionSchema>;

export const planVersionSummarySchema = planVersionSchema.pick({
  id: true,
  number: true,
  status: true,
  reason: true,
  createdAt: true,
  agreement: true,
});
export type PlanVersionSummary = z.infer<typeof planVersionSummarySchema>;

/** One dated change of an objective's status while a version is in force. */
export const objectiveStatusEntrySchema = z.object({
  id: z.uuid(),
  objectiveId: z.uuid(),
  planVersionId: z.uuid(),
  status: objectiveStatusSchema,
  note: z.string(),
  at: timestampSchema,
});
export type ObjectiveStatusEntry = z.infer<typeof objectiveStatusEntrySchema>;

export const progressUpdateInputSchema = z.strictObject({
  goalId: z.uuid(),
  date: calendarDateSchema.refine((date) => date <= localToday(), 'Today or earlier'),
  /** 0 = no progress at all, 10 = the goal reached. */
  rating: z.number().int('A whole number from 0 to 10').min(0, 'From 0 to 10').max(10, 'From 0 to 10'),
  working: text(2000, 'What is working'),
  notWorking: text(2000, 'What is not working'),
  /** The session note it was written from, if any; its session is then the session of the update. */
  noteId: z.uuid().nullable(),
  /** The patient's feedback on a session that this update answers, if any. */
  feedbackId: z.uuid().nullable().default(null),
});
export type ProgressUpdateInput = z.infer<typeof progressUpdateInputSchema>;

export const progressUpdateSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  goalId: z.uuid(),
  date: calendarDateSchema,
  rating: z.number().int(),
  working: z.string(),
  notWorking: z.string(),
  noteId: z.uuid().nullable(),
  /** The session the update belongs to: its note's session. */
  appointmentId: z.uuid().nullable(),
  feedbackId: z.uuid().nullable(),
  createdAt: timestampSchema,
});
export type ProgressUpdate = z.infer<typeof progressUpdateSchema>;

export const planSchema = z.object({
  planId: z.uuid(),
  patientId: patientIdSchema,
  /** The latest version: the draft being written, or the plan in force. */
  current: planVersionSchema,
  /** Every version, newest first. */
  versions: z.array(planVersionSummarySchema),
  /** Each objective's status now, by the objective's id: its last dated change, or what the current version says. */
  objectiveStatus: z.record(z.uuid(), objectiveStatusSchema),
  statusHistory: z.array(objectiveStatusEntrySchema),
  progress: z.array(progressUpdateSchema),
  /** The patient's own ratings of their goals, oldest first. */
  goalRatings: z.array(goalRatingSchema),
  /** The review date has passed. */
  reviewDue: z.boolean(),
});
export type Plan = z.infer<typeof planSchema>;

/** What the chart's header and the calendar need of a plan. */
export const planStatusSchema = z.object({
  planId: z.uuid(),
  number: z.number().int(),
  status: z.enum(PLAN_VERSION_STATUSES),
  /** How the patient answered the latest version: null while it is a draft. */
  agreementMethod: z.enum(AGREEMENT_METHODS).nullable(),
  reviewDate: calendarDateSchema,
  reviewDue: z.boolean(),
});
export type PlanStatus = z.infer<typeof planStatusSchema>;

export const planChangeSchema = z.object({
  /** "Goals", "Interventions", "Safety plan"… */
  section: z.string(),
  /** The goal, objective or intervention it is about, in words; null for a field of the plan itself. */
  item: z.string().nullable(),
  /** The field that changed; null when the whole item was added or removed. */
  field: z.string().nullable(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type PlanChange = z.infer<typeof planChangeSchema>;

export const planDiffSchema = z.object({
  from: planVersionSummarySchema,
  to: planVersionSummarySchema,
  /** The reasons of every revision after `from` up to `to`, oldest first. */
  reasons: z.array(z.object({ number: z.number().int(), reason: z.string() })),
  changes: z.array(planChangeSchema),
});
export type PlanDiff = z.infer<typeof planDiffSchema>;

export const EMPTY_SAFETY_PLAN: SafetyPlan = {
  warningSigns: '',
  copingStrategies: '',
  peopleAndPlaces: '',
  peopleToAsk: '',
  professionals: '',
  meansSafety: '',
};

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/** A new plan's first draft: the review date the preference sets from today, everything else to be written. */
export function emptyPlanContent(today: string, reviewDays: number): PlanContent {
  return {
    diagnoses: [],
    presentingProblems: '',
    dailyLifeEffect: '',
    strengths: '',
    goals: [],
    interventions: { psychotherapy: [], medications: [], referrals: [] },
    safetyPlan: { ...EMPTY_SAFETY_PLAN },
    reviewDate: addDays(today, reviewDays),
    dischargeCriteria: '',
    goalRatingInterval: DEFAULT_GOAL_RATING_INTERVAL,
  };
}

/** Where a problem of the whole plan schema is, in the editor's words: "Objective 1.2", "Medication 1". */
function placeOf(path: readonly PropertyKey[]): string | null {
  const [head, a, b, c] = path;
  if (head === 'goals' && typeof a === 'number')
    return b === 'objectives' && typeof c === 'number' ? `Objective ${a + 1}.${c + 1}` : `Goal ${a + 1}`;
  if (head === 'interventions' && typeof b === 'number') {
    const kind = a === 'psychotherapy' ? 'Psychotherapy' : a === 'medications' ? 'Medication' : 'Referral';
    return `${kind} ${b + 1}`;
  }
  return null;
}

/**
 * What a plan needs before the patient can agree to it: at least one goal, each with an objective,
 * and every item the draft kept half-written completed.
 */
export function agreementProblems(content: PlanContent): string[] {
  const problems: string[] = [];
  if (content.goals.length === 0) problems.push('Add at least one goal, in the patient’s words.');
  content.goals.forEach((goal, index) => {
    if (goal.objectives.length === 0) problems.push(`Goal ${index + 1} needs at least one measurable objective.`);
  });
  for (const issue of planContentSchema.safeParse(content).error?.issues ?? []) {
    const place = placeOf(issue.path);
    const problem = place ? `${place} — ${issue.message}` : issue.message;
    if (!problems.includes(problem)) problems.push(problem);
  }
  return problems;
}

const SAFETY_LABELS = Object.fromEntries(SAFETY_PLAN_FIELDS.map((field) => [field.key, field.label])) as Record<SafetyPlanField, string>;

function short(value: string, max = 60): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * What changed from one version's content to another's: fields of the plan, diagnoses, goals and
 * their objectives, interventions and the safety plan, matched by their ids. Empty when nothing did.
 */
export function diffPlanContent(before: PlanContent, after: PlanContent): PlanChange[] {
  const changes: PlanChange[] = [];
  const field = (section: string, item: string | null, name: string, a: string, b: string) => {
    if (a !== b) changes.push({ section, item, field: name, kind: 'changed', before: a, after: b });
  };
  const lists = <T extends { id: string }>(
    section: string,
    a: readonly T[],
    b: readonly T[],
    name: (item: T) => string,
    fields: (x: T, y: T, item: string) => void,
  ) => {
    const byId = new Map(a.map((item) => [item.id, item]));
    const kept = new Set(b.map((item) => item.id));
    for (const item of a)
      if (!kept.has(item.id)) changes.push({ section, item: name(item), field: null, kind: 'removed', before: name(item), after: null });
    for (const item of b) {
      const old = byId.get(item.id);
      if (!old) changes.push({ section, item: name(item), field: null, kind: 'added', before: null, after: name(item) });
      else fields(old, item, name(item));
    }
  };

  field('The plan', null, 'Presenting problems', before.presentingProblems, after.presentingProblems);
  field('The plan', null, 'Effect on daily life', before.dailyLifeEffect, after.dailyLifeEffect);
  field('The plan', null, 'Strengths', before.strengths, after.strengths);
  field('The plan', null, 'Review date', before.reviewDate, after.reviewDate);
  field('The plan', null, 'Discharge criteria', before.dischargeCriteria, after.dischargeCriteria);
  field(
    'The plan',
    null,
    'Goal ratings by the patient',
    GOAL_RATING_INTERVAL_LABELS[before.goalRatingInterval],
    GOAL_RATING_INTERVAL_LABELS[after.goalRatingInterval],
  );

  const beforeCodes = new Set(before.diagnoses.map((d) => d.diagnosisId));
  const afterCodes = new Set(after.diagnoses.map((d) => d.diagnosisId));
  for (const d of before.diagnoses)
    if (!afterCodes.has(d.diagnosisId))
      changes.push({
        section: 'Diagnoses',
        item: `${d.code} ${d.label}`,
        field: null,
        kind: 'removed',
        before: `${d.code} ${d.label}`,
        after: null,
      });
  for (const d of after.diagnoses)
    if (!beforeCodes.has(d.diagnosisId))
      changes.push({
        section: 'Diagnoses',
        item: `${d.code} ${d.label}`,
        field: null,
        kind: 'added',
        before: null,
        after: `${d.code} ${d.label}`,
      });

  lists(
    'Goals',
    before.goals,
    after.goals,
    (goal) => `“${short(goal.patientWords)}”`,
    (a, b, item) => {
      field('Goals', item, 'The patient’s words', a.patientWords, b.patientWords);
      field('Goals', item, 'Formulation', a.formulation, b.formulation);
      lists(
        'Objectives',
        a.objectives,
        b.objectives,
        (objective) => short(objective.description),
        (x, y, objective) => {
          field('Objectives', objective, 'Objective', x.description, y.description);
          field('Objectives', objective, 'Measure', x.measure, y.measure);
          field('Objectives', objective, 'Target date', x.targetDate, y.targetDate);
          field('Objectives', objective, 'Status', OBJECTIVE_STATUS_LABELS[x.status], OBJECTIVE_STATUS_LABELS[y.status]);
        },
      );
    },
  );

  lists(
    'Psychotherapy',
    before.interventions.psychotherapy,
    after.interventions.psychotherapy,
    (p) => p.modality,
    (a, b, item) => {
      field('Psychotherapy', item, 'Modality', a.modality, b.modality);
      field('Psychotherapy', item, 'Frequency', a.frequency, b.frequency);
      field('Psychotherapy', item, 'Session length', `${a.sessionMinutes} minutes`, `${b.sessionMinutes} minutes`);
      field('Psychotherapy', item, 'Description', a.description, b.description);
    },
  );
  lists(
    'Medications',
    before.interventions.medications,
    after.interventions.medications,
    (m) => m.name,
    (a, b, item) => {
      field('Medications', item, 'Dose', a.dose, b.dose);
      field('Medications', item, 'Frequency', a.frequency, b.frequency);
      field('Medications', item, 'Monitoring', a.monitoring, b.monitoring);
    },
  );
  lists(
    'Referrals',
    before.interventions.referrals,
    after.interventions.referrals,
    (r) => r.to,
    (a, b, item) => {
      field('Referrals', item, 'Reason', a.reason, b.reason);
    },
  );

  for (const { key } of SAFETY_PLAN_FIELDS) field('Safety plan', null, SAFETY_LABELS[key], before.safetyPlan[key], after.safetyPlan[key]);
  return changes;
}

/*
 * The plan and the medication list. A plan's medication interventions are structured (name, dose,
 * frequency, and the course on the list when there is one), so the plan in force is compared with the
 * chart's current medications field by field: a course is found by its id, else by its name; doses
 * and frequencies are compared as a person reads them ("150mg" is "150 mg").
 */

export const MEDICATION_DIFFERENCE_KINDS = ['dose', 'not-on-list', 'not-in-plan'] as const;

export const medicationDifferenceSchema = z.object({
  kind: z.enum(MEDICATION_DIFFERENCE_KINDS),
  name: z.string(),
  /** The plan's intervention; null for a medication on the list the plan does not name. */
  interventionId: z.uuid().nullable(),
  /** The course on the list; null for a medication of the plan that is not on it. */
  medicationId: z.uuid().nullable(),
  plan: z.object({ dose: z.string(), frequency: z.string() }).nullable(),
  list: z.object({ dose: z.string(), frequency: z.string() }).nullable(),
});
export type MedicationDifference = z.infer<typeof medicationDifferenceSchema>;

export const planMedicationCheckSchema = z.object({
  /** The version in force: the last one agreed (a declined one is not in force). */
  versionId: z.uuid(),
  number: z.number().int().positive(),
  agreedOn: calendarDateSchema,
  differences: z.array(medicationDifferenceSchema),
});
export type PlanMedicationCheck = z.infer<typeof planMedicationCheckSchema>;

/** A dose or frequency as a person reads it: case, spacing and "150mg" against "150 mg" do not matter. */
export function normalizeDosing(value: string): string {
  return value
    .toLocaleLowerCase('en')
    .replace(/(\d)\s*([a-zµμ%])/g, '$1 $2')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');

/** Every way the plan's medications and the current list differ, in the plan's order, then the list's. */
export function medicationDifferences(
  planMedications: readonly PlanMedication[],
  current: readonly { medicationId: string; name: string; dose: string; frequency: string }[],
): MedicationDifference[] {
  const differences: MedicationDifference[] = [];
  const matched = new Set<string>();
  for (const intervention of planMedications) {
    const course =
      current.find((m) => m.medicationId === intervention.medicationId && !matched.has(m.medicationId)) ??
      current.find((m) => sameName(m.name, intervention.name) && !matched.has(m.medicationId));
    const plan = { dose: intervention.dose, frequency: intervention.frequency };
    if (!course) {
      differences.push({
        kind: 'not-on-list',
        name: intervention.name,
        interventionId: intervention.id,
        medicationId: null,
        plan,
        list: null,
      });
      continue;
    }
    matched.add(course.medicationId);
    const list = { dose: course.dose, frequency: course.frequency };
    if (normalizeDosing(plan.dose) !== normalizeDosing(list.dose) || normalizeDosing(plan.frequency) !== normalizeDosing(list.frequency))
      differences.push({ kind: 'dose', name: course.name, interventionId: intervention.id, medicationId: course.medicationId, plan, list });
  }
  for (const course of current)
    if (!matched.has(course.medicationId))
      differences.push({
        kind: 'not-in-plan',
        name: course.name,
        interventionId: null,
        medicationId: course.medicationId,
        plan: null,
        list: { dose: course.dose, frequency: course.frequency },
      });
  return differences;
}

/** The difference in plain words: "The plan says bupropion 300 mg, once daily; the list says 150 mg, once daily." */
export function describeMedicationDifference(difference: MedicationDifference): string {
  const { name, plan, list } = difference;
  if (difference.kind === 'not-on-list' && plan)
    return `The plan says ${name} ${plan.dose}, ${plan.frequency}; it is not on the medication list.`;
  if (difference.kind === 'not-in-plan' && list)
    return `The medication list has ${name} ${list.dose}, ${list.frequency}; the plan does not include it.`;
  return `The plan says ${name} ${plan?.dose ?? ''}, ${plan?.frequency ?? ''}; the list says ${list?.dose ?? ''}, ${list?.frequency ?? ''}.`;
}

/** The reason a change recorded from the plan carries in the medication history. */
export function planMedicationReason(number: number, agreedOn: string): string {
  return `Treatment plan revision ${number} agreed on ${agreedOn}`;
}
