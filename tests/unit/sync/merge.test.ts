import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../shared/sync/hlc';
import {
  draftForkName,
  groupColumns,
  groupField,
  mergeDraft,
  mergeField,
  mergeRow,
  mergeSetOnce,
  type HeldField,
  type ReceivedField,
} from '../../../shared/sync/merge';

const LAPTOP = 'a'.repeat(32);
const DESKTOP = 'b'.repeat(32);
const at = (minute: number, deviceId = LAPTOP) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId });

const held = (value: HeldField['value'], stamp: string): HeldField => ({ value, stamp });
const received = (value: ReceivedField['value'], stamp: string, base: string | null): ReceivedField => ({ value, stamp, base });

describe('merging one field edited in place', () => {
  it('takes a value for a field not held here', () => {
    expect(mergeField(undefined, received('555 0100', at(1), null))).toEqual({ kind: 'take' });
  });

  it('takes an edit that follows on from the value held, and ignores one applied before', () => {
    const phone = held('555 0100', at(1));
    expect(mergeField(phone, received('555 0199', at(5, DESKTOP), at(1)))).toEqual({ kind: 'take' });
    expect(mergeField(phone, received('555 0100', at(1), null))).toEqual({ kind: 'keep' });
  });

  it('lets the later of two concurrent edits win and keeps the other as a conflict, on either device', () => {
    const base = at(1);
    const onLaptop = received('555 0142', at(12, LAPTOP), base);
    const onDesktop = received('555 0199', at(10, DESKTOP), base);
    // The laptop holds its own edit and receives the desktop's earlier one: the laptop's stays.
    expect(mergeField(held(onLaptop.value, onLaptop.stamp), onDesktop)).toEqual({ kind: 'keep-over-conflict', losing: onDesktop });
    // The desktop holds its own and receives the laptop's later one: the laptop's wins there too.
    expect(mergeField(held(onDesktop.value, onDesktop.stamp), onLaptop)).toEqual({
      kind: 'take-over-conflict',
      losing: held(onDesktop.value, onDesktop.stamp),
    });
  });

  it('shows no conflict when two devices made the same change', () => {
    const base = at(1);
    expect(mergeField(held('555 0142', at(12)), received('555 0142', at(10, DESKTOP), base))).toEqual({ kind: 'keep' });
    expect(mergeField(held('555 0142', at(10)), received('555 0142', at(12, DESKTOP), base))).toEqual({ kind: 'take' });
  });

  it('takes an empty stamp (written before the clock first ticked) as the oldest there is', () => {
    // Held from before the clock, edited there from the same value (no base): it follows on.
    expect(mergeField(held('555 0100', ''), received('555 0142', at(5, DESKTOP), null))).toEqual({ kind: 'take' });
    // Held from before the clock, edited there from a value this device never held: the edit is later.
    expect(mergeField(held('555 0100', ''), received('555 0142', at(5, DESKTOP), at(2, DESKTOP)))).toEqual({
      kind: 'take-over-conflict',
      losing: held('555 0100', ''),
    });
    expect(mergeSetOnce(held('Wrong patient', ''), received('Duplicate entry', at(5, DESKTOP), null))).toEqual({
      kind: 'keep-over-conflict',
      losing: received('Duplicate entry', at(5, DESKTOP), null),
    });
    expect(mergeDraft({ stamp: '', signed: false }, { stamp: at(5, DESKTOP), base: at(2), signs: false })).toEqual({ kind: 'take' });
  });
});

describe('merging a set-once column of an append-only record', () => {
  it('takes the first mark, by clock, and keeps a different later one as a conflict', () => {
    const first = received('Wrong patient', at(3, DESKTOP), null);
    const second = received('Duplicate entry', at(7), null);
    expect(mergeSetOnce(held(null, at(0)), first)).toEqual({ kind: 'take' });
    expect(mergeSetOnce(held(second.value, second.stamp), first)).toEqual({
      kind: 'take-over-conflict',
      losing: held(second.value, second.stamp),
    });
    expect(mergeSetOnce(held(first.value, first.stamp), second)).toEqual({ kind: 'keep-over-conflict', losing: second });
  });

  it('never unsets a mark', () => {
    expect(mergeSetOnce(held('Wrong patient', at(3)), received(null, at(9, DESKTOP), null))).toEqual({ kind: 'keep' });
  });
});

describe('merging a record', () => {
  it('inserts a record new here whole, with its stamps', () => {
    const merged = mergeRow('append-only', undefined, { text: received('Signed text', at(2), null) });
    expect(merged).toEqual({ set: { text: { value: 'Signed text', stamp: at(2) } }, conflicts: [], fork: null });
  });

  it('never changes an append-only record except its set-once columns', () => {
    const record = { text: held('Signed text', at(2)), entered_in_error: held(null, at(2)) };
    const merged = mergeRow(
      'append-only',
      record,
      { text: received('Altered', at(9, DESKTOP), at(2)), entered_in_error: received('Wrong patient', at(9, DESKTOP), at(2)) },
      ['entered_in_error'],
    );
    expect(merged.set).toEqual({ entered_in_error: { value: 'Wrong patient', stamp: at(9, DESKTOP) } });
  });

  it('merges fields of an edited record one by one: a phone on one device and an address on the other both stay', () => {
    const base = at(1);
    const record = { phone: held('555 0142', at(12)), address: held('1 Elm St', base) };
    // A change carries only the fields it changed: the desktop changed the address alone.
    const merged = mergeRow('edited', record, { address: received('9 Oak Ave', at(10, DESKTOP), base) });
    expect(merged).toEqual({ set: { address: { value: '9 Oak Ave', stamp: at(10, DESKTOP) } }, conflicts: [], fork: null });
  });

  it('records the losing value of a concurrent edit beside the winning one', () => {
    const base = at(1);
    const merged = mergeRow('edited', { phone: held('555 0142', at(12)) }, { phone: received('555 0199', at(10, DESKTOP), base) });
    expect(merged.set).toEqual({});
    expect(merged.conflicts).toEqual([
      { field: 'phone', losing: received('555 0199', at(10, DESKTOP), base), winning: held('555 0142', at(12)) },
    ]);
  });

  it('forks a draft edited on two devices at once, so both texts stay, the same way on either device', () => {
    const base = at(1);
    const laptopText = { body: held('Laptop text', at(12)), title: held('Follow-up', base) };
    const desktopEdit = { body: received('Desktop text', at(10, DESKTOP), base) };
    const onLaptop = mergeRow('draft', laptopText, desktopEdit);
    expect(onLaptop).toEqual({ set: {}, conflicts: [], fork: { body: 'Desktop text', title: 'Follow-up' } });

    const desktopText = { body: held('Desktop text', at(10, DESKTOP)), title: held('Follow-up', base) };
    const laptopEdit = { body: received('Laptop text', at(12), base) };
    const onDesktop = mergeRow('draft', desktopText, laptopEdit);
    expect(onDesktop.set).toEqual({ body: { value: 'Laptop text', stamp: at(12) } });
    expect(onDesktop.fork).toEqual({ body: 'Desktop text', title: 'Follow-up' });
  });

  it('does not fork a draft whose edit follows on from the text held', () => {
    const merged = mergeRow('draft', { body: held('First', at(1)) }, { body: received('First, then more', at(4, DESKTOP), at(1)) });
    expect(merged).toEqual({ set: { body: { value: 'First, then more', stamp: at(4, DESKTOP) } }, conflicts: [], fork: null });
  });
});

describe('merging a draft saved or signed on another device', () => {
  const base = at(1);
  it('takes a save that follows on from the draft held, whole, and keeps one applied before', () => {
    expect(mergeDraft({ stamp: base, signed: false }, { stamp: at(5, DESKTOP), base, signs: false })).toEqual({ kind: 'take' });
    expect(mergeDraft({ stamp: at(5, DESKTOP), signed: false }, { stamp: at(5, DESKTOP), base, signs: false })).toEqual({ kind: 'keep' });
    // One device's own saves follow one another, even when one between them went missing.
    expect(mergeDraft({ stamp: at(3, DESKTOP), signed: false }, { stamp: at(5, DESKTOP), base: at(4, DESKTOP), signs: true })).toEqual({
      kind: 'take',
    });
    expect(mergeDraft({ stamp: at(5, DESKTOP), signed: false }, { stamp: at(3, DESKTOP), base, signs: false })).toEqual({ kind: 'keep' });
    // A draft written before the vault replicated has no stamp on either device.
    expect(mergeDraft({ stamp: '', signed: false }, { stamp: at(5, DESKTOP), base: null, signs: false })).toEqual({ kind: 'take' });
  });

  it('forks one of two concurrent saves, the same one on both devices whichever saved later', () => {
    for (const [laptopMinute, desktopMinute] of [
      [3, 9],
      [9, 3],
    ] as const) {
      const onLaptop = { stamp: at(laptopMinute, LAPTOP), base, signs: false };
      const onDesktop = { stamp: at(desktopMinute, DESKTOP), base, signs: false };
      // The laptop's id is the lower: it keeps the draft, and the desktop's save is the draft that forks, on both.
      expect(mergeDraft({ stamp: onLaptop.stamp, signed: false }, onDesktop)).toEqual({ kind: 'fork-received', base, device: DESKTOP });
      expect(mergeDraft({ stamp: onDesktop.stamp, signed: false }, onLaptop)).toEqual({ kind: 'fork-held', base, device: DESKTOP });
    }
  });

  it('lets a signed text win over an unsigned edit, either way round', () => {
    const signing = { stamp: at(4, DESKTOP), base, signs: true };
    expect(mergeDraft({ stamp: at(6, LAPTOP), signed: false }, signing)).toEqual({ kind: 'fork-held', base, device: LAPTOP });
    expect(mergeDraft({ stamp: signing.stamp, signed: true }, { stamp: at(6, LAPTOP), base, signs: false })).toEqual({
      kind: 'fork-received',
      base,
      device: LAPTOP,
    });
    expect(mergeDraft({ stamp: signing.stamp, signed: true }, { stamp: at(6, LAPTOP), base, signs: true })).toEqual({
      kind: 'both-signed',
    });
  });

  it('names a fork by the draft, the stamp both edits started from and the forking device, so each device derives the same id', () => {
    expect(draftForkName('notes', 'n1', base, DESKTOP)).toBe(`notes/n1/${base}/${DESKTOP}`);
    expect(draftForkName('notes', 'n1', base, DESKTOP)).not.toBe(draftForkName('notes', 'n1', base, LAPTOP));
  });
});

describe('columns a CHECK binds together, merged as one', () => {
  const ATTENDANCE = ['attendance', 'late_minutes', 'cancelled_at'] as const;
  const group = groupField(ATTENDANCE);
  const base = at(1);
  /** The session both devices held: scheduled, from the insert at 09:01. */
  const scheduled = {
    attendance: held('scheduled', base),
    late_minutes: held(null, base),
    cancelled_at: held(null, base),
    location: held('Room 2', base),
  };
  const lateOnLaptop = {
    attendance: received('late', at(10, LAPTOP), base),
    late_minutes: received(10, at(10, LAPTOP), base),
    cancelled_at: received(null, at(10, LAPTOP), base),
  };
  const noShowOnDesktop = {
    attendance: received('no-show', at(12, DESKTOP), base),
    late_minutes: received(null, at(12, DESKTOP), base),
    cancelled_at: received(null, at(12, DESKTOP), base),
  };
  const holding = (change: Record<string, ReceivedField>) => ({
    ...scheduled,
    ...Object.fromEntries(Object.entries(change).map(([field, value]) => [field, held(value.value, value.stamp)])),
  });

  it('names a group by its columns, and reads the columns back from the name', () => {
    expect(group).toBe('attendance+late_minutes+cancelled_at');
    expect(groupColumns(group)).toEqual([...ATTENDANCE]);
    expect(groupColumns('phone')).toEqual(['phone']);
  });

  it('takes the later edit’s whole group on both devices, never one column of each, and keeps the other group as one conflict', () => {
    // The laptop holds its late arrival and receives the desktop's later no-show: the no-show, whole.
    const onLaptop = mergeRow('edited', holding(lateOnLaptop), noShowOnDesktop, [], [ATTENDANCE]);
    expect(onLaptop.set).toEqual({
      attendance: held('no-show', at(12, DESKTOP)),
      late_minutes: held(null, at(12, DESKTOP)),
      cancelled_at: held(null, at(12, DESKTOP)),
    });
    expect(onLaptop.conflicts).toEqual([
      {
        field: group,
        losing: held({ attendance: 'late', late_minutes: 10, cancelled_at: null }, at(10, LAPTOP)),
        winning: held({ attendance: 'no-show', late_minutes: null, cancelled_at: null }, at(12, DESKTOP)),
      },
    ]);
    // The desktop holds its no-show and receives the earlier late arrival: it keeps its group, the same conflict.
    const onDesktop = mergeRow('edited', holding(noShowOnDesktop), lateOnLaptop, [], [ATTENDANCE]);
    expect(onDesktop.set).toEqual({});
    expect(onDesktop.conflicts).toEqual([
      {
        field: group,
        losing: received({ attendance: 'late', late_minutes: 10, cancelled_at: null }, at(10, LAPTOP), base),
        winning: held({ attendance: 'no-show', late_minutes: null, cancelled_at: null }, at(12, DESKTOP)),
      },
    ]);
  });

  it('merged field by field (no groups), pairs the no-show with the late minutes: what the CHECK refused', () => {
    const apart = mergeRow('edited', holding(noShowOnDesktop), { late_minutes: received(10, at(13, LAPTOP), base) });
    expect(apart.set).toEqual({ late_minutes: held(10, at(13, LAPTOP)) });
  });

  it('takes a group that follows on from the one held, by the latest stamp of its columns', () => {
    const minutesLater = { ...holding(lateOnLaptop), late_minutes: held(15, at(11, LAPTOP)) };
    const followsOn = {
      attendance: received('attended', at(14, DESKTOP), at(10, LAPTOP)),
      late_minutes: received(null, at(14, DESKTOP), at(11, LAPTOP)),
      cancelled_at: received(null, at(14, DESKTOP), at(10, LAPTOP)),
    };
    const merged = mergeRow('edited', minutesLater, followsOn, [], [ATTENDANCE]);
    expect(merged.conflicts).toEqual([]);
    expect(merged.set.attendance).toEqual(held('attended', at(14, DESKTOP)));
    expect(merged.set.late_minutes).toEqual(held(null, at(14, DESKTOP)));
  });

  it('leaves the columns outside a group to merge one by one beside it', () => {
    const change = { ...noShowOnDesktop, location: received('Room 7', at(12, DESKTOP), base) };
    const merged = mergeRow('edited', scheduled, change, [], [ATTENDANCE]);
    expect(merged.set.location).toEqual(held('Room 7', at(12, DESKTOP)));
    expect(merged.set.attendance).toEqual(held('no-show', at(12, DESKTOP)));
  });

  it('keeps a set-once group whole: the first set by clock stays, judged by its first column', () => {
    const STOPPED = ['ended_at', 'status', 'stop_reason'] as const;
    const active = { ended_at: held(null, base), status: held('active', base), stop_reason: held(null, base) };
    const stopped = {
      ended_at: received('2026-12-02T09:10:00.000Z', at(10, LAPTOP), base),
      status: received('stopped', at(10, LAPTOP), base),
      stop_reason: received('Side effects', at(10, LAPTOP), base),
    };
    const completed = {
      ended_at: received('2026-12-02T09:12:00.000Z', at(12, DESKTOP), base),
      status: received('completed', at(12, DESKTOP), base),
      stop_reason: received(null, at(12, DESKTOP), base),
    };
    const setOnce = ['status', 'ended_at', 'stop_reason'];
    // Not set here yet: taken whole.
    expect(Object.keys(mergeRow('append-only', active, stopped, setOnce, [STOPPED]).set)).toEqual([...STOPPED]);
    // Completed here at 09:12, stopped there at 09:10: the stop came first and is taken whole (no stop reason left beside "completed").
    const holdingCompleted = Object.fromEntries(Object.entries(completed).map(([f, v]) => [f, held(v.value, v.stamp)]));
    const merged = mergeRow('append-only', holdingCompleted, stopped, setOnce, [STOPPED]);
    expect(merged.set).toEqual({
      ended_at: held('2026-12-02T09:10:00.000Z', at(10, LAPTOP)),
      status: held('stopped', at(10, LAPTOP)),
      stop_reason: held('Side effects', at(10, LAPTOP)),
    });
    expect(merged.conflicts.map((conflict) => conflict.field)).toEqual([groupField(STOPPED)]);
  });
});
