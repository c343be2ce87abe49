import { describe, expect, it } from 'vitest';
import { feedbackDrop, feedbackScore } from '../../../shared/feedback';
import { bandOf, INSTRUMENT_DEFINITIONS, measureAnswersSchema, scoreMeasure } from '../../../shared/measures';

/** Answers adding up to `total`, filled from the first item, as many 3s as fit. */
function answersFor(items: number, total: number): number[] {
  return Array.from({ length: items }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));
}

describe('PHQ-9', () => {
  const bands: [number, string][] = [
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Moderately severe'],
    [19, 'Moderately severe'],
    [20, 'Severe'],
    [27, 'Severe'],
  ];
  it.each(bands)('scores %i as %s', (total, band) => {
    expect(scoreMeasure({ instrument: 'phq9', answers: answersFor(9, total) })).toMatchObject({ score: total, band, maxScore: 27 });
  });

  it('puts every score from 0 to 27 in exactly one band, and none outside', () => {
    for (let score = 0; score <= 27; score += 1) expect(() => bandOf('phq9', score)).not.toThrow();
    expect(() => bandOf('phq9', 28)).toThrow();
    expect(() => bandOf('phq9', -1)).toThrow();
  });

  it('raises item 9 for any answer above “Not at all”, and only item 9', () => {
    for (const answer of [1, 2, 3]) {
      const answers = [0, 0, 0, 0, 0, 0, 0, 0, answer];
      expect(scoreMeasure({ instrument: 'phq9', answers })).toMatchObject({ selfHarm: true, score: answer, band: 'Minimal' });
    }
    expect(scoreMeasure({ instrument: 'phq9', answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] })).toMatchObject({ selfHarm: false, score: 24 });
  });

  it('keeps the published wording: nine items, four answers, and the credit', () => {
    const phq9 = INSTRUMENT_DEFINITIONS.phq9;
    expect(phq9.items).toHaveLength(9);
    expect(phq9.stem).toBe('Over the last 2 weeks, how often have you been bothered by any of the following problems?');
    expect(phq9.items[8]).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
  });
});

describe('GAD-7', () => {
  const bands: [number, string][] = [
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Severe'],
    [21, 'Severe'],
  ];
  it.each(bands)('scores %i as %s', (total, band) => {
    expect(scoreMeasure({ instrument: 'gad7', answers: answersFor(7, total) })).toMatchObject({
      score: total,
      band,
      maxScore: 21,
      selfHarm: false,
    });
  });

  it('has seven items and never raises an item-9 notice', () => {
    expect(INSTRUMENT_DEFINITIONS.gad7.items).toHaveLength(7);
    expect(() => bandOf('gad7', 22)).toThrow();
  });
});

describe('answers', () => {
  it('are one per item, each from 0 to 3', () => {
    expect(measureAnswersSchema.safeParse({ instrument: 'phq9', answers: [0, 1, 2, 3, 0, 1, 2, 3, 0], difficulty: null }).success).toBe(
      true,
    );
    expect(measureAnswersSchema.safeParse({ instrument: 'phq9', answers: [0, 1, 2, 3, 0, 1, 2, 3], difficulty: null }).success).toBe(false);
    expect(measureAnswersSchema.safeParse({ instrument: 'gad7', answers: [0, 1, 2, 3, 0, 1, 4], difficulty: null }).success).toBe(false);
    expect(measureAnswersSchema.safeParse({ instrument: 'gad7', answers: [0, 1, 2, 3, 0, 1, 2], difficulty: 4 }).success).toBe(false);
    expect(() => scoreMeasure({ instrument: 'gad7', answers: [0, 1] })).toThrow();
  });
});

describe('the rating-drop rule', () => {
  const rule = { below: 6, dropBy: 2 };

  it('scores a session as the mean of its four ratings, to one decimal', () => {
    expect(feedbackScore({ heard: 10, focus: 9, approach: 8, overall: 8 })).toBe(8.8);
    expect(feedbackScore({ heard: 0, focus: 0, approach: 0, overall: 1 })).toBe(0.3);
  });

  it('raises a score below the threshold at once, however new the patient', () => {
    expect(feedbackDrop([], 5.9, rule)).toEqual({ reason: 'below-threshold', score: 5.9, average: null });
    expect(feedbackDrop([], 6, rule)).toBeNull();
  });

  it('raises a fall of the set amount from the patient’s own average once there are three earlier sessions', () => {
    expect(feedbackDrop([9, 9], 7, rule)).toBeNull();
    expect(feedbackDrop([9, 9, 9], 7, rule)).toEqual({ reason: 'drop-from-average', score: 7, average: 9 });
    expect(feedbackDrop([9, 9, 9], 7.1, rule)).toBeNull();
    expect(feedbackDrop([8.5, 9, 9.5], 7, { below: 6, dropBy: 1.5 })).toEqual({ reason: 'drop-from-average', score: 7, average: 9 });
  });

  it('names the threshold first when both apply', () => {
    expect(feedbackDrop([9, 9, 9], 4, rule)).toEqual({ reason: 'below-threshold', score: 4, average: 9 });
  });
});
