import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatTabletCount,
  formatTablets,
  generateSteps,
  PatternError,
  scheduleDays,
  scheduleWeeks,
  tabletTotals,
  titrationInputSchema,
  titrationPatternSchema,
  titrationStepInputSchema,
  TITRATION_MESSAGES,
  todayIn,
  type TitrationPattern,
} from '../../../shared/titration';

const base = {
  doseUnit: 'mg',
  frequency: 'once daily',
  startDate: '2026-03-02',
  every: 2,
  everyUnit: 'weeks',
  tabletStrength: 25,
  split: 4,
  roundTo: 1,
} as const;

function taper(overrides: Partial<Extract<TitrationPattern, { kind: 'reduce-percent' }>> = {}): TitrationPattern {
  return titrationPatternSchema.parse({ kind: 'reduce-percent', ...base, startDose: 100, percent: 25, endDose: 0, ...overrides });
}

describe('the pattern generator', () => {
  it('reduces by a percentage of the current dose, rounded to quarter tablets, and ends with a stop', () => {
    const steps = generateSteps(taper());
    // Quarters of 25 mg tablets are 6.25 mg: 56.25 × 0.75 = 42.19 rounds to 43.75, and so on down to a stop.
    expect(steps.map((s) => s.doseAmount)).toEqual([100, 75, 56.25, 43.75, 31.25, 25, 18.75, 12.5, 6.25, 0]);
    expect(steps.map((s) => s.startDate).slice(0, 3)).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);
    expect(steps.at(-1)).toMatchObject({ doseAmount: 0, durationDays: 1 });
    expect(steps.every((s) => s.durationDays > 0)).toBe(true);
    for (const step of steps) expect(titrationStepInputSchema.safeParse(step).success).toBe(true);
  });

  it('drops by the smallest amount the tablets make when rounding would repeat a dose, and stops at the end dose', () => {
    const steps = generateSteps(taper({ startDose: 50, percent: 10, endDose: 25, split: 2 }));
    // halves of 25 mg: 12.5 mg steps; 10 % of 50 rounds back to 50, so it drops 12.5 instead.
    expect(steps.map((s) => s.doseAmount)).toEqual([50, 37.5, 25]);
    const doses = steps.map((s) => s.doseAmount);
    expect(doses.every((dose, i) => i === 0 || dose < doses[i - 1]!)).toBe(true);
  });

  it('rounds to the given amount without a tablet strength', () => {
    const steps = generateSteps(taper({ tabletStrength: null, roundTo: 5, startDose: 60, percent: 10, endDose: 40 }));
    expect(steps.map((s) => s.doseAmount)).toEqual([60, 55, 50, 45, 40]);
  });

  it('increases by a fixed amount every N days and lands on the target', () => {
    const steps = generateSteps(
      titrationPatternSchema.parse({
        kind: 'increase',
        ...base,
        everyUnit: 'days',
        every: 7,
        startDose: 25,
        increment: 25,
        target: 100,
        split: 1,
      }),
    );
    expect(steps.map((s) => [s.startDate, s.doseAmount, s.durationDays])).toEqual([
      ['2026-03-02', 25, 7],
      ['2026-03-09', 50, 7],
      ['2026-03-16', 75, 7],
      ['2026-03-23', 100, 7],
    ]);
  });

  it('refuses a target the tablets cannot make, and a pattern that would need too many steps', () => {
    const increase = titrationPatternSchema.parse({ kind: 'increase', ...base, startDose: 25, increment: 25, target: 110, split: 1 });
    expect(() => generateSteps(increase)).toThrow(PatternError);
    expect(() => generateSteps(taper({ percent: 1, tabletStrength: 0.25, startDose: 100 }))).toThrow(TITRATION_MESSAGES.patternTooLong);
  });

  it('refuses percentages, intervals and end doses out of range', () => {
    const refused = (input: object) =>
      titrationPatternSchema.safeParse({ kind: 'reduce-percent', ...base, startDose: 100, percent: 10, endDose: 0, ...input });
    expect(refused({ percent: 95 }).error?.issues[0]?.message).toBe(TITRATION_MESSAGES.percent);
    expect(refused({ every: 0 }).error?.issues[0]?.message).toBe(TITRATION_MESSAGES.every);
    expect(refused({ endDose: 150 }).error?.issues[0]?.message).toBe(TITRATION_MESSAGES.target);
  });
});

describe('steps and schedules', () => {
  const step = {
    doseAmount: 50,
    doseUnit: 'mg',
    frequency: 'twice daily',
    startDate: '2026-03-02',
    durationDays: 7,
    tabletStrength: 25,
  } as const;

  it('refuses a zero-length or negative step, a negative dose and a dose the tablets cannot make', () => {
    const message = (changes: object) => titrationStepInputSchema.safeParse({ ...step, ...changes }).error?.issues[0]?.message;
    expect(message({ durationDays: 0 })).toBe(TITRATION_MESSAGES.duration);
    expect(message({ durationDays: -3 })).toBe(TITRATION_MESSAGES.duration);
    expect(message({ doseAmount: -1 })).toBe(TITRATION_MESSAGES.dose);
    expect(message({ doseAmount: 30 })).toBe(TITRATION_MESSAGES.tablets);
    expect(message({ durationDays: 400 })).toBe(TITRATION_MESSAGES.durationTooLong);
    expect(message({})).toBeUndefined();
  });

  it('refuses steps that overlap or leave a gap, and a stop before the last step', () => {
    const input = {
      patientId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
      medicationId: '11111111-1111-4111-8111-111111111111',
      direction: 'taper',
      missedDoseAdvice: 'Take it when you remember.',
      whoToCall: 'The practice',
      steps: [step, { ...step, doseAmount: 0, startDate: '2026-03-08' }, { ...step, doseAmount: 25, startDate: '2026-03-15' }],
    };
    const issues = titrationInputSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      `steps.1.startDate: ${TITRATION_MESSAGES.order} (2026-03-09)`,
      `steps.1.doseAmount: ${TITRATION_MESSAGES.zeroNotLast}`,
    ]);
    expect(titrationInputSchema.safeParse({ ...input, steps: [] }).error?.issues[0]?.message).toBe(TITRATION_MESSAGES.noSteps);
  });

  it('counts tablets per day, per step and in total, and writes them as a patient reads them', () => {
    const steps = [step, { ...step, doseAmount: 37.5, startDate: '2026-03-09', durationDays: 14 }];
    expect(tabletTotals(steps)).toEqual({ perStep: [28, 42], total: 70 });
    expect(
      scheduleDays(steps)
        .map((d) => d.tabletsPerDay)
        .slice(6, 8),
    ).toEqual([4, 3]);
    expect(tabletTotals([{ ...step, tabletStrength: null }]).total).toBeNull();
    expect([formatTablets(1.5), formatTablets(0.75), formatTablets(2.25), formatTablets(3)]).toEqual(['1½', '¾', '2¼', '3']);
  });

  it('says “tablet” for a half, a quarter, three quarters and one, and “tablets” above one', () => {
    expect([0.25, 0.5, 0.75, 1, 1.25, 1.5, 2].map(formatTabletCount)).toEqual([
      '¼ tablet',
      '½ tablet',
      '¾ tablet',
      '1 tablet',
      '1¼ tablets',
      '1½ tablets',
      '2 tablets',
    ]);
  });
});

describe('calendar dates across a daylight-saving change', () => {
  it('keeps every step on its calendar date through the spring and autumn changes', () => {
    // Europe/London: clocks go forward on 29 March 2026 and back on 25 October 2026; New York on 8 March.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 7)).toBe('2026-10-31');
    const steps = generateSteps(taper({ startDate: '2026-03-22', every: 1, everyUnit: 'weeks' }));
    expect(steps.slice(0, 3).map((s) => s.startDate)).toEqual(['2026-03-22', '2026-03-29', '2026-04-05']);
    const weeks = scheduleWeeks(steps.slice(0, 2));
    expect(weeks.map((w) => [w.from, w.to, w.days.length])).toEqual([
      ['2026-03-22', '2026-03-28', 7],
      ['2026-03-29', '2026-04-04', 7],
    ]);
    expect(new Set(scheduleDays(steps).map((d) => d.date)).size).toBe(scheduleDays(steps).length);
  });

  it('takes today in the practice’s zone, not the machine’s', () => {
    // 23:30 UTC on 28 March is 00:30 on the 29th in Berlin; New York's day turns at 04:00 UTC after its change on 8 March, 05:00 before.
    expect(todayIn('Europe/Berlin', new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(todayIn('America/New_York', new Date('2026-03-08T03:30:00Z'))).toBe('2026-03-07');
    expect(todayIn('America/New_York', new Date('2026-03-09T03:30:00Z'))).toBe('2026-03-08');
  });
});
