import { compareHlc, decodeHlc } from './hlc';

/*
 * How a change received from another device is merged into this device's copy of a record. Every
 * replicated table has one policy:
 * - `append-only` records (signed notes and addenda, audit entries, medication and diagnosis events,
 *   feedback, measures, results, agreed plan versions) are inserted once and never change; a second
 *   copy of the same record is the same record. Their few set-once columns (entered in error, revoked,
 *   signed) take the first value set, by clock; a different second value is kept as a conflict.
 * A change carries only the fields it changed (the capture compares each column's old and new value).
 * - `edited` records (demographics, appointments, clinical preferences) merge field by field: each
 *   field carries the clock stamp of the edit that set it and the stamp of the value that edit
 *   replaced (its base). An edit whose base is the value held here follows on from it and is taken. Two
 *   edits from the same base were made without seeing each other: the later stamp wins on every
 *   device, and the other value is kept as a conflict the psychiatrist sees ("changed on the laptop at
 *   09:12 to …; keep or replace?").
 * - `draft` records (unsigned notes, plan drafts) never lose text: a concurrent edit of the same
 *   draft forks it, and the losing side lives on as a draft of its own, with an id every device derives
 *   the same way, so both devices end with the same two drafts.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const MERGE_POLICIES = ['append-only', 'edited', 'draft'] as const;
export type MergePolicy = (typeof MERGE_POLICIES)[number];

/** A field as held here: its value and the stamp of the edit that set it. */
export type HeldField = Readonly<{ value: JsonValue; stamp: string }>;
/** A field as received: its value, the stamp of the edit, and the stamp of the value it replaced (null when first set). */
export type ReceivedField = Readonly<{ value: JsonValue; stamp: string; base: string | null }>;

export type FieldMerge =
  /** Nothing to do: the same edit was applied before, or a later one follows on from it here. */
  | { kind: 'keep' }
  /** Take the received value: it follows on from the value held, or nothing was held. */
  | { kind: 'take' }
  /** Concurrent edits: the received one wins; the held value is kept as a conflict. */
  | { kind: 'take-over-conflict'; losing: HeldField }
  /** Concurrent edits: the held one wins; the received value is kept as a conflict. */
  | { kind: 'keep-over-conflict'; losing: ReceivedField };

/**
 * Whether stamp `a` is after `b`. An empty stamp belongs to a row written before this vault's clock
 * first ticked (before it was connected): it is the oldest stamp there is.
 */
export function laterStamp(a: string, b: string): boolean {
  if (a === '' || b === '') return a !== '' && b === '';
  return compareHlc(decodeHlc(a), decodeHlc(b)) > 0;
}
const later = laterStamp;

function sameValue(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One field of an edited or draft record. */
export function mergeField(held: HeldField | undefined, received: ReceivedField): FieldMerge {
  if (held === undefined) return { kind: 'take' };
  if (held.stamp === received.stamp) return { kind: 'keep' };
  // No base is the empty stamp: the sending device held the value from before its clock first ticked.
  if ((received.base ?? '') === held.stamp) return { kind: 'take' };
  // Not following on from what is held. Changes arrive in the server's commit order, and a device
  // pushes its own in the order it made them, so an edit made after seeing this one would arrive after
  // it: the two were made without seeing each other. The later stamp wins; equal values need no word.
  if (!later(received.stamp, held.stamp))
    return sameValue(held.value, received.value) ? { kind: 'keep' } : { kind: 'keep-over-conflict', losing: received };
  if (sameValue(held.value, received.value)) return { kind: 'take' };
  return { kind: 'take-over-conflict', losing: held };
}

/** A set-once column of an append-only record (entered in error, revoked, signed): the first set, by clock, stays. */
export function mergeSetOnce(held: HeldField | undefined, received: ReceivedField): FieldMerge {
  if (held === undefined || held.value === null) return { kind: 'take' };
  if (received.value === null || held.stamp === received.stamp) return { kind: 'keep' };
  const receivedFirst = later(held.stamp, received.stamp);
  if (sameValue(held.value, received.value)) return receivedFirst ? { kind: 'take' } : { kind: 'keep' };
  return receivedFirst ? { kind: 'take-over-conflict', losing: held } : { kind: 'keep-over-conflict', losing: received };
}

export type RowMerge = Readonly<{
  /** The fields to write, with their new stamps. */
  set: Record<string, HeldField>;
  /** Values that lost a concurrent edit, to keep and show. */
  conflicts: { field: string; losing: HeldField | ReceivedField; winning: HeldField }[];
  /** For a draft edited on two devices at once: the losing side's fields, to be kept as a draft of its own. */
  fork: Record<string, JsonValue> | null;
}>;

/** The name a group of columns bound together merges under, and is kept as one conflict under: its columns joined by `+`. */
export function groupField(columns: readonly string[]): string {
  return columns.join('+');
}

/** The columns a group's field names (a single column names itself). */
export function groupColumns(field: string): string[] {
  return field.split('+');
}

function latestStamp(stamps: readonly string[]): string {
  return stamps.reduce((a, b) => (later(b, a) ? b : a), '');
}

/**
 * Columns a CHECK binds together (a late arrival and its minutes late) merge as one field: its value
 * the object of their values, its stamp the latest of theirs, its base the latest base received. Two
 * devices held the same stamps for the columns, so the latest is the same on both. Of a set-once group
 * the first column says whether it is set: the group is null while that column is.
 */
function grouped<T extends HeldField | ReceivedField>(
  fields: Readonly<Record<string, T>>,
  together: readonly (readonly string[])[],
  setOnce: readonly string[],
  join: (columns: readonly string[], parts: T[]) => T,
): Record<string, T> {
  const out: Record<string, T> = { ...fields };
  for (const group of together) {
    const present = group.filter((column) => column in fields);
    if (present.length === 0) continue;
    const parts = present.map((column) => fields[column] as T);
    for (const column of present) delete out[column];
    const joined = join(present, parts);
    const first = present[0] ?? '';
    const unset = setOnce.includes(first) && group[0] === first && fields[first]?.value === null;
    out[groupField(present)] = unset ? { ...joined, value: null } : joined;
  }
  return out;
}

function groupValue(columns: readonly string[], parts: readonly { value: JsonValue }[]): { [key: string]: JsonValue } {
  return Object.fromEntries(columns.map((column, i) => [column, parts[i]?.value ?? null]));
}

/** A group's merged field written back as its columns (the value object spread, or every column null). */
function ungrouped(field: string, value: JsonValue): [string, JsonValue][] {
  const columns = groupColumns(field);
  if (columns.length === 1) return [[field, value]];
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  return columns.map((column) => [column, object[column] ?? null]);
}

/**
 * Merges a received change into a record held here (`held` undefined: the record is new here).
 * `setOnce` names the set-once columns of an append-only record; `together` the groups of columns
 * that merge as one (a concurrent edit of a group is one conflict, under `groupField(columns)`).
 */
export function mergeRow(
  policy: MergePolicy,
  held: Readonly<Record<string, HeldField>> | undefined,
  received: Readonly<Record<string, ReceivedField>>,
  setOnce: readonly string[] = [],
  together: readonly (readonly string[])[] = [],
): RowMerge {
  if (held === undefined || together.length === 0) return mergeFields(policy, held, received, setOnce);
  const groupedReceived = grouped(received, together, setOnce, (columns, parts) => ({
    value: groupValue(columns, parts),
    stamp: parts[0]?.stamp ?? '',
    base: parts.some((part) => part.base !== null) ? latestStamp(parts.map((part) => part.base ?? '')) : null,
  }));
  // Only the columns received are grouped on both sides: a change from before groups were sent carries part of one.
  const heldPresent: Record<string, HeldField> = {};
  for (const [field, value] of Object.entries(held)) if (field in received) heldPresent[field] = value;
  const heldRest = Object.fromEntries(Object.entries(held).filter(([field]) => !(field in received)));
  const groupedHeld = {
    ...heldRest,
    ...grouped(heldPresent, together, setOnce, (columns, parts) => ({
      value: groupValue(columns, parts),
      stamp: latestStamp(parts.map((part) => part.stamp)),
    })),
  };
  const groupedSetOnce = [
    ...setOnce,
    ...Object.keys(groupedReceived).filter((field) => groupColumns(field).some((c) => setOnce.includes(c))),
  ];
  const merged = mergeFields(policy, groupedHeld, groupedReceived, groupedSetOnce);
  const set: Record<string, HeldField> = {};
  for (const [field, value] of Object.entries(merged.set))
    for (const [column, columnValue] of ungrouped(field, value.value)) set[column] = { value: columnValue, stamp: value.stamp };
  const fork = merged.fork && Object.fromEntries(Object.entries(merged.fork).flatMap(([field, value]) => ungrouped(field, value)));
  return { set, conflicts: merged.conflicts, fork };
}

function mergeFields(
  policy: MergePolicy,
  held: Readonly<Record<string, HeldField>> | undefined,
  received: Readonly<Record<string, ReceivedField>>,
  setOnce: readonly string[],
): RowMerge {
  const set: Record<string, HeldField> = {};
  const conflicts: RowMerge['conflicts'][number][] = [];
  if (held === undefined) {
    for (const [field, change] of Object.entries(received)) set[field] = { value: change.value, stamp: change.stamp };
    return { set, conflicts, fork: null };
  }
  if (policy === 'append-only') {
    for (const field of setOnce) {
      const change = received[field];
      if (change === undefined) continue;
      const merged = mergeSetOnce(held[field], change);
      apply(field, merged, change, held[field], set, conflicts);
    }
    return { set, conflicts, fork: null };
  }
  const outcomes = Object.entries(received).map(([field, change]) => [field, change, mergeField(held[field], change)] as const);
  if (policy === 'draft' && outcomes.some(([, , merged]) => merged.kind === 'take-over-conflict' || merged.kind === 'keep-over-conflict')) {
    // Two devices edited the same draft: the later edit keeps the draft; the other becomes a draft of its own.
    const receivedWins = outcomes.some(([, , merged]) => merged.kind === 'take-over-conflict');
    const fork: Record<string, JsonValue> = {};
    for (const [field, change, merged] of outcomes) {
      if (receivedWins) {
        if (merged.kind !== 'keep') set[field] = { value: change.value, stamp: change.stamp };
        fork[field] = held[field]?.value ?? null;
      } else {
        fork[field] = change.value;
      }
    }
    for (const [field, heldField] of Object.entries(held)) if (!(field in fork)) fork[field] = heldField.value;
    return { set, conflicts, fork };
  }
  for (const [field, change, merged] of outcomes) apply(field, merged, change, held[field], set, conflicts);
  return { set, conflicts, fork: null };
}

function apply(
  field: string,
  merged: FieldMerge,
  change: ReceivedField,
  heldField: HeldField | undefined,
  set: Record<string, HeldField>,
  conflicts: RowMerge['conflicts'][number][],
): void {
  const incoming = { value: change.value, stamp: change.stamp };
  switch (merged.kind) {
    case 'keep':
      return;
    case 'take':
      set[field] = incoming;
      return;
    case 'take-over-conflict':
      set[field] = incoming;
      conflicts.push({ field, losing: merged.losing, winning: incoming });
      return;
    case 'keep-over-conflict':
      if (heldField) conflicts.push({ field, losing: merged.losing, winning: heldField });
      return;
  }
}

/*
 * Drafts (notes and letters) merge as wholes, not field by field: each save replaces the draft's
 * text, so two saves made without seeing each other are two texts, and both are kept. The one that
 * keeps the draft is decided the same way on every device; the other becomes a draft of its own,
 * named by the draft's id, the stamp both edits started from and the device of the edit that forks,
 * so every device derives the same id without telling the others.
 */

/** The draft as held here: the stamp of its last save (its `version`), and whether it is signed. */
export type DraftHead = Readonly<{ stamp: string; signed: boolean }>;
/** A save or a signing received: its stamp, the stamp of the save it followed on this device's copy, and whether it signs. */
export type DraftEdit = Readonly<{ stamp: string; base: string | null; signs: boolean }>;

export type DraftMerge =
  /** The same edit, applied before. */
  | { kind: 'keep' }
  /** It follows on from what is held: take it, whole. */
  | { kind: 'take' }
  /** Concurrent, and what is held keeps the draft: the received edit becomes a draft of its own. */
  | { kind: 'fork-received'; base: string; device: string }
  /** Concurrent, and the received edit takes the draft: what is held becomes a draft of its own first. */
  | { kind: 'fork-held'; base: string; device: string }
  /** Two signings of the same draft from different texts: neither can give way; kept whole as a conflict. */
  | { kind: 'both-signed' };

/**
 * One save (or signing) of a draft received from another device. A signed text always wins over an
 * unsigned edit, so no signed note differs between devices. Between two unsigned saves the later
 * stamp cannot decide: a device may save again before it hears of the other's, and each device
 * would then compare a different pair. The devices' ids decide instead (the lower id keeps the
 * draft), which both devices see the same way however many saves each made.
 */
export function mergeDraft(held: DraftHead, received: DraftEdit): DraftMerge {
  if (held.stamp === received.stamp) return { kind: 'keep' };
  const base = received.base ?? '';
  if (base === held.stamp) return { kind: 'take' };
  // Nothing was saved here since before the clock first ticked: the received save follows on from a later copy.
  if (held.stamp === '') return { kind: 'take' };
  if (received.stamp === '') return { kind: 'keep' };
  const heldDevice = decodeHlc(held.stamp).deviceId;
  const receivedDevice = decodeHlc(received.stamp).deviceId;
  // One device's own saves are never concurrent with each other: it saw every one before the next.
  if (heldDevice === receivedDevice) return later(received.stamp, held.stamp) ? { kind: 'take' } : { kind: 'keep' };
  if (held.signed && received.signs) return { kind: 'both-signed' };
  if (held.signed) return { kind: 'fork-received', base, device: receivedDevice };
  if (received.signs) return { kind: 'fork-held', base, device: heldDevice };
  return receivedDevice < heldDevice
    ? { kind: 'fork-held', base, device: heldDevice }
    : { kind: 'fork-received', base, device: receivedDevice };
}

/** What a forked draft's id is derived from (a UUIDv5 of it): the draft, the stamp both edits started from, the forking device. */
export function draftForkName(table: string, id: string, base: string, device: string): string {
  return `${table}/${id}/${base}/${device}`;
}
