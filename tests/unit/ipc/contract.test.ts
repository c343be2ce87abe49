/**
 * Every channel of the contract refuses malformed input with INVALID_INPUT and writes nothing.
 * The cases are derived from each channel's schema and one valid example per channel; the
 * example table is typed against the contract, so a new channel without an example fails the build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../../shared/contract';
import { VALID_EXAMPLES } from '../support/channel-examples';
import { folderFingerprint, openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Case = { name: string; input: unknown };

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

/** Every leaf of the example, as a path and its value. */
function leaves(value: Record<string, Json>, prefix: string[] = []): { path: string[]; value: Json }[] {
  return Object.entries(value).flatMap(([key, item]) =>
    isRecord(item) ? [{ path: [...prefix, key], value: item }, ...leaves(item, [...prefix, key])] : [{ path: [...prefix, key], value: item }],
  );
}

/** The schema at this path of an object schema, if the path runs through plain objects only. */
function schemaAt(schema: z.ZodType, pathParts: string[]): z.ZodType | undefined {
  let current: z.ZodType = schema;
  for (const part of pathParts) {
    // A nullable or optional object (a series' recurrence) still has fields of its own; so does a record
    // (a note's fields) behind its transform, each of them optional.
    while (current instanceof z.ZodNullable || current instanceof z.ZodOptional || current instanceof z.ZodPipe) {
      current = (current instanceof z.ZodPipe ? current.in : current.unwrap()) as z.ZodType;
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
  ];
  for (const leaf of leaves(example)) {
    const where = leaf.path.join('.');
    cases.push({ name: `a wrong type at ${where}`, input: withValueAt(example, leaf.path, wrongTypeFor(leaf.value)) });
    if (!acceptsMissing(schema, leaf.path)) cases.push({ name: `${where} missing`, input: withValueAt(example, leaf.path, undefined) });
    if (typeof leaf.value === 'string') cases.push({ name: `an oversized string at ${where}`, input: withValueAt(example, leaf.path, oversizedStringFor(schema, leaf.path)) });
    if (isRecord(leaf.value)) cases.push({ name: `an unknown field inside ${where}`, input: withValueAt(example, [...leaf.path, 'unexpectedField'], 1) });
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
    fingerprint: async () => Object.fromEntries(Object.entries(await folderFingerprint(vault.dir)).filter(([file]) => !file.endsWith('-shm'))),
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
    it(`${channel} answers INVALID_INPUT to wrong types, missing and unknown fields and oversized strings, and writes nothing`, async () => {
      const cases = casesFor(channel);
      expect(cases.length).toBeGreaterThanOrEqual(4);
      const filesBefore = await writable.fingerprint();
      const stateBefore = await writable.snapshot();
      for (const { name, input } of cases) {
        const error = await vault.refuse(channel, input);
        expect(error.code, `${channel} with ${name}`).toBe('INVALID_INPUT');
        expect(error.issues?.length ?? 0, `${channel} with ${name} names the field`).toBeGreaterThan(0);
      }
      expect(await writable.snapshot()).toEqual(stateBefore);
      expect(await writable.fingerprint()).toEqual(filesBefore);
      expect(vault.printed).toEqual([]);
      expect(vault.saved).toEqual([]);
    });
  }

});
