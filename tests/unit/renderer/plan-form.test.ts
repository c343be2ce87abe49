/**
 * The plan draft's form holds the plan's own content and is checked with the plan's schema; what
 * reaches the draft from it, and the words a person reads beside a field.
 */
import { describe, expect, it } from 'vitest';
import { emptyPlanContent, PLAN_MESSAGES, planContentSchema, type PlanContent, type Psychotherapy } from '../../../shared/plan';
import { contentFromForm } from '../../../renderer/plan/editor/planForm';

const CBT: Psychotherapy = {
  id: '3f0c8a52-8b1e-4d5f-9a63-2f5d1c9e7b10',
  modality: 'Cognitive behavioural therapy',
  frequency: 'Weekly',
  sessionMinutes: 50,
  description: '',
};

function withTherapy(therapy: Psychotherapy, change: Partial<PlanContent> = {}): PlanContent {
  const content = emptyPlanContent('2026-03-10', 90);
  return { ...content, ...change, interventions: { ...content.interventions, psychotherapy: [therapy] } };
}

/** Each problem the schema finds, as "field: message". */
function problems(content: PlanContent): string[] {
  return planContentSchema.safeParse(content).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

describe('what the draft keeps of the form', () => {
  it('a session length being typed keeps the last whole length, while the rest of the change goes through', () => {
    const before = withTherapy(CBT);
    for (const typed of [Number.NaN, 5, 45.5, 300]) {
      const content = contentFromForm(withTherapy({ ...CBT, sessionMinutes: typed }, { strengths: 'Close to her sister' }), before);
      expect(content.interventions.psychotherapy[0]?.sessionMinutes).toBe(50);
      expect(content.strengths).toBe('Close to her sister');
      expect(problems(content)).toEqual([]);
    }
  });

  it('a whole length from 10 to 240 is taken as typed', () => {
    expect(
      contentFromForm(withTherapy({ ...CBT, sessionMinutes: 45 }), withTherapy(CBT)).interventions.psychotherapy[0]?.sessionMinutes,
    ).toBe(45);
  });

  it('is a copy: the form changing afterwards does not change what the draft holds', () => {
    const values = withTherapy(CBT);
    const content = contentFromForm(values, values);
    values.interventions.psychotherapy[0]!.modality = 'Interpersonal therapy';
    expect(content.interventions.psychotherapy[0]?.modality).toBe('Cognitive behavioural therapy');
  });
});

describe('the words beside a field, from the plan’s schema', () => {
  it('a session length of 5, 241, 45.5 or nothing says the range in whole minutes', () => {
    expect(PLAN_MESSAGES.sessionMinutes).toBe('Whole minutes, from 10 to 240.');
    for (const minutes of [5, 241, 45.5, Number.NaN]) {
      expect(problems(withTherapy({ ...CBT, sessionMinutes: minutes }))).toEqual([
        `interventions.psychotherapy.0.sessionMinutes: ${PLAN_MESSAGES.sessionMinutes}`,
      ]);
    }
  });

  it('an empty review date or target date says which date to enter', () => {
    const content = emptyPlanContent('2026-03-10', 90);
    const goal = { id: '6b1e2f0c-4a7d-4c1b-8e2f-0d9c3b5a7e61', patientWords: 'Sleep through the night', formulation: '' };
    const objective = {
      id: '9d3c1a7e-2b5f-4e8d-a1c6-7f0e2d4b6a83',
      description: 'Sleeps 7 hours',
      measure: '',
      targetDate: '',
      status: 'not-started' as const,
    };
    expect(problems({ ...content, reviewDate: '', goals: [{ ...goal, objectives: [objective] }] })).toEqual([
      `goals.0.objectives.0.targetDate: ${PLAN_MESSAGES.targetDate}`,
      `reviewDate: ${PLAN_MESSAGES.reviewDate}`,
    ]);
  });

  it('a goal left without the patient’s words says so in their terms', () => {
    const content = emptyPlanContent('2026-03-10', 90);
    expect(
      problems({
        ...content,
        goals: [{ id: '6b1e2f0c-4a7d-4c1b-8e2f-0d9c3b5a7e61', patientWords: '  ', formulation: '', objectives: [] }],
      }),
    ).toEqual(['goals.0.patientWords: The patient’s words: write something']);
  });
});
