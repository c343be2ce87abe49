import { describe, expect, it } from 'vitest';
import { outputDrift } from './output-check';

const PATIENT_SUMMARY = {
  id: '0c6f1f8e-2d4b-4c1e-9a57-3f0d7e6b1a22',
  chartNumber: 1,
  givenName: 'Maren',
  familyName: 'Holloway',
  preferredName: null,
  dateOfBirth: '1984-06-12',
  phone: null,
  archivedAt: null,
};

describe('an answer is checked against its channel’s output schema', () => {
  it('passes an answer that matches the contract', () => {
    expect(outputDrift('vault:status', { state: 'locked' })).toBeNull();
  });

  it('names the channel and the place an answer drifted, and never the value there', () => {
    const drifted = [{ ...PATIENT_SUMMARY, dateOfBirth: 'Holloway-secret-1984' }];
    const drift = outputDrift('patients:list', drifted);
    expect(drift).toMatch(/^patients:list answered a value that does not match its output schema at \[0\]\.dateOfBirth \(/);
    expect(drift).not.toContain('Holloway-secret');
  });

  it('says so when the whole answer has the wrong shape', () => {
    expect(outputDrift('patients:list', { patients: [] })).toContain('at the value itself');
  });

  it('refuses a value from a name that is not a channel', () => {
    expect(outputDrift('patients:drop', [])).toBe('patients:drop is not a channel of the contract, yet it answered a value.');
  });
});
