import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '@signalapp/sqlcipher';
import { afterEach, describe, expect, it } from 'vitest';
import { DIAGNOSTIC_LOG_NAME, diagnosticOf } from '../../../electron/diagnostics/log';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openTempVault, PASSPHRASE, patientInput, setUp, type TempVault } from '../support/temp-vault';

const opened: TempVault[] = [];
afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.dispose();
});

describe('the diagnostic log', () => {
  it('keeps an error’s class, code and frames, and nothing it says', () => {
    const error = Object.assign(new Error('Zebulon Quartermaine: lithium 0.9 mmol/L'), { code: 'SQLITE_CONSTRAINT' });
    error.stack = `Error: Zebulon Quartermaine\n    at saveNote (/home/drquartermaine/Alliance/resources/app.asar/dist-electron/database-worker.cjs:120:7)\n    at run (file:///C:/Users/drq/app/main.cjs:5:1)`;
    const diagnostic = diagnosticOf(error);
    expect(diagnostic).toEqual({
      errorClass: 'Error',
      code: 'SQLITE_CONSTRAINT',
      frames: ['at saveNote (database-worker.cjs:120:7)', 'at run (main.cjs:5:1)'],
    });
    expect(JSON.stringify(diagnostic)).not.toMatch(/Zebulon|lithium|drquartermaine|drq/);
  });

  it('records an internal error of the database with where it happened, and no clinical text', async () => {
    const vault = await openTempVault();
    opened.push(vault);
    const sheet = await setUp(vault);
    await vault.call('patients:create', { patient: patientInput({ givenName: 'Zebulon', familyName: 'Quartermaine' }) });
    expect(existsSync(path.join(vault.dir, DIAGNOSTIC_LOG_NAME))).toBe(false);
    await vault.call('vault:lock', {});
    // Past the app, with the raw key: a table the app needs is gone, which only a bug (or a person) could do.
    const db = new Database(path.join(vault.dir, DATABASE_FILE_NAME));
    db.pragma(`key = "x'${sheet.databaseKeyHex}'"`);
    db.exec('DROP TABLE note_search_vocab');
    db.close();
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });

    const refusal = await vault.refuse('search:query', { text: 'Quartermaine', limit: 5 });
    expect(refusal.code).toBe('INTERNAL');
    const log = await readFile(path.join(vault.dir, DIAGNOSTIC_LOG_NAME), 'utf8');
    const entries = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ where: 'worker:search:query', code: 'SQLITE_ERROR', errorClass: 'Error' }));
    expect(log).not.toMatch(/Quartermaine|Zebulon|no such table/);
  });
});
