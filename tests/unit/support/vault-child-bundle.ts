/**
 * Bundles tests/unit/support/vault-child.ts into `folder`, so each child the kill tests start loads one
 * file instead of compiling TypeScript. The unit global set-up makes it once for every test process, in
 * a folder it removes at the end (a test process's own 'exit' never comes: Vitest ends its workers).
 */
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../../build/build-electron';

export async function bundleVaultChild(folder: string): Promise<string> {
  const outfile = path.join(folder, 'vault-child.cjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['tests/unit/support/vault-child.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', '@signalapp/sqlcipher'],
    logLevel: 'warning',
  });
  return outfile;
}
