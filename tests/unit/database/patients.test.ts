import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPhoneNumber, PHONE_MESSAGE } from '../../../shared/phone';
import { openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

let vault: TempVault;
beforeEach(async () => {
  vault = await openTempVault();
  await setUp(vault);
});
afterEach(async () => {
  await vault.dispose();
});

describe('patients', () => {
  it('a new patient gets the next chart number, a uuid, version 1, and blank fields stored as empty (null)', async () => {
    const first = await vault.call('patients:create', { patient: patientInput({ preferredName: '  ', phone: '', email: '' }) });
    const second = await vault.call('patients:create', { patient: patientInput({ givenName: 'Tomas' }) });
    expect(first).toMatchObject({ chartNumber: 1, version: 1, preferredName: null, phone: null, email: null, archivedAt: null });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.chartNumber).toBe(2);
    expect(await vault.call('patients:get', { id: first.id })).toEqual(first);
  });

  it('the list is sorted by family then given name and leaves out archived patients unless asked', async () => {
    const names: [string, string][] = [
      ['Zoe', 'Abbott'],
      ['Anna', 'brook'],
      ['Carl', 'Abbott'],
      ['Bea', 'Cole'],
    ];
    const created = [];
    for (const [givenName, familyName] of names)
      created.push(await vault.call('patients:create', { patient: patientInput({ givenName, familyName }) }));
    const cole = created[3]!;
    await vault.call('patients:archive', { id: cole.id, version: cole.version });

    const list = await vault.call('patients:list', {});
    expect(list.map((p) => `${p.familyName}, ${p.givenName}`)).toEqual(['Abbott, Carl', 'Abbott, Zoe', 'brook, Anna']);
    const everyone = await vault.call('patients:list', { includeArchived: true });
    expect(everyone.map((p) => p.givenName)).toEqual(['Carl', 'Zoe', 'Anna', 'Bea']);
    expect(everyone[3]!.archivedAt).not.toBeNull();
  });

  it('an edit bumps the version and emits data:changed; an edit from a stale version is a conflict', async () => {
    const patient = await vault.call('patients:create', { patient: patientInput() });
    vault.events.length = 0;
    const edited = await vault.call('patients:update', {
      id: patient.id,
      version: 1,
      patient: patientInput({ phone: '+44 20 7946 0000' }),
    });
    expect(edited).toMatchObject({ version: 2, phone: '+44 20 7946 0000', chartNumber: patient.chartNumber });
    expect(vault.events).toEqual([{ type: 'data:changed', scopes: ['patients', 'chart', 'search', 'audit', 'calendar', 'appointments'] }]);

    const stale = await vault.refuse('patients:update', { id: patient.id, version: 1, patient: patientInput({ phone: '' }) });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/Someone changed this record since you opened it/);
    expect((await vault.call('patients:get', { id: patient.id })).phone).toBe('+44 20 7946 0000');
  });

  it('keeps sex at birth, gender identity, the pharmacy, the physician’s contacts and insurance, and clears them to null', async () => {
    const demographics = {
      sexAssignedAtBirth: 'female',
      genderIdentity: 'Non-binary',
      pharmacyName: 'Elm Street Pharmacy',
      pharmacyPhone: '(020) 7946-0018',
      pharmacyAddress: '4 Elm Street\nLeeds',
      primaryCarePhysician: 'Dr Kofi Osei',
      primaryCarePractice: 'Elm Street Surgery',
      primaryCarePhone: '+44 20 7946 0000 ext. 12',
      primaryCareFax: '+44 20 7946 0001',
      primaryCareEmail: 'osei@example.org',
      primaryCareAddress: '2 Elm Street\nLeeds',
      insurancePayer: 'Aetna',
      insuranceMemberId: 'W123456789',
      insuranceGroupNumber: 'G-0042',
      insurancePolicyHolder: 'Sam Holloway',
    } as const;
    const created = await vault.call('patients:create', { patient: patientInput(demographics) });
    expect(created).toMatchObject(demographics);
    expect(await vault.call('patients:get', { id: created.id })).toEqual(created);
    const cleared = await vault.call('patients:update', {
      id: created.id,
      version: created.version,
      patient: patientInput({ sexAssignedAtBirth: '', genderIdentity: ' ', pharmacyName: '', insuranceMemberId: '' }),
    });
    expect(cleared).toMatchObject({ sexAssignedAtBirth: null, genderIdentity: null, pharmacyName: null, insuranceMemberId: null });
  });

  it('every phone field refuses letters with the one message, and takes an extension', async () => {
    for (const field of ['phone', 'emergencyContactPhone', 'primaryCarePhone', 'primaryCareFax', 'pharmacyPhone'] as const) {
      const refused = await vault.refuse('patients:create', { patient: patientInput({ [field]: 'abc' }) });
      expect(refused.issues).toEqual([{ path: `patient.${field}`, message: PHONE_MESSAGE }]);
    }
    expect(isPhoneNumber('+1 (555) 010-2030 x204')).toBe(true);
    expect(isPhoneNumber('020.7946.0018')).toBe(true);
    expect(isPhoneNumber('555 12')).toBe(false);
    expect(isPhoneNumber('call 555 010 2030')).toBe(false);
    const refused = await vault.refuse('patients:create', { patient: patientInput({ sexAssignedAtBirth: 'F' as 'female' }) });
    expect(refused.issues?.[0]?.path).toBe('patient.sexAssignedAtBirth');
    expect(await vault.call('patients:list', {})).toEqual([]);
  });

  it('the practice phone in Settings refuses “abc” with the same message', async () => {
    const refused = await vault.refuse('preferences:update', { practicePhone: 'abc' });
    expect(refused.issues).toEqual([{ path: 'practicePhone', message: PHONE_MESSAGE }]);
    expect((await vault.call('preferences:update', { practicePhone: '+1 555 010 2030' })).practicePhone).toBe('+1 555 010 2030');
  });

  it('archiving and restoring keep the patient; nothing is ever deleted', async () => {
    const patient = await vault.call('patients:create', { patient: patientInput() });
    const archived = await vault.call('patients:archive', { id: patient.id, version: 1 });
    expect(archived.archivedAt).not.toBeNull();
    expect(await vault.call('patients:list', {})).toEqual([]);
    const restored = await vault.call('patients:restore', { id: patient.id, version: archived.version });
    expect(restored).toMatchObject({ archivedAt: null, version: 3 });
    expect(await vault.call('patients:list', {})).toHaveLength(1);
  });

  it('an unknown patient id is NOT_FOUND', async () => {
    const id = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
    expect((await vault.refuse('patients:get', { id })).code).toBe('NOT_FOUND');
    expect((await vault.refuse('patients:archive', { id, version: 1 })).code).toBe('NOT_FOUND');
  });
});
