/**
 * Runs tests/unit/support/vault-child.ts in a child process (bundled once, so each start is quick)
 * and lets a test read its lines and kill it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, WORKER_BUNDLE } from '../../../build/build-electron';

let bundled: Promise<string> | undefined;

function bundle(): Promise<string> {
  bundled ??= (async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'alliance-child-'));
    // The bundle lives as long as the test process that made it.
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
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
  })();
  return bundled;
}

export type VaultChild = {
  process: ChildProcess;
  lines: string[];
  /** Resolves when the child has said a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** SIGKILL, then resolves once the process is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code when the child ends by itself. */
  exited: Promise<number | null>;
};

/** `extra`: for backup, the backup folder; for restore, the backup and the step to stop at (see vault-child.ts). */
export async function startVaultChild(
  mode: 'setup' | 'write' | 'backup' | 'restore',
  dir: string,
  ...extra: string[]
): Promise<VaultChild> {
  const script = await bundle();
  const child = spawn(process.execPath, [script, mode, dir, WORKER_BUNDLE, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
      newline = buffer.indexOf('\n');
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    lines,
    waitFor(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`The child exited (${code}) before saying ${pattern}: ${stderr.slice(0, 500)}`)));
      });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
