/**
 * Runs tests/unit/support/vault-child.ts in a child process (bundled once by the unit global set-up, so each start is quick)
 * and lets a test read its lines and kill it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { ROOT, WORKER_BUNDLE } from '../../../build/build-electron';

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
  mode: 'setup' | 'write' | 'open' | 'synced-write' | 'backup' | 'restore',
  dir: string,
  ...extra: string[]
): Promise<VaultChild> {
  // Bundled once by the unit global set-up (vault-child-bundle.ts).
  const script = inject('vaultChildBundle');
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
