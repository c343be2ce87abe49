import type { Instrument } from './measures';

/*
 * Reading change on the instruments beyond the PHQ-9 and GAD-7 (shared/outcomes.ts), only where a
 * published rule exists, as data with its source. Where none was found the chart shows no
 * classification and says why; none is invented. Source notes: shared/data/README.md, "Change on the
 * other instruments".
 */

/** A source; `url` only where the address was checked. */
export type ChangeSource = { short: string; citation: string; url: string | null };

export const OTHER_CHANGE_SOURCES = {
  marx2022: {
    short: 'Marx et al. 2022',
    citation:
      'Marx BP, Lee DJ, Norman SB, Bovin MJ, Sloan DM, Weathers FW, Keane TM, Schnurr PP. Reliable and clinically significant change in the Clinician-Administered PTSD Scale for DSM-5 and PTSD Checklist for DSM-5 among male veterans. Psychol Assess. 2022;34(2):197–203 (National Center for PTSD; PCL-5 reliable change 15 points in one sample and 18 in the other; a score of 28 or less more likely in the non-PTSD population in both).',
    url: 'https://www.hsrd.research.va.gov/research/citations/abstract.cfm?Identifier=157955',
  },
  guy1976: {
    short: 'Guy 1976',
    citation:
      'Guy W. ECDEU Assessment Manual for Psychopharmacology. US Department of Health, Education, and Welfare; 1976: 217–222 (Clinical Global Impressions).',
    url: null,
  },
  busner2007: {
    short: 'Busner & Targum 2007',
    citation:
      'Busner J, Targum SD. The Clinical Global Impressions scale: applying a research tool in clinical practice. Psychiatry (Edgmont). 2007;4(7):28–37.',
    url: null,
  },
} as const satisfies Record<string, ChangeSource>;

export type OtherChangeInstrument = Exclude<Instrument, 'phq9' | 'gad7'>;

export type ChangeRule =
  | {
      kind: 'reliable-change';
      /** A change of at least this many points either way was reliable in every published sample. */
      reliableInAll: number;
      /** At least this many points was reliable in one published sample, not in all. */
      reliableInSome: number;
      /** From above it to at or below it: more likely in the population without the disorder (clinically significant change). */
      clinicalCutAtOrBelow: number;
      source: keyof typeof OTHER_CHANGE_SOURCES;
    }
  | { kind: 'rating-of-change'; meanings: Record<number, string>; sources: (keyof typeof OTHER_CHANGE_SOURCES)[] }
  | { kind: 'none'; reason: string };

export const CHANGE_RULES: Record<OtherChangeInstrument, ChangeRule> = {
  pcl5: { kind: 'reliable-change', reliableInAll: 18, reliableInSome: 15, clinicalCutAtOrBelow: 28, source: 'marx2022' },
  auditc: {
    kind: 'none',
    reason:
      'No published reliable-change index for the AUDIT-C was found, so no change is classified: the chart shows the points only. Its cut-offs screen for risky drinking; they do not measure change.',
  },
  audit: {
    kind: 'none',
    reason:
      'The WHO manual (Babor et al. 2001) gives risk zones, not a reliable-change index, and none was found elsewhere, so no change is classified: the chart shows the points and the zone only.',
  },
  cgis: {
    kind: 'none',
    reason:
      'The CGI-S is a single clinician rating of severity; no published reliable-change index exists for it, so a change is shown in points only.',
  },
  cgii: {
    kind: 'rating-of-change',
    meanings: {
      1: 'very much improved',
      2: 'much improved',
      3: 'minimally improved',
      4: 'no change',
      5: 'minimally worse',
      6: 'much worse',
      7: 'very much worse',
    },
    sources: ['guy1976', 'busner2007'],
  },
};

const signed = (change: number) => `${change > 0 ? '+' : ''}${change}`;

/**
 * The reading in words of an instrument's latest score against its first (the baseline), by its
 * published rule, or why there is none. `scores`: oldest first.
 */
export function describeOtherChange(
  instrument: OtherChangeInstrument,
  scores: readonly { date: string; score: number }[],
  formatDate: (date: string) => string,
): string | null {
  const baseline = scores[0];
  const latest = scores.at(-1);
  if (!baseline || !latest) return null;
  const rule = CHANGE_RULES[instrument];
  if (rule.kind === 'rating-of-change') {
    return `Rated ${latest.score}, ${rule.meanings[latest.score] ?? 'not a CGI-I rating'}, on ${formatDate(latest.date)}: the CGI-I is itself a rating of change since treatment began, so it is read as given, not against a baseline (1–3 improved, 4 no change, 5–7 worse; trials often count 1 or 2 as a response).`;
  }
  if (scores.length < 2) return 'Baseline only: no change to read yet.';
  const change = latest.score - baseline.score;
  const points = `${signed(change)} since the baseline of ${baseline.score} on ${formatDate(baseline.date)}`;
  if (rule.kind === 'none') return `${points}. No classification: ${rule.reason}`;
  const size = Math.abs(change);
  const direction = change < 0 ? 'improvement' : 'deterioration';
  const source = OTHER_CHANGE_SOURCES[rule.source].short;
  let words: string;
  if (size >= rule.reliableInAll) words = `Reliable ${direction} (${points}; ${rule.reliableInAll} points or more, ${source})`;
  else if (size >= rule.reliableInSome)
    words = `Possibly reliable ${direction} (${points}; ${rule.reliableInSome}–${rule.reliableInAll - 1} points was reliable in one of the two samples of ${source}, not in the other)`;
  else words = `No reliable change (${points}; under ${rule.reliableInSome} points, ${source})`;
  if (baseline.score > rule.clinicalCutAtOrBelow && latest.score <= rule.clinicalCutAtOrBelow)
    words += `; now at or below ${rule.clinicalCutAtOrBelow}, more likely in the population without PTSD (clinically significant change)`;
  return `${words}.`;
}
