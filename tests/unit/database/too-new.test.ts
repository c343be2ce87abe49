import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '@signalapp/sqlcipher';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../electron/database/migrations';
import { folderFingerprint, openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

const opened: TempVault[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
});

describe('a database from a newer Alliance', () => {
  it('is refused with DATABASE_TOO_NEW, a message saying to update, and not a byte changed', async () => {
    const first = await openTempVault();
    opened.push(first);
    const sheet = await setUp(first);
    await first.call('patients:create', { patient: patientInput() });
    await first.core.close();

    // A later version of the app has migrated this file further than this one knows.
    const db = new Database(path.join(first.dir, sheet.databaseFileName));
    db.pragma('cipher_log_level = NONE');
    db.exec(sheet.sqlcipherKeyPragma);
    db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = await folderFingerprint(first.dir);

    const vault = await openTempVault({ dir: first.dir });
    opened.push(vault);
    const error = await vault.refuse('vault:unlock', { passphrase: PASSPHRASE });
    expect(error.code).toBe('DATABASE_TOO_NEW');
    expect(error.message).toMatch(/newer version of Alliance\. Update Alliance/);
    expect(await vault.call('vault:status', {})).toMatchObject({ state: 'damaged', message: error.message });
    expect((await vault.refuse('patients:list', {})).code).toBe('VAULT_LOCKED');
    expect((await vault.refuse('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('DATABASE_TOO_NEW');
    expect(await folderFingerprint(first.dir)).toEqual(before);
  });

  it('the migrations are numbered 1, 2, 3… with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});
