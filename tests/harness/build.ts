/**
 * Builds what the harness serves, only when its sources are newer than the last build, so a
 * developer's edit shows up on the next start and an unchanged tree starts in milliseconds.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { buildElectron, ROOT, WORKER_BUNDLE } from '../../build/build-electron';

export const RENDERER_OUT_DIR = path.join(ROOT, 'dist', 'renderer');
export const RENDERER_INDEX = path.join(RENDERER_OUT_DIR, 'index.html');

/** The newest modification time of any file under these folders or files (0 when none exist). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (entry: string): void => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry)) visit(path.join(entry, child));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of paths) visit(entry);
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < newestMtime(sources);
}

export function rendererIsStale(): boolean {
  return isStale(
    RENDERER_INDEX,
    ['renderer', 'shared', 'vite.config.ts'].map((p) => path.join(ROOT, p)),
  );
}

export function workerIsStale(): boolean {
  return isStale(
    WORKER_BUNDLE,
    ['electron', 'shared'].map((p) => path.join(ROOT, p)),
  );
}

export async function buildRenderer(): Promise<void> {
  // The renderer's own vite.config.ts decides root and outDir; the harness only asks for a build.
  await viteBuild({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(`The renderer build finished but ${path.relative(ROOT, RENDERER_INDEX)} is missing; check outDir in vite.config.ts.`);
  }
}

/** Builds the renderer and the database worker if either is missing or older than its sources. */
export async function ensureBuilt(): Promise<{ renderer: boolean; worker: boolean }> {
  const renderer = rendererIsStale();
  const worker = workerIsStale();
  if (renderer) await buildRenderer();
  if (worker) await buildElectron(['worker']);
  return { renderer, worker };
}
