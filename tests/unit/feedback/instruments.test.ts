import { describe, expect, it } from 'vitest';
import { PATIENT_FORMS } from '../../../shared/feedback';
import { DEFAULT_SCHEDULE, handOverOrder, MEASURE_INTERVAL_DAYS, scheduleEntries } from '../../../shared/measure-schedules';
import {
  answerLabel,
  bandOf,
  INSTRUMENT_DEFINITIONS,
  INSTRUMENTS,
  measureAnswersSchema,
  PATIENT_INSTRUMENTS,
  scoreMeasure,
  type Instrument,
} from '../../../shared/measures';
import { measuresDue } from '../../../shared/today';

const repeat = (n: number, value: number) => Array.from({ length: n }, () => value);

describe('PCL-5', () => {
  const pcl5 = INSTRUMENT_DEFINITIONS.pcl5;

  it('keeps the published wording: twenty items, five answers from “Not at all” (0) to “Extremely” (4)', () => {
    expect(pcl5.items).toHaveLength(20);
    expect(pcl5.items[0]).toBe('Repeated, disturbing, and unwanted memories of the stressful experience?');
    expect(pcl5.items[16]).toBe('Being “superalert” or watchful or on guard?');
    expect(pcl5.items[19]).toBe('Trouble falling or staying asleep?');
    expect(pcl5.answers[0]?.map((a) => `${a.points} ${a.label}`)).toEqual([
      '0 Not at all',
      '1 A little bit',
      '2 Moderately',
      '3 Quite a bit',
      '4 Extremely',
    ]);
  });

  it('sums the twenty items: a worked example of 10 items at 2 and 10 at 1 scores 30, below the provisional cut-off', () => {
    expect(scoreMeasure({ instrument: 'pcl5', answers: [...repeat(10, 2), ...repeat(10, 1)] })).toMatchObject({
      score: 30,
      band: 'Below cut-off',
      maxScore: 80,
      selfHarm: false,
    });
  });

  it.each([
    [0, 'Below cut-off'],
    [30, 'Below cut-off'],
    [31, 'At cut-off (31–33)'],
    [33, 'At cut-off (31–33)'],
    [34, 'Above cut-off'],
    [80, 'Above cut-off'],
  ])('puts %i in the band “%s”', (score, band) => {
    expect(bandOf('pcl5', score)).toBe(band);
  });

  it('scores every answer “Extremely” as 80', () => {
    expect(scoreMeasure({ instrument: 'pcl5', answers: repeat(20, 4) }).score).toBe(80);
  });
});

describe('AUDIT and AUDIT-C', () => {
  it('asks the AUDIT-C as the AUDIT’s first three questions, with the same answers', () => {
    expect(INSTRUMENT_DEFINITIONS.auditc.items).toEqual(INSTRUMENT_DEFINITIONS.audit.items.slice(0, 3));
    expect(INSTRUMENT_DEFINITIONS.auditc.answers).toEqual(INSTRUMENT_DEFINITIONS.audit.answers.slice(0, 3));
    expect(INSTRUMENT_DEFINITIONS.audit.items[9]).toBe(
      'Has a relative or friend or a doctor or another health worker been concerned about your drinking or suggested you cut down?',
    );
  });

  it('scores AUDIT-C worked examples: monthly or less, 3 or 4 drinks, less than monthly six or more = 3', () => {
    expect(scoreMeasure({ instrument: 'auditc', answers: [1, 1, 1] })).toMatchObject({ score: 3, band: 'Positive (women)' });
    expect(scoreMeasure({ instrument: 'auditc', answers: [2, 1, 1] })).toMatchObject({ score: 4, band: 'Positive' });
    expect(scoreMeasure({ instrument: 'auditc', answers: [1, 0, 1] })).toMatchObject({ score: 2, band: 'Below cut-offs' });
    expect(scoreMeasure({ instrument: 'auditc', answers: [4, 4, 4] })).toMatchObject({ score: 12, band: 'Positive' });
  });

  it('scores AUDIT items 9 and 10 as 0, 2 or 4, as the form prints them, and refuses a 1 or a 3 there', () => {
    expect(INSTRUMENT_DEFINITIONS.audit.answers[8]?.map((a) => a.points)).toEqual([0, 2, 4]);
    expect(answerLabel('audit', 9, 2)).toBe('Yes, but not in the last year');
    const answers = [2, 1, 1, 0, 0, 0, 1, 0, 2, 4];
    expect(scoreMeasure({ instrument: 'audit', answers })).toMatchObject({ score: 11, band: 'Zone II: advice', maxScore: 40 });
    expect(() => scoreMeasure({ instrument: 'audit', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0] })).toThrow();
    expect(measureAnswersSchema.safeParse({ instrument: 'audit', answers: [0, 0, 0, 0, 0, 0, 0, 0, 3, 0], difficulty: null }).success).toBe(
      false,
    );
  });

  it.each([
    [0, 'Zone I: education'],
    [7, 'Zone I: education'],
    [8, 'Zone II: advice'],
    [15, 'Zone II: advice'],
    [16, 'Zone III: counselling'],
    [19, 'Zone III: counselling'],
    [20, 'Zone IV: referral'],
    [40, 'Zone IV: referral'],
  ])('puts an AUDIT of %i in the WHO’s %s', (score, band) => {
    expect(bandOf('audit', score)).toBe(band);
  });
});

describe('CGI-S and CGI-I', () => {
  it('are rated by the clinician from 1 to 7, one answer each, with Guy’s wording', () => {
    for (const instrument of ['cgis', 'cgii'] as const) {
      const definition = INSTRUMENT_DEFINITIONS[instrument];
      expect(definition.rater).toBe('clinician');
      expect(definition.answers[0]?.map((a) => a.points)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
    expect(INSTRUMENT_DEFINITIONS.cgis.items[0]).toBe(
      'Considering your total clinical experience with this particular population, how mentally ill is the patient at this time?',
    );
    expect(answerLabel('cgis', 0, 7)).toBe('Among the most extremely ill patients');
    expect(answerLabel('cgii', 0, 4)).toBe('No change');
  });

  it('scores the rating itself, and refuses 0 (“not assessed”) or 8', () => {
    expect(scoreMeasure({ instrument: 'cgis', answers: [4] })).toMatchObject({ score: 4, band: 'Moderately ill', maxScore: 7 });
    expect(scoreMeasure({ instrument: 'cgii', answers: [2] })).toMatchObject({ score: 2, band: 'Much improved' });
    expect(() => scoreMeasure({ instrument: 'cgis', answers: [0] })).toThrow();
    expect(measureAnswersSchema.safeParse({ instrument: 'cgii', answers: [8], difficulty: null }).success).toBe(false);
  });

  it('refuses a difficulty answer on a measure that has no difficulty question', () => {
    expect(measureAnswersSchema.safeParse({ instrument: 'cgis', answers: [3], difficulty: 1 }).success).toBe(false);
    expect(measureAnswersSchema.safeParse({ instrument: 'phq9', answers: repeat(9, 1), difficulty: 1 }).success).toBe(true);
  });
});

describe('every shipped instrument', () => {
  it.each(INSTRUMENTS.map((i) => [i]))(
    '%s has a licence status, its licence in words, a credit and a source for its bands',
    (instrument) => {
      const definition = INSTRUMENT_DEFINITIONS[instrument];
      expect(['public-domain', 'no-permission-required', 'free-non-commercial']).toContain(definition.licence.status);
      expect(definition.licence.text.length).toBeGreaterThan(20);
      expect(definition.credit.length).toBeGreaterThan(20);
      expect(definition.bandsSource.length).toBeGreaterThan(10);
    },
  );

  it('puts every possible total in exactly one band, and none outside the range', () => {
    for (const instrument of INSTRUMENTS) {
      const { minScore, maxScore, bands, name } = INSTRUMENT_DEFINITIONS[instrument];
      for (let score = minScore; score <= maxScore; score += 1) {
        expect(
          bands.filter((b) => score >= b.from && score <= b.to),
          `${name} ${score}`,
        ).toHaveLength(1);
      }
      expect(() => bandOf(instrument, maxScore + 1)).toThrow();
      expect(() => bandOf(instrument, minScore - 1)).toThrow();
    }
  });

  it('ships none of the restricted instruments', () => {
    const names = INSTRUMENTS.map((i) => `${INSTRUMENT_DEFINITIONS[i].name} ${INSTRUMENT_DEFINITIONS[i].title}`).join(' ');
    for (const restricted of ['ORS', 'SRS', 'Outcome Rating', 'Session Rating', 'Y-BOCS', 'Yale-Brown', 'MADRS', 'Montgomery']) {
      expect(names).not.toContain(restricted);
    }
  });

  it('hands the patient every patient-rated instrument in patient mode, and never a CGI', () => {
    const instruments: readonly string[] = INSTRUMENTS;
    expect(PATIENT_FORMS.filter((form) => instruments.includes(form))).toEqual(PATIENT_INSTRUMENTS);
    expect(PATIENT_FORMS).not.toContain('cgis');
    expect(PATIENT_FORMS).not.toContain('cgii');
  });
});

describe('the measurement schedule', () => {
  const own = (entries: [Instrument, number | null][]) =>
    new Map(entries.map(([instrument, everyDays]) => [instrument, { everyDays, setAt: '2026-03-01T09:00:00.000Z' }]));

  it(`is the PHQ-9 and GAD-7 every ${MEASURE_INTERVAL_DAYS} days until the clinician sets another`, () => {
    expect(DEFAULT_SCHEDULE).toEqual({ phq9: 28, gad7: 28 });
    expect(measuresDue({}, '2026-03-10').map((m) => m.instrument)).toEqual(['phq9', 'gad7']);
    expect(measuresDue({ phq9: '2026-02-11', gad7: '2026-02-10' }, '2026-03-10')).toEqual([{ instrument: 'gad7', lastDate: '2026-02-10' }]);
  });

  it('makes a scheduled measure due on the day its interval ends, not the day before', () => {
    const schedule = own([['pcl5', 30]]);
    const last = { phq9: '2026-03-20', gad7: '2026-03-20', pcl5: '2026-03-01' };
    expect(measuresDue(last, '2026-03-30', schedule)).toEqual([]);
    expect(measuresDue(last, '2026-03-31', schedule)).toEqual([{ instrument: 'pcl5', lastDate: '2026-03-01' }]);
    const pcl5 = scheduleEntries(schedule, last, '2026-03-30').find((e) => e.instrument === 'pcl5');
    expect(pcl5).toMatchObject({ everyDays: 30, dueOn: '2026-03-31', due: false, setAt: '2026-03-01T09:00:00.000Z' });
  });

  it('is due at once when never answered, and never when taken off the schedule', () => {
    const schedule = own([
      ['pcl5', 30],
      ['phq9', null],
    ]);
    expect(measuresDue({}, '2026-03-10', schedule).map((m) => m.instrument)).toEqual(['gad7', 'pcl5']);
    expect(scheduleEntries(schedule, {}, '2026-03-10').find((e) => e.instrument === 'phq9')).toMatchObject({
      everyDays: null,
      dueOn: null,
      due: false,
    });
  });

  it('offers the due measures first at the handover, the rest in their usual order', () => {
    expect(handOverOrder(new Set())).toEqual([...PATIENT_FORMS]);
    const order = handOverOrder(new Set(['pcl5', 'gad7']));
    expect(order.slice(0, 2)).toEqual(['gad7', 'pcl5']);
    expect(order.slice(2)).toEqual(PATIENT_FORMS.filter((form) => form !== 'gad7' && form !== 'pcl5'));
  });
});
