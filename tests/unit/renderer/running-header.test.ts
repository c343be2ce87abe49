/**
 * The running header of a printed patient document is CSS built from what was typed about the
 * patient: whatever the name holds, it stays one CSS string, on one line, and cannot turn the words
 * beside it around.
 */
import { describe, expect, it } from 'vitest';
import { cssString, runningHeaderCss, type RunningHeaderPatient } from '../../../renderer/components/useRunningHeader';
import { formatLongCalendarDate } from '../../../renderer/format/dates';

/** In the machine's locale, as the app formats a date of birth everywhere. */
const BORN = formatLongCalendarDate('1984-03-17');

const patient: RunningHeaderPatient = {
  givenName: 'Adaeze',
  familyName: 'Okonkwo',
  preferredName: '',
  dateOfBirth: '1984-03-17',
  chartNumber: 12,
};

/** The value of a margin box's `content`, read back as CSS would read its strings. */
function contentOf(css: string, box: string): string {
  const rule = new RegExp(`@${box} \\{ content: ((?:"(?:[^"\\\\\\n]|\\\\.)*"\\s*)+);`).exec(css);
  if (!rule) throw new Error(`No @${box} content in:\n${css}`);
  return [...rule[1]!.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)]
    .map((string) =>
      string[1]!.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, (_, hex: string | undefined, character: string | undefined) =>
        hex ? String.fromCodePoint(parseInt(hex, 16)) : character!,
      ),
    )
    .join('');
}

describe('the running header', () => {
  it('names the patient, their date of birth and chart number at the top of every page, with “Confidential”', () => {
    const css = runningHeaderCss(patient);
    expect(contentOf(css, 'top-left')).toBe(`\u2068Okonkwo, Adaeze\u2069 · Date of birth ${BORN} · Chart no. 12`);
    expect(contentOf(css, 'top-right')).toBe('Confidential');
    expect(css).toMatch(/^@page \{/);
  });

  it('keeps quotes, backslashes and line breaks in a name inside one CSS string on one line', () => {
    expect(cssString('O"Brien\\')).toBe('"O\\"Brien\\\\"');
    expect(cssString('a\nb\r\nc\u2028d\u0000e\tf')).toBe('"a b c d e f"');
    const css = runningHeaderCss({ ...patient, familyName: 'Smith"; } @page { @top-left { content: "x', givenName: 'Jo\\' });
    // With the strings' contents set aside, the rules are those of any other name: nothing typed closed
    // a string or a block.
    const rules = (text: string) => text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    expect(rules(css)).toBe(rules(runningHeaderCss(patient)));
    expect(contentOf(css, 'top-left')).toContain('\u2068Smith"; } @page { @top-left { content: "x, Jo\\\u2069');
  });

  it('leaves out bidi controls typed in a name and isolates the name, so the words after it keep their order', () => {
    const css = runningHeaderCss({ ...patient, familyName: 'Okonkwo\u202E\u2069\u2067', givenName: '\u200FAdaeze\u202A' });
    expect(contentOf(css, 'top-left')).toBe(`\u2068Okonkwo, Adaeze\u2069 · Date of birth ${BORN} · Chart no. 12`);
  });
});
