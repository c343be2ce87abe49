/**
 * Every channel of the contract refuses malformed input with INVALID_INPUT and writes nothing.
 * The cases are derived from each channel's schema and one valid example per channel; the
 * example table is typed against the contract, so a new channel without an example fails the build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../../shared/contract';
import { VALID_EXAMPLES } from '../support/channel-examples';
import { localToday } from '../../../shared/dates';
import type { PatientInput } from '../../../shared/patient';
import { folderFingerprint, openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** `path`: the field the refusal must name, where the case is about one field's text. */
type Case = { name: string; input: unknown; path?: string };

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value of another type than the one given. */
function wrongTypeFor(value: unknown): Json {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'boolean') return 'yes';
  return 'not an object';
}

/** Copies `root` with the value at `pathParts` replaced (or removed, for undefined). */
function withValueAt(root: Record<string, Json>, pathParts: string[], replacement: Json | undefined): Record<string, Json> {
  const copy = structuredClone(root);
  let target: Record<string, Json> = copy;
  for (const part of pathParts.slice(0, -1)) {
    const next = target[part];
    if (!isRecord(next)) throw new Error(`No object at ${part}`);
    target = next;
  }
  const last = pathParts[pathParts.length - 1]!;
  if (replacement === undefined) Reflect.deleteProperty(target, last);
  else target[last] = replacement;
  return copy;
}

/** Copies `root` with an own key `key` added to the object at `pathParts`, as JSON.parse or structured cloning would make it. */
function withOwnKeyAt(root: Record<string, Json>, pathParts: string[], key: string, value: Json): Record<string, Json> {
  const copy = structuredClone(root);
  let target: Record<string, Json> = copy;
  for (const part of pathParts) {
    const next = target[part];
    if (!isRecord(next)) throw new Error(`No object at ${part}`);
    target = next;
  }
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** 5,000 keys no schema knows, each long enough to spot if an error echoed it. */
const MANY_UNKNOWN_KEYS: Record<string, Json> = Object.fromEntries(
  Array.from({ length: 5000 }, (_, i) => [`fuzzUnknownKey${String(i).padStart(4, '0')}`, 'Jane Roe disclosed something']),
);

/** Every leaf of the example, as a path and its value. */
function leaves(value: Record<string, Json>, prefix: string[] = []): { path: string[]; value: Json }[] {
  return Object.entries(value).flatMap(([key, item]) =>
    isRecord(item)
      ? [{ path: [...prefix, key], value: item }, ...leaves(item, [...prefix, key])]
      : [{ path: [...prefix, key], value: item }],
  );
}

/** The schema at this path of an object schema, if the path runs through plain objects only. */
function schemaAt(schema: z.ZodType, pathParts: string[]): z.ZodType | undefined {
  let current: z.ZodType = schema;
  for (const part of pathParts) {
    // A nullable or optional object (a series' recurrence) still has fields of its own; so does a record
    // (a note's fields) behind its transform, each of them optional.
    while (current instanceof z.ZodNullable || current instanceof z.ZodOptional || current instanceof z.ZodPipe) {
      // A pipe from a check (a note's fields refusing `__proto__`) leads to the schema after it.
      if (current instanceof z.ZodPipe) current = (current.in instanceof z.ZodCustom ? current.out : current.in) as z.ZodType;
      else current = current.unwrap() as z.ZodType;
    }
    if (current instanceof z.ZodRecord) {
      current = (current.valueType as z.ZodType).optional();
      continue;
    }
    if (!(current instanceof z.ZodObject)) return undefined;
    const field: unknown = current.shape[part];
    if (!(field instanceof z.ZodType)) return undefined;
    current = field;
  }
  return current;
}

/** Whether the schema at this path accepts a missing value (optional or defaulted). */
function acceptsMissing(schema: z.ZodType, pathParts: string[]): boolean {
  return schemaAt(schema, pathParts)?.safeParse(undefined).success ?? false;
}

/** A string longer than the field allows: one past its maximum, or far past any field without one. */
function oversizedStringFor(schema: z.ZodType, pathParts: string[]): string {
  const field = schemaAt(schema, pathParts);
  const max = field instanceof z.ZodString ? field.maxLength : null;
  return 'x'.repeat(max === null ? 100_000 : Math.max(max + 1, 100_000));
}

function casesFor(channel: Channel): Case[] {
  const schema = contract[channel].input;
  const example = VALID_EXAMPLES[channel] as Record<string, Json>;
  const cases: Case[] = [
    { name: 'a string instead of an object', input: 'not an object' },
    { name: 'null instead of an object', input: null },
    { name: 'an array instead of an object', input: [] },
    { name: 'an unknown field', input: { ...example, unexpectedField: 'surprise' } },
    { name: '5,000 unknown fields', input: { ...example, ...MANY_UNKNOWN_KEYS } },
    ...['__proto__', 'constructor', 'prototype', 'toString'].map((key) => ({
      name: `a ${key} key`,
      input: withOwnKeyAt(example, [], key, { polluted: true }),
    })),
  ];
  for (const leaf of leaves(example)) {
    const where = leaf.path.join('.');
    cases.push({ name: `a wrong type at ${where}`, input: withValueAt(example, leaf.path, wrongTypeFor(leaf.value)) });
    if (!acceptsMissing(schema, leaf.path)) cases.push({ name: `${where} missing`, input: withValueAt(example, leaf.path, undefined) });
    if (typeof leaf.value === 'string') {
      cases.push({
        name: `an oversized string at ${where}`,
        input: withValueAt(example, leaf.path, oversizedStringFor(schema, leaf.path)),
      });
      cases.push({ name: `a lone surrogate at ${where}`, input: withValueAt(example, leaf.path, `${leaf.value}\uD83D`), path: where });
      cases.push({ name: `a NUL at ${where}`, input: withValueAt(example, leaf.path, `\u0000${leaf.value}`), path: where });
    }
    if (isRecord(leaf.value)) {
      cases.push({ name: `an unknown field inside ${where}`, input: withValueAt(example, [...leaf.path, 'unexpectedField'], 1) });
      for (const key of ['__proto__', 'constructor', 'prototype', 'toString']) {
        cases.push({ name: `a ${key} key inside ${where}`, input: withOwnKeyAt(example, leaf.path, key, 'x') });
      }
    }
  }
  return cases;
}

let vault: TempVault;
let writable: { fingerprint: () => Promise<Record<string, string>>; snapshot: () => Promise<unknown> };

beforeAll(async () => {
  vault = await openTempVault();
  await setUp(vault);
  const patient = await vault.call('patients:create', { patient: patientInput() });
  await vault.call('patients:archive', { id: patient.id, version: patient.version });
  await vault.call('patients:create', { patient: patientInput({ givenName: 'Second' }) });
  writable = {
    // The shared-memory index changes on reads too; the database, its WAL and the key file must not.
    fingerprint: async () =>
      Object.fromEntries(Object.entries(await folderFingerprint(vault.dir)).filter(([file]) => !file.endsWith('-shm'))),
    snapshot: async () => ({
      patients: await vault.call('patients:list', { includeArchived: true }),
      preferences: vault.preferences.get(),
      status: await vault.call('vault:status', {}),
    }),
  };
});

afterAll(async () => {
  await vault.dispose();
});

describe('the contract refuses bad input on every channel', () => {
  it('every channel has a valid example that the contract accepts', () => {
    expect(Object.keys(VALID_EXAMPLES).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(contract[channel].input.safeParse(VALID_EXAMPLES[channel]).success, channel).toBe(true);
  });

  for (const channel of CHANNELS) {
    it(`${channel} answers INVALID_INPUT to wrong types, missing and unknown fields, prototype keys, oversized, broken and NUL text, and writes nothing`, async () => {
      const cases = casesFor(channel);
      expect(cases.length).toBeGreaterThanOrEqual(4);
      const filesBefore = await writable.fingerprint();
      const stateBefore = await writable.snapshot();
      for (const { name, input, path } of cases) {
        const error = await vault.refuse(channel, input);
        expect(error.code, `${channel} with ${name}`).toBe('INVALID_INPUT');
        expect(error.issues?.length ?? 0, `${channel} with ${name} names the field`).toBeGreaterThan(0);
        if (path !== undefined) expect(error.issues?.[0]?.path, `${channel} with ${name} names the field`).toBe(path);
        const whole = JSON.stringify(error);
        expect(error.message.length, `${channel} with ${name}: a short message`).toBeLessThanOrEqual(500);
        expect(whole.length, `${channel} with ${name}: a small answer`).toBeLessThan(4096);
        expect(whole, `${channel} with ${name} quotes no input`).not.toMatch(/fuzzUnknownKey|Jane Roe|xxxxxxxxxx/);
      }
      expect(await writable.snapshot()).toEqual(stateBefore);
      expect(await writable.fingerprint()).toEqual(filesBefore);
      expect(vault.printed).toEqual([]);
      expect(vault.saved).toEqual([]);
    });
  }
});

describe('keys and text that would change what was written are refused before they reach the database', () => {
  const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString'];
  let clinic: TempVault;
  let patientId: string;

  /** An object with `key` as its own field, as a window's structured clone or JSON.parse delivers it. */
  function withKey(base: Record<string, Json>, key: string, value: Json): Record<string, Json> {
    return withOwnKeyAt(base, [], key, value);
  }

  beforeAll(async () => {
    clinic = await openTempVault();
    await setUp(clinic);
    patientId = (await clinic.call('patients:create', { patient: patientInput() })).id;
  });

  afterAll(async () => {
    await clinic.dispose();
  });

  it('a note draft whose fields hold __proto__, constructor, prototype or toString is refused, and the note read back is unchanged', async () => {
    const note = await clinic.call('notes:create', { patientId, template: 'psychiatric-follow-up', session: null, serviceDate: null });
    const saved = await clinic.call('notes:saveDraft', {
      id: note.id,
      version: note.version,
      fields: { intervalHistory: 'Sleeping better' },
      serviceDate: note.serviceDate,
    });
    const before = await clinic.call('notes:get', { id: note.id });
    for (const key of PROTOTYPE_KEYS) {
      for (const value of ['Overwritten', { intervalHistory: 'Overwritten' }] as Json[]) {
        const fields = withKey({ intervalHistory: 'Overwritten too' }, key, value);
        const error = await clinic.refuse('notes:saveDraft', {
          id: note.id,
          version: saved.version,
          fields,
          serviceDate: note.serviceDate,
        });
        expect(error.code, key).toBe('INVALID_INPUT');
        expect(error.issues?.[0]?.path, key).toMatch(/^fields/);
      }
    }
    const after = await clinic.call('notes:get', { id: note.id });
    expect(after.fields).toEqual({ intervalHistory: 'Sleeping better' });
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(Object.getPrototypeOf(after.fields)).toBe(Object.prototype);
  });

  it('working hours holding such a key are refused, and the preferences keep their hours', async () => {
    const before = clinic.preferences.get();
    for (const key of PROTOTYPE_KEYS) {
      const workingHours = withKey({ start: '07:00', end: '19:00', days: [0, 6] }, key, '08:00');
      const error = await clinic.refuse('preferences:update', { workingHours });
      expect(error.code, key).toBe('INVALID_INPUT');
      expect(error.issues?.[0]?.path, key).toMatch(/^workingHours/);
    }
    expect(clinic.preferences.get()).toEqual(before);
  });

  it('a plan’s objective status sent with such a key is refused, and the plan’s statuses are unchanged', async () => {
    const plan = await clinic.call('plans:create', { patientId });
    const objectiveId = '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b';
    const content = {
      ...plan.current.content,
      goals: [
        {
          id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
          patientWords: 'Sleep through the night',
          formulation: '',
          objectives: [
            { id: objectiveId, description: 'Sleeps 7 hours', measure: '', targetDate: '2026-06-01', status: 'not-started' as const },
          ],
        },
      ],
    };
    const draft = await clinic.call('plans:saveDraft', { versionId: plan.current.id, version: plan.current.version, content });
    const agreed = await clinic.call('plans:agree', {
      versionId: draft.id,
      version: draft.version,
      agreement: { date: localToday(), method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
    });
    const inProgress = await clinic.call('plans:setObjectiveStatus', {
      planId: agreed.planId,
      objectiveId,
      status: 'in-progress',
      note: '',
    });
    expect(inProgress.objectiveStatus).toEqual({ [objectiveId]: 'in-progress' });
    for (const key of PROTOTYPE_KEYS) {
      const error = await clinic.refuse(
        'plans:setObjectiveStatus',
        withKey({ planId: agreed.planId, objectiveId, status: 'met', note: '' }, key, { [objectiveId]: 'met' }),
      );
      expect(error.code, key).toBe('INVALID_INPUT');
    }
    const after = await clinic.call('plans:forPatient', { patientId });
    expect(after?.objectiveStatus).toEqual({ [objectiveId]: 'in-progress' });
    expect(after?.statusHistory).toEqual(inProgress.statusHistory);
  });

  it('a lone surrogate in a note field or a patient’s name is refused, naming the field', async () => {
    const note = await clinic.call('notes:create', { patientId, template: 'soap', session: null, serviceDate: null });
    const error = await clinic.refuse('notes:saveDraft', {
      id: note.id,
      version: note.version,
      fields: { subjective: 'Feels \uD83D better' },
      serviceDate: note.serviceDate,
    });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'fields.subjective' }] });
    expect(error.message).toMatch(/^fields\.subjective: /);
    expect((await clinic.call('notes:get', { id: note.id })).fields).toEqual({});

    const refused = await clinic.refuse('patients:create', { patient: patientInput({ givenName: 'Ma\uDC00ren' }) });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'patient.givenName' }] });
  });

  it('a NUL in a name or a phone number, or a tab or line break in a name, is refused and no patient is added', async () => {
    const before = await clinic.call('patients:list', { includeArchived: true });
    const cases: [Partial<PatientInput>, string][] = [
      [{ familyName: 'Hollo\u0000way' }, 'patient.familyName'],
      [{ phone: '+1 555\u0000010 2030' }, 'patient.phone'],
      [{ emergencyContactPhone: '+1 555 010 2030\u0000' }, 'patient.emergencyContactPhone'],
      [{ givenName: 'Ma\tren' }, 'patient.givenName'],
      [{ preferredName: 'Mare\nHolloway' }, 'patient.preferredName'],
    ];
    for (const [overrides, path] of cases) {
      const error = await clinic.refuse('patients:create', { patient: patientInput(overrides) });
      expect(error.code, path).toBe('INVALID_INPUT');
      expect(error.issues?.[0]?.path, path).toBe(path);
    }
    expect((await clinic.refuse('preferences:update', { practicePhone: '555\u00000101' })).issues?.[0]?.path).toBe('practicePhone');
    expect(await clinic.call('patients:list', { includeArchived: true })).toEqual(before);
  });

  it('free text keeps its tabs, line breaks and carriage returns exactly, through the database and back', async () => {
    const text = '\tIndented first line\nsecond line\r\n\nafter a blank line, then a tab\t';
    const note = await clinic.call('notes:create', { patientId, template: 'free-text', session: null, serviceDate: null });
    await clinic.call('notes:saveDraft', { id: note.id, version: note.version, fields: { text }, serviceDate: note.serviceDate });
    expect((await clinic.call('notes:get', { id: note.id })).fields).toEqual({ text });

    const address = '12 High Street\nFlat 3';
    const patient = await clinic.call('patients:create', { patient: patientInput({ givenName: 'Tabs', address }) });
    expect((await clinic.call('patients:get', { id: patient.id })).address).toBe(address);
  });

  it('an input with 5,000 unknown fields answers a short error that names none of them', async () => {
    for (const [channel, input] of [
      ['patients:create', { patient: { ...patientInput(), ...MANY_UNKNOWN_KEYS } }],
      ['patients:create', { patient: patientInput(), ...MANY_UNKNOWN_KEYS }],
      ['preferences:update', { workingHours: { start: '08:00', end: '16:00', days: [1], ...MANY_UNKNOWN_KEYS } }],
    ] as const) {
      const error = await clinic.refuse(channel, input);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message.length).toBeLessThanOrEqual(500);
      expect(error.message).toMatch(/5,000 fields Alliance does not know/);
      const whole = JSON.stringify(error);
      expect(whole.length).toBeLessThan(4096);
      expect(whole).not.toMatch(/fuzzUnknownKey|Jane Roe/);
    }
  });
});
