import { describe, expect, it } from 'vitest';
import {
  EXPECTED_COURSE,
  OUTCOME_RULES,
  OUTCOME_SOURCES,
  courseCheckpoint,
  describeOutcome,
  flagsOf,
  noBandReason,
  quarterOf,
  readInstrument,
  readScore,
  type ScoredMeasure,
} from '../../../shared/outcomes';

/** Scores one week apart from 2026-01-05, each with an id of its own. */
function weekly(scores: readonly number[], everyDays = 7): ScoredMeasure[] {
  return scores.map((score, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    date: new Date(Date.UTC(2026, 0, 5) + i * everyDays * 86_400_000).toISOString().slice(0, 10),
    score,
  }));
}

describe('reliable change (NHS Talking Therapies, after Jacobson & Truax 1991)', () => {
  it.each([
    ['phq9', 15, 10, false, false],
    ['phq9', 15, 9, true, false],
    ['phq9', 15, 20, false, false],
    ['phq9', 15, 21, false, true],
    ['gad7', 12, 9, false, false],
    ['gad7', 12, 8, true, false],
    ['gad7', 12, 15, false, false],
    ['gad7', 12, 16, false, true],
  ] as const)('%s from %i to %i: improvement %s, deterioration %s', (instrument, baseline, score, improvement, deterioration) => {
    const reading = readScore(instrument, baseline, score);
    expect(reading.reliableImprovement).toBe(improvement);
    expect(reading.reliableDeterioration).toBe(deterioration);
    expect(reading.change).toBe(score - baseline);
  });

  it('states the thresholds as data, each with its source', () => {
    expect(OUTCOME_RULES.phq9).toMatchObject({ reliableChange: 6, caseness: 10, remissionBelow: 5, responseFraction: 0.5 });
    expect(OUTCOME_RULES.gad7).toMatchObject({ reliableChange: 4, caseness: 8, remissionBelow: null, responseFraction: 0.5 });
    for (const rule of Object.values(OUTCOME_RULES)) {
      for (const keys of Object.values(rule.sources)) for (const key of keys) expect(OUTCOME_SOURCES[key].url).toMatch(/^https:\/\//);
    }
  });
});

describe('caseness, recovery, response and remission', () => {
  it.each([
    ['phq9', 9, false],
    ['phq9', 10, true],
    ['gad7', 7, false],
    ['gad7', 8, true],
  ] as const)('%s %i is a case: %s', (instrument, score, caseness) => {
    expect(readScore(instrument, score, score).caseness).toBe(caseness);
  });

  it('recovers only from caseness to below it with a reliable improvement', () => {
    expect(readScore('phq9', 15, 9).recovery).toBe(true); // case → below, −6
    expect(readScore('phq9', 14, 9).recovery).toBe(false); // below, but only −5
    expect(readScore('phq9', 16, 10).recovery).toBe(false); // −6, still a case
    expect(readScore('phq9', 9, 2).recovery).toBe(false); // never a case
    expect(readScore('gad7', 11, 7).recovery).toBe(true);
    expect(readScore('gad7', 10, 7).recovery).toBe(false); // −3
    expect(readScore('gad7', 12, 8).recovery).toBe(false); // still a case
  });

  it('responds at a 50 % reduction and not one point short of it', () => {
    expect(readScore('phq9', 20, 10).response).toBe(true);
    expect(readScore('phq9', 20, 11).response).toBe(false);
    expect(readScore('phq9', 15, 7).response).toBe(true); // 53 %
    expect(readScore('phq9', 15, 8).response).toBe(false); // 47 %
    expect(readScore('gad7', 9, 4).response).toBe(true);
    expect(readScore('gad7', 9, 5).response).toBe(false);
    expect(readScore('phq9', 0, 0).response).toBe(false);
  });

  it('remits below 5 on the PHQ-9, and has no remission rule for the GAD-7', () => {
    expect(readScore('phq9', 20, 4).remission).toBe(true);
    expect(readScore('phq9', 20, 5).remission).toBe(false);
    expect(readScore('gad7', 20, 0).remission).toBeNull();
  });
});

describe('the baseline and the words “since”', () => {
  it('reads every score against the first, and dates a reliable improvement from the first score of the run that still holds', () => {
    const outcome = readInstrument('phq9', weekly([18, 11, 14, 12, 10]))!;
    expect(outcome.baseline.score).toBe(18);
    expect(outcome.points.map((p) => p.reading.reliableImprovement)).toEqual([false, true, false, true, true]);
    expect(outcome.since.improvement).toBe(outcome.points[3]!.date);
    expect(outcome.since.deterioration).toBeNull();
  });

  it('dates a recovery and a deterioration the same way', () => {
    expect(readInstrument('phq9', weekly([12, 5, 4]))!.since.recovery).toBe(weekly([0, 0])[1]!.date);
    const worse = readInstrument('gad7', weekly([6, 10, 11]))!;
    expect(worse.since.deterioration).toBe(weekly([0, 0])[1]!.date);
    expect(worse.since.recovery).toBeNull();
  });
});

describe('the expected course (Schueller et al. 2015) and not on track', () => {
  it('has a published PHQ-9 band for a baseline of 10 or more, and none below or for the GAD-7, saying why', () => {
    expect(EXPECTED_COURSE.phq9.kind).toBe('published');
    expect(noBandReason('phq9', 10)).toBeNull();
    expect(noBandReason('phq9', 9)).toMatch(/No published expected-course data for the PHQ-9 at this severity/);
    expect(noBandReason('gad7', 15)).toMatch(/No published expected-course data for the GAD-7/);
  });

  it.each([
    [3, null],
    [4, 17],
    [8, 17],
    [9, 13],
    [13, 13],
    [14, 9],
    [18, 9],
    [19, null],
  ] as const)('at week %i the cut point is %s', (week, cut) => {
    expect(courseCheckpoint('phq9', 15, week)?.notOnTrackFrom ?? null).toBe(cut);
  });

  it('flags a score at the cut point from the 4th measurement on, and not one point below it', () => {
    // Every four weeks: the 2nd at week 4, the 3rd at week 8, the 4th at week 12 (cut 13), the 5th at week 16 (cut 9).
    const at = (scores: number[]) => readInstrument('phq9', weekly(scores, 28))!;
    expect(at([20, 18, 18, 13]).latest.course).toBe('not-on-track');
    expect(at([20, 18, 18, 12]).latest.course).toBe('on-track');
    expect(at([20, 18, 18, 12, 9]).latest.course).toBe('not-on-track');
    expect(at([20, 18, 18, 12, 8]).latest.course).toBe('on-track');
  });

  it('never flags a late responder before the 4th measurement, however high the 2nd and 3rd', () => {
    const outcome = readInstrument('phq9', weekly([20, 20, 20], 35))!; // weeks 5 and 10: above both cut points
    expect(outcome.points.map((p) => p.course)).toEqual(['too-early', 'too-early', 'too-early']);
    expect(flagsOf(outcome)).toEqual([]);
  });

  it('does not judge a 4th measurement before week 4, nor one after the published weeks', () => {
    expect(readInstrument('phq9', weekly([20, 20, 20, 20], 3))!.latest.course).toBe('too-early'); // day 9: week 1
    expect(readInstrument('phq9', weekly([20, 20, 20, 20], 49))!.latest.course).toBe('no-band'); // week 21
  });

  it('cannot judge not on track without a band, but still flags a reliable deterioration', () => {
    const gad = readInstrument('gad7', weekly([10, 12, 13, 14], 28))!;
    expect(gad.latest.course).toBe('no-band');
    expect(flagsOf(gad).map((f) => f.kind)).toEqual(['reliable-deterioration']);
    const mild = readInstrument('phq9', weekly([8, 9, 10, 13], 28))!;
    expect(mild.noBand).not.toBeNull();
    expect(flagsOf(mild).map((f) => f.kind)).toEqual([]);
  });

  it('raises both flags on one score that is off course and reliably worse', () => {
    const outcome = readInstrument('phq9', weekly([12, 14, 16, 18], 28))!;
    expect(flagsOf(outcome).map((f) => f.kind)).toEqual(['not-on-track', 'reliable-deterioration']);
    expect(flagsOf(outcome).every((f) => f.measureId === outcome.latest.measureId)).toBe(true);
  });
});

describe('quarters', () => {
  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-12-31', '2026-Q4'],
  ])('%s is in %s', (date, quarter) => expect(quarterOf(date)).toBe(quarter));
});

describe('the reading in words', () => {
  const day = (date: string) => date;
  it.each([
    ['phq9', [15], 'Baseline only: no change to read yet.'],
    ['phq9', [18, 11], 'Reliable improvement since 2026-01-12; not yet in remission.'],
    ['phq9', [12, 5], 'Recovered since 2026-01-12; responding (50 % or more below the baseline); not yet in remission.'],
    ['phq9', [12, 4], 'Recovered since 2026-01-12; in remission (below 5).'],
    ['phq9', [10, 16], 'Reliable deterioration since 2026-01-12; not yet in remission.'],
    ['phq9', [10, 12], 'No reliable change since the baseline (+2); not yet in remission.'],
    ['gad7', [12, 9], 'No reliable change since the baseline (-3); still at or above the caseness threshold (8).'],
    ['gad7', [12, 7], 'Recovered since 2026-01-12; below the caseness threshold (8).'],
  ] as const)('%s %j reads “%s”', (instrument, scores, words) => {
    expect(describeOutcome(readInstrument(instrument, weekly(scores))!, day)).toBe(words);
  });
});
