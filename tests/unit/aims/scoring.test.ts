import { describe, expect, it } from 'vitest';
import {
  AIMS_GLOBAL_ITEMS,
  AIMS_MESSAGES,
  AIMS_MOVEMENT_GROUPS,
  AIMS_MOVEMENT_ITEMS,
  AIMS_PROCEDURE,
  aimsFlag,
  aimsInputSchema,
  aimsTotal,
  type AimsInput,
} from '../../../shared/aims';

type Movements = AimsInput['movements'];
const none: Movements = [0, 0, 0, 0, 0, 0, 0];

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    examinedOn: '2026-03-10',
    movements: [0, 1, 2, 0, 0, 1, 0],
    severity: 2,
    incapacitation: 1,
    awareness: 1,
    dentalProblems: false,
    wearsDentures: true,
    note: '',
    examinedBy: 'Dr Ana Reyes, MD',
    ...overrides,
  };
}

function messages(input: Record<string, unknown>): Record<string, string> {
  const result = aimsInputSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('the AIMS as data', () => {
  it('has the form’s twelve items: seven body areas in three groups, three global judgements, two dental questions', () => {
    expect(AIMS_MOVEMENT_ITEMS.map((item) => item.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(AIMS_MOVEMENT_GROUPS.flatMap((group) => group.items)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Object.values(AIMS_GLOBAL_ITEMS).map((item) => item.number)).toEqual([8, 9, 10]);
    expect(AIMS_GLOBAL_ITEMS.awareness.anchors[0]).toBe('No awareness');
    expect(AIMS_GLOBAL_ITEMS.awareness.anchors[4]).toBe('Aware, severe distress');
    expect(AIMS_PROCEDURE.steps).toHaveLength(12);
    expect(AIMS_PROCEDURE.steps.filter((step) => step.activated)).toHaveLength(2);
  });
});

describe('AIMS scoring', () => {
  it('adds items 1–7 only, from 0 to 28', () => {
    expect(aimsTotal({ movements: none })).toBe(0);
    expect(aimsTotal({ movements: [0, 1, 2, 0, 0, 1, 0] })).toBe(4);
    expect(aimsTotal({ movements: [4, 4, 4, 4, 4, 4, 4] })).toBe(28);
  });

  it('raises “possible TD” at 2 or more in two areas, or 3 or more in one, and not below', () => {
    expect(aimsFlag({ movements: none })).toBe('none');
    // Minimal everywhere is a total of 7 and no flag: the threshold is per area, not the total.
    expect(aimsFlag({ movements: [1, 1, 1, 1, 1, 1, 1] })).toBe('none');
    // One mild area alone is not enough.
    expect(aimsFlag({ movements: [2, 1, 1, 1, 1, 1, 1] })).toBe('none');
    expect(aimsFlag({ movements: [2, 0, 0, 0, 0, 0, 2] })).toBe('possible-td');
    expect(aimsFlag({ movements: [0, 0, 0, 3, 0, 0, 0] })).toBe('possible-td');
    expect(aimsFlag({ movements: [0, 0, 0, 0, 0, 0, 4] })).toBe('possible-td');
    expect(aimsFlag({ movements: [0, 0, 0, 0, 2, 2, 0] })).toBe('possible-td');
  });
});

describe('the AIMS input schema', () => {
  it('takes a complete examination', () => {
    expect(messages(valid())).toEqual({});
  });

  it('requires every item, and says so beside it', () => {
    const result = messages(valid({ movements: [0, 1, null, 0, 0, 1, 0], severity: undefined, dentalProblems: undefined }));
    expect(result).toEqual({ 'movements.2': AIMS_MESSAGES.rating, severity: AIMS_MESSAGES.rating, dentalProblems: AIMS_MESSAGES.yesNo });
  });

  it('refuses ratings outside 0–4, fractions, a missing area and an eighth one', () => {
    expect(messages(valid({ movements: [0, 5, 0, 0, 0, 0, 0] }))).toEqual({ 'movements.1': AIMS_MESSAGES.rating });
    expect(messages(valid({ movements: [0, -1, 0, 0, 0, 0, 0] }))).toEqual({ 'movements.1': AIMS_MESSAGES.rating });
    expect(messages(valid({ awareness: 1.5 }))).toEqual({ awareness: AIMS_MESSAGES.rating });
    expect(Object.keys(messages(valid({ movements: [0, 0, 0, 0, 0, 0] })))).toEqual(['movements']);
    expect(Object.keys(messages(valid({ movements: [0, 0, 0, 0, 0, 0, 0, 0] })))).toEqual(['movements']);
  });

  it('refuses an empty or impossible date, a note over the limit, no examiner and a field it does not know', () => {
    expect(messages(valid({ examinedOn: '' }))).toEqual({ examinedOn: AIMS_MESSAGES.date });
    expect(messages(valid({ examinedOn: '2026-02-30' }))).toEqual({ examinedOn: 'This date does not exist' });
    expect(messages(valid({ note: 'x'.repeat(2001) }))).toEqual({ note: AIMS_MESSAGES.note });
    expect(Object.keys(messages(valid({ examinedBy: '' })))).toEqual(['examinedBy']);
    expect(Object.keys(messages(valid({ total: 4 })))).toEqual(['']);
  });
});
