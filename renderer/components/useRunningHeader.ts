import { useEffect } from 'react';
import { displayName, type Patient } from '../../shared/patient';
import { formatLongCalendarDate } from '../format/dates';

/**
 * The running header of a printed patient document: every page, not only the first, says whose it
 * is (name, date of birth, chart number), "Confidential" and "Page x of y", so a page that comes loose
 * still finds its chart. Chromium (131 and later) prints CSS page-margin boxes; the patient's part is
 * known only at run time, so it goes in a constructed stylesheet (CSSOM, allowed by `style-src 'self'`)
 * adopted while the print view is shown and dropped when it goes.
 */

export type RunningHeaderPatient = Pick<Patient, 'givenName' | 'familyName' | 'preferredName' | 'dateOfBirth' | 'chartNumber'>;

/** Bidi controls typed in a name: in a margin box no element can isolate them, so they are left out. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Line breaks and other control characters would end or break a CSS string; on one line they are spaces. */
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;

/** A CSS string holding `text` on one line: quotes and backslashes escaped, bidi and other controls removed. */
export function cssString(text: string): string {
  const oneLine = text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
  return `"${oneLine.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

/**
 * Typed text in a margin box, isolated as a <bdi> would isolate it (first-strong isolate … pop
 * directional isolate, as CSS escapes), its own bidi controls already gone: a right-to-left name
 * cannot reorder the words beside it.
 */
function isolated(text: string): string {
  return `"\\2068 " ${cssString(text)} "\\2069 "`;
}

const MARGIN_TEXT = `font-family: 'Inter', system-ui, sans-serif; font-size: 7.5pt; color: #444;`;

/**
 * The page-margin rules naming this patient at the top of every page, with "Confidential" beside
 * them (in place of the bottom margin's, which the recovery sheet keeps); "Page x of y" stays in the
 * bottom margin (print.css).
 */
export function runningHeaderCss(patient: RunningHeaderPatient): string {
  const facts = cssString(` · Date of birth ${formatLongCalendarDate(patient.dateOfBirth)} · Chart no. ${patient.chartNumber}`);
  return `@page {
  @top-left { content: ${isolated(displayName(patient))} ${facts}; ${MARGIN_TEXT} }
  @top-right { content: "Confidential"; ${MARGIN_TEXT} font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; color: #a3262c; }
  @bottom-left { content: none; }
}`;
}

/** Names the patient in the margins of every printed page while the calling view is shown. */
export function useRunningHeader(patient: RunningHeaderPatient): void {
  const css = runningHeaderCss(patient);
  useEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }, [css]);
}
