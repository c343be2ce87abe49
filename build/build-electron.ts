/**
 * Bundles the Node side with esbuild: the main process, the preload (CommonJS, as a sandboxed
 * preload must be) and the database worker. Native and Electron modules stay external.
 * The tests and the browser harness run the very same worker bundle the app ships.
 */
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_OUT_DIR = path.join(ROOT, 'dist-electron');
export const WORKER_BUNDLE = path.join(ELECTRON_OUT_DIR, 'database-worker.cjs');

/** The database worker starts the integrity checker's and the backups' threads, and loads the record PDF's writer, from the files beside it. */
const ENTRIES = {
  main: [{ in: 'electron/main.ts', out: 'main' }],
  preload: [{ in: 'electron/preload.ts', out: 'preload' }],
  worker: [
    { in: 'electron/database/worker.ts', out: 'database-worker' },
    { in: 'electron/database/integrity-worker.ts', out: 'integrity-worker' },
    { in: 'electron/features/backups/backup-thread.ts', out: 'backup-worker' },
    // PDFKit and its fonts, loaded by the worker at the first record export, not at each of its starts.
    { in: 'electron/features/exports/record-pdf-writer.ts', out: 'record-pdf-writer' },
  ],
} as const;
export type ElectronEntry = keyof typeof ENTRIES;

export async function buildElectron(entries: ElectronEntry[] = ['main', 'preload', 'worker']): Promise<void> {
  const common: BuildOptions = {
    absWorkingDir: ROOT,
    outdir: ELECTRON_OUT_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['electron', '@signalapp/sqlcipher'],
    logLevel: 'warning',
  };
  const nodeEntries = entries.filter((name) => name !== 'preload');
  await Promise.all([
    nodeEntries.length > 0 &&
      build({
        ...common,
        entryPoints: nodeEntries.flatMap((name) => ENTRIES[name].map((entry) => ({ ...entry }))),
        // electron-store and its dependencies are ESM that read import.meta.url; give the CJS bundle one.
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      }),
    // A sandboxed preload runs without __filename and may require only electron (and events, timers, url): no banner.
    entries.includes('preload') && build({ ...common, minify: true, entryPoints: ENTRIES.preload.map((entry) => ({ ...entry })) }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const only = process.argv.slice(2) as ElectronEntry[];
  await buildElectron(only.length > 0 ? only : undefined);
}
