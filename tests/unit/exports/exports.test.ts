import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {
  Bundle,
  Consent,
  ChargeItem,
  DocumentReference,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Provenance,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { OccurrenceRef } from '../../../shared/appointment';
import type { ChannelInput } from '../../../shared/contract';
import { PRACTICE_CSV_TABLES, PRACTICE_RESOURCE_TYPES } from '../../../shared/export';
import type { PlanContent } from '../../../shared/plan';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE, patientInput } from '../support/temp-vault';
import { validateAll } from './fhir-validation';

let vault: CalendarVault;
const folders: string[] = [];
afterEach(async () => {
  await vault?.dispose();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const SIGNER = 'Dr Ana Reyes, MD';
/** A name with accents and a comma, so the CSV must quote it and keep its UTF-8. */
const ACCENTED = { givenName: 'Zoë', familyName: 'Saint-Éloi, Jr' };

/** A chart with something in every part a copy of the record holds, seeded through the channels. */
async function seedChart(v: CalendarVault) {
  const patientId = v.maren.id;
  await v.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '2025-11-01', note: 'Since the autumn' },
  });
  const wrong = await v.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F41.1', status: 'active', isPrimary: false, onsetDate: '', note: '' },
  });
  await v.call('diagnoses:markEnteredInError', { id: wrong.id, version: wrong.version, reason: 'Wrong chart' });
  const started = await v.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '50 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-01-05',
      reason: 'Depression',
    },
  });
  await v.call('medications:record', {
    patientId,
    entry: {
      kind: 'change',
      medicationId: started.medicationId,
      dose: '100 mg',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Partial response',
    },
  });
  // A taper planned, replaced by another, whose first step is confirmed into the medication history.
  const taperStep = { doseUnit: 'mg', frequency: 'once daily', durationDays: 14, tabletStrength: 25 } as const;
  const taper: ChannelInput<'titrations:create'> = {
    patientId,
    medicationId: started.medicationId,
    direction: 'taper',
    missedDoseAdvice: 'Take it when you remember the same day.',
    whoToCall: 'The practice, 555 0100',
    steps: [
      { ...taperStep, doseAmount: 75, startDate: '2026-03-03' },
      { ...taperStep, doseAmount: 50, startDate: '2026-03-17' },
      { ...taperStep, doseAmount: 0, startDate: '2026-03-31', durationDays: 1 },
    ],
  };
  const firstTaper = await v.call('titrations:create', taper);
  const secondTaper = await v.call('titrations:create', { ...taper, replacesId: firstTaper.id });
  await v.call('titrations:confirm', { stepId: secondTaper.steps[0]!.id });
  await v.call('allergies:add', {
    patientId,
    allergy: { substance: 'Penicillin', kind: 'allergy', reaction: 'Hives', severity: 'moderate', notedOn: '' },
  });

  const session = await v.book({ start: '2026-03-03T09:00:00.000Z' });
  await v.call('appointments:setAttendance', { ref: session.ref, attendance: 'attended', lateMinutes: null });
  // The session coded by video at the practice's fee, recoded once (the first charge kept, in error), and paid for.
  await v.call('billing:setFees', { fees: [{ code: '90834', amount: 15050 }] });
  if (session.ref.type !== 'single') throw new Error('a one-off session was expected');
  const coding: ChannelInput<'billing:code'> = {
    appointmentId: session.ref.id,
    lines: [{ code: '90834', modifier: '95', units: 1 }],
    diagnoses: ['F33.1'],
  };
  await v.call('billing:code', { ...coding, lines: [{ code: '90832', modifier: null, units: 1 }] });
  await v.call('billing:code', { ...coding, replaceReason: 'Held by video, 50 minutes' });
  await v.call('billing:recordPayment', {
    patientId,
    kind: 'payment',
    date: '2026-03-03',
    amount: 15050,
    method: 'check',
    note: 'Cheque 1042',
  });
  await v.call('feedback:record', {
    ref: session.ref,
    answers: { heard: 9, focus: 8, approach: 9, overall: 8, helpful: 'The sleep diary, "finally"', notHelpful: '', unproductiveTopic: '' },
  });
  const note = await v.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: session.ref, serviceDate: null });
  const saved = await v.call('notes:saveDraft', {
    id: note.id,
    version: note.version,
    fields: { intervalHistory: 'Sleeping better since the dose change.', plan: 'Continue sertraline 100 mg.' },
    serviceDate: note.serviceDate,
  });
  await v.call('notes:sign', { id: note.id, version: saved.version, signedBy: SIGNER });
  await v.call('notes:addAddendum', { noteId: note.id, text: 'Lithium level came back at 0.7 mmol/L.', signedBy: SIGNER });
  const draft = await v.call('notes:create', { patientId, template: 'free-text', session: null, serviceDate: null });
  await v.call('notes:saveDraft', {
    id: draft.id,
    version: draft.version,
    fields: { text: 'Unsigned thoughts' },
    serviceDate: draft.serviceDate,
  });

  const plan = await v.call('plans:create', { patientId });
  const content: PlanContent = {
    ...plan.current.content,
    presentingProblems: 'Low mood, poor sleep',
    goals: [
      {
        id: randomUUID(),
        patientWords: 'I want to sleep through the night',
        formulation: 'Insomnia with early waking',
        objectives: [
          {
            id: randomUUID(),
            description: 'Sleeps 7 hours on 5 nights a week',
            measure: 'Sleep diary',
            targetDate: '2026-06-01',
            status: 'not-started',
          },
        ],
      },
    ],
  };
  const planDraft = await v.call('plans:saveDraft', { versionId: plan.current.id, version: plan.current.version, content });
  const agreed = await v.call('plans:agree', {
    versionId: planDraft.id,
    version: planDraft.version,
    agreement: { date: '2026-03-10', method: 'signed', declineReason: '', recordedBy: SIGNER },
  });
  // The patient rates the goal of the agreed version at the session; the revision after it is a new draft.
  await v.call('plans:rateGoals', { patientId, ref: session.ref, date: null, ratings: [{ goalId: content.goals[0]!.id, rating: 6 }] });
  await v.call('plans:revise', { planId: agreed.planId, reason: 'Sleep goal met' });

  await v.call('measures:record', {
    patientId,
    ref: null,
    measure: { instrument: 'phq9', answers: [1, 1, 2, 1, 0, 1, 1, 0, 0], difficulty: 1 },
  });
  await v.call('measures:record', {
    patientId,
    ref: null,
    measure: { instrument: 'gad7', answers: [1, 2, 1, 1, 0, 1, 0], difficulty: null },
  });
  // A letter to the patient, signed and amended; a draft letter is not part of the record.
  const letter = await v.call('letters:create', { patientId, kind: 'patient', consentId: null, locale: 'en-GB' });
  const letterSaved = await v.call('letters:saveDraft', {
    id: letter.id,
    version: letter.version,
    sections: [{ key: 'body', text: 'A summary of what we agreed today.' }],
    recipientContact: null,
  });
  await v.call('letters:sign', { id: letter.id, version: letterSaved.version, signedBy: SIGNER });
  await v.call('letters:addAddendum', { letterId: letter.id, text: 'Corrected the date of the next session.', signedBy: SIGNER });
  await v.call('letters:create', { patientId, kind: 'patient', consentId: null, locale: 'en-GB' });
  // A consent in force, one revoked, and a disclosure made under the first.
  const consent = await v.call('consents:record', {
    patientId,
    recipient: { name: 'Dr Amira Haddad', role: 'Primary care physician', contact: 'Fax 555 0199' },
    parts: ['diagnoses', 'medications'],
    purpose: 'Shared care of the antidepressant',
    validFrom: '2026-03-01',
    validUntil: '2026-12-31',
    givenAs: 'signed-form',
  });
  const revoked = await v.call('consents:record', {
    patientId,
    recipient: { name: 'Elm Street Pharmacy', role: '', contact: '' },
    parts: ['medications'],
    purpose: 'Repeat prescriptions',
    validFrom: '2026-03-01',
    validUntil: null,
    givenAs: 'verbal',
  });
  await v.call('consents:revoke', { consentId: revoked.id, revokedOn: '2026-03-05', reason: 'Changed pharmacy' });
  await v.call('disclosures:record', {
    patientId,
    item: 'record-pdf',
    itemId: null,
    parts: ['diagnoses', 'medications'],
    basis: { kind: 'consent', consentId: consent.id },
  });
  return {
    noteId: note.id,
    letterId: letter.id,
    firstTaperId: firstTaper.id,
    taperId: secondTaper.id,
    consentId: consent.id,
    revokedConsentId: revoked.id,
  };
}

function resourcesOf(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((entry) => {
    if (!entry.resource) throw new Error('A Bundle entry without its resource');
    return entry.resource;
  });
}

/** Each page's words, as pdftotext reads them in their layout. */
function pdfPages(pdf: Buffer): string[] {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout.split('\f').filter((page, index, all) => index < all.length - 1 || page.trim() !== '');
}

async function exportFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-export-'));
  folders.push(folder);
  return folder;
}

describe('a patient’s copy of their record', () => {
  it('is a FHIR R4 Bundle whose every resource validates, with ICD-10-CM and LOINC codes and the notes’ addenda', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const { noteId, letterId, firstTaperId, taperId, consentId, revokedConsentId } = await seedChart(vault);
    const { json } = await vault.call('exports:patientBundle', { patientId: vault.maren.id });
    const bundle = JSON.parse(json) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-03-10T12:00:00.000Z' });
    const resources = resourcesOf(bundle);
    await validateAll([bundle, ...resources]);

    const types = new Set(resources.map((resource) => resource.resourceType));
    for (const type of [
      'Patient',
      'Practitioner',
      'Condition',
      'MedicationStatement',
      'MedicationRequest',
      'AllergyIntolerance',
      'Appointment',
      'Encounter',
      'DocumentReference',
      'Provenance',
      'CarePlan',
      'Goal',
      'QuestionnaireResponse',
      'Observation',
      'Consent',
      'ChargeItem',
    ])
      expect(types, type).toContain(type);

    // Each consent to share is a privacy Consent: the recipient, the period, the parts by resource type and by Alliance's own codes.
    const consents = resources.filter((resource): resource is Consent => resource.resourceType === 'Consent');
    expect(consents.map((consent) => [consent.id, consent.status])).toEqual(
      expect.arrayContaining([
        [consentId, 'active'],
        [revokedConsentId, 'inactive'],
      ]),
    );
    const inForce = consents.find((consent) => consent.id === consentId);
    expect(inForce).toMatchObject({
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${vault.maren.id}` },
      sourceAttachment: { title: 'Signed consent form' },
      provision: {
        type: 'permit',
        period: { start: '2026-03-01', end: '2026-12-31' },
        actor: [{ role: { coding: [{ code: 'IRCP' }] }, reference: { display: 'Dr Amira Haddad, Primary care physician (Fax 555 0199)' } }],
        purpose: [{ display: 'Shared care of the antidepressant' }],
      },
    });
    expect(inForce?.provision?.class?.map((c) => c.code)).toEqual(['Condition', 'MedicationStatement', 'MedicationRequest']);
    expect(inForce?.provision?.code?.map((c) => c.coding?.[0]?.code)).toEqual(['diagnoses', 'medications']);
    expect(consents.find((consent) => consent.id === revokedConsentId)?.provision?.provision).toEqual([
      { type: 'deny', period: { start: '2026-03-05' } },
    ]);

    // Each charge with its CPT code alone, its diagnosis and fee; the recoded one entered in error.
    const charges = resources.filter((resource): resource is ChargeItem => resource.resourceType === 'ChargeItem');
    expect(
      charges.map((charge) => [
        charge.status,
        charge.code.coding?.[0],
        charge.reason?.[0]?.coding?.[0]?.code,
        charge.priceOverride,
        charge.note?.[0]?.text,
      ]),
    ).toEqual([
      [
        'entered-in-error',
        { system: 'http://www.ama-assn.org/go/cpt', code: '90832' },
        'F33.1',
        { value: 0, currency: 'USD' },
        'Entered in error: Held by video, 50 minutes',
      ],
      ['billable', { system: 'http://www.ama-assn.org/go/cpt', code: '90834' }, 'F33.1', { value: 150.5, currency: 'USD' }, 'Modifier 95'],
    ]);
    expect(charges[1]?.context?.reference).toMatch(/^Encounter\//);

    // Each taper schedule is a MedicationRequest planned in steps: one Dosage a step, with its days and its dose.
    const requests = resources.filter((resource): resource is MedicationRequest => resource.resourceType === 'MedicationRequest');
    expect(requests.map((request) => [request.id, request.status, request.intent])).toEqual([
      [taperId, 'active', 'plan'],
      [firstTaperId, 'stopped', 'plan'],
    ]);
    const [taper, replaced] = requests;
    expect(replaced?.statusReason).toEqual({ text: 'Replaced by a new schedule' });
    expect(taper?.priorPrescription).toEqual({ reference: `MedicationRequest/${firstTaperId}` });
    expect(
      taper?.dosageInstruction?.map((dosage) => [
        dosage.sequence,
        dosage.timing?.repeat?.boundsPeriod,
        dosage.timing?.repeat?.frequency,
        dosage.doseAndRate?.[0]?.doseQuantity,
      ]),
    ).toEqual([
      [1, { start: '2026-03-03', end: '2026-03-16' }, 1, { value: 75, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }],
      [2, { start: '2026-03-17', end: '2026-03-30' }, 1, { value: 50, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }],
      [3, { start: '2026-03-31', end: '2026-03-31' }, 1, { value: 0, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }],
    ]);
    expect(taper?.dosageInstruction?.[0]?.text).toBe('Step 1 of 3: 75 mg once daily, 2026-03-03 to 2026-03-16 (3 tablets of 25 mg a dose)');
    // Linked to the statement it starts from (100 mg); the confirmed step's change is based on it.
    const statements = resources.filter((resource): resource is MedicationStatement => resource.resourceType === 'MedicationStatement');
    const plannedFrom = statements.find(
      (statement) => `MedicationStatement/${statement.id}` === taper?.supportingInformation?.[0]?.reference,
    );
    expect(plannedFrom?.dosage?.[0]?.text).toBe('100 mg, once daily');
    expect(
      statements.filter((statement) => statement.basedOn).map((statement) => [statement.dosage?.[0]?.text, statement.basedOn]),
    ).toEqual([['75 mg, once daily', [{ reference: `MedicationRequest/${taperId}` }]]]);

    const conditions = resources.filter((resource) => resource.resourceType === 'Condition');
    expect(conditions.map((condition) => condition.code?.coding?.[0])).toEqual(
      expect.arrayContaining([expect.objectContaining({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F33.1' })]),
    );
    const inError = conditions.find((condition) => condition.code?.coding?.[0]?.code === 'F41.1');
    expect(inError?.verificationStatus?.coding?.[0]?.code).toBe('entered-in-error');

    const observations = resources.filter((resource): resource is Observation => resource.resourceType === 'Observation');
    // The patient's own rating of their goal: focused on the Goal as the agreed version states it, based on that CarePlan.
    const goalRatings = observations.filter((observation) => observation.code.text === 'Goal attainment self-rating');
    const agreedPlan = resources.find((resource) => resource.resourceType === 'CarePlan' && resource.status === 'active');
    expect(goalRatings).toMatchObject([
      {
        valueInteger: 6,
        effectiveDateTime: '2026-03-03',
        basedOn: [{ reference: `CarePlan/${agreedPlan?.id}` }],
        performer: [{ reference: expect.stringMatching(/^Practitioner\//) }],
        encounter: { reference: expect.stringMatching(/^Encounter\//) },
      },
    ]);
    const ratedGoal = resources.find((resource) => `Goal/${resource.id}` === goalRatings[0]?.focus?.[0]?.reference);
    expect(ratedGoal).toMatchObject({
      resourceType: 'Goal',
      lifecycleStatus: 'active',
      description: { text: 'I want to sleep through the night' },
    });
    expect(
      observations
        .filter((observation) => observation.code.text !== 'Goal attainment self-rating')
        .map((observation) => [observation.code.coding?.[0]?.system, observation.code.coding?.[0]?.code, observation.valueInteger])
        .sort(),
    ).toEqual([
      ['http://loinc.org', '44261-6', 7],
      ['http://loinc.org', '70274-6', 6],
    ]);

    // The patient's rating of the session, in their own words too.
    const responses = resources.filter((resource): resource is QuestionnaireResponse => resource.resourceType === 'QuestionnaireResponse');
    expect(responses.map((response) => response.questionnaire).sort()).toEqual([
      'http://loinc.org/q/44249-1',
      'http://loinc.org/q/69737-5',
      'urn:alliance:questionnaire:session-feedback',
    ]);
    const rated = responses.find((response) => response.questionnaire === 'urn:alliance:questionnaire:session-feedback');
    expect(rated?.item?.find((item) => item.linkId === 'helpful')?.answer).toEqual([{ valueString: 'The sleep diary, "finally"' }]);

    // The signed note, its addendum appended to it, and a Provenance for each signature; the draft is not part of the record.
    const documents = resources.filter((resource): resource is DocumentReference => resource.resourceType === 'DocumentReference');
    expect(documents).toHaveLength(4);
    const note = documents.find((document) => document.id === noteId);
    const noteText = Buffer.from(note?.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
    expect(noteText).toContain('Sleeping better since the dose change.');
    expect(noteText).not.toContain('Unsigned thoughts');
    const addendum = documents.find((document) => document.relatesTo?.[0]?.target.reference === `DocumentReference/${noteId}`);
    expect(addendum?.relatesTo).toEqual([{ code: 'appends', target: { reference: `DocumentReference/${noteId}` } }]);
    expect(Buffer.from(addendum?.content[0]?.attachment.data ?? '', 'base64').toString('utf8')).toBe(
      'Lithium level came back at 0.7 mmol/L.',
    );
    const provenance = resources.filter((resource): resource is Provenance => resource.resourceType === 'Provenance');
    expect(provenance.map((p) => p.target[0]?.reference).sort()).toEqual(documents.map((d) => `DocumentReference/${d.id}`).sort());
    // The signed letter, its text as signed in the attachment, current, by the practice's clinician, about the patient.
    const letter = documents.find((document) => document.id === letterId);
    expect(letter).toMatchObject({ status: 'current', docStatus: 'final', subject: { reference: `Patient/${vault.maren.id}` } });
    expect(letter?.author).toHaveLength(1);
    expect(Buffer.from(letter?.content[0]?.attachment.data ?? '', 'base64').toString('utf8')).toContain(
      'A summary of what we agreed today.',
    );
    expect(documents.find((document) => document.relatesTo?.[0]?.target.reference === `DocumentReference/${letterId}`)).toBeDefined();
    expect(provenance.every((p) => p.agent[0]?.who?.display === SIGNER)).toBe(true);

    // Both plan versions, the first revoked by the revision; and the encounter the note was written in.
    const plans = resources.filter((resource) => resource.resourceType === 'CarePlan');
    expect(plans.map((plan) => [plan.title, plan.status])).toEqual([
      ['Treatment plan, version 1', 'active'],
      ['Treatment plan, version 2', 'draft'],
    ]);
    expect(note?.context?.encounter?.[0]?.reference).toMatch(/^Encounter\//);
  });

  it('refers only to resources it holds: a note and a measure of a weekly series’ session point at that session’s Encounter', async () => {
    vault = await openCalendarVault('2026-03-20T12:00:00.000Z');
    const patientId = vault.maren.id;
    const series = await vault.book({ start: '2026-03-03T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 4 }) });
    const second: OccurrenceRef = { type: 'occurrence', seriesId: series.seriesId ?? '', originalStart: '2026-03-10T09:00:00' };
    await vault.call('appointments:setAttendance', { ref: second, attendance: 'attended', lateMinutes: null });
    const note = await vault.call('notes:create', { patientId, template: 'free-text', session: second, serviceDate: null });
    const saved = await vault.call('notes:saveDraft', {
      id: note.id,
      version: note.version,
      fields: { text: 'Weekly session.' },
      serviceDate: note.serviceDate,
    });
    await vault.call('notes:sign', { id: note.id, version: saved.version, signedBy: SIGNER });
    // A session never marked attended, with a measure taken in it.
    const third: OccurrenceRef = { type: 'occurrence', seriesId: series.seriesId ?? '', originalStart: '2026-03-17T09:00:00' };
    await vault.call('measures:record', {
      patientId,
      ref: third,
      measure: { instrument: 'gad7', answers: [0, 1, 0, 1, 0, 1, 0], difficulty: null },
    });

    const resources = resourcesOf(JSON.parse((await vault.call('exports:patientBundle', { patientId })).json) as Bundle);
    await validateAll(resources);
    const held = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id}`));
    const references: string[] = [];
    JSON.stringify(resources, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string') references.push(value);
      return value;
    });
    expect(references.length).toBeGreaterThan(10);
    expect(references.filter((reference) => !held.has(reference))).toEqual([]);
    const document = resources.find((resource): resource is DocumentReference => resource.resourceType === 'DocumentReference');
    const encounter = resources.find(
      (resource) => resource.resourceType === 'Encounter' && `Encounter/${resource.id}` === document?.context?.encounter?.[0]?.reference,
    );
    expect(encounter).toMatchObject({ resourceType: 'Encounter', status: 'finished', period: { start: '2026-03-10T09:00:00.000Z' } });
    expect(resources.filter((resource) => resource.resourceType === 'Appointment')).toHaveLength(4);
  });

  it('writes the PDF copy with every part of the record, each page naming the patient, and a typed override kept to its own words', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const { noteId } = await seedChart(vault);
    const patientId = vault.maren.id;
    await vault.call('notes:addAddendum', {
      noteId,
      text: `Patient wrote: \u202Ehello\u202C and then, Dr Reyes called back.`,
      signedBy: SIGNER,
    });
    await vault.call('results:record', {
      patientId,
      result: {
        analyte: 'lithium',
        value: 1.4,
        unit: 'mmol/L',
        takenOn: '2026-03-02',
        rangeLow: null,
        rangeHigh: null,
        note: '12 h after the evening dose',
      },
    });
    await vault.call('results:record', {
      patientId,
      result: { analyte: 'tsh', value: 2.1, unit: 'mIU/L', takenOn: '2026-03-02', rangeLow: 0.4, rangeHigh: 4, note: '' },
    });
    await vault.call('aims:record', {
      patientId,
      examination: {
        examinedOn: '2026-03-03',
        movements: [2, 2, 0, 0, 0, 0, 0],
        severity: 2,
        incapacitation: 1,
        awareness: 1,
        dentalProblems: false,
        wearsDentures: false,
        note: 'Lip smacking at rest\nTongue thrust on protrusion',
        examinedBy: SIGNER,
      },
    });
    const { pdf, pages } = await vault.call('exports:patientPdf', { patientId, locale: 'en-GB' });
    const bytes = Buffer.from(pdf, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const printed = pdfPages(bytes);
    expect(printed).toHaveLength(pages);
    const text = printed.join('\n').replace(/\s+/g, ' ');
    for (const words of [
      'Copy of the health record',
      'F33.1',
      'Major depressive disorder', // the ICD-10-CM description beside its code
      'Sertraline',
      '100 mg, once daily',
      'Penicillin',
      'Patient Health Questionnaire (PHQ-9)',
      'PHQ-9 total (0 to 27) by date',
      'Lithium',
      '1.4 mmol/L ↑ Above 0.4–1 mmol/L',
      '0.4–4 mIU/L (lab)',
      'Lip smacking at rest',
      'Tongue thrust on protrusion',
      'Possible TD — reassess',
      'Version 2',
      'I want to sleep through the night',
      'Session feedback',
      'The sleep diary, "finally"',
      'Sleeping better since the dose change.',
      `Signed by ${SIGNER}`,
      'Lithium level came back at 0.7 mmol/L.',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('Unsigned thoughts');
    expect(text).not.toContain('F41.1');
    // The override typed in the addendum reverses nothing: its words and the app's after it read in order.
    expect(text).toContain('Patient wrote: hello and then, Dr Reyes called back.');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    const maren = vault.maren;
    printed.forEach((words, index) => {
      const line = words.replace(/\s+/g, ' ');
      expect(line, `page ${index + 1}`).toContain(`${maren.familyName}, ${maren.givenName}`);
      expect(line, `page ${index + 1}`).toContain(`Chart no. ${maren.chartNumber}`);
      expect(line, `page ${index + 1}`).toContain('CONFIDENTIAL');
      expect(line, `page ${index + 1}`).toContain(`Page ${index + 1} of ${pages}`);
    });
    // Reading the record to write it is opening the chart; the copy is recorded when saved (below).
    const audit = await vault.call('audit:forPatient', { patientId, limit: 5 });
    expect(audit.some((entry) => entry.action.startsWith('record.'))).toBe(false);
  });

  it('is written on a thread of its own: the worker answers the window meanwhile, and a lock ends it', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    await seedChart(vault);
    const patientId = vault.maren.id;
    // Asked after the PDF, answered before it: the worker is not held while the pages are set (the first
    // export also starts the writer's thread and loads PDFKit there, far longer than a chart's summary).
    const order: string[] = [];
    const writing = vault.call('exports:patientPdf', { patientId, locale: 'en-GB' }).then((written) => {
      order.push('pdf');
      return written;
    });
    await vault.call('chart:summary', { patientId }).then(() => order.push('chart'));
    const { pdf } = await writing;
    expect(order).toEqual(['chart', 'pdf']);
    expect(Buffer.from(pdf, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Locked while it is written: the export fails as locked, nothing of it arrives; unlocked, the next one is written.
    const locked = vault.core.handle('exports:patientPdf', { patientId, locale: 'en-GB' }, vault.context);
    await vault.call('vault:lock', {});
    const result = await locked;
    expect(result.ok ? 'written' : result.error.code).toBe('VAULT_LOCKED');
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await vault.call('exports:patientPdf', { patientId, locale: 'en-GB' })).pages).toBeGreaterThan(1);
  });

  it('is in the audit log when saved or printed, and not before', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    await seedChart(vault);
    const patientId = vault.maren.id;
    await vault.call('exports:patientBundle', { patientId });
    const before = await vault.call('audit:forPatient', { patientId, limit: 500 });
    expect(before.some((entry) => entry.action.startsWith('record.'))).toBe(false);
    await vault.call('exports:patientExported', { patientId, format: 'fhir' });
    await vault.call('exports:patientExported', { patientId, format: 'pdf' });
    const after = await vault.call('audit:forPatient', { patientId, limit: 2 });
    expect(after.map((entry) => [entry.action, entry.recordType, entry.recordId])).toEqual([
      ['record.export-pdf', 'patient', patientId],
      ['record.export-fhir', 'patient', patientId],
    ]);
    expect((await vault.call('audit:verify', {})).firstBroken).toBeNull();
  });
});

describe('the whole practice', () => {
  it('writes every NDJSON file with valid resources, CSV tables that parse back, and a README, into a new dated folder only', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    await vault.call('patients:update', { id: vault.tomas.id, version: vault.tomas.version, patient: patientInput(ACCENTED) });
    const { taperId } = await seedChart(vault);
    const patientId = vault.maren.id;
    const lab = { rangeLow: null, rangeHigh: null, note: '' };
    await vault.call('results:record', {
      patientId,
      result: { ...lab, analyte: 'hba1c', value: 48, unit: 'mmol/mol', takenOn: '2026-03-01' },
    });
    const lithium = await vault.call('results:record', {
      patientId,
      result: {
        ...lab,
        analyte: 'lithium',
        value: 0.8,
        unit: 'mEq/L',
        takenOn: '2026-03-02',
        rangeLow: 0.5,
        rangeHigh: 1.2,
        note: 'Trough',
      },
    });
    await vault.call('results:markEnteredInError', {
      id: lithium.results.find((r) => r.analyte === 'lithium')!.id,
      reason: 'Other patient',
    });
    await vault.call('aims:record', {
      patientId,
      examination: {
        examinedOn: '2026-03-09',
        movements: [0, 2, 1, 2, 0, 0, 0],
        severity: 2,
        incapacitation: 1,
        awareness: 2,
        dentalProblems: true,
        wearsDentures: false,
        note: 'Lip smacking, "worse" on tapping',
        examinedBy: SIGNER,
      },
    });
    // Tomas's PHQ-9 from 3 to 9: a reliable deterioration, an open flag written as a DetectedIssue.
    const phq9 = (total: number) => ({
      instrument: 'phq9' as const,
      answers: Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.max(0, Math.min(3, total - i * 3)) : 0)),
      difficulty: null,
    });
    await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: phq9(3) });
    await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: phq9(9) });
    const chosen = await exportFolder();
    vault.chooseFolders(chosen);
    const result = await vault.call('exports:practice', {});
    if (result.outcome !== 'exported') throw new Error('The export was cancelled');
    expect(result.folderName).toBe('Alliance export 2026-03-10 1200');
    expect(result.patients).toBe(2);

    // Nothing beside the new folder; in it, the files the README names, owner-only.
    expect(await readdir(chosen)).toEqual([result.folderName]);
    const folder = path.join(chosen, result.folderName);
    const names = (await readdir(folder)).sort();
    expect(names).toEqual(
      [
        ...PRACTICE_RESOURCE_TYPES.map((type) => `${type}.ndjson`),
        ...PRACTICE_CSV_TABLES.map((table) => `${table}.csv`),
        'README.txt',
      ].sort(),
    );
    for (const name of names) expect((await stat(path.join(folder, name))).mode & 0o777, name).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);

    const counts = new Map(result.files.map((file) => [file.name, file.rows]));
    const everything: Resource[] = [];
    for (const type of PRACTICE_RESOURCE_TYPES) {
      const lines = (await readFile(path.join(folder, `${type}.ndjson`), 'utf8')).split('\n').filter((line) => line !== '');
      expect(lines.length, type).toBeGreaterThan(0);
      expect(lines.length, type).toBe(counts.get(`${type}.ndjson`));
      const resources = lines.map((line) => JSON.parse(line) as Resource);
      expect(resources.every((resource) => resource.resourceType === type)).toBe(true);
      await validateAll(resources);
      everything.push(...resources);
    }
    // Every reference between the files finds its resource.
    const held = new Set(everything.map((resource) => `${resource.resourceType}/${resource.id}`));
    const dangling: string[] = [];
    JSON.stringify(everything, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string' && !held.has(value)) dangling.push(value);
      return value;
    });
    expect(dangling).toEqual([]);
    // The patient's goal rating is an Observation of the practice's file too, pointing at its Goal and CarePlan.
    const goalRating = everything.find(
      (resource): resource is Observation =>
        resource.resourceType === 'Observation' && resource.code.text === 'Goal attainment self-rating',
    );
    expect(goalRating).toMatchObject({ valueInteger: 6, focus: [{ reference: expect.stringMatching(/^Goal\//) }] });
    expect(goalRating?.basedOn?.[0]?.reference).toMatch(/^CarePlan\//);
    const conditions = (await readFile(path.join(folder, 'Condition.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Resource);
    expect(
      conditions.some((c) => c.resourceType === 'Condition' && c.code?.coding?.[0]?.system === 'http://hl7.org/fhir/sid/icd-10-cm'),
    ).toBe(true);

    const patientsCsv = await readFile(path.join(folder, 'patients.csv'), 'utf8');
    expect(patientsCsv.startsWith('\uFEFF')).toBe(true);
    const patients = Papa.parse<Record<string, string>>(patientsCsv.slice(1), { header: true, skipEmptyLines: true });
    expect(patients.errors).toEqual([]);
    expect(patients.data.map((row) => [row.chart_number, row.given_name, row.family_name])).toEqual([
      [String(vault.maren.chartNumber), vault.maren.givenName, vault.maren.familyName],
      [String(vault.tomas.chartNumber), 'Zoë', 'Saint-Éloi, Jr'],
    ]);
    const notes = Papa.parse<Record<string, string>>((await readFile(path.join(folder, 'notes.csv'), 'utf8')).slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(
      notes.data.map((row) => [row.entry, (row.text ?? '').includes('Sleeping better') || (row.text ?? '').includes('Lithium')]),
    ).toEqual([
      ['note', true],
      ['addendum', true],
    ]);
    const letters = Papa.parse<Record<string, string>>((await readFile(path.join(folder, 'letters.csv'), 'utf8')).slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(
      letters.data.map((row) => [
        row.entry,
        row.kind,
        row.signed_by,
        (row.text ?? '').includes('agreed today') || (row.text ?? '').includes('Corrected'),
      ]),
    ).toEqual([
      ['letter', 'Letter to the patient', SIGNER, true],
      ['addendum', 'Letter to the patient', SIGNER, true],
    ]);
    for (const table of PRACTICE_CSV_TABLES) {
      const parsed = Papa.parse<Record<string, string>>((await readFile(path.join(folder, `${table}.csv`), 'utf8')).slice(1), {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.errors, table).toEqual([]);
      expect(parsed.data.length, table).toBe(counts.get(`${table}.csv`));
    }
    const measures = Papa.parse<Record<string, string>>((await readFile(path.join(folder, 'measures.csv'), 'utf8')).slice(1), {
      header: true,
    });
    expect(measures.data.filter((row) => row.loinc_total_code).map((row) => [row.instrument, row.loinc_total_code, row.score])).toEqual([
      ['PHQ-9', '44261-6', '7'],
      ['GAD-7', '70274-6', '6'],
      ['PHQ-9', '44261-6', '3'],
      ['PHQ-9', '44261-6', '9'],
    ]);

    const feedback = Papa.parse<Record<string, string>>((await readFile(path.join(folder, 'session-feedback.csv'), 'utf8')).slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(feedback.data.map((row) => [row.chart_number, row.heard, row.mean, row.helpful])).toEqual([
      [String(vault.maren.chartNumber), '9', '8.5', 'The sleep diary, "finally"'],
    ]);

    const table = async (name: string) => {
      const parsed = Papa.parse<Record<string, string>>((await readFile(path.join(folder, `${name}.csv`), 'utf8')).slice(1), {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.meta.fields, name).toEqual(expect.arrayContaining(['chart_number', 'patient_id']));
      return parsed;
    };
    // Results as coded (HbA1c in mmol/mol under its IFCC code), as entered, with their range and flag; one entered in error stays, marked.
    // The consents and the accounting of disclosures, as a spreadsheet reads them.
    const consentRows = await table('consents');
    expect(
      consentRows.data.map((row) => [row.recipient, row.parts, row.valid_until, row.given_as, row.revoked_on, row.revocation_reason]),
    ).toEqual(
      expect.arrayContaining([
        ['Dr Amira Haddad', 'diagnoses medications', '2026-12-31', 'signed-form', '', ''],
        ['Elm Street Pharmacy', 'medications', '', 'verbal', '2026-03-05', 'Changed pharmacy'],
      ]),
    );
    const disclosureRows = await table('disclosures');
    expect(
      disclosureRows.data.map((row) => [row.item, row.parts, row.recipient, row.basis, row.consent_id === '' ? null : 'named']),
    ).toEqual([['record-pdf', 'diagnoses medications', 'Dr Amira Haddad', 'consent', 'named']]);
    const results = await table('results');
    expect(results.meta.fields?.slice(2)).toEqual([
      'result_id',
      'analyte',
      'analyte_code',
      'loinc',
      'value',
      'unit',
      'entered_value',
      'entered_unit',
      'taken_on',
      'range_low',
      'range_high',
      'range_from',
      'flag',
      'note',
      'recorded_at',
      'entered_in_error_at',
      'entered_in_error_reason',
    ]);
    expect(
      results.data.map((row) => [
        row.analyte,
        row.loinc,
        row.value,
        row.unit,
        row.entered_value,
        row.entered_unit,
        row.taken_on,
        row.range_low,
        row.range_high,
        row.range_from,
        row.flag,
        row.entered_in_error_reason,
      ]),
    ).toEqual([
      ['HbA1c', '59261-8', '48', 'mmol/mol', '48', 'mmol/mol', '2026-03-01', '', '41', 'default', 'Above range', ''],
      ['Lithium', '14334-7', '0.8', 'mmol/L', '0.8', 'mEq/L', '2026-03-02', '0.5', '1.2', 'lab', '', 'Other patient'],
    ]);
    // AIMS: the seven items, the three judgements, the dental items, the total and its flag.
    const aims = await table('aims');
    expect(aims.data.map((row) => Object.entries(row).slice(3))).toEqual([
      [
        ['examined_on', '2026-03-09'],
        ['examined_by', SIGNER],
        ['item_1', '0'],
        ['item_2', '2'],
        ['item_3', '1'],
        ['item_4', '2'],
        ['item_5', '0'],
        ['item_6', '0'],
        ['item_7', '0'],
        ['item_8_severity', '2'],
        ['item_9_incapacitation', '1'],
        ['item_10_awareness', '2'],
        ['item_11_dental_problems', 'yes'],
        ['item_12_dentures', 'no'],
        ['total', '5'],
        ['flag', 'Possible TD — reassess'],
        ['note', 'Lip smacking, "worse" on tapping'],
        ['recorded_at', '2026-03-10T12:00:00.000Z'],
        ['entered_in_error_at', ''],
        ['entered_in_error_reason', ''],
      ],
    ]);
    // Each charge and payment, amounts in the smallest unit and as written, entries in error kept.
    const charges = await table('charges');
    expect(
      charges.data.map((row) => [
        row.code,
        row.modifier,
        row.fee_minor_units,
        row.fee,
        row.currency,
        row.diagnoses,
        row.entered_in_error_reason,
      ]),
    ).toEqual([
      ['90832', '', '0', '0.00', 'USD', 'F33.1', 'Held by video, 50 minutes'],
      ['90834', '95', '15050', '150.50', 'USD', 'F33.1', ''],
    ]);
    const payments = await table('payments');
    expect(payments.data.map((row) => [row.kind, row.date, row.amount_minor_units, row.amount, row.method, row.note])).toEqual([
      ['payment', '2026-03-03', '15050', '150.50', 'check', 'Cheque 1042'],
    ]);
    // Each step of each schedule, the confirmed one naming the medication entry it recorded.
    const steps = await table('titration-steps');
    const medications = await table('medications');
    const confirmedChange = medications.data.find((row) => row.dose === '75 mg');
    expect(
      steps.data
        .filter((row) => row.schedule_id === taperId)
        .map((row) => [
          row.schedule_status,
          row.step,
          row.of_steps,
          row.start_date,
          row.end_date,
          row.dose,
          row.tablets_a_day,
          row.medication_entry_id,
        ]),
    ).toEqual([
      ['active', '1', '3', '2026-03-03', '2026-03-16', '75', '3', confirmedChange?.entry_id],
      ['active', '2', '3', '2026-03-17', '2026-03-30', '50', '2', ''],
      ['active', '3', '3', '2026-03-31', '2026-03-31', '0', '0', ''],
    ]);
    expect(steps.data.filter((row) => row.schedule_id !== taperId).map((row) => [row.schedule_status, row.end_reason])).toEqual([
      ['stopped', 'Replaced by a new schedule'],
      ['stopped', 'Replaced by a new schedule'],
      ['stopped', 'Replaced by a new schedule'],
    ]);

    const readme = await readFile(path.join(folder, 'README.txt'), 'utf8');
    expect(readme).toContain('NOT ENCRYPTED');
    for (const name of names.filter((n) => n !== 'README.txt')) expect(readme, name).toContain(name);

    // The export is in the audit log, and its AuditEvents are the log as it stood.
    const audit = await vault.call('audit:verify', {});
    expect(counts.get('AuditEvent.ndjson')).toBe(audit.entries - 1);
  });

  it('leaves no trace of a chart outside the chosen folder: the vault’s folder gains no file and holds no name in the clear', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const marker = `ZQXMARKER${randomUUID().slice(0, 8).toUpperCase()}`;
    await vault.call('patients:create', { patient: patientInput({ givenName: `${marker}Given`, familyName: `${marker}Family` }) });
    const vaultFiles = (await readdir(vault.dir)).sort();
    const chosen = await exportFolder();
    vault.chooseFolders(chosen);
    await vault.call('exports:practice', {});
    await vault.call('exports:patientBundle', { patientId: vault.maren.id });

    expect((await readdir(vault.dir)).sort()).toEqual(vaultFiles);
    const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
    const holding = async (dir: string) => {
      const found: string[] = [];
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
        if (entry.isFile()) {
          const bytes = await readFile(path.join(entry.parentPath, entry.name));
          if (needles.some((needle) => bytes.includes(needle))) found.push(entry.name);
        }
      return found.sort();
    };
    expect(await holding(vault.dir)).toEqual([]);
    // The scan sees the marker where it was meant to go.
    expect(await holding(chosen)).toEqual(['Patient.ndjson', 'patients.csv']);
  });

  it('writes nothing when the folder dialog is cancelled, and says where the folder went when it is gone', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    vault.chooseFolders(undefined);
    expect(await vault.call('exports:practice', {})).toEqual({ outcome: 'cancelled' });
    const gone = path.join(await exportFolder(), 'unplugged');
    vault.chooseFolders(gone);
    const refused = await vault.refuse('exports:practice', {});
    expect(refused.code).toBe('NOT_FOUND');
    expect(await vault.call('exports:practiceProgress', {})).toBeNull();
  });

  it('records the export in the audit log, with the folder’s name and no patient', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    vault.chooseFolders(await exportFolder());
    const result = await vault.call('exports:practice', {});
    if (result.outcome !== 'exported') throw new Error('The export was cancelled');
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      const last = db.prepare('SELECT action, record_type, record_id, patient_id FROM audit_log ORDER BY seq DESC LIMIT 1').get();
      expect(last).toEqual({ action: 'practice.export', record_type: 'practice', record_id: result.folderName, patient_id: null });
    } finally {
      db.close();
    }
  });

  it('stops when the vault locks mid-way, removes its half-written folder, and the vault still opens', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    for (let index = 0; index < 40; index += 1)
      await vault.call('patients:create', { patient: patientInput({ givenName: `Extra${index}` }) });
    const chosen = await exportFolder();
    vault.chooseFolders(chosen);
    const exporting = vault.core.handle('exports:practice', {}, vault.context);
    // Poll until the charts are being written, then lock.
    for (;;) {
      const progress = await vault.call('exports:practiceProgress', {});
      if (progress?.step === 'charts' && progress.done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await vault.call('vault:lock', {});
    const result = await exporting;
    expect(result.ok ? 'exported' : result.error.code).toBe('VAULT_LOCKED');
    expect(await readdir(chosen)).toEqual([]);
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await vault.call('audit:verify', {})).firstBroken).toBeNull();
    expect(await vault.call('exports:practiceProgress', {})).toBeNull();
  });
});
