import { describe, expect, it } from 'vitest';
import { pairingCodeInputSchema, SERVER_MESSAGES, serverDetailsSchema } from '../../../shared/sync/connection';

const details = {
  host: 'db.practice.example',
  port: 5432,
  database: 'alliance',
  user: 'alliance',
  password: 'secret',
  tls: 'required',
  caCertificate: null,
} as const;

function messages(input: unknown): string[] {
  const result = serverDetailsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('the practice server’s connection details', () => {
  it('accepts a host name or an address, with TLS required', () => {
    expect(messages(details)).toEqual([]);
    expect(messages({ ...details, host: '10.0.4.12' })).toEqual([]);
  });

  it('turns TLS off only for a server on this computer', () => {
    expect(messages({ ...details, tls: 'off' })).toEqual([SERVER_MESSAGES.tlsOffRemote]);
    expect(messages({ ...details, host: '127.0.0.1', tls: 'off' })).toEqual([]);
    expect(messages({ ...details, host: 'localhost', tls: 'off' })).toEqual([]);
  });

  it('names what is wrong with each field', () => {
    expect(messages({ ...details, host: '' })).toContain(SERVER_MESSAGES.host);
    expect(messages({ ...details, host: 'db practice' })).toContain(SERVER_MESSAGES.hostShape);
    expect(messages({ ...details, port: 70000 })).toContain(SERVER_MESSAGES.port);
    expect(messages({ ...details, database: ' ' })).toContain(SERVER_MESSAGES.database);
    expect(messages({ ...details, caCertificate: 'not a certificate' })).toContain(SERVER_MESSAGES.caCertificate);
  });

  it('reads a pairing code typed with spaces, hyphens or small letters', () => {
    expect(pairingCodeInputSchema.parse('abcd-efgh 1234')).toBe('ABCDEFGH1234');
    expect(pairingCodeInputSchema.safeParse('ABCD EFGH').success).toBe(false);
  });
});
