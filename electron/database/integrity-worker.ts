/**
 * The full integrity check of a large vault, on a thread of its own with a connection of its own,
 * right after unlock: SQLCipher's page check and SQLite's quick_check read every page, which on a
 * 20-year practice takes seconds, and the window must not wait for them. The connection only reads,
 * and the database worker's connection stays open meanwhile, so closing this one folds nothing.
 * Bundled to dist-electron/integrity-worker.cjs; the database worker starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Database, setLogger } from '@signalapp/sqlcipher';
import type { IntegrityAnswer, IntegrityRequest } from './api';
import { integrityProblem } from './files/preflight';
import { memorySecurityPragma } from './memory-security';

setLogger(() => {});

const port = parentPort;
if (!port) throw new Error('The integrity check must run in a worker thread.');
const { databasePath, key, memorySecurity } = workerData as IntegrityRequest;
const started = performance.now();
let problem: string | null;
try {
  const db = new Database(databasePath);
  try {
    db.pragma('cipher_log_level = NONE');
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    db.pragma(memorySecurityPragma(memorySecurity));
    key.fill(0);
    problem = integrityProblem(db);
  } finally {
    db.close();
  }
} catch {
  problem = 'SQLite’s integrity check could not read all of it';
} finally {
  key.fill(0);
}
const answer: IntegrityAnswer = { problem, elapsedMs: performance.now() - started };
port.postMessage(answer);
