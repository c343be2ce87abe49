import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

/*
 * Letters through the channels, against one real vault: begun from a template and the chart, edited,
 * signed (then final), amended, and their templates edited into new versions.
 */

let vault: CalendarVault;
let patientId: string;

beforeAll(async () => {
  vault = await openCalendarVault('2026-03-10T09:00:00.000Z');
  patientId = vault.maren.id;
  await vault.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
  });
  await vault.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '50 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Low mood',
    },
  });
});

afterAll(async () => {
  await vault.dispose();
});

async function draftToPatient(): Promise<Letter> {
  return vault.call('letters:create', { patientId, kind: 'patient', consentId: null, locale: 'en-GB' });
}

describe('a letter to the patient', () => {
  it('begins from the template with the placeholders filled and the chart’s medications, and lists in Documents as a draft', async () => {
    const letter = await draftToPatient();
    expect(letter.status).toBe('draft');
    expect(letter.recipient).toBeNull();
    expect(letter.sections.find((s) => s.key === 'greeting')?.text).toBe(`Dear ${vault.maren.givenName} ${vault.maren.familyName},`);
    expect(letter.sections.find((s) => s.key === 'medications')?.text).toContain('- Sertraline 50 mg, oral, once daily');
    const listed = await vault.call('letters:list', { patientId });
    expect(listed.find((l) => l.id === letter.id)).toMatchObject({ kind: 'patient', status: 'draft', addendumCount: 0 });
  });

  it('is edited freely as a draft, signed, and then refused any change; an addendum corrects it', async () => {
    const letter = await draftToPatient();
    const saved = await vault.call('letters:saveDraft', {
      id: letter.id,
      version: letter.version,
      sections: [{ key: 'body', text: 'Thank you for coming in on Tuesday.' }],
      recipientContact: null,
    });
    expect(
      (await vault.refuse('letters:saveDraft', { id: letter.id, version: letter.version, sections: [], recipientContact: null })).code,
    ).toBe('CONFLICT');
    expect(
      (
        await vault.refuse('letters:saveDraft', {
          id: letter.id,
          version: saved.version,
          sections: [{ key: 'diagnoses', text: 'F33.1' }],
          recipientContact: null,
        })
      ).code,
    ).toBe('INVALID_INPUT');
    const signed = await vault.call('letters:sign', { id: letter.id, version: saved.version, signedBy: 'Ana Reyes, MD' });
    expect(signed).toMatchObject({ status: 'signed', signedBy: 'Ana Reyes, MD' });
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.sections.find((s) => s.key === 'body')?.text).toBe('Thank you for coming in on Tuesday.');

    const refused = await vault.refuse('letters:saveDraft', {
      id: letter.id,
      version: signed.version,
      sections: [],
      recipientContact: null,
    });
    expect(refused.code).toBe('NOTE_SIGNED');
    expect((await vault.refuse('letters:discardDraft', { id: letter.id, version: signed.version })).code).toBe('NOTE_SIGNED');

    const amended = await vault.call('letters:addAddendum', {
      letterId: letter.id,
      text: 'The next appointment moved to Friday.',
      signedBy: 'Ana Reyes, MD',
    });
    expect(amended.addenda.map((a) => a.text)).toEqual(['The next appointment moved to Friday.']);
    expect(amended.sections).toEqual(signed.sections);
    expect((await vault.call('letters:list', { patientId })).find((l) => l.id === letter.id)?.addendumCount).toBe(1);

    const audit = await vault.call('audit:forPatient', { patientId, limit: 200 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['letter.create', 'letter.sign', 'letter.addendum']));
  });

  it('takes no addendum and no signature while empty, and a draft is discarded', async () => {
    const letter = await draftToPatient();
    expect((await vault.refuse('letters:addAddendum', { letterId: letter.id, text: 'Early', signedBy: 'Ana Reyes, MD' })).code).toBe(
      'INVALID_INPUT',
    );
    const keys = letter.sections.map((s) => ({ key: s.key, text: '' }));
    const saved = await vault.call('letters:saveDraft', { id: letter.id, version: letter.version, sections: keys, recipientContact: null });
    expect((await vault.refuse('letters:sign', { id: letter.id, version: saved.version, signedBy: 'Ana Reyes, MD' })).code).toBe(
      'INVALID_INPUT',
    );
    await vault.call('letters:discardDraft', { id: letter.id, version: saved.version });
    expect((await vault.refuse('letters:get', { id: letter.id })).code).toBe('NOT_FOUND');
  });
});

describe('letter templates', () => {
  it('are saved as a new version; a letter begun before keeps its version, one begun after takes the new words', async () => {
    const before = await draftToPatient();
    const [template] = (await vault.call('letters:templates', {})).filter((t) => t.kind === 'patient');
    expect(template?.version).toBe(1);
    const sections = template!.sections.map((s) => (s.key === 'closing' ? { ...s, text: 'Warm regards, {psychiatrist}' } : s));
    const saved = await vault.call('letters:saveTemplate', { id: 'patient', baseVersion: 1, label: 'Letter to the patient', sections });
    expect(saved.version).toBe(2);
    expect((await vault.refuse('letters:saveTemplate', { id: 'patient', baseVersion: 1, label: 'x', sections })).code).toBe('CONFLICT');
    const after = await draftToPatient();
    expect(after.templateVersion).toBe(2);
    expect(after.sections.find((s) => s.key === 'closing')?.text).toMatch(/^Warm regards, /);
    expect((await vault.call('letters:get', { id: before.id })).templateVersion).toBe(1);
  });
});

describe('a letter to anyone but the patient', () => {
  it('is refused without a consent', async () => {
    expect((await vault.refuse('letters:create', { patientId, kind: 'pcp', consentId: null, locale: 'en-GB' })).code).toBe('INVALID_INPUT');
  });

  it('under a consent that excludes notes carries no note text, cannot gain it back, and the editor is told why', async () => {
    const note = await vault.call('notes:create', { patientId, template: 'free-text', session: null, serviceDate: '2026-03-03' });
    const saved = await vault.call('notes:saveDraft', {
      id: note.id,
      version: note.version,
      fields: { text: 'Disclosed a history of trauma in session.' },
      serviceDate: note.serviceDate,
    });
    await vault.call('notes:sign', { id: note.id, version: saved.version, signedBy: 'Ana Reyes, MD' });
    const consent = await vault.call('consents:record', {
      patientId,
      recipient: { name: 'Dr Haddad', role: 'Primary care physician', contact: 'Fax 555 0199' },
      parts: ['diagnoses', 'medications'],
      purpose: 'Shared care of the antidepressant',
      validFrom: '2026-03-03',
      validUntil: null,
      givenAs: 'signed-form',
    });
    const letter = await vault.call('letters:create', { patientId, kind: 'pcp', consentId: consent.id, locale: 'en-GB' });
    expect(letter.recipient).toEqual({ name: 'Dr Haddad', role: 'Primary care physician', contact: 'Fax 555 0199' });
    expect(JSON.stringify(letter.sections)).not.toContain('trauma');
    expect(letter.sections.map((s) => s.part).filter((p) => p !== null)).toEqual(['diagnoses', 'medications']);
    expect(letter.sections.find((s) => s.key === 'diagnoses')?.text).toContain('F33.1');
    expect(letter.omitted.find((o) => o.part === 'notes')?.reason).toBe(
      'Session notes are not included: \u2068Dr Haddad\u2069’s consent of 3 March 2026 covers diagnoses and medications.',
    );
    const refused = await vault.refuse('letters:saveDraft', {
      id: letter.id,
      version: letter.version,
      sections: [{ key: 'notes', text: 'Disclosed a history of trauma in session.' }],
      recipientContact: null,
    });
    expect(refused.code).toBe('INVALID_INPUT');
    expect((await vault.call('letters:get', { id: letter.id })).sections.some((s) => s.key === 'notes')).toBe(false);
    // Where it goes is edited with the draft; who it goes to stays the consent's recipient.
    await vault.call('letters:saveDraft', {
      id: letter.id,
      version: letter.version,
      sections: [],
      recipientContact: 'Elm Street Practice, fax 555 0100',
    });
    expect((await vault.call('letters:get', { id: letter.id })).recipient).toEqual({
      name: 'Dr Haddad',
      role: 'Primary care physician',
      contact: 'Elm Street Practice, fax 555 0100',
    });
  });

  it('is sent with its disclosure in the accounting; once the consent is revoked it is refused, and sent under an exception with its reason', async () => {
    const consent = await vault.call('consents:record', {
      patientId,
      recipient: { name: 'Dr Osei', role: 'Referrer', contact: '' },
      parts: ['diagnoses', 'medications', 'measures', 'plan', 'notes'],
      purpose: 'Reply to the referral',
      validFrom: '2026-03-01',
      validUntil: null,
      givenAs: 'verbal',
    });
    const draft = await vault.call('letters:create', { patientId, kind: 'referral-reply', consentId: consent.id, locale: 'en-GB' });
    const letter = await vault.call('letters:sign', { id: draft.id, version: draft.version, signedBy: 'Ana Reyes, MD' });
    // Sent under the consent it was written to.
    const sent = await vault.call('letters:send', { id: letter.id, exception: null });
    expect(sent.sendings).toHaveLength(1);
    const disclosures = await vault.call('disclosures:list', { patientId });
    const recorded = disclosures.find((d) => d.itemId === letter.id);
    expect(recorded).toMatchObject({ item: 'letter', basis: 'consent', consentId: consent.id, recipient: { name: 'Dr Osei' } });
    expect(sent.sendings[0]?.disclosureId).toBe(recorded?.id);

    await vault.call('consents:revoke', { consentId: consent.id, revokedOn: '2026-03-10', reason: 'Changed her mind' });
    const refused = await vault.refuse('letters:send', { id: letter.id, exception: null });
    expect(refused.message).toMatch(/not in force/);
    expect((await vault.call('letters:get', { id: letter.id })).sendings).toHaveLength(1);
    expect((await vault.call('disclosures:list', { patientId })).filter((d) => d.itemId === letter.id)).toHaveLength(1);

    const underException = await vault.call('letters:send', {
      id: letter.id,
      exception: { exception: 'emergency', reason: 'Admitted to the emergency department tonight' },
    });
    expect(underException.sendings).toHaveLength(2);
    const latest = (await vault.call('disclosures:list', { patientId })).find((d) => d.itemId === letter.id && d.basis === 'exception');
    expect(latest).toMatchObject({ exception: 'emergency', exceptionReason: 'Admitted to the emergency department tonight' });
  });

  it('to the patient is marked given without a disclosure', async () => {
    const draft = await draftToPatient();
    const saved = await vault.call('letters:saveDraft', {
      id: draft.id,
      version: draft.version,
      sections: [{ key: 'body', text: 'See you soon.' }],
      recipientContact: null,
    });
    const signed = await vault.call('letters:sign', { id: draft.id, version: saved.version, signedBy: 'Ana Reyes, MD' });
    const given = await vault.call('letters:send', { id: signed.id, exception: null });
    expect(given.sendings).toEqual([expect.objectContaining({ disclosureId: null })]);
    expect((await vault.call('disclosures:list', { patientId })).some((d) => d.itemId === signed.id)).toBe(false);
  });
});
