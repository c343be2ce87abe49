/**
 * Lint keeps the layers apart: the renderer never imports the main process, the main process never
 * the renderer, shared/ neither nor Node, and a renderer feature reaches another only through its
 * public entry. Each case lints a probe file as if it sat in the tree, with the project's own config.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../build/build-electron';

// The boundary rules need no types; without the type-checked ones a probe lints in milliseconds.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint’s boundaries', () => {
  it('refuse the renderer importing the main process, or Node', async () => {
    expect(
      await boundaryErrors(
        'renderer/chart/Probe.tsx',
        "import { Vault } from '../../electron/vault/vault';\nexport const probe = Vault;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'renderer/components/Probe.tsx',
        "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
      ),
    ).toHaveLength(1);
  });

  it('refuse the main process importing the renderer', async () => {
    expect(
      await boundaryErrors('electron/vault/Probe.ts', "import { App } from '../../renderer/App';\nexport const probe = App;\n"),
    ).toHaveLength(1);
  });

  it('refuse shared/ importing either side or Node', async () => {
    expect(
      await boundaryErrors(
        'shared/probe.ts',
        "import { createAppCore } from '../electron/app-core';\nexport const probe = createAppCore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('shared/probe.ts', "import { randomBytes } from 'node:crypto';\nexport const probe = randomBytes;\n"),
    ).toHaveLength(1);
  });

  it('refuse a renderer feature reaching into another’s files, and allow its public entry and the shared folders', async () => {
    expect(
      await boundaryErrors(
        'renderer/chart/Probe.tsx',
        "import { CalendarPage } from '../calendar/CalendarPage';\nexport const probe = CalendarPage;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'renderer/chart/deeper/Probe.tsx',
        "import { PlanTab } from '../../plan/PlanTab';\nexport const probe = PlanTab;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('renderer/chart/Probe.tsx', "import * as calendar from '../calendar';\nexport const probe = calendar;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'renderer/chart/Probe.tsx',
        "import { Notice } from '../components/Notice';\nimport { call } from '../bridge/client';\nexport const probe = [Notice, call];\n",
      ),
    ).toEqual([]);
  });
});
