/**
 * Change on the PCL-5, AUDIT, AUDIT-C and the CGI, by published rules only (shared/outcomes-instruments.ts):
 * every boundary of the PCL-5's reliable and clinically significant change, no classification where no
 * rule was published, and the CGI-I read as the rating of change it is.
 */
import { describe, expect, it } from 'vitest';
import { CHANGE_RULES, describeOtherChange } from '../../../shared/outcomes-instruments';

const day = (date: string) => date;
const series = (...scores: number[]) => scores.map((score, index) => ({ date: `2026-0${index + 1}-01`, score }));

describe('the PCL-5 against its baseline (Marx et al. 2022)', () => {
  it('keeps the published figures as data', () => {
    expect(CHANGE_RULES.pcl5).toMatchObject({ kind: 'reliable-change', reliableInAll: 18, reliableInSome: 15, clinicalCutAtOrBelow: 28 });
  });

  it('reads 14 points as no reliable change, 15–17 as possibly reliable, and 18 as reliable, both ways', () => {
    expect(describeOtherChange('pcl5', series(60, 46), day)).toMatch(/^No reliable change \(-14 /);
    expect(describeOtherChange('pcl5', series(60, 45), day)).toMatch(/^Possibly reliable improvement \(-15 .*15–17 points/);
    expect(describeOtherChange('pcl5', series(60, 43), day)).toMatch(/^Possibly reliable improvement \(-17 /);
    expect(describeOtherChange('pcl5', series(60, 42), day)).toMatch(/^Reliable improvement \(-18 /);
    expect(describeOtherChange('pcl5', series(20, 34), day)).toMatch(/^No reliable change \(\+14 /);
    expect(describeOtherChange('pcl5', series(20, 35), day)).toMatch(/^Possibly reliable deterioration \(\+15 /);
    expect(describeOtherChange('pcl5', series(20, 38), day)).toMatch(/^Reliable deterioration \(\+18 /);
  });

  it('calls a fall from above 28 to 28 or less clinically significant, and nothing else', () => {
    expect(describeOtherChange('pcl5', series(46, 28), day)).toContain('now at or below 28');
    expect(describeOtherChange('pcl5', series(46, 29), day)).not.toContain('at or below 28');
    expect(describeOtherChange('pcl5', series(28, 10), day)).not.toContain('at or below 28');
  });

  it('reads the latest score against the first, and says so when there is only the baseline', () => {
    expect(describeOtherChange('pcl5', series(60, 30, 59), day)).toMatch(/^No reliable change \(-1 since the baseline of 60/);
    expect(describeOtherChange('pcl5', series(60), day)).toBe('Baseline only: no change to read yet.');
    expect(describeOtherChange('pcl5', [], day)).toBeNull();
  });
});

describe('instruments without a published reliable-change index', () => {
  it('shows the points and why there is no classification, for the AUDIT, the AUDIT-C and the CGI-S, at any size of change', () => {
    for (const instrument of ['audit', 'auditc', 'cgis'] as const) {
      const words = describeOtherChange(instrument, series(30, 2), day)!;
      expect(words).toMatch(/^-28 since the baseline of 30 on 2026-01-01\. No classification: /);
      expect(words).not.toMatch(/reliable (improvement|deterioration)/i);
    }
  });
});

describe('the CGI-I, a rating of change itself', () => {
  it('reads every value as given, never against a baseline', () => {
    const meanings = [
      'very much improved',
      'much improved',
      'minimally improved',
      'no change',
      'minimally worse',
      'much worse',
      'very much worse',
    ];
    for (const [index, meaning] of meanings.entries()) {
      expect(describeOtherChange('cgii', series(7, index + 1), day)).toMatch(new RegExp(`^Rated ${index + 1}, ${meaning}, on 2026-02-01`));
    }
    expect(describeOtherChange('cgii', series(2), day)).toContain('not against a baseline');
  });
});
