import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../shared/contract';
import { DISCLOSURE_MESSAGES } from '../../../shared/consents';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

// One vault for the file: each test records its own consents and moves the clock where it needs it.
let vault: CalendarVault;
beforeAll(async () => {
  vault = await openCalendarVault('2026-03-02T10:00:00.000Z');
});
afterAll(async () => {
  await vault.dispose();
});

const HADDAD = { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: 'Elm Street Practice, fax 555 0199' };

function consent(overrides: Partial<ChannelInput<'consents:record'>> = {}): ChannelInput<'consents:record'> {
  return {
    patientId: vault.maren.id,
    recipient: HADDAD,
    parts: ['diagnoses', 'medications'],
    purpose: 'Shared care of the antidepressant',
    validFrom: '2026-03-10',
    validUntil: '2026-04-30',
    givenAs: 'signed-form',
    ...overrides,
  };
}

function sendPdf(consentId: string, parts: ChannelInput<'disclosures:record'>['parts'] = ['diagnoses', 'medications']) {
  return { patientId: vault.maren.id, item: 'record-pdf', itemId: null, parts, basis: { kind: 'consent', consentId } } as const;
}

describe('consents to share and disclosures, through the worker', () => {
  it('covers from its first day through its last, shows as expiring 30 days before, and stops covering the day after', async () => {
    vault.setNow('2026-03-09T12:00:00.000Z');
    const recorded = await vault.call('consents:record', consent());
    expect(recorded.status).toBe('not-yet-valid');
    const early = await vault.refuse('disclosures:record', sendPdf(recorded.id));
    expect(early.code).toBe('INVALID_INPUT');
    expect(early.message).toContain(DISCLOSURE_MESSAGES.notCovered);
    expect(early.message).toContain('not yet in force');

    const statusOn = async (instant: string) => {
      vault.setNow(instant);
      const { today, consents } = await vault.call('consents:list', { patientId: vault.maren.id });
      return [today, consents.find((c) => c.id === recorded.id)?.status];
    };
    expect(await statusOn('2026-03-10T00:30:00.000Z')).toEqual(['2026-03-10', 'active']);
    expect(await statusOn('2026-03-30T12:00:00.000Z')).toEqual(['2026-03-30', 'active']);
    expect(await statusOn('2026-03-31T12:00:00.000Z')).toEqual(['2026-03-31', 'expiring']);
    expect(await statusOn('2026-04-30T23:30:00.000Z')).toEqual(['2026-04-30', 'expiring']);
    const onLastDay = await vault.call('disclosures:record', sendPdf(recorded.id));
    expect(onLastDay).toMatchObject({ basis: 'consent', consentId: recorded.id, recipient: HADDAD, item: 'record-pdf' });
    expect(await statusOn('2026-05-01T00:30:00.000Z')).toEqual(['2026-05-01', 'expired']);
    const late = await vault.refuse('disclosures:record', sendPdf(recorded.id));
    expect(late.message).toContain('expired');
  });

  it('refuses what the consent does not cover, naming the parts, and a consent of another patient', async () => {
    vault.setNow('2026-03-12T10:00:00.000Z');
    const recorded = await vault.call('consents:record', consent({ validUntil: null }));
    const asked = await vault.refuse('disclosures:check', sendPdf(recorded.id, ['diagnoses', 'notes', 'plan']));
    const refused = await vault.refuse('disclosures:record', sendPdf(recorded.id, ['diagnoses', 'notes', 'plan']));
    expect(asked).toEqual(refused);
    expect(await vault.call('disclosures:check', sendPdf(recorded.id))).toEqual({ allowed: true });
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toBe(
      `${DISCLOSURE_MESSAGES.notCovered}: the consent to \u2068Dr Amira Haddad\u2069 does not include Session notes, Treatment plan.`,
    );
    expect(refused.issues?.[0]?.path).toBe('basis');
    const other = await vault.refuse('disclosures:record', { ...sendPdf(recorded.id), patientId: vault.tomas.id });
    expect(other.message).toContain('another patient');
    const before = await vault.call('disclosures:list', { patientId: vault.maren.id });
    expect(before.some((d) => d.parts.includes('notes'))).toBe(false);
  });

  it('allows an exception with its reason, refuses one without, and keeps every disclosure in the accounting, audited', async () => {
    vault.setNow('2026-03-13T10:00:00.000Z');
    const exception = {
      kind: 'exception',
      exception: 'emergency',
      reason: 'Admitted to A&E after an overdose; the duty psychiatrist asked for the medication list',
      recipient: { name: 'St Mary’s A&E', role: 'Emergency department', contact: '555 0000' },
    } as const;
    const bare = await vault.refuse('disclosures:record', {
      patientId: vault.maren.id,
      item: 'record-pdf',
      itemId: null,
      parts: ['medications', 'notes'],
      basis: { ...exception, reason: '   ' },
    });
    expect(bare.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(bare)).toContain(DISCLOSURE_MESSAGES.exceptionReason);
    const sent = await vault.call('disclosures:record', {
      patientId: vault.maren.id,
      item: 'record-pdf',
      itemId: null,
      parts: ['medications', 'notes'],
      basis: exception,
    });
    expect(sent).toMatchObject({ basis: 'exception', exception: 'emergency', exceptionReason: exception.reason, consentId: null });
    const toPatient = await vault.call('disclosures:record', {
      patientId: vault.maren.id,
      item: 'printed-plan',
      itemId: null,
      parts: ['plan'],
      basis: { kind: 'patient' },
    });
    expect(toPatient.recipient).toBeNull();
    const accounting = await vault.call('disclosures:list', { patientId: vault.maren.id });
    // Newest first (the first test's clock went further ahead, so its disclosure comes before these).
    expect(accounting.map((d) => d.id).filter((id) => id === sent.id || id === toPatient.id)).toEqual([toPatient.id, sent.id]);
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 100 });
    expect(audit.filter((e) => e.action === 'disclosure.record').map((e) => e.recordId)).toEqual(
      expect.arrayContaining([sent.id, toPatient.id]),
    );
  });

  it('stops covering from the day it is revoked, once, and a consent entered in error never covered anything', async () => {
    vault.setNow('2026-03-20T10:00:00.000Z');
    const revocable = await vault.call('consents:record', consent({ validFrom: '2026-03-01', validUntil: null }));
    await vault.call('disclosures:record', sendPdf(revocable.id));
    const future = await vault.refuse('consents:revoke', { consentId: revocable.id, revokedOn: '2026-03-21', reason: '' });
    expect(future.code).toBe('INVALID_INPUT');
    const revoked = await vault.call('consents:revoke', { consentId: revocable.id, revokedOn: '2026-03-20', reason: 'Changed physician' });
    expect(revoked).toMatchObject({ status: 'revoked', revokedOn: '2026-03-20', revocationReason: 'Changed physician' });
    expect((await vault.refuse('disclosures:record', sendPdf(revocable.id))).message).toContain('revoked');
    expect((await vault.refuse('consents:revoke', { consentId: revocable.id, revokedOn: '2026-03-20', reason: '' })).code).toBe('CONFLICT');

    const mistaken = await vault.call('consents:record', consent({ validFrom: '2026-03-01', validUntil: null }));
    const marked = await vault.call('consents:enteredInError', { consentId: mistaken.id, reason: 'Recorded for the wrong patient' });
    expect(marked.status).toBe('entered-in-error');
    expect((await vault.refuse('disclosures:record', sendPdf(mistaken.id))).message).toContain('entered in error');
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 100 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['consent.record', 'consent.revoke', 'consent.entered-in-error']));
  });
});
