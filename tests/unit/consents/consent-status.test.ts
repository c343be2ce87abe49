import { describe, expect, it } from 'vitest';
import { consentInputSchema, consentStatus, partsNotCovered, type Consent } from '../../../shared/consents';

const consent = (over: Partial<Consent> = {}): Consent => ({
  id: '0b6f5f1e-2f4a-4a43-9d55-8a0a0f0e0a01',
  patientId: '0b6f5f1e-2f4a-4a43-9d55-8a0a0f0e0a02',
  recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: 'Fax 555 0100' },
  parts: ['diagnoses', 'medications'],
  purpose: 'Coordinating medication',
  validFrom: '2026-03-01',
  validUntil: '2026-12-31',
  givenAs: 'signed-form',
  recordedAt: '2026-03-01T10:00:00.000Z',
  revokedOn: null,
  revocationReason: null,
  enteredInError: false,
  ...over,
});

describe('where a consent stands on a day', () => {
  it('is not in force the day before it starts, and is from its first day', () => {
    expect(consentStatus(consent(), '2026-02-28')).toBe('not-yet-valid');
    expect(consentStatus(consent(), '2026-03-01')).toBe('active');
  });

  it('shows as expiring from 30 days before its last day, and covers its last day', () => {
    expect(consentStatus(consent(), '2026-11-30')).toBe('active');
    expect(consentStatus(consent(), '2026-12-01')).toBe('expiring');
    expect(consentStatus(consent(), '2026-12-31')).toBe('expiring');
    expect(consentStatus(consent(), '2027-01-01')).toBe('expired');
  });

  it('never expires without an end date', () => {
    expect(consentStatus(consent({ validUntil: null }), '2040-01-01')).toBe('active');
  });

  it('is revoked from the day it was withdrawn, not before', () => {
    const revoked = consent({ revokedOn: '2026-06-10', revocationReason: 'Changed her mind' });
    expect(consentStatus(revoked, '2026-06-09')).toBe('active');
    expect(consentStatus(revoked, '2026-06-10')).toBe('revoked');
  });

  it('never covered anything when entered in error', () => {
    expect(consentStatus(consent({ enteredInError: true }), '2026-06-01')).toBe('entered-in-error');
    expect(partsNotCovered(consent({ enteredInError: true }), ['diagnoses'], '2026-06-01')).toEqual(['diagnoses']);
  });
});

describe('what a consent covers', () => {
  it('names the parts asked for that it leaves out', () => {
    expect(partsNotCovered(consent(), ['diagnoses', 'notes', 'medications'], '2026-06-01')).toEqual(['notes']);
  });

  it('covers nothing once expired', () => {
    expect(partsNotCovered(consent(), ['diagnoses'], '2027-01-01')).toEqual(['diagnoses']);
  });
});

describe('recording a consent', () => {
  const input = {
    patientId: '0b6f5f1e-2f4a-4a43-9d55-8a0a0f0e0a02',
    recipient: { name: 'Dr Amira Haddad', role: '', contact: '' },
    parts: ['diagnoses'],
    purpose: 'Coordinating care',
    validFrom: '2026-03-01',
    validUntil: '2026-02-28',
    givenAs: 'verbal',
  };

  it('refuses an end before the start, on the end date', () => {
    const result = consentInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['validUntil'], message: 'The end date must be on or after the start date' });
  });

  it('asks for at least one part and a recipient', () => {
    const result = consentInputSchema.safeParse({ ...input, validUntil: null, parts: [], recipient: { name: ' ', role: '', contact: '' } });
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual([
      'Choose at least one part of the record',
      'Name who may receive the information',
    ]);
  });
});
