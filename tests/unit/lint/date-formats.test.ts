/**
 * Lint keeps date and time display in renderer/format: elsewhere in the renderer an Intl date
 * formatter, toLocaleDateString/TimeString, date-fns's format or a literal display pattern is an error.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../build/build-electron';

const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function dateErrors(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-syntax').length;
}

describe('lint’s rule on dates and times', () => {
  it('refuses a screen writing a date or time itself', async () => {
    const probes = [
      "export const probe = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).format(new Date());\n",
      "export const probe = Intl.DateTimeFormat('en-GB', { month: 'long' }).format(new Date());\n",
      'export const probe = new Date().toLocaleTimeString();\n',
      'export const probe = new Date().toLocaleDateString();\n',
      "import { format } from 'date-fns';\nexport const probe = format;\n",
      "export const probe = 'h:mm a';\n",
      "export const probe = 'HH:mm';\n",
      "export const probe = 'yyyy-MM-dd';\n",
    ];
    for (const source of probes) expect(await dateErrors('renderer/chart/Probe.tsx', source), source).toBe(1);
  });

  it('allows renderer/format to, and a screen to read the time zone or use date-fns arithmetic', async () => {
    expect(
      await dateErrors('renderer/format/probe.ts', "export const probe = new Intl.DateTimeFormat('en-GB', { hour: 'numeric' });\n"),
    ).toBe(0);
    expect(
      await dateErrors('renderer/calendar/Probe.tsx', 'export const probe = Intl.DateTimeFormat().resolvedOptions().timeZone;\n'),
    ).toBe(0);
    expect(await dateErrors('renderer/calendar/Probe.tsx', "import { addDays } from 'date-fns';\nexport const probe = addDays;\n")).toBe(0);
  });
});
