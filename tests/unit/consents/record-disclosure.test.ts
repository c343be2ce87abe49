import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { recordDisclosure } from '../../../electron/features/consents/worker';
import type { DisclosureInput } from '../../../shared/consents';
import { AppError } from '../../../shared/errors';
import { patientInputSchema } from '../../../shared/patient';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';
import { testEnvironment } from '../support/environment';
import { patientInput } from '../support/temp-vault';

/*
 * recordDisclosure as another feature calls it inside its own transaction (a letter marked sent):
 * the disclosure and its audit entry stand or fall with the caller's write.
 */
let database: EncryptedDatabase;
let repos: Repositories;
let patientId: string;
const env = testEnvironment('2026-03-10T12:00:00.000Z');

beforeAll(async () => {
  database = await openEncryptedDatabase();
  migrate(database.db);
  repos = connect(database.db);
  patientId = repos.patients.create(patientInputSchema.parse(patientInput()), env.now).id;
});
afterAll(async () => {
  await database.dispose();
});

const count = (table: string) => Number(database.db.prepare(`SELECT count(*) FROM ${table}`, { pluck: true }).get());

describe('recordDisclosure, in the caller’s transaction', () => {
  it('is undone with the caller’s write when the caller fails, audit entry and all', () => {
    const input: DisclosureInput = {
      patientId,
      item: 'letter',
      itemId: null,
      parts: ['medications'],
      basis: {
        kind: 'exception',
        exception: 'emergency',
        reason: 'Overdose; A&E asked',
        recipient: { name: 'A&E', role: '', contact: '' },
      },
    };
    const before = { disclosures: count('disclosures'), audit: count('audit_log') };
    expect(() =>
      database.db.transaction(() => {
        recordDisclosure(repos, env, input);
        throw new Error('the letter could not be marked sent');
      })(),
    ).toThrow('the letter could not be marked sent');
    expect({ disclosures: count('disclosures'), audit: count('audit_log') }).toEqual(before);

    const written = database.db.transaction(() => recordDisclosure(repos, env, input))();
    expect(written).toMatchObject({ basis: 'exception', item: 'letter', exceptionReason: 'Overdose; A&E asked' });
    expect({ disclosures: count('disclosures'), audit: count('audit_log') }).toEqual({
      disclosures: before.disclosures + 1,
      audit: before.audit + 1,
    });
  });

  it('refuses a consent that does not cover every part, naming them, and writes nothing', () => {
    const consent = repos.consents.record(
      {
        patientId,
        recipient: { name: 'Dr Amira Haddad', role: '', contact: '' },
        parts: ['medications'],
        purpose: 'Shared care',
        validFrom: '2026-03-01',
        validUntil: null,
        givenAs: 'verbal',
      },
      env.now,
    );
    const before = count('disclosures');
    let refusal: unknown;
    try {
      recordDisclosure(repos, env, {
        patientId,
        item: 'letter',
        itemId: null,
        parts: ['medications', 'notes'],
        basis: { kind: 'consent', consentId: consent.id },
      });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('INVALID_INPUT');
    expect((refusal as AppError).message).toContain('does not include Session notes');
    expect(count('disclosures')).toBe(before);
  });
});
