/**
 * The practice's own version of the protocols: its intervals move the due dates, its target band
 * judges a level, a check it sets aside is asked of nobody, a patient's own adjustment still wins over
 * it, and going back to the published schedule undoes it.
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  describeBand,
  describeSchedule,
  dueChecks,
  practiceBands,
  practiceProtocolChangeInputSchema,
  practiceProtocols,
  PRACTICE_PROTOCOL_MESSAGES,
  type MonitoringAdjustment,
  type MonitoringInput,
  type MonitoringMedicationEvent,
  type PracticeProtocolChange,
} from '../../../shared/monitoring';
import { rangeFlag } from '../../../shared/results';

const START = '2025-01-06';
const clozapine: MonitoringMedicationEvent = {
  medicationId: 'clz',
  kind: 'start',
  date: START,
  name: 'Clozapine',
  recordedAt: `${START}T09:00:00Z`,
  enteredInError: null,
};
const lithium: MonitoringMedicationEvent = { ...clozapine, medicationId: 'li', name: 'Lithium carbonate' };

type Change = Pick<PracticeProtocolChange, 'protocol' | 'check' | 'kind' | 'phases' | 'band'>;
/** The US REMS-era count: weekly for 6 months, every 2 weeks to a year, then monthly. */
const REMS: Change = {
  protocol: 'clozapine',
  check: 'blood-count',
  kind: 'schedule',
  phases: [
    { fromDay: 0, everyDays: 7 },
    { fromDay: 182, everyDays: 14 },
    { fromDay: 364, everyDays: 28 },
  ],
  band: null,
};
const LITHIUM_BAND: Change = {
  protocol: 'lithium',
  check: 'lithium-level',
  kind: 'schedule',
  phases: [
    { fromDay: 0, everyDays: 91 },
    { fromDay: 365, everyDays: 182 },
  ],
  band: { low: 0.6, high: 0.8 },
};
const published = (change: Change): Change => ({ ...change, kind: 'published', phases: null, band: null });

function countDue(takenOnDay: number, changes: readonly Change[], adjustments: MonitoringAdjustment[] = []): string {
  const takenOn = addDays(START, takenOnDay);
  const input: MonitoringInput = {
    today: takenOn,
    dateOfBirth: '1980-05-01',
    medicationEvents: [clozapine],
    results: [{ analyte: 'anc', takenOn, outOfRange: false }],
    adjustments,
  };
  const found = dueChecks(input, practiceProtocols(changes)).find((entry) => entry.check === 'blood-count');
  if (!found) throw new Error('No blood count due');
  return found.dueOn;
}

describe('the practice’s version of a protocol', () => {
  it('moves clozapine’s blood counts to the practice’s schedule: weekly to 26 weeks instead of fortnightly after 18', () => {
    // Week 20: published, the next count is a fortnight on; under the practice's schedule, a week on.
    expect(countDue(140, [])).toBe(addDays(START, 154));
    expect(countDue(140, [REMS])).toBe(addDays(START, 147));
    // Past a year both ask every 4 weeks; between 26 weeks and a year, a fortnight.
    expect(countDue(200, [REMS])).toBe(addDays(START, 214));
    expect(countDue(400, [REMS])).toBe(addDays(START, 428));
  });

  it('goes back to the published schedule with a row of its own, the newest change applying', () => {
    expect(countDue(140, [REMS, published(REMS)])).toBe(addDays(START, 154));
    expect(countDue(140, [REMS, published(REMS), REMS])).toBe(addDays(START, 147));
  });

  it('lets a patient’s own interval win over the practice’s schedule', () => {
    const ownInterval: MonitoringAdjustment = { protocol: 'clozapine', check: 'blood-count', kind: 'interval', everyDays: 28 };
    expect(countDue(140, [REMS], [ownInterval])).toBe(addDays(START, 168));
  });

  it('asks nobody for a check the practice set aside, unless the patient’s own adjustment gives it an interval', () => {
    const off: Change = { protocol: 'lithium', check: 'calcium', kind: 'off', phases: null, band: null };
    const input: MonitoringInput = { today: '2025-01-08', dateOfBirth: '1980-05-01', medicationEvents: [lithium], results: [] };
    const checks = (changes: readonly Change[], adjustments: MonitoringAdjustment[] = []) =>
      dueChecks({ ...input, adjustments }, practiceProtocols(changes)).map((entry) => entry.check);
    expect(checks([])).toContain('calcium');
    expect(checks([off])).not.toContain('calcium');
    expect(checks([off], [{ protocol: 'lithium', check: 'calcium', kind: 'interval', everyDays: 365 }])).toContain('calcium');
    expect(checks([off, published(off)])).toContain('calcium');
  });

  it('judges a lithium level against the practice’s band: 0.9 mmol/L is above 0.6–0.8, and the lab’s own range still comes first', () => {
    const level = { analyte: 'lithium' as const, unit: 'mmol/L', canonicalValue: 0.9, rangeLow: null, rangeHigh: null };
    expect(rangeFlag(level)).toBeNull();
    expect(rangeFlag(level, practiceBands([LITHIUM_BAND]))).toBe('high');
    expect(rangeFlag(level, practiceBands([LITHIUM_BAND, published(LITHIUM_BAND)]))).toBeNull();
    expect(rangeFlag({ ...level, rangeLow: 0.4, rangeHigh: 1.0 }, practiceBands([LITHIUM_BAND]))).toBeNull();
    expect(describeBand('lithium', { low: 0.6, high: 0.8 })).toBe('0.6–0.8 mmol/L');
  });

  it('describes the practice’s schedule in the same words as the published one', () => {
    const protocol = practiceProtocols([REMS]).find((p) => p.id === 'clozapine');
    const check = protocol?.checks[0];
    expect(check && protocol ? describeSchedule(check, protocol) : '').toBe(
      'Before starting, then every week, every 2 weeks from 6 months on, every 4 weeks from 1 year on',
    );
  });
});

describe('a change to a protocol for the practice', () => {
  const schedule = (phases: unknown, band: unknown = null) => ({ kind: 'schedule', phases, band });
  const valid = { protocol: 'clozapine', check: 'blood-count', change: schedule(REMS.phases), reason: 'Jurisdiction', source: 'FDA REMS' };
  const issues = (input: unknown) => {
    const parsed = practiceProtocolChangeInputSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };

  it('needs the practice’s source, unless it goes back to the published schedule', () => {
    expect(issues({ ...valid, change: schedule(REMS.phases) })).toEqual([]);
    expect(issues({ ...valid, change: schedule(REMS.phases), source: ' ' })).toEqual([PRACTICE_PROTOCOL_MESSAGES.source]);
    expect(issues({ ...valid, change: { kind: 'off' }, source: '' })).toEqual([PRACTICE_PROTOCOL_MESSAGES.source]);
    expect(issues({ ...valid, change: { kind: 'published' }, source: '' })).toEqual([]);
    expect(issues({ ...valid, change: { kind: 'published' }, reason: '' })).toEqual([PRACTICE_PROTOCOL_MESSAGES.reason]);
  });

  it('refuses steps that do not start on the first day or do not follow each other, and intervals under a week', () => {
    expect(issues({ ...valid, change: schedule([{ fromDay: 7, everyDays: 7 }]) })).toEqual([PRACTICE_PROTOCOL_MESSAGES.firstFromDay]);
    expect(
      issues({
        ...valid,
        change: schedule([
          { fromDay: 0, everyDays: 7 },
          { fromDay: 0, everyDays: 14 },
        ]),
      }),
    ).toEqual([PRACTICE_PROTOCOL_MESSAGES.fromDay]);
    expect(issues({ ...valid, change: schedule([{ fromDay: 0, everyDays: 3 }]) })).toEqual([PRACTICE_PROTOCOL_MESSAGES.everyDays]);
    expect(issues({ ...valid, change: schedule([]) })).toEqual([PRACTICE_PROTOCOL_MESSAGES.phases]);
  });

  it('takes a band only for a check with a target, its low end below its high end', () => {
    const lithiumLevel = { ...valid, protocol: 'lithium', check: 'lithium-level' };
    expect(issues({ ...lithiumLevel, change: schedule(LITHIUM_BAND.phases, { low: 0.6, high: 0.8 }) })).toEqual([]);
    expect(issues({ ...lithiumLevel, change: schedule(LITHIUM_BAND.phases, { low: 0.8, high: 0.6 }) })).toEqual([
      PRACTICE_PROTOCOL_MESSAGES.band,
    ]);
    expect(issues({ ...valid, change: schedule(REMS.phases, { low: 1.5, high: null }) })).toEqual([PRACTICE_PROTOCOL_MESSAGES.noBand]);
    expect(issues({ ...valid, check: 'weight' })).toEqual([PRACTICE_PROTOCOL_MESSAGES.check]);
  });
});
