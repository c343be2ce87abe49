import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';

export type EncryptedDatabase = { db: Database; file: string; keyHex: string; dispose(): Promise<void> };

/** A real SQLCipher file in a temp folder, opened in the test's own thread, the way the worker opens it. */
export async function openEncryptedDatabase(): Promise<EncryptedDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-db-'));
  const file = path.join(dir, 'alliance.db');
  const keyHex = randomBytes(32).toString('hex');
  const db = new Database(file);
  db.pragma('cipher_log_level = NONE');
  db.pragma(`key = "x'${keyHex}'"`);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return {
    db,
    file,
    keyHex,
    async dispose() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
