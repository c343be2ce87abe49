/**
 * What a treatment plan's draft sends when it saves itself (renderer/plan/planIssues.ts): a new item
 * not yet complete is left out and kept on screen, a stored one made incomplete holds the whole
 * save, and each problem is keyed to the field it belongs to.
 */
import { describe, expect, it } from 'vitest';
import {
  agreementProblems,
  emptyPlanContent,
  PLAN_MESSAGES,
  planContentSchema,
  planDraftContentSchema,
  type Goal,
  type Objective,
  type PlanContent,
  type Psychotherapy,
} from '../../../shared/plan';
import { completeItemIds, itemIds, prepareDraft } from '../../../renderer/plan/planIssues';

const GOAL_ID = '6f1c2a9e-0b7d-4e1a-9c3f-1a2b3c4d5e01';
const OBJECTIVE_ID = '6f1c2a9e-0b7d-4e1a-9c3f-1a2b3c4d5e02';
const NEW_GOAL_ID = '6f1c2a9e-0b7d-4e1a-9c3f-1a2b3c4d5e03';
const NEW_OBJECTIVE_ID = '6f1c2a9e-0b7d-4e1a-9c3f-1a2b3c4d5e04';
const THERAPY_ID = '6f1c2a9e-0b7d-4e1a-9c3f-1a2b3c4d5e05';

function objective(overrides: Partial<Objective> = {}): Objective {
  return {
    id: OBJECTIVE_ID,
    description: 'Sleeps 7 hours on 5 nights a week',
    measure: 'Sleep diary',
    targetDate: '2026-04-21',
    status: 'not-started',
    ...overrides,
  };
}

function goal(overrides: Partial<Goal> = {}): Goal {
  return { id: GOAL_ID, patientWords: 'I want to sleep through the night', formulation: '', objectives: [objective()], ...overrides };
}

function therapy(overrides: Partial<Psychotherapy> = {}): Psychotherapy {
  return {
    id: THERAPY_ID,
    modality: 'Cognitive behavioural therapy',
    frequency: 'Weekly',
    sessionMinutes: 50,
    description: '',
    ...overrides,
  };
}

function plan(overrides: Partial<PlanContent> = {}): PlanContent {
  return { ...emptyPlanContent('2026-03-10', 90), goals: [goal()], ...overrides };
}

const SAVED = new Set([GOAL_ID, OBJECTIVE_ID]);

describe('a plan draft as it saves itself', () => {
  it('a complete draft is saved as it is, trimmed as the schema trims it', () => {
    const prepared = prepareDraft(plan({ presentingProblems: '  Low mood for five months  ' }), SAVED);
    expect(prepared.holding).toBeNull();
    expect(prepared.issues.size).toBe(0);
    expect(prepared.omitted.size).toBe(0);
    expect(prepared.content?.presentingProblems).toBe('Low mood for five months');
    expect(prepared.content?.goals.map((g) => g.id)).toEqual([GOAL_ID]);
  });

  it('a goal just added without the patient’s words is saved as typed, and its problem shows beside the field', () => {
    const draft = plan({ goals: [goal(), goal({ id: NEW_GOAL_ID, patientWords: '  ', objectives: [] })] });
    const prepared = prepareDraft(draft, SAVED);
    expect(prepared.omitted.size).toBe(0);
    expect(prepared.issues.get(`${NEW_GOAL_ID}.patientWords`)).toBe('The patient’s words: write something');
    expect(prepared.holding).toBeNull();
    expect(prepared.content?.goals.map((g) => g.id)).toEqual([GOAL_ID, NEW_GOAL_ID]);
  });

  it('a half-written objective (described, no target date yet) is saved as typed, so a lock cannot lose it', () => {
    const half = objective({ id: NEW_OBJECTIVE_ID, description: 'Walks to the shop', measure: '', targetDate: '' });
    const prepared = prepareDraft(plan({ goals: [goal({ objectives: [objective(), half] })] }), SAVED);
    expect(prepared.holding).toBeNull();
    expect(prepared.omitted.size).toBe(0);
    expect(prepared.content?.goals[0]?.objectives[1]).toEqual(half);
    expect(prepared.issues.get(`${NEW_OBJECTIVE_ID}.targetDate`)).toBe(PLAN_MESSAGES.targetDate);
    expect(completeItemIds(prepared.content!)).toEqual(new Set([GOAL_ID, OBJECTIVE_ID]));
  });

  it('the draft schema takes a half-written objective the plan schema refuses, and agreement names what is missing', () => {
    const content = plan({ goals: [goal({ objectives: [objective({ description: 'Walks to the shop', targetDate: '' })] })] });
    expect(planDraftContentSchema.safeParse(content).success).toBe(true);
    expect(planContentSchema.safeParse(content).success).toBe(false);
    expect(agreementProblems(content)).toEqual([`Objective 1.1 — ${PLAN_MESSAGES.targetDate}`]);
    expect(planDraftContentSchema.safeParse(plan({ presentingProblems: 'x'.repeat(4001) })).success).toBe(false);
  });

  it('a new psychotherapy with too short a session is left out, its problem keyed to the session length', () => {
    const draft = plan({ interventions: { psychotherapy: [therapy({ sessionMinutes: 5 })], medications: [], referrals: [] } });
    const prepared = prepareDraft(draft, SAVED);
    expect(prepared.omitted).toEqual(new Set([THERAPY_ID]));
    expect(prepared.issues.get(`${THERAPY_ID}.sessionMinutes`)).toBe(PLAN_MESSAGES.sessionMinutes);
    expect(prepared.content?.interventions.psychotherapy).toEqual([]);
  });

  it('a stored goal whose words were cleared is saved as typed, as a draft is, with its problem beside the field', () => {
    const prepared = prepareDraft(plan({ goals: [goal({ patientWords: '' })] }), SAVED);
    expect(prepared.content?.goals[0]?.patientWords).toBe('');
    expect(prepared.holding).toBeNull();
    expect(prepared.issues.get(`${GOAL_ID}.patientWords`)).toBe('The patient’s words: write something');
  });

  it('a stored goal made longer than a draft may hold holds the save: the bar cannot say “Saved”', () => {
    const prepared = prepareDraft(plan({ goals: [goal({ patientWords: 'x'.repeat(1001) })] }), SAVED);
    expect(prepared.content).toBeNull();
    expect(prepared.holding).toBe('The patient’s words: at most 1,000 characters');
  });

  it('a problem in a field of the plan itself holds the save and is keyed by the field', () => {
    const prepared = prepareDraft(plan({ reviewDate: 'next spring' }), SAVED);
    expect(prepared.content).toBeNull();
    expect([...prepared.issues.keys()]).toEqual(['reviewDate']);
    expect(prepared.holding).toBe(prepared.issues.get('reviewDate'));
  });

  it('only the first problem of a field is shown', () => {
    const draft = plan({ goals: [goal({ id: NEW_GOAL_ID, patientWords: 'x'.repeat(1001) })] });
    const prepared = prepareDraft(draft, new Set());
    expect(prepared.issues.get(`${NEW_GOAL_ID}.patientWords`)).toBe('The patient’s words: at most 1,000 characters');
  });
});

describe('the items of a plan', () => {
  it('every goal, objective and intervention is counted by its id', () => {
    const content = plan({ interventions: { psychotherapy: [therapy()], medications: [], referrals: [] } });
    expect(itemIds(content)).toEqual(new Set([GOAL_ID, OBJECTIVE_ID, THERAPY_ID]));
  });
});
